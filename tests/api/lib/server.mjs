// Starts a real xinfang server on a fresh database for a test file, and
// stops it afterwards. Everything talks to 127.0.0.1 only.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const BIN = process.env.XINFANG_BIN || join(root, 'build', 'xinfang');
export const ADMIN_PW = 'Admin-Test-2026';
export const DEMO_PW = 'Xinfang@2026';

export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

export function run(args, opts = {}) {
  return spawnSync(BIN, args, { encoding: 'utf8', ...opts });
}

export function initDb({ demo = true } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'xinfang-test-'));
  const db = join(dir, 'test.db');
  const args = ['init', '--db', db, '--admin-password', ADMIN_PW];
  if (demo) args.push('--demo');
  const r = run(args);
  if (r.status !== 0) throw new Error(`init failed: ${r.stderr}`);
  return { dir, db };
}

async function waitUp(base, proc, ms = 15000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (proc.exitCode !== null) throw new Error(`server exited ${proc.exitCode}`);
    try {
      const r = await fetch(`${base}/api/v1/health`);
      if (r.ok) return;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('server did not come up');
}

// Spawns `xinfang serve` on an existing database.
export async function serve(db, { today, extra = [], cwd } = {}) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const args = ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, ...extra];
  if (today) args.push('--today', today);
  const proc = spawn(BIN, args, { stdio: ['ignore', 'ignore', 'pipe'], cwd });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  await waitUp(base, proc);
  return {
    base, proc, port,
    stderr: () => stderr,
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode !== null) return proc.exitCode;
      const done = new Promise((r) => proc.once('exit', (code, sig) => r(code ?? sig)));
      proc.kill(signal);
      return done;
    },
  };
}

// A server must stop cleanly: exit 0 on SIGTERM and, in the sanitizer
// build, no report of a memory error, undefined behaviour or leak.
export function checkExit(code, stderr) {
  if (/AddressSanitizer|LeakSanitizer|runtime error:/.test(stderr)) {
    throw new Error(`sanitizer report from the server:\n${stderr.slice(0, 4000)}`);
  }
  if (code !== 0) throw new Error(`server exited with ${code}:\n${stderr.slice(-2000)}`);
}

// A fresh database and a server on it; call .close() in after().
export async function startServer(opts = {}) {
  const { dir, db } = initDb(opts);
  const srv = await serve(db, opts);
  srv.db = db;
  srv.dir = dir;
  srv.close = async () => {
    const code = await srv.stop();
    if (!process.env.XINFANG_KEEP) rmSync(dir, { recursive: true, force: true });
    checkExit(code, srv.stderr());
  };
  return srv;
}

// A small client: JSON in, {status, body, headers} out.
export class Client {
  constructor(base, token = null) { this.base = base; this.token = token; }
  async req(method, path, body, headers = {}) {
    const h = { ...headers };
    if (this.token) h.Authorization = `Bearer ${this.token}`;
    let payload;
    if (body !== undefined) {
      if (typeof body === 'string' || body instanceof Uint8Array || Buffer.isBuffer(body)) payload = body;
      else payload = JSON.stringify(body);
      h['Content-Type'] = h['Content-Type'] || 'application/json';
    }
    const r = await fetch(this.base + path, { method, headers: h, body: payload });
    const text = await r.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = null; }
    return { status: r.status, body: json, text, headers: r.headers };
  }
  get(p, h) { return this.req('GET', p, undefined, h); }
  post(p, b, h) { return this.req('POST', p, b, h); }
  patch(p, b, h) { return this.req('PATCH', p, b, h); }
  put(p, b, h) { return this.req('PUT', p, b, h); }
  del(p, h) { return this.req('DELETE', p, undefined, h); }
}

export async function login(base, username, password = DEMO_PW) {
  const c = new Client(base);
  const r = await c.post('/api/v1/session', { username, password });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${r.text}`);
  return new Client(base, r.body.token);
}

export async function admin(base) { return login(base, 'admin', ADMIN_PW); }

// Asserts the API.md error shape and returns the error object.
export function errorOf(r, status, code) {
  if (r.status !== status || !r.body || !r.body.error || r.body.error.code !== code) {
    throw new Error(`expected ${status} ${code}, got ${r.status} ${r.text}`);
  }
  if (!/[\u4e00-\u9fff]/.test(r.body.error.message)) {
    throw new Error(`error message is not Chinese: ${r.body.error.message}`);
  }
  return r.body.error;
}
