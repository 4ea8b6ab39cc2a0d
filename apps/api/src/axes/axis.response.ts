import { ApiProperty } from '@nestjs/swagger';
import { Axis } from '@app/database';

export class AxisResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'A1' }) code: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ description: 'display order' }) position: number;
}

export function toAxisResponse(a: Axis): AxisResponse {
  return { id: a.id, code: a.code, title: a.title, description: a.description, position: a.position };
}
