import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, Equals, IsArray, IsOptional, IsUUID } from 'class-validator';

/** `{ids}` or `{all: true}`. */
export class MarkReadDto {
  @ApiPropertyOptional({ type: [String] })
  @IsOptional() @IsArray() @ArrayMaxSize(500) @IsUUID('all', { each: true })
  ids?: string[];

  @ApiPropertyOptional({ enum: [true] })
  @IsOptional() @Equals(true)
  all?: true;
}
