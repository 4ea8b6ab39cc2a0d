export * from './types';
export * from './grades';
export * from './approval';
export * from './consent';
export * from './majority-judgment';
