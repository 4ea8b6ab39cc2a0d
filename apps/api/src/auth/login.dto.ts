import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'animatrice@demo.concertation.fr' })
  @IsEmail() @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString() @MinLength(1) @MaxLength(256)
  password: string;
}

export class ExchangeDto {
  @ApiProperty({ description: 'the one-time code of `#login=` after an OIDC sign-in' })
  @IsString() @MinLength(1) @MaxLength(200)
  code: string;
}
