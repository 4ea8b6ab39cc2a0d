export * from './app.config';
export * from './core.module';
