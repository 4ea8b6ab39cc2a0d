import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { GROUP_ROLES, GroupRole } from '@app/domain';

export class CreateInvitationDto {
  @ApiProperty() @IsEmail() @MaxLength(254)
  email: string;

  @ApiProperty() @IsString() @MinLength(1) @MaxLength(120) @Matches(/\S/, { message: 'displayName ne peut pas être vide' })
  displayName: string;

  @ApiProperty() @IsUUID()
  organizationId: string;

  @ApiPropertyOptional({ description: 'required for a facilitator: their group' }) @IsOptional() @IsUUID()
  workingGroupId?: string;

  @ApiPropertyOptional({ enum: GROUP_ROLES, description: 'role in the group (default participant)' }) @IsOptional() @IsIn(GROUP_ROLES)
  role?: GroupRole;
}
