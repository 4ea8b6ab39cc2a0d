import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class AcceptInvitationDto {
  @ApiProperty() @IsString() @MinLength(20) @MaxLength(200)
  token: string;

  @ApiProperty({ minLength: 8, description: 'the new account’s password (an existing account keeps its own)' }) @IsString() @MinLength(8) @MaxLength(256)
  password: string;
}
