import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { PLATFORM_ROLES, PlatformRole } from '@app/domain';

export class CreateUserDto {
  @ApiProperty() @IsEmail() @MaxLength(254)
  email: string;

  @ApiProperty() @IsString() @MinLength(1) @MaxLength(120) @Matches(/\S/, { message: 'displayName ne peut pas être vide' })
  displayName: string;

  @ApiProperty({ minLength: 8 }) @IsString() @MinLength(8) @MaxLength(256)
  password: string;

  @ApiPropertyOptional({ format: 'uuid', type: String, nullable: true }) @IsOptional() @IsUUID()
  organizationId?: string | null;

  // may be left out, not null (the column is NOT NULL: a null would reach the database on PATCH)
  @ApiPropertyOptional({ enum: PLATFORM_ROLES, default: 'member' }) @ValidateIf((_, v) => v !== undefined) @IsIn(PLATFORM_ROLES)
  role?: PlatformRole;

  @ApiPropertyOptional({ default: false }) @ValidateIf((_, v) => v !== undefined) @IsBoolean()
  isRepresentative?: boolean;
}
