export const RECOMMENDATION_STATUSES = ['draft', 'under_review', 'adopted', 'rejected', 'withdrawn'] as const;
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];

export const HORIZONS = ['quick_win', 'structuring'] as const;
export type Horizon = (typeof HORIZONS)[number];

const NEXT: Record<RecommendationStatus, readonly RecommendationStatus[]> = {
  draft: ['under_review', 'withdrawn'],
  under_review: ['adopted', 'rejected', 'withdrawn'],
  adopted: [],
  rejected: [],
  withdrawn: [],
};

/** draft → under_review → adopted | rejected; withdrawn from any open state. */
export function canMoveStatus(from: RecommendationStatus, to: RecommendationStatus): boolean {
  return NEXT[from].includes(to);
}
