export * from './ordering';
export * from './source-map';
export * from './sentences';
export * from './provenance';
