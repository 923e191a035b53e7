// Statistics over the caller's scope and the .xlsx export of a list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, login } from './lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.close(); });

test('stats by month, class, category, unit and status, scoped to the caller', async () => {
  const officer = await login(srv.base, 'officer');
  const all = (await officer.get('/api/v1/cases?per_page=1')).body.total;
  for (const by of ['month', 'class', 'category', 'channel', 'unit', 'status']) {
    const r = await officer.get(`/api/v1/stats?by=${by}`);
    assert.equal(r.status, 200, by);
    assert.equal(r.body.total, all, by);
    assert.equal(r.body.items.reduce((s, i) => s + i.count, 0), all);
    assert.ok(r.body.items.every((i) => i.key !== undefined));
  }
  const cls = (await officer.get('/api/v1/stats?by=class')).body.items;
  assert.ok(cls.some((i) => i.key === 'claim' && i.name === '申诉求决类'));
  const cat = (await officer.get('/api/v1/stats?by=category')).body.items;
  assert.ok(cat.every((i) => i.key.length === 2 && i.name));
  // A school sees only its own numbers.
  const school = await login(srv.base, 'school_b');
  const mine = (await school.get('/api/v1/stats?by=status')).body;
  const list = (await school.get('/api/v1/cases')).body;
  assert.equal(mine.total, list.total);
  assert.ok(mine.total < all);
  assert.equal((await officer.get('/api/v1/stats?by=weather')).status, 400);
});

test('the list exports as a real .xlsx with a Chinese header', async () => {
  const officer = await login(srv.base, 'officer');
  const r = await fetch(`${srv.base}/api/v1/cases.xlsx?status=handling`, { headers: { Authorization: `Bearer ${officer.token}` } });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /spreadsheetml/);
  const buf = Buffer.from(await r.arrayBuffer());
  assert.equal(buf.subarray(0, 2).toString(), 'PK');
  const dir = mkdtempSync(join(tmpdir(), 'xlsx-'));
  writeFileSync(join(dir, 'x.xlsx'), buf);
  const strings = spawnSync('unzip', ['-p', join(dir, 'x.xlsx'), 'xl/sharedStrings.xml'], { encoding: 'utf8' });
  assert.match(strings.stdout, /信访件编号/);
  assert.match(strings.stdout, /办理中/);
  const handling = (await officer.get('/api/v1/cases?status=handling')).body.items;
  for (const c of handling) assert.ok(strings.stdout.includes(c.number), c.number);
});
