/** `npm start`: API, live drafts, live sessions and the web app on one port. */
import { ConfigError } from '@app/core';
import { startPlatform } from './platform';

startPlatform().catch((err) => {
  console.error(err instanceof ConfigError ? `Configuration error: ${err.message}` : err);
  process.exit(1);
});
