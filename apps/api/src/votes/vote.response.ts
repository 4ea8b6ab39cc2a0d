import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { VoteMethodName as VoteMethod } from '@app/domain';
import { ApiEnum, ApiNullableString } from '../common/openapi';
import { VoteRulesDto } from './dto/create-vote.dto';
import { Vote } from '@app/database';
import type { OptionRow } from './votes.repository';

export class VoteOptionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiNullableString({ format: 'uuid', description: 'a version option' }) versionId: string | null;
  @ApiNullableString({ description: 'a free option' }) label: string | null;
  @ApiPropertyOptional({ format: 'uuid', description: 'an amendment option' }) amendmentId?: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'with versionId' }) recommendationId?: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'with versionId' }) versionNumber?: number | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'with versionId' }) contentHash?: string | null;
}

export class VoteResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) workingGroupId: string;
  @ApiNullableString({ format: 'uuid' }) sessionId: string | null;
  @ApiProperty() title: string;
  @ApiEnum('VoteMethod') method: VoteMethod;
  @ApiProperty({ type: [VoteOptionResponse] }) options: VoteOptionResponse[];
  @ApiProperty({ type: VoteRulesDto }) rules: VoteRulesDto;
  @ApiEnum('VoteScope') scope: 'member' | 'organization';
  @ApiProperty() secret: boolean;
  @ApiEnum('ResultsVisibility') resultsVisibility: 'live' | 'after_close';
  @ApiEnum('VoteStatus') status: 'draft' | 'open' | 'closed';
  @ApiNullableString({ format: 'date-time' }) openedAt: string | null;
  @ApiNullableString({ format: 'date-time' }) closedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiNullableString({ format: 'uuid' }) createdBy: string | null;
}

export class OwnBallotResponse {
  @ApiPropertyOptional() choice?: string;
  @ApiPropertyOptional() reason?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, description: 'option id → grade' }) grades?: Record<string, string>;
}

export class ParticipationMeResponse {
  @ApiProperty({ description: 'on the electoral roll' }) eligible: boolean;
  @ApiProperty() voted: boolean;
  @ApiPropertyOptional({ type: OwnBallotResponse, description: 'what the user chose, public votes only' }) ballot?: OwnBallotResponse;
}

/** GET /api/votes/:id/participation */
export class ParticipationResponse {
  @ApiProperty({ format: 'uuid' }) voteId: string;
  @ApiEnum('VoteStatus') status: 'draft' | 'open' | 'closed';
  @ApiProperty() eligible: number;
  @ApiProperty() cast: number;
  @ApiProperty({ type: ParticipationMeResponse }) me: ParticipationMeResponse;
}

export class BallotReceiptResponse {
  @ApiProperty({ description: 'to check later that the ballot was counted' }) receipt: string;
}

export class ReceiptCheckResponse {
  @ApiProperty() counted: boolean;
}

export function toVoteOptionResponse(o: OptionRow): VoteOptionResponse {
  return {
    id: o.id,
    versionId: o.versionId,
    label: o.label,
    ...(o.amendmentId ? { amendmentId: o.amendmentId } : {}),
    ...(o.versionId ? { recommendationId: o.recommendationId, versionNumber: o.versionNumber, contentHash: o.contentHash } : {}),
  };
}

export function toVoteResponse(v: Vote, options: OptionRow[]): VoteResponse {
  return {
    id: v.id,
    workingGroupId: v.workingGroupId,
    sessionId: v.sessionId,
    title: v.title,
    method: v.method,
    options: options.map(toVoteOptionResponse),
    rules: v.rules ?? {},
    scope: v.scope,
    secret: v.secret,
    resultsVisibility: v.resultsVisibility,
    status: v.status,
    openedAt: v.openedAt ? new Date(v.openedAt).toISOString() : null,
    closedAt: v.closedAt ? new Date(v.closedAt).toISOString() : null,
    createdAt: new Date(v.createdAt).toISOString(),
    createdBy: v.createdBy,
  };
}

/** What GET /results, `vote:tally` and `vote:closed` carry: the tally plus which vote and whether it is final. */
export function toResultsResponse(v: Pick<Vote, 'id' | 'method' | 'status'>, results: Record<string, unknown>) {
  return { voteId: v.id, method: v.method, status: v.status, final: v.status === 'closed', ...results };
}
