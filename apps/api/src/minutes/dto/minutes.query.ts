import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export const MINUTES_FORMATS = ['md', 'pdf', 'odt'] as const;

export class MinutesQuery {
  @ApiPropertyOptional({ enum: MINUTES_FORMATS, default: 'md' }) @IsOptional() @IsIn(MINUTES_FORMATS)
  format?: (typeof MINUTES_FORMATS)[number];
}
