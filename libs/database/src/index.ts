export * from './entities';
export * from './data-source';
export * from './embedded';
export * from './transaction';
export * from './naming.strategy';
export * from './draft-store';
export * from './scratch-database';
export * from './access.query';
