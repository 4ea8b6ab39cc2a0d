export * from './canonical-json';
export * from './roles';
export * from './session-phase';
export * from './recommendation-status';
export * from './errors';
