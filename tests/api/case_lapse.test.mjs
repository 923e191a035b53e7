// Scenario: letter → accept → reply → deliver → no 复查 request within 30
// days → closed by the system on the day after the window's last day
// (SPEC §3), by the daily job, after a restart as well.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initDb, serve, login } from './lib/server.mjs';
import { letter, register, act, dl, replyParts } from './lib/cases.mjs';

// A letter of 08-01 answered and delivered on 08-18: its 复查 window runs
// to 09-17. Returns the case.
async function delivered(c) {
  const k = await register(c, letter({ received_on: '2025-08-01' }));
  await act(c, k.id, 'accept', { date: '2025-08-04' });
  await act(c, k.id, 'reply', { ...replyParts, date: '2025-08-15' });
  const d = await act(c, k.id, 'deliver', { method: 'mail', proof: '挂号信 XA1', date: '2025-08-18' });
  assert.equal(dl(d, 'review_request').due, '2025-09-17');
  return k;
}

test('a delivered reply not contested within 30 days lapses to closed on day 31', async () => {
  const { db } = initDb();
  let srv = await serve(db, { today: '2025-08-20' });
  let officer = await login(srv.base, 'officer');
  const k = await delivered(officer);
  await srv.stop();

  // The window's last day: still open.
  srv = await serve(db, { today: '2025-09-17' });
  officer = await login(srv.base, 'officer');
  assert.equal((await officer.get(`/api/v1/cases/${k.id}`)).body.status, 'replied');
  await srv.stop();

  // The day after: the daily job closes it, dated that day.
  srv = await serve(db, { today: '2025-09-18' });
  officer = await login(srv.base, 'officer');
  const c = (await officer.get(`/api/v1/cases/${k.id}`)).body;
  assert.equal(c.status, 'closed');
  assert.equal(c.close_reason, 'lapsed');
  assert.equal(c.closed_on, '2025-09-18');
  const ev = (await officer.get(`/api/v1/cases/${k.id}/events`)).body.items;
  assert.equal(ev.at(-1).action, 'lapse');
  assert.equal(ev.at(-1).date, '2025-09-18');
  // A late request is refused now.
  const late = await officer.post(`/api/v1/cases/${k.id}/actions`, { action: 'request_review' });
  assert.equal(late.status, 409);
  await srv.stop();
});

test('a 复查 request made on the last day but entered after the lapse is taken, and reopens the case', async () => {
  const { db } = initDb();
  let srv = await serve(db, { today: '2025-08-20' });
  try {
  let js = await login(srv.base, 'js_officer');
  const k = await delivered(js);
  await srv.stop();

  // The daily job of 09-18 lapses it; the letter asking for 复查, handed
  // in on 09-17, is entered that morning.
  srv = await serve(db, { today: '2025-09-18' });
  const zz = await login(srv.base, 'zz_officer');
  js = await login(srv.base, 'js_officer');
  assert.equal((await js.get(`/api/v1/cases/${k.id}`)).body.status, 'closed');
  assert.ok((await zz.get(`/api/v1/cases/${k.id}`)).body.allowed_actions.includes('request_review'));
  // Dated the day after the window: refused, and nothing changes.
  const late = await zz.post(`/api/v1/cases/${k.id}/actions`, { action: 'request_review', date: '2025-09-18' });
  assert.equal(late.status, 409, late.text);
  assert.equal((await js.get(`/api/v1/cases/${k.id}`)).body.status, 'closed');
  // Dated the last day: taken; the case goes to the city for 复查.
  const ok = await zz.post(`/api/v1/cases/${k.id}/actions`, { action: 'request_review', date: '2025-09-17' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.status, 'review');
  assert.equal(ok.body.closed_on, null);
  assert.equal(ok.body.close_reason, null);
  assert.equal(dl(ok.body, 'review_request').state, 'met');
  assert.ok(dl(ok.body, 'review').due > '2025-09-17');
  } finally {
    await srv.stop();	// also when an assertion fails, or the run would hang
  }
});
