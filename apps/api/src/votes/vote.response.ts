import { Vote } from '@app/database';
import type { OptionRow } from './votes.repository';

export function toVoteOptionResponse(o: OptionRow) {
  return {
    id: o.id,
    versionId: o.versionId,
    label: o.label,
    ...(o.amendmentId ? { amendmentId: o.amendmentId } : {}),
    ...(o.versionId ? { recommendationId: o.recommendationId, versionNumber: o.versionNumber, contentHash: o.contentHash } : {}),
  };
}

export function toVoteResponse(v: Vote, options: OptionRow[]) {
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
