import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

export const DECISIONS = ['adopted', 'rejected'] as const;

export class DecideAmendmentDto {
  @ApiProperty({ enum: DECISIONS })
  @IsIn(DECISIONS, { message: 'status : adopted ou rejected' })
  status: (typeof DECISIONS)[number];
}
