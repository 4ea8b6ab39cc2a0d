import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

export class RequestPasswordResetDto {
  @ApiProperty() @IsEmail() @MaxLength(254)
  email: string;
}

export class ConfirmPasswordResetDto {
  @ApiProperty() @IsString() @MinLength(20) @MaxLength(200)
  token: string;

  @ApiProperty({ minLength: 8 }) @IsString() @MinLength(8) @MaxLength(256)
  password: string;
}
