import type { Comment } from '@app/database';

export function toCommentResponse(c: Comment, authorName: string | null = null) {
  return {
    id: c.id,
    recommendationId: c.recommendationId,
    versionId: c.versionId,
    start: c.start,
    end: c.end,
    body: c.body,
    authorId: c.authorId,
    authorName,
    parentId: c.parentId,
    resolved: c.resolved,
    createdAt: new Date(c.createdAt).toISOString(),
  };
}
