// What a calendar change does to cases (SPEC §4): a deadline counted on
// weekends alone is recomputed even when it was already met (its due date
// decides whether it was met in time); a request window whose last day is
// such a guess does not lapse the case; an admin's correction of a year that
// already had data moves the open deadlines; and the petitioner's rating
// window ends on a working day like every other window.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { initDb, serve, checkExit, login, admin, Client, errorOf } from './lib/server.mjs';
import { letter, register, act, dl, replyParts } from './lib/cases.mjs';

// A made-up 2027: only 元旦 (01-01…01-03) matters here.
const y2027 = {
  year: 2027, source: '测试用（非官方）',
  holidays: [{ name: '元旦', days: ['2027-01-01', '2027-01-02', '2027-01-03'] }], makeups: [],
};
const deliver = { method: 'in_person', proof: '信访人签收的送达回证' };

async function withServer(db, today, fn) {
  const srv = await serve(db, { today });
  try {
    await fn(srv);
  } finally {
    checkExit(await srv.stop(), srv.stderr());
  }
}

test('a provisional deadline met before the year arrives is recounted, and counts as on time', async () => {
  const { dir, db } = initDb();
  try {
    await withServer(db, '2027-01-02', async (srv) => {
      const o = await login(srv.base, 'js_officer');
      const k = await register(o, letter({ received_on: '2026-11-01' }));
      await act(o, k.id, 'accept', { date: '2026-11-02' });
      // 2026-11-02 + 60 = 2027-01-01, a Friday on weekends alone.
      let c = await act(o, k.id, 'reply', { date: '2027-01-02', ...replyParts });
      assert.deepEqual([dl(c, 'handle').due, dl(c, 'handle').provisional, dl(c, 'handle').state],
        ['2027-01-01', true, 'met']);
      const a = await admin(srv.base);
      const imp = await a.post('/api/v1/calendar/import', { format: 'json', content: JSON.stringify(y2027) });
      assert.equal(imp.status, 200, imp.text);
      c = (await o.get(`/api/v1/cases/${k.id}`)).body;
      const h = dl(c, 'handle');
      assert.deepEqual([h.due, h.provisional, h.state, h.met_on], ['2027-01-04', false, 'met', '2027-01-02']);
      const as = await a.get(`/api/v1/assessment?year=2027&unit_id=${c.unit_id}`);
      assert.equal(as.status, 200, as.text);
      const rate = as.body.items.find((i) => i.unit_id === c.unit_id).indicators.complete_on_time_rate;
      assert.deepEqual([rate.numerator, rate.denominator], [1, 1]);
    });
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('a guessed deadline already past when the year arrives is acted on by the next daily job', async () => {
  const { dir, db } = initDb();
  let lapse, handle;
  try {
    await withServer(db, '2026-12-10', async (srv) => {
      const o = await login(srv.base, 'js_officer');
      lapse = (await register(o, letter({ received_on: '2026-12-01' }))).id;
      await act(o, lapse, 'accept', { date: '2026-12-02' });
      await act(o, lapse, 'reply', { date: '2026-12-08', ...replyParts });
      await act(o, lapse, 'deliver', { date: '2026-12-10', ...deliver });
      handle = (await register(o, letter({ received_on: '2026-12-03' }))).id;
      await act(o, handle, 'accept', { date: '2026-12-03' });
    });
    // 2027-02-20: the window (01-09) and the handling period (2027-02-01) have run out, on guesses.
    await withServer(db, '2027-02-20', async (srv) => {
      const o = await login(srv.base, 'js_officer');
      assert.equal((await o.get(`/api/v1/cases/${lapse}`)).body.status, 'replied');
      const a = await admin(srv.base);
      assert.equal((await a.post('/api/v1/calendar/import', { format: 'json', content: JSON.stringify(y2027) })).status, 200);
      const c = (await o.get(`/api/v1/cases/${lapse}`)).body;
      assert.equal(dl(c, 'review_request').provisional, false);
    });
    // The next day's job closes the lapsed window and supervises the overdue handling.
    await withServer(db, '2027-02-21', async (srv) => {
      const o = await login(srv.base, 'js_officer');
      const c = (await o.get(`/api/v1/cases/${lapse}`)).body;
      assert.equal(c.status, 'closed');
      assert.equal(c.close_reason, 'lapsed');
      const sv = (await o.get(`/api/v1/supervisions?case_id=${handle}`)).body.items.map((x) => x.trigger);
      assert.ok(sv.includes('handle_overdue'), sv.join());
    });
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('a review window ending on a guessed last day does not lapse; the calendar settles it', async () => {
  const { dir, db } = initDb();
  let id;
  try {
    await withServer(db, '2026-12-02', async (srv) => {
      const o = await login(srv.base, 'js_officer');
      const k = await register(o, letter({ received_on: '2026-11-01' }));
      id = k.id;
      await act(o, id, 'accept', { date: '2026-11-02' });
      await act(o, id, 'reply', { date: '2026-11-30', ...replyParts });
      const c = await act(o, id, 'deliver', { date: '2026-12-02', ...deliver });
      // 2026-12-02 + 30 = 2027-01-01: provisional.
      assert.deepEqual([dl(c, 'review_request').due, dl(c, 'review_request').provisional], ['2027-01-01', true]);
    });
    // The daily job at start-up on 2027-01-02 must not close it on the guess.
    await withServer(db, '2027-01-02', async (srv) => {
      const o = await login(srv.base, 'js_officer');
      let c = (await o.get(`/api/v1/cases/${id}`)).body;
      assert.equal(c.status, 'replied');
      const close = await o.post(`/api/v1/cases/${id}/actions`, { action: 'close', reason: 'lapsed' });
      assert.equal(errorOf(close, 422, 'invalid').field, 'date');
      const a = await admin(srv.base);
      assert.equal((await a.post('/api/v1/calendar/import', { format: 'json', content: JSON.stringify(y2027) })).status, 200);
      c = (await o.get(`/api/v1/cases/${id}`)).body;
      assert.deepEqual([dl(c, 'review_request').due, dl(c, 'review_request').provisional], ['2027-01-04', false]);
      c = await act(o, id, 'request_review', { date: '2027-01-02' });
      assert.equal(c.status, 'review');
    });
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('correcting a year that already has data moves the open deadlines', async () => {
  const { dir, db } = initDb();
  try {
    await withServer(db, '2026-01-30', async (srv) => {
      const o = await login(srv.base, 'js_officer');
      const k = await register(o, letter({ received_on: '2026-01-10' }));
      let c = await act(o, k.id, 'accept', { date: '2026-01-12' });
      assert.equal(dl(c, 'handle').due, '2026-03-13');
      const met = await register(o, letter({ received_on: '2026-01-05' }));
      const m = await act(o, met.id, 'accept', { date: '2026-01-06' });
      const metRoute = dl(m, 'route');
      const a = await admin(srv.base);
      const y = (await a.get('/api/v1/calendar/2026')).body;
      const body = {
        year: 2026, source: `${y.source}（测试：更正）`,
        holidays: [{ name: '假日', days: [...y.holidays, '2026-03-13'].sort() }], makeups: y.makeups,
      };
      const put = await a.put('/api/v1/calendar/2026', body);
      assert.equal(put.status, 200, put.text);
      c = (await o.get(`/api/v1/cases/${k.id}`)).body;
      assert.deepEqual([dl(c, 'handle').due, dl(c, 'handle').state], ['2026-03-16', 'open']);
      const calc = await new Client(srv.base).get('/api/v1/calendar/due?from=2026-01-12&days=60');
      assert.equal(calc.body.due, '2026-03-16');
      // A deadline met under the calendar then in force keeps its date.
      const after = dl((await o.get(`/api/v1/cases/${met.id}`)).body, 'route');
      assert.deepEqual(after, metRoute);
      // The same year again changes nothing: nothing is recounted.
      const again = await a.put('/api/v1/calendar/2026', body);
      assert.equal(again.status, 200, again.text);
      assert.equal(dl((await o.get(`/api/v1/cases/${k.id}`)).body, 'handle').due, '2026-03-16');
    });
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('the rating window ends on a working day (国庆 2025), not on a holiday', async () => {
  const { dir, db } = initDb();
  try {
    await withServer(db, '2025-10-02', async (srv) => {
      const o = await login(srv.base, 'js_officer');
      const pub = new Client(srv.base);
      const handled = async (delivered) => {
        const k = await register(o, letter({ received_on: '2025-08-01' }));
        await act(o, k.id, 'accept', { date: '2025-08-04' });
        await act(o, k.id, 'reply', { date: '2025-08-15', ...replyParts });
        await act(o, k.id, 'deliver', { date: delivered, ...deliver });
        return k;
      };
      // 09-01 + 30 = 10-01 (国庆): the window runs to 10-09.
      const late = await handled('2025-09-01');
      const look = await pub.get(`/api/v1/public/cases/${late.number}?code=${late.query_code}`);
      assert.equal(look.body.can_evaluate, true);
      const r = await pub.post(`/api/v1/public/cases/${late.number}/evaluation`, { code: late.query_code, rating: 'satisfied' });
      assert.equal(r.status, 201, r.text);
      // 08-20 + 30 = 09-19, a Friday: closed on 10-02.
      const gone = await handled('2025-08-20');
      const r2 = await pub.post(`/api/v1/public/cases/${gone.number}/evaluation`, { code: gone.query_code, rating: 'satisfied' });
      errorOf(r2, 409, 'invalid_transition');
    });
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
