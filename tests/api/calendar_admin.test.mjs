// The official calendar over HTTP: the due-date calculator, an admin's view
// and edit of a year, import from .ics and JSON (a malformed file changes
// nothing), the December warning, and provisional deadlines settled when the
// next year's data arrives.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, login, admin, Client } from './lib/server.mjs';
import { letter, register, dl } from './lib/cases.mjs';

const here = dirname(fileURLToPath(import.meta.url));
let srv, a;
before(async () => { srv = await startServer({ today: '2026-12-20' }); a = await admin(srv.base); });
after(async () => { await srv.close(); });

// A made-up 2027 (the real notice is not out yet): only the mechanics are tested.
const ics2027 = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//xinfang//test//CN',
  'BEGIN:VEVENT', 'UID:a@t', 'DTSTART;VALUE=DATE:20270101', 'DTEND;VALUE=DATE:20270105', 'SUMMARY:元旦(休)', 'END:VEVENT',
  'BEGIN:VEVENT', 'UID:b@t', 'DTSTART;VALUE=DATE:20270105', 'SUMMARY:元旦调休(休)', 'END:VEVENT',
  'BEGIN:VEVENT', 'UID:c@t', 'DTSTART;VALUE=DATE:20270109', 'SUMMARY:调休上班(班)', 'END:VEVENT',
  'BEGIN:VEVENT', 'UID:d@t', 'DTSTART;VALUE=DATE:20271001', 'DTEND;VALUE=DATE:20271008', 'SUMMARY:国庆节(休)', 'END:VEVENT',
  'END:VCALENDAR', ''].join('\r\n');

test('the calculator: SPEC §4 examples, refusal for a year without data', async () => {
  const pub = new Client(srv.base);
  const q = async (from, days, unit = 'calendar') => pub.get(`/api/v1/calendar/due?from=${from}&days=${days}&unit=${unit}`);
  assert.deepEqual((await q('2025-01-20', 15)).body, { due: '2025-02-05' });
  assert.deepEqual((await q('2025-01-24', 5, 'working')).body, { due: '2025-02-07' });
  assert.deepEqual((await q('2025-04-04', 0)).body, { due: '2025-04-07' });
  const none = await q('2027-03-01', 10);
  assert.equal(none.status, 422);
  assert.match(none.body.error.message, /2027/);
  assert.equal(none.body.error.field, 'from');
  assert.equal((await q('2025-01-20', 3651)).status, 400);
  assert.equal((await q('2025-01-20', -1)).status, 400);
});

test('admin lists years, with a December warning while next year is missing', async () => {
  const r = await a.get('/api/v1/calendar');
  assert.equal(r.status, 200);
  const years = r.body.items.map((i) => i.year);
  for (let y = 2004; y <= 2026; y++) assert.ok(years.includes(y), String(y));
  assert.ok(r.body.items.every((i) => i.source.length > 0));
  assert.match(r.body.warning, /2027年的节假日安排尚未录入/);
  const y25 = (await a.get('/api/v1/calendar/2025')).body;
  assert.ok(y25.holidays.includes('2025-01-28'));
  assert.ok(y25.makeups.includes('2025-01-26'));
  assert.equal((await a.get('/api/v1/calendar/2031')).status, 404);
  const officer = await login(srv.base, 'officer');
  assert.equal((await officer.post('/api/v1/calendar/import', { format: 'ics', content: ics2027 })).status, 403);
});

test('a malformed .ics is refused with the line named and nothing changes', async () => {
  const bad = readFileSync(join(here, '../data/calendar/bad-date.ics'), 'utf8');
  const before = (await a.get('/api/v1/calendar/2025')).body;
  const r = await a.post('/api/v1/calendar/import', { format: 'ics', content: bad });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'content');
  assert.match(r.body.error.message, /第\s*\d+\s*行/);
  assert.deepEqual((await a.get('/api/v1/calendar/2025')).body, before);
  const junk = await a.post('/api/v1/calendar/import', { format: 'json', content: '{"year": 2027, "holidays": "soon"}' });
  assert.equal(junk.status, 422);
  assert.equal((await a.get('/api/v1/calendar/2027')).status, 404);
});

test('a provisional deadline in 2027 is settled when 2027 is imported', async () => {
  const officer = await login(srv.base, 'officer');
  const k = await register(officer, letter({ received_on: '2026-12-20' }));
  const route = dl(k, 'route');
  // 2026-12-20 + 15 = 2027-01-04, a Monday: counted on weekends alone.
  assert.equal(route.due, '2027-01-04');
  assert.equal(route.provisional, true);
  const imp = await a.post('/api/v1/calendar/import', { format: 'ics', content: ics2027 });
  assert.equal(imp.status, 200, imp.text);
  assert.deepEqual(imp.body.years, [2027]);
  const after = dl((await officer.get(`/api/v1/cases/${k.id}`)).body, 'route');
  assert.equal(after.provisional, false);
  assert.equal(after.due, '2027-01-06');	// 01-04 and 01-05 are now rest days
  const due = await new Client(srv.base).get('/api/v1/calendar/due?from=2027-01-08&days=1&unit=working');
  assert.equal(due.body.due, '2027-01-09');	// the make-up Saturday works
  const list = await a.get('/api/v1/calendar');
  assert.equal(list.body.warning, undefined);
});

test('PUT replaces one year from its JSON form', async () => {
  const y = (await a.get('/api/v1/calendar/2027')).body;
  const body = { year: 2027, source: '测试：调整 2027 年安排', holidays: [{ name: '元旦', days: ['2027-01-01'] }, { name: '国庆节', days: ['2027-10-01', '2027-10-04'] }], makeups: [] };
  const r = await a.put('/api/v1/calendar/2027', body);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.source, '测试：调整 2027 年安排');
  assert.deepEqual(r.body.holidays, ['2027-01-01', '2027-10-01', '2027-10-04']);
  assert.notDeepEqual(r.body.holidays, y.holidays);
  const mismatch = await a.put('/api/v1/calendar/2027', { ...body, year: 2028 });
  assert.equal(mismatch.status, 422);
});

test('two years saved at the same time both reach the live calendar', async () => {
  const year = (y) => ({ source: '测试用（非官方）', holidays: [{ name: '元旦', days: [`${y}-01-01`] }], makeups: [] });
  for (const [y1, y2] of [[2031, 2032], [2033, 2034], [2035, 2036], [2037, 2038]]) {
    const rs = await Promise.all([a.put(`/api/v1/calendar/${y1}`, year(y1)), a.put(`/api/v1/calendar/${y2}`, year(y2))]);
    assert.deepEqual(rs.map((r) => r.status), [200, 200]);
    for (const y of [y1, y2]) {
      const due = await a.get(`/api/v1/calendar/due?from=${y}-06-01&days=3&unit=working`);
      assert.equal(due.status, 200, `${y}: ${due.text}`);
    }
  }
});

test('a year begun without its calendar is warned about all year, not only in December', async () => {
  const s = await startServer({ today: '2027-06-15' });
  try {
    const adm = await admin(s.base);
    const r = await adm.get('/api/v1/calendar');
    assert.equal(r.status, 200);
    assert.match(r.body.warning, /今年（2027年）的节假日安排尚未录入/);
    assert.match(r.body.warning, /督办/);
  } finally {
    await s.close();
  }
});
