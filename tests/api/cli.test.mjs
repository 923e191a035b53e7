// The command line of API.md: init, deadline, backup, audit verify, and the
// refusal to open a database newer than the binary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, initDb, serve, admin, login, ADMIN_PW, BIN } from './lib/server.mjs';
import { letter, register } from './lib/cases.mjs';

const sql = (db, q) => spawnSync('sqlite3', [db, q], { encoding: 'utf8' });

test('help lists every command', () => {
  const r = run(['help']);
  assert.equal(r.status, 0);
  for (const c of ['init', 'serve', 'deadline', 'scan', 'backup', 'audit verify']) assert.ok(r.stdout.includes(c), c);
});

test('init refuses to touch an existing database without --force', () => {
  const { db } = initDb({ demo: false });
  const r = run(['init', '--db', db, '--admin-password', ADMIN_PW]);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /已存在/);
  const f = run(['init', '--db', db, '--admin-password', ADMIN_PW, '--force']);
  assert.equal(f.status, 0, f.stderr);
});

test('init refuses a weak admin password and leaves no file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xf-'));
  const db = join(dir, 'x.db');
  const r = run(['init', '--db', db, '--admin-password', 'abc']);
  assert.notEqual(r.status, 0);
  assert.ok(!existsSync(db));
});

test('deadline: SPEC §4 worked examples and a year without data', () => {
  const cases = [
    [['2025-01-20', '15'], '2025-02-05'],
    [['2025-01-24', '5', '--working'], '2025-02-07'],
    [['2025-08-04', '60'], '2025-10-09'],
    [['2025-08-04', '90'], '2025-11-03'],
    [['2025-12-17', '15'], '2026-01-04'],
    [['2025-09-28', '10', '--working'], '2025-10-17'],
    [['2025-04-04', '0'], '2025-04-07'],
  ];
  for (const [args, due] of cases) {
    const r = run(['deadline', ...args]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), due, args.join(' '));
  }
  const none = run(['deadline', '2031-03-01', '10']);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /2031/);
  const bad = run(['deadline', '2025-02-29', '10']);
  assert.equal(bad.status, 2);
  // Before the first year of official data (2004): refused, as registration refuses it.
  const early = run(['deadline', '2003-12-31', '5']);
  assert.equal(early.status, 2);
  assert.equal(early.stdout, '');
  assert.match(early.stderr, /2004年/);
});

test('deadline --db counts with the calendar the server uses, years an admin imported included', async () => {
  const { db } = initDb({ demo: false });
  // Before 2027 is imported: no data for it, here as on the server.
  const before = run(['deadline', '2026-12-17', '15', '--db', db]);
  assert.equal(before.status, 2);
  assert.match(before.stderr, /2027/);
  const srv = await serve(db);
  try {
    const a = await admin(srv.base);
    const put = await a.put('/api/v1/calendar/2027', { year: 2027, source: '测试用（非官方）', holidays: [{ name: '元旦', days: ['2027-01-01', '2027-01-02', '2027-01-03'] }], makeups: [] });
    assert.equal(put.status, 200, put.text);
    const api = (await a.get('/api/v1/calendar/due?from=2026-12-17&days=15')).body.due;
    assert.equal(api, '2027-01-04');
    const cli = run(['deadline', '2026-12-17', '15', '--db', db]);
    assert.equal(cli.status, 0, cli.stderr);
    assert.equal(cli.stdout.trim(), api);
    // Without --db: the official files only, which have no 2027.
    assert.equal(run(['deadline', '2026-12-17', '15']).status, 2);
  } finally {
    await srv.stop();
  }
});

test('serve checks --threads like every other option', () => {
  const { db } = initDb({ demo: false });
  for (const t of ['abc', '0', '100000', '']) {
    const r = run(['serve', '--db', db, '--listen', '127.0.0.1:1', '--threads', t]);
    assert.equal(r.status, 2, `--threads ${t}`);
    assert.match(r.stderr, /--threads 应为 1 到 64 的整数/);
  }
});

test('scan as of a day not yet come says so, then runs as API.md asks', () => {
  const { db } = initDb();
  const future = new Date(Date.now() + 40 * 86400000).toISOString().slice(0, 10);
  const r = run(['scan', '--db', db, '--as-of', future]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /晚于今天.*结果写入数据库/);
  const today = new Date().toISOString().slice(0, 10);
  const t = run(['scan', '--db', db, '--as-of', today]);
  assert.equal(t.status, 0);
  assert.doesNotMatch(t.stderr, /晚于今天/);
});

test('audit verify passes on a fresh database and names the first edited event', () => {
  const { db } = initDb();
  const ok = run(['audit', 'verify', '--db', db]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /校验通过/);
  const n = Number(sql(db, 'SELECT count(*) FROM audit').stdout.trim());
  assert.ok(n > 100);
  sql(db, "UPDATE audit SET after = replace(after, '郑州', '开封') WHERE id = (SELECT min(id) FROM audit WHERE after LIKE '%郑州%')");
  const first = Number(sql(db, "SELECT min(id) FROM audit WHERE after LIKE '%开封市第%' OR after LIKE '%开封%'").stdout.trim());
  const broken = run(['audit', 'verify', '--db', db]);
  assert.equal(broken.status, 1);
  assert.match(broken.stdout, new RegExp(`id=${first}\\b`));
});

test('audit verify detects a deleted event', () => {
  const { db } = initDb();
  sql(db, 'DELETE FROM audit WHERE id = 7');
  const r = run(['audit', 'verify', '--db', db]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /id=8\b/);
});

test('a database newer than the binary is refused with a clear message', () => {
  const { db } = initDb({ demo: false });
  sql(db, 'PRAGMA user_version = 999');
  const r = run(['audit', 'verify', '--db', db]);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /高于本程序支持的版本/);
});

test('backup makes a consistent copy while the server runs', async () => {
  const { db, dir } = initDb();
  const srv = await serve(db);
  try {
    const a = await admin(srv.base);
    const created = await a.post('/api/v1/units', { name: '备份测试学校', code: 'BK-1', level: 'school', kind: 'school', parent_id: 1 });
    assert.equal(created.status, 201);
    const out = join(dir, 'copy.db');
    const r = run(['backup', '--db', db, out]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(sql(out, "SELECT name FROM units WHERE code = 'BK-1'").stdout.trim(), '备份测试学校');
    assert.equal(run(['audit', 'verify', '--db', out]).status, 0);
    const again = run(['backup', '--db', db, out]);
    assert.notEqual(again.status, 0);
  } finally { await srv.stop(); }
});

test('backup finishes while registrations keep coming, and leaves no partial file', async () => {
  const { db, dir } = initDb();
  // ~120 MB: copied a few pages at a time, each write in between started the copy over.
  assert.equal(sql(db, 'CREATE TABLE filler(x); WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 30000) INSERT INTO filler SELECT randomblob(4000) FROM c;').status, 0);
  const srv = await serve(db);
  try {
    const o = await login(srv.base, 'js_officer');
    const acked = [];
    let writing = true, capped = false;
    const stream = (async () => {
      const stopAt = Date.now() + 60000;
      while (writing) {
        if (Date.now() > stopAt) { capped = true; break; }
        acked.push((await register(o, letter({ petitioners: [{ name: '王五', phone: '13800000002' }] }))).number);
      }
    })();
    while (acked.length < 3) await new Promise((r) => setTimeout(r, 20));
    const before = acked.length;
    const out = join(dir, 'copy.db');
    const code = await new Promise((res) => {
      const p = spawn(BIN, ['backup', '--db', db, out], { stdio: 'ignore' });
      p.on('exit', res);
    });
    const wentOn = !capped;
    writing = false;
    await stream;
    assert.equal(code, 0);
    assert.ok(wentOn && acked.length > before, 'the backup ended while writes went on');
    assert.equal(existsSync(`${out}.part`), false);
    const copied = new Set(sql(out, 'SELECT number FROM cases').stdout.trim().split('\n'));
    for (const n of acked.slice(0, before)) assert.ok(copied.has(n), n);
    assert.equal(run(['audit', 'verify', '--db', out]).status, 0);
  } finally { await srv.stop(); }
});

test('a start after one with a later --today says the daily job waits for that date', async () => {
  const { db } = initDb({ demo: false });
  let srv = await serve(db, { today: '2026-12-20' });
  assert.equal(await srv.stop(), 0);
  srv = await serve(db, { today: '2026-12-01' });
  const code = await srv.stop();
  assert.equal(code, 0);
  assert.match(srv.stderr(), /日常任务已运行到 2026-12-20，晚于今天 2026-12-01/);
});

test('serve exits 0 on SIGTERM after finishing requests in flight', async () => {
  const { db } = initDb({ demo: false });
  const srv = await serve(db);
  const a = await admin(srv.base);
  // A login costs ~100 ms of argon2id: start several, then stop at once.
  const pending = [1, 2, 3, 4].map(() => fetch(`${srv.base}/api/v1/session`, { method: 'POST', body: JSON.stringify({ username: 'admin', password: ADMIN_PW }) }).then((r) => r.status, () => 'error'));
  await new Promise((r) => setTimeout(r, 20));
  const code = await srv.stop('SIGTERM');
  const statuses = await Promise.all(pending);
  assert.equal(code, 0);
  assert.ok(statuses.filter((s) => s === 200).length >= 1, statuses.join(','));
  assert.ok(a);
});

test('an empty or foreign file is not taken for a database, and is left as it was', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xf-'));
  const empty = join(dir, 'empty.db');
  writeFileSync(empty, '');
  for (const args of [['audit', 'verify', '--db', empty], ['scan', '--db', empty, '--as-of', '2026-01-01'], ['serve', '--db', empty, '--listen', '127.0.0.1:1']]) {
    const r = run(args);
    assert.notEqual(r.status, 0, args.join(' '));
    assert.match(r.stderr, /空文件，不是 xinfang 数据库/, args.join(' '));
    assert.equal(statSync(empty).size, 0, args.join(' '));
  }
  const text = join(dir, 'text.db');
  writeFileSync(text, '这不是数据库\n');
  const t = run(['audit', 'verify', '--db', text]);
  assert.notEqual(t.status, 0);
  assert.match(t.stderr, /不是 xinfang 数据库/);
  assert.doesNotMatch(t.stderr, /[a-z]{4,} [a-z]{4,}/, 'no English error text');
});

test('audit verify fails when the whole log was deleted', () => {
  const { db } = initDb({ demo: false });
  sql(db, 'DELETE FROM audit');
  const r = run(['audit', 'verify', '--db', db]);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /审计日志已被删除/);
});

test('serve on a taken port says so in Chinese and changes nothing', async () => {
  const { db } = initDb({ demo: true });
  const before = sql(db, 'SELECT count(*) FROM audit').stdout;
  const holder = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => holder.once('listening', r));
  try {
    const r = run(['serve', '--db', db, '--listen', `127.0.0.1:${holder.address().port}`, '--today', '2026-12-20']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /端口已被占用/);
    assert.doesNotMatch(r.stderr, /Failed to bind/);
    assert.equal(sql(db, 'SELECT count(*) FROM jobs_runs').stdout.trim(), '0');
    assert.equal(sql(db, 'SELECT count(*) FROM audit').stdout, before);
  } finally { holder.close(); }
});

test('init counts the password in characters and refuses what no login could send', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xf-'));
  const short = run(['init', '--db', join(dir, 'a.db'), '--admin-password', '密码密码1']);
  assert.notEqual(short.status, 0);
  assert.match(short.stderr, /8 到 128 个字符/);
  const long = run(['init', '--db', join(dir, 'b.db'), '--admin-password', '密码密码密码12345678']);
  assert.equal(long.status, 0, long.stderr);
  const ctl = run(['init', '--db', join(dir, 'c.db'), '--admin-password', 'abc\x01defgh1']);
  assert.notEqual(ctl.status, 0);
  assert.ok(!existsSync(join(dir, 'c.db')));
});
