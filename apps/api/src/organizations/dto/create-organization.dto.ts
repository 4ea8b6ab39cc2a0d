import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ORGANIZATION_KINDS, OrganizationKind } from '@app/domain';

export class CreateOrganizationDto {
  @ApiProperty({ example: 'Région Occitanie' })
  @IsString() @MinLength(2) @MaxLength(200) @Matches(/\S.*\S/s, { message: 'name doit contenir au moins deux caractères visibles' })
  name: string;

  @ApiProperty({ enum: ORGANIZATION_KINDS })
  @IsIn(ORGANIZATION_KINDS)
  kind: OrganizationKind;

  @ApiPropertyOptional({ type: String, nullable: true, example: '13002526500013', description: '14 digits, unique: the OIDC `siret` claim attaches users to the organisation' })
  @IsOptional() @Matches(/^\d{14}$/, { message: 'siret doit comporter 14 chiffres' })
  siret?: string | null;
}
