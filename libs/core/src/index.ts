export * from './app.config';
export * from './core.module';
export * from './health';
export * from './http-limits';
