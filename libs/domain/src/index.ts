export * from './canonical-json';
export * from './roles';
export * from './session-phase';
export * from './recommendation-status';
export * from './errors';
export * from './tally';
export * from './markdown';
export * from './word-diff';
