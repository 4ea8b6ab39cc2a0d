/**
 * Every refusal of the domain carries one of these codes. The API's exception filter maps each
 * code to an HTTP status with an exhaustive switch: adding a code here without mapping it there
 * fails to compile.
 */
export enum ErrorCode {
  InvalidInput = 'invalid_input',
  InvalidCredentials = 'invalid_credentials',
  Unauthenticated = 'unauthenticated',
  Forbidden = 'forbidden',
  NotFound = 'not_found',
  Conflict = 'conflict',
  InvalidTransition = 'invalid_transition',
  AlreadyExists = 'already_exists',
  Locked = 'locked',
  DeadlinePassed = 'deadline_passed',
  VoteNotOpen = 'vote_not_open',
  AlreadyVoted = 'already_voted',
  StaleVersion = 'stale_version',
  /** Freezing a version whose content equals the latest one (v2). */
  NoChange = 'no_change',
  PayloadTooLarge = 'payload_too_large',
  RateLimited = 'rate_limited',
  Unavailable = 'unavailable',
  /** A single-use link already used or expired (410). */
  Gone = 'gone',
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: string[],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError(ErrorCode.NotFound, `${what} introuvable`);
export const forbidden = (message = 'Action non autorisée') => new DomainError(ErrorCode.Forbidden, message);
export const conflict = (message: string, code: ErrorCode = ErrorCode.Conflict) => new DomainError(code, message);
export const invalid = (message: string) => new DomainError(ErrorCode.InvalidInput, message);
