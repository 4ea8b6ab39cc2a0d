/**
 * One Jest run for the whole suite: unit (*.spec.ts), integration (*.int-spec.ts, real
 * PostgreSQL or PGlite), end to end (test/**\/*.e2e-spec.ts: the whole platform over HTTP,
 * websockets, socket.io and a real browser).
 */
const { readFileSync } = require('node:fs');
const swc = JSON.parse(readFileSync(`${__dirname}/.swcrc`, 'utf8'));
swc.jsc.baseUrl = __dirname;
delete swc.$schema;

module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testRegex: '.*\\.(spec|int-spec|e2e-spec)\\.ts$',
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/apps/web/'],
  // NestJS 12 ships ES modules only; Jest on Node 20 loads CommonJS, so swc converts them too.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|@electric-sql|openid-client|oauth4webapi|jose|oidc-provider)/)'],
  transform: { '^.+\\.(t|j|mj)s$': ['@swc/jest', { ...swc, swcrc: false, sourceMaps: 'inline' }] },
  moduleNameMapper: {
    '^@app/(domain|database|contracts|bus|core)$': '<rootDir>/libs/$1/src',
    '^@app/(domain|database|contracts|bus|core)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  globalSetup: '<rootDir>/test/support/global-setup.js',
  // A bound that only names a hung test or hook: a platform's start and a few argon2id sign-ins in a
  // beforeAll went past 60 s with two whole suites sharing the two cores.
  testTimeout: 180_000,
  maxWorkers: process.env.JEST_MAX_WORKERS || 2,
  // Recycle a worker whose heap grew large: the export-memory test forces full collections.
  workerIdleMemoryLimit: '768MB',
  forceExit: true,
};
