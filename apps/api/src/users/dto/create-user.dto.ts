import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PLATFORM_ROLES, PlatformRole } from '@app/domain';

export class CreateUserDto {
  @ApiProperty() @IsEmail() @MaxLength(254)
  email: string;

  @ApiProperty() @IsString() @MinLength(1) @MaxLength(120)
  displayName: string;

  @ApiProperty({ minLength: 8 }) @IsString() @MinLength(8) @MaxLength(256)
  password: string;

  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsUUID()
  organizationId?: string | null;

  @ApiPropertyOptional({ enum: PLATFORM_ROLES, default: 'member' }) @IsOptional() @IsIn(PLATFORM_ROLES)
  role?: PlatformRole;

  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean()
  isRepresentative?: boolean;
}
