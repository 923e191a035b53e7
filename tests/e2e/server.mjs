// A real xinfang server for browser tests: the API harness's server on a
// fresh demo database, serving the built UI from web/dist.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, serve, checkExit, login, ADMIN_PW, DEMO_PW } from '../api/lib/server.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = join(ROOT, 'web', 'dist');
export { login, ADMIN_PW, DEMO_PW, serve, checkExit };

export function assertBuilt() {
  if (!existsSync(join(DIST, 'index.html')) || !existsSync(join(DIST, 'portal.html'))) {
    throw new Error('web/dist is not built: run scripts/build-web (or make web) first');
  }
}

export async function startUi(opts = {}) {
  assertBuilt();
  return startServer({ ...opts, extra: ['--webroot', DIST, ...(opts.extra || [])] });
}

// Starts another server on the same database (e.g. with a later --today).
export async function restartUi(db, opts = {}) {
  return serve(db, { ...opts, extra: ['--webroot', DIST, ...(opts.extra || [])] });
}

// YYYY-MM-DD plus n days.
export function addDays(date, n) {
  const t = Date.parse(date + 'T00:00:00Z') + n * 86400000;
  return new Date(t).toISOString().slice(0, 10);
}
