// Statistics over the caller's scope and the .xlsx export of a list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, login } from './lib/server.mjs';
import { letter, register, act, replyParts } from './lib/cases.mjs';

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
  // by=category counts each case under the code it was registered with; category_class by its first level.
  const cases = (await officer.get('/api/v1/cases?per_page=100')).body.items;
  assert.equal(cases.length, all);
  const want = {};
  for (const c of cases) want[c.category] = (want[c.category] || 0) + 1;
  const cat = (await officer.get('/api/v1/stats?by=category')).body.items;
  assert.deepEqual(Object.fromEntries(cat.map((i) => [i.key, i.count])), want);
  assert.ok(cat.every((i) => i.name));
  const top = (await officer.get('/api/v1/stats?by=category_class')).body.items;
  assert.ok(top.every((i) => i.key.length === 2 && i.name));
  assert.equal(top.reduce((s, i) => s + i.count, 0), all);
  // A school sees only its own numbers.
  const school = await login(srv.base, 'school_b');
  const mine = (await school.get('/api/v1/stats?by=status')).body;
  const list = (await school.get('/api/v1/cases')).body;
  assert.equal(mine.total, list.total);
  assert.ok(mine.total < all);
  assert.equal((await officer.get('/api/v1/stats?by=weather')).status, 400);
});

test('stats carry the satisfaction rate of the same units and period', async () => {
  const officer = await login(srv.base, 'officer');
  const today = (await officer.get('/api/v1/session')).body.today;
  const k = await register(officer, letter({ received_on: today }));
  for (const [action, extra] of [['accept', {}], ['reply', replyParts], ['deliver', { method: 'in_person', proof: '本人签收' }]]) {
    await act(officer, k.id, action, extra);
  }
  const rated = await fetch(`${srv.base}/api/v1/public/cases/${k.number}/evaluation`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: k.query_code, rating: 'satisfied' }),
  });
  assert.equal(rated.status, 201);
  const all = (await officer.get('/api/v1/stats?by=class')).body.satisfaction;
  assert.ok(all.rated >= 1, JSON.stringify(all));
  assert.equal(all.rate, Math.round((all.good / all.rated) * 10000) / 10000);
  // A unit nobody has rated: no rate, not the whole province's.
  const units = (await officer.get('/api/v1/units')).body.items;
  const zzu = units.find((u) => u.code === 'HA-U-ZZU').id;
  const s = (await officer.get(`/api/v1/stats?by=class&unit_id=${zzu}`)).body.satisfaction;
  assert.deepEqual(s, { good: 0, rated: 0, rate: null });
  // A period with no ratings either.
  assert.equal((await officer.get('/api/v1/stats?by=class&from=2004-01-01&to=2004-12-31')).body.satisfaction.rated, 0);
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

// RFC 4180 as Excel writes it: quoted fields, "" inside quotes, CRLF.
function parseCsv(text) {
  const rows = [];
  let row = [], f = '', q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (q) {
      if (ch === '"' && text[i + 1] === '"') { f += '"'; i++; } else if (ch === '"') q = false; else f += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') { row.push(f); f = ''; } else if (ch === '\r' && text[i + 1] === '\n') { row.push(f); rows.push(row); row = []; f = ''; i++; } else f += ch;
  }
  return rows;
}

async function download(c, path) {
  const r = await fetch(srv.base + path, { headers: { Authorization: `Bearer ${c.token}` } });
  return { r, buf: Buffer.from(await r.arrayBuffer()) };
}

test('the statistics export as CSV and .xlsx with the same figures', async () => {
  const officer = await login(srv.base, 'officer');
  const json = (await officer.get('/api/v1/stats?by=category')).body;
  const { r, buf } = await download(officer, '/api/v1/stats.csv?by=category');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/csv; charset=utf-8/);
  assert.match(r.headers.get('content-disposition'), /attachment/);
  assert.deepEqual([...buf.subarray(0, 3)], [0xEF, 0xBB, 0xBF]);
  const rows = parseCsv(buf.subarray(3).toString('utf8'));
  assert.deepEqual(rows[0], ['内容分类', '名称', '件数']);
  assert.deepEqual(rows.slice(1, -1), json.items.map((i) => [i.key, i.name, String(i.count)]));
  assert.deepEqual(rows.at(-1), ['合计', '', String(json.total)]);
  const x = await download(officer, '/api/v1/stats.xlsx?by=unit');
  assert.equal(x.r.status, 200);
  assert.equal(x.buf.subarray(0, 2).toString(), 'PK');
  const dir = mkdtempSync(join(tmpdir(), 'xlsx-'));
  writeFileSync(join(dir, 's.xlsx'), x.buf);
  const strings = spawnSync('unzip', ['-p', join(dir, 's.xlsx'), 'xl/sharedStrings.xml'], { encoding: 'utf8' }).stdout;
  for (const i of (await officer.get('/api/v1/stats?by=unit')).body.items) assert.ok(strings.includes(i.name), i.name);
  assert.equal((await download(officer, '/api/v1/stats.csv?by=weather')).r.status, 400);
  // A school's export holds its own numbers only.
  const school = await login(srv.base, 'school_b');
  const mine = parseCsv((await download(school, '/api/v1/stats.csv?by=status')).buf.subarray(3).toString('utf8'));
  assert.equal(mine.at(-1)[2], String((await school.get('/api/v1/cases')).body.total));
});

test('the list exports as CSV; a title that looks like a formula stays text', async () => {
  const officer = await login(srv.base, 'officer');
  const reg = await officer.post('/api/v1/cases', {
    channel: 'letter', received_on: '2025-08-01', class: 'claim', category: '0301',
    title: '=HYPERLINK("http://x","点我"),另有"引号"', content: '学校违规收费，请求查处并退还费用，谢谢。',
    petitioners: [{ name: '张三' }],
  });
  assert.equal(reg.status, 201, reg.text);
  const { r, buf } = await download(officer, '/api/v1/cases.csv?per_page=5');
  assert.equal(r.status, 200);
  const rows = parseCsv(buf.subarray(3).toString('utf8'));
  assert.equal(rows[0][0], '信访件编号');
  assert.equal(rows[0].length, 11);
  const total = (await officer.get('/api/v1/cases')).body.total;
  assert.equal(rows.length - 1, total);
  const mine = rows.find((x) => x[0] === reg.body.number);
  assert.equal(mine[1], '\'=HYPERLINK("http://x","点我"),另有"引号"');
  assert.ok(rows.slice(1).every((x) => x.length === 11));
});
