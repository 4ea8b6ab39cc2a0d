#!/usr/bin/env node
/**
 * `npm start`: builds what is missing or out of date (server with swc in seconds, web app with
 * Vite), then runs the all-in-one platform in this process's place.
 */
const { execSync, spawn } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const newest = (dir) => {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist') continue;
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
};
const mtime = (f) => (existsSync(f) ? statSync(f).mtimeMs : 0);
const run = (script) => execSync(`npm run --silent ${script}`, { cwd: root, stdio: 'inherit' });

const serverEntry = join(root, 'dist/apps/standalone/src/main.js');
const serverSources = Math.max(...['apps/api', 'apps/realtime', 'apps/standalone', 'libs'].map((d) => newest(join(root, d))));
if (mtime(serverEntry) < serverSources) run('build:server');
const webIndex = join(root, 'dist/web/index.html');
if (existsSync(join(root, 'apps/web/index.html')) && mtime(webIndex) < newest(join(root, 'apps/web'))) run('build:web');

const child = spawn(process.execPath, [serverEntry], { cwd: root, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
