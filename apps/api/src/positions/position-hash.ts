import { canonicalJson, sha256Hex } from '@app/domain';

/** What a position's hash covers: the position itself and the exact text (hash) it is about. */
export interface HashedPosition {
  recommendationId: string;
  versionId: string;
  organizationId: string;
  stance: string;
  motivation: string | null;
  submittedAt: string; // ISO-8601, millisecond precision
  supersedesId: string | null;
  versionContentHash: string;
}

/** sha256 (hex) of the canonical JSON of the position: anyone holding the fields can recompute it. */
export function positionHash(p: HashedPosition): string {
  return sha256Hex(
    canonicalJson({
      recommendationId: p.recommendationId,
      versionId: p.versionId,
      organizationId: p.organizationId,
      stance: p.stance,
      motivation: p.motivation,
      submittedAt: p.submittedAt,
      supersedesId: p.supersedesId,
      versionContentHash: p.versionContentHash,
    }),
  );
}
