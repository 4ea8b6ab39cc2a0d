import { ApiProperty } from '@nestjs/swagger';
import type { RecommendationVersion } from '@app/database';
import type { DiffChange } from '@app/domain';

/** A frozen version of a recommendation's draft (OpenAPI shape of `toVersionResponse`). */
export class VersionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) recommendationId: string;
  @ApiProperty({ example: 1, description: '1, 2, … per recommendation' }) number: number;
  @ApiProperty({ description: 'Markdown (CommonMark) of the draft when it was frozen' }) content: string;
  @ApiProperty({ description: 'sha256 (hex) of the UTF-8 bytes of `content`', example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' })
  contentHash: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) createdBy: string | null;
}

export class VersionPageResponse {
  @ApiProperty({ type: [VersionResponse] }) items: VersionResponse[];
  @ApiProperty() total: number;
}

export class DiffChangeResponse {
  @ApiProperty({ enum: ['equal', 'insert', 'delete'] }) op: DiffChange['op'];
  @ApiProperty() text: string;
}

export class VersionDiffResponse {
  @ApiProperty({ description: 'number of the version compared from' }) a: number;
  @ApiProperty({ description: 'number of the version compared to' }) b: number;
  @ApiProperty({ type: [DiffChangeResponse], description: 'equal + delete texts give version a, equal + insert texts give version b' })
  changes: DiffChangeResponse[];
}

export function toVersionResponse(v: RecommendationVersion): VersionResponse {
  return {
    id: v.id,
    recommendationId: v.recommendationId,
    number: v.number,
    content: v.content,
    contentHash: v.contentHash.trim(),
    createdAt: new Date(v.createdAt).toISOString(),
    createdBy: v.createdBy,
  };
}
