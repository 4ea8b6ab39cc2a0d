import { api } from './client';
import { all } from './endpoints';
import type { components } from './schema';
import type { Session, Vote } from './types';

type S = components['schemas'];

const RUNNING = new Set(['open', 'drafting', 'voting']);

export type AmendmentStatus = S['AmendmentStatus'];
export type Amendment = S['AmendmentResponse'];
export type Comment = S['CommentResponse'];
export type Provenance = S['ProvenanceResponse'];

export const amendments = {
  list: (recommendationId: string, versionId?: string) => all<Amendment>(`/recommendations/${recommendationId}/amendments`, { versionId }),
  create: (recommendationId: string, body: { versionId: string; start: number; end: number; replacement: string; rationale: string; onBehalfOfOrganization?: boolean }) =>
    api.post<Amendment>(`/recommendations/${recommendationId}/amendments`, body),
  withdraw: (id: string) => api.post<Amendment>(`/amendments/${id}/withdraw`, {}),
  decide: (id: string, status: 'adopted' | 'rejected') => api.post<Amendment>(`/amendments/${id}/decision`, { status }),
  merge: (recommendationId: string) => api.post<S['MergeResultResponse']>(`/recommendations/${recommendationId}/amendments/merge`, {}),
  /** An approval vote whose option is the amendment, opened at once: its close decides the amendment. */
  async putToVote(workingGroupId: string, a: Amendment): Promise<Vote> {
    // in the running session that has the recommendation on its agenda (its projector shows the vote)
    const sessions = await all<Session>(`/working-groups/${workingGroupId}/sessions`);
    const running = sessions.find((s) => RUNNING.has(s.phase) && (s.agenda ?? []).some((i) => i.recommendationId === a.recommendationId));
    const vote = await api.post<Vote>('/votes', {
      workingGroupId,
      ...(running ? { sessionId: running.id } : {}),
      title: `Amendement n° ${a.examinationOrder} : « ${a.original.slice(0, 60) || 'insertion'} » → « ${a.replacement.slice(0, 60) || 'suppression'} »`.slice(0, 200),
      method: 'approval',
      options: [{ amendmentId: a.id }],
    });
    return api.post<Vote>(`/votes/${vote.id}/open`, {});
  },
};

export const comments = {
  list: (recommendationId: string) => all<Comment>(`/recommendations/${recommendationId}/comments`),
  create: (recommendationId: string, body: { body: string; versionId?: string; start?: number; end?: number; parentId?: string }) =>
    api.post<Comment>(`/recommendations/${recommendationId}/comments`, body),
  resolve: (id: string, resolved: boolean) => api.patch<Comment>(`/comments/${id}`, { resolved }),
};

export const provenance = {
  ofVersion: (recommendationId: string, number: number) => api.get<Provenance>(`/recommendations/${recommendationId}/versions/${number}/provenance`),
};
