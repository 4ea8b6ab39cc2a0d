import { ApiProperty } from '@nestjs/swagger';
import { ApiEnum, ApiNullableString } from '../common/openapi';
import type { STANCES } from './dto/submit-position.dto';
import type { PositionRow } from './positions.repository';

export class PositionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) recommendationId: string;
  @ApiProperty({ format: 'uuid' }) versionId: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiEnum('Stance') stance: (typeof STANCES)[number];
  @ApiNullableString() motivation: string | null;
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
  @ApiNullableString({ format: 'uuid' }) supersedesId: string | null;
  @ApiProperty({ description: 'sha256 (hex) of the canonical position' }) hash: string;
  @ApiProperty({ description: 'the association\'s current position' }) current: boolean;
  @ApiNullableString() organizationName: string | null;
  @ApiProperty({ format: 'uuid' }) submittedBy: string;
  @ApiProperty({ type: Number, nullable: true }) versionNumber: number | null;
  @ApiNullableString() versionContentHash: string | null;
}

export function toPositionResponse(p: PositionRow): PositionResponse {
  return {
    id: p.id,
    recommendationId: p.recommendationId,
    versionId: p.versionId,
    organizationId: p.organizationId,
    stance: p.stance as PositionResponse['stance'],
    motivation: p.motivation,
    submittedAt: new Date(p.submittedAt).toISOString(),
    supersedesId: p.supersedesId,
    hash: p.hash.trim(),
    current: p.current,
    organizationName: p.organizationName,
    submittedBy: p.submittedBy,
    versionNumber: p.versionNumber,
    versionContentHash: p.versionContentHash?.trim() ?? null,
  };
}
