import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

export const MAX_COMMENT_LENGTH = 10_000;

export class CreateCommentDto {
  @ApiProperty({ maxLength: MAX_COMMENT_LENGTH })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString() @IsNotEmpty({ message: 'body : le commentaire est vide' }) @MaxLength(MAX_COMMENT_LENGTH)
  body: string;

  @ApiPropertyOptional({ description: 'the version whose text the range refers to' })
  @IsOptional() @IsUUID()
  versionId?: string;

  @ApiPropertyOptional({ minimum: 0 }) @IsOptional() @IsInt() @Min(0) @Max(100_000_000)
  start?: number;

  @ApiPropertyOptional({ minimum: 0 }) @IsOptional() @IsInt() @Min(0) @Max(100_000_000)
  end?: number;

  @ApiPropertyOptional({ description: 'the comment this one replies to' })
  @IsOptional() @IsUUID()
  parentId?: string;
}
