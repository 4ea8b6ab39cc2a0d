import { ApiProperty } from '@nestjs/swagger';
import type { College } from '@app/domain';
import { ApiNullableString } from '../common/openapi';

export class ContributorResponse {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiNullableString() displayName: string | null;
  @ApiNullableString({ format: 'uuid' }) organizationId: string | null;
  @ApiProperty({ enum: ['state', 'local', 'civil'], enumName: 'College', nullable: true }) college: College | null;
  @ApiProperty({ description: 'characters of the sentence written by this contributor' }) chars: number;
}

export class SentenceProvenanceResponse {
  @ApiProperty() start: number;
  @ApiProperty() end: number;
  @ApiProperty() text: string;
  @ApiProperty({ type: [ContributorResponse] }) contributors: ContributorResponse[];
  @ApiProperty({ type: [String], description: 'merged amendments that wrote part of the sentence' }) amendmentIds: string[];
}

export class SharesByCollegeResponse {
  @ApiProperty({ minimum: 0, maximum: 1 }) state: number;
  @ApiProperty({ minimum: 0, maximum: 1 }) local: number;
  @ApiProperty({ minimum: 0, maximum: 1 }) civil: number;
}

/** GET /api/recommendations/:id/versions/:number/provenance */
export class ProvenanceResponse {
  @ApiProperty({ format: 'uuid' }) versionId: string;
  @ApiProperty() number: number;
  @ApiProperty({ type: [SentenceProvenanceResponse] }) sentences: SentenceProvenanceResponse[];
  @ApiProperty({ type: SharesByCollegeResponse }) byCollege: SharesByCollegeResponse;
}
