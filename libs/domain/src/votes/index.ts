export * from './lifecycle';
export * from './creation';
export * from './ballot';
export * from './visibility';
export * from './results';
