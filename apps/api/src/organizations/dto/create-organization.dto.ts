import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ORGANIZATION_KINDS, OrganizationKind } from '@app/domain';

export class CreateOrganizationDto {
  @ApiProperty({ example: 'Région Occitanie' })
  @IsString() @MinLength(2) @MaxLength(200) @Matches(/\S.*\S/s, { message: 'name doit contenir au moins deux caractères visibles' })
  name: string;

  @ApiProperty({ enum: ORGANIZATION_KINDS })
  @IsIn(ORGANIZATION_KINDS)
  kind: OrganizationKind;
}
