export * from './events';
export * from './collab';
export * from './auth';
export * from './token';
export * from './y-codec';
export * from './amendment-merge';
export * from './drafts-http-client';
export * from './saved-edits';
