export * from './app.config';
export * from './core.module';
export * from './health';
