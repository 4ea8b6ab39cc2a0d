import type {
  ApprovalChoice,
  College,
  ConsentChoice,
  Grade,
  GroupRole,
  Horizon,
  MilestoneStatus,
  OrganizationKind,
  Outcome,
  PlatformRole,
  RecommendationStatus,
  ResultsVisibility,
  SessionPhase,
  Stance,
  VoteMethod,
  VoteScope,
  VoteStatus,
  WorkingGroupStatus,
} from '../api/types';

/** French labels of every enum of the contract. */
export const ORGANIZATION_KIND: Record<OrganizationKind, string> = {
  state: 'État (ministère, service de l’État)',
  local_authority: 'Collectivité territoriale',
  association: 'Association d’élus',
  other: 'Autre',
};
export const COLLEGE: Record<College, string> = { state: 'Collège État', local: 'Collège local', civil: 'Collège société civile' };
export const PLATFORM_ROLE: Record<PlatformRole, string> = { admin: 'Administrateur', member: 'Membre' };
export const GROUP_ROLE: Record<GroupRole, string> = { facilitator: 'Animateur·rice', participant: 'Participant·e', observer: 'Observateur·rice' };
export const GROUP_STATUS: Record<WorkingGroupStatus, string> = { active: 'Actif', archived: 'Archivé' };
export const SESSION_PHASE: Record<SessionPhase, string> = {
  scheduled: 'Programmée',
  open: 'Ouverte',
  drafting: 'Rédaction',
  voting: 'Vote',
  closed: 'Close',
};
export const PHASES: SessionPhase[] = ['scheduled', 'open', 'drafting', 'voting', 'closed'];
export const HORIZON: Record<Horizon, string> = { quick_win: 'Mesure rapide', structuring: 'Mesure structurante' };
export const RECOMMENDATION_STATUS: Record<RecommendationStatus, string> = {
  draft: 'Brouillon',
  under_review: 'En examen',
  adopted: 'Adoptée',
  rejected: 'Rejetée',
  withdrawn: 'Retirée',
};
export const RECOMMENDATION_STATUSES: RecommendationStatus[] = ['draft', 'under_review', 'adopted', 'rejected', 'withdrawn'];
export const VOTE_METHOD: Record<VoteMethod, string> = {
  approval: 'Pour / contre / abstention',
  majority_judgment: 'Jugement majoritaire',
  consent: 'Consentement',
};
export const VOTE_STATUS: Record<VoteStatus, string> = { draft: 'En préparation', open: 'Ouvert', closed: 'Clos' };
export const VOTE_SCOPE: Record<VoteScope, string> = { member: 'Une voix par membre', organization: 'Une voix par organisation' };
export const RESULTS_VISIBILITY: Record<ResultsVisibility, string> = { live: 'En direct', after_close: 'À la clôture' };
export const APPROVAL_CHOICE: Record<ApprovalChoice, string> = { for: 'Pour', against: 'Contre', abstain: 'Abstention' };
export const CONSENT_CHOICE: Record<ConsentChoice, string> = { consent: 'Je consens', objection: 'J’objecte' };
export const GRADES: Grade[] = ['excellent', 'very_good', 'good', 'fair', 'passable', 'insufficient', 'reject'];
export const GRADE: Record<Grade, string> = {
  excellent: 'Excellent',
  very_good: 'Très bien',
  good: 'Bien',
  fair: 'Assez bien',
  passable: 'Passable',
  insufficient: 'Insuffisant',
  reject: 'À rejeter',
};
/** Merit-profile colours, from best to worst; each carries white or black text at 4.5:1 or more. */
export const GRADE_COLOR: Record<Grade, string> = {
  excellent: '#18753c',
  very_good: '#2f7d4a',
  good: '#6a9a3a',
  fair: '#b7a73f',
  passable: '#e4794a',
  insufficient: '#b34000',
  reject: '#ce0500',
};
export const OUTCOME: Record<Outcome, string> = { adopted: 'Adoptée', rejected: 'Rejetée', no_quorum: 'Quorum non atteint' };
export const STANCE: Record<Stance, string> = {
  favorable: 'Favorable',
  favorable_with_reservations: 'Favorable avec réserves',
  unfavorable: 'Défavorable',
  abstention: 'Abstention',
};
export const STANCES: Stance[] = ['favorable', 'favorable_with_reservations', 'unfavorable', 'abstention'];
export const MILESTONE_STATUS: Record<MilestoneStatus, string> = { planned: 'Prévu', in_progress: 'En cours', done: 'Réalisé', late: 'En retard' };

export type BadgeSeverity = 'success' | 'warning' | 'error' | 'info' | 'new' | undefined;
export const RECOMMENDATION_SEVERITY: Record<RecommendationStatus, BadgeSeverity> = {
  draft: 'info',
  under_review: 'new',
  adopted: 'success',
  rejected: 'error',
  withdrawn: undefined,
};
export const MILESTONE_SEVERITY: Record<MilestoneStatus, BadgeSeverity> = { planned: 'info', in_progress: 'new', done: 'success', late: 'error' };
