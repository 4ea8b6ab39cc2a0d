export * from './event-bus';
export * from './bus.module';
