/**
 * The all-in-one platform in a process of its own, for tests that kill it (SIGKILL) and start
 * it again on the same database. Configuration comes from the environment (DATABASE_URL, or
 * DATA_DIR for an embedded PGlite kept on disk; PORT, JWT_SECRET…). Prints one JSON line
 * `{"ready":true,"port":…,"pid":…}` on stdout when it listens.
 *
 * Run it through test/support/ts-register.js (TypeScript compiled on the fly by swc).
 */
import { startPlatform } from '../../apps/standalone/src/platform';

startPlatform({ env: process.env, logger: process.env.TEST_LOGS ? undefined : ['error'] })
  .then((p) => {
    process.stdout.write(`${JSON.stringify({ ready: true, port: p.port, pid: process.pid })}\n`);
    const stop = () => void p.close().finally(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  })
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
