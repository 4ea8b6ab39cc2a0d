import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsUUID, Max, Min } from 'class-validator';

export class AgendaItemDto {
  @ApiProperty({ format: 'uuid', description: 'A recommendation of the session’s working group' })
  @IsUUID()
  recommendationId: string;

  @ApiProperty({ minimum: 1, maximum: 480 })
  @IsInt() @Min(1) @Max(480)
  minutes: number;
}
