import { DomainError, ErrorCode } from '../errors';

/** The DomainError `run` throws (tests only); fails when it throws nothing or something else. */
export function thrown(run: () => unknown): DomainError {
  try {
    run();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw new Error(`expected a DomainError, got ${String(err)}`, { cause: err });
  }
  throw new Error('expected a DomainError, nothing was thrown');
}

export function refusal(run: () => unknown): { code: ErrorCode; message: string } {
  const err = thrown(run);
  return { code: err.code, message: err.message };
}
