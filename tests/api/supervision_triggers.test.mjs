// Every automatic supervision trigger built through the case API: move the
// date with `xinfang scan --as-of`, assert exactly one record with the right
// code and target, then cure the cause and see the next scan close it
// (SPEC §5; 第十一条（一）—（七）).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, admin, Client } from './lib/server.mjs';
import { letter, register, act, dl, replyParts } from './lib/cases.mjs';
import { scan, svOf, expectOne, expectCured, addDays } from './lib/supervision.mjs';

let srv, officer, zz, js, units;
const U = (code) => units.find((u) => u.code === code).id;
before(async () => {
  srv = await startServer({ today: '2025-12-31' });
  officer = await login(srv.base, 'officer');
  zz = await login(srv.base, 'zz_officer');
  js = await login(srv.base, 'js_officer');
  units = (await (await admin(srv.base)).get('/api/v1/units')).body.items;
});
after(async () => { await srv.close(); });

test('route_overdue: not routed within 15 days → the registering unit; accepting cures it', async () => {
  const k = await register(officer, letter({ received_on: '2025-03-03' }));
  const due = dl(k, 'route').due;
  assert.equal(due, '2025-03-18');
  const s = await expectOne(officer, srv.db, k, due, 'route_overdue', U('HA-JYT'));
  assert.equal(s.missed, '2025-03-18');
  assert.match(s.problem, /超期1日/);
  await act(officer, k.id, 'accept', { date: '2025-03-25' });
  await expectCured(officer, srv.db, k, s.id, '2025-03-26');
});

test('route_overdue also when the routing itself was recorded late, never open at a scan', async () => {
  // Received 05-01, registered and accepted on 05-30 in one go: 14 days late.
  const k = await register(officer, letter({ received_on: '2025-05-01' }));
  assert.equal(dl(k, 'route').due, '2025-05-16');
  await act(officer, k.id, 'accept', { date: '2025-05-30' });
  const raised = scan(srv.db, '2025-05-30').filter((x) => x.number === k.number);
  assert.deepEqual(raised.map((x) => [x.trigger, x.target, x.missed]), [['route_overdue', U('HA-JYT'), '2025-05-16']]);
  assert.match(raised[0].problem, /2025-05-30才完成，逾期14日/);
  // On the record (and in the assessment), closed: the step is done.
  const items = (await svOf(officer, k.id)).filter((x) => x.trigger === 'route_overdue');
  assert.equal(items.length, 1);
  assert.equal(items[0].state, 'closed');
  assert.deepEqual(scan(srv.db, '2025-05-31').filter((x) => x.number === k.number), []);
});

test('accept_notice_overdue: the receiving unit of a transfer; supervised by the first unit', async () => {
  const k = await register(officer, letter({ received_on: '2025-04-01' }));
  const t = await act(officer, k.id, 'transfer', { to_unit_id: U('HA-ZZ'), date: '2025-04-02' });
  const s = await expectOne(officer, srv.db, k, dl(t, 'accept_notice').due, 'accept_notice_overdue', U('HA-ZZ'));
  assert.equal(s.by_unit_id, U('HA-JYT'), '谁首次办理、谁跟踪负责');
  // The city sees the record aimed at it.
  assert.equal((await zz.get(`/api/v1/supervisions/${s.id}`)).status, 200);
  await act(zz, k.id, 'accept', { date: '2025-04-25' });
  await expectCured(officer, srv.db, k, s.id, '2025-04-26');
});

test('handle_overdue: no reply within 60 days; replying cures it', async () => {
  const k = await register(officer, letter({ received_on: '2025-03-03' }));
  const a = await act(officer, k.id, 'accept', { date: '2025-03-03' });
  const due = dl(a, 'handle').due;
  assert.equal(due, '2025-05-06', '05-02 + May Day holiday');
  const s = await expectOne(officer, srv.db, k, due, 'handle_overdue', U('HA-JYT'));
  await act(officer, k.id, 'reply', { ...replyParts, date: '2025-05-09' });
  await expectCured(officer, srv.db, k, s.id, '2025-05-10');
});

test('not_delivered and not_executed: a supported reply neither delivered nor carried out', async () => {
  const k = await register(officer, letter({ received_on: '2025-06-02' }));
  await act(officer, k.id, 'accept', { date: '2025-06-03' });
  const r = await act(officer, k.id, 'reply', { ...replyParts, outcome: 'support', execute_by: '2025-07-15', date: '2025-06-10' });
  const s = await expectOne(officer, srv.db, k, dl(r, 'delivery').due, 'not_delivered', U('HA-JYT'));
  await act(officer, k.id, 'deliver', { method: 'mail', proof: '挂号信 XA555', date: '2025-06-20' });
  await expectCured(officer, srv.db, k, s.id, '2025-06-21');
  const e = await expectOne(officer, srv.db, k, '2025-07-15', 'not_executed', U('HA-JYT'));
  await act(officer, k.id, 'execute', { date: '2025-07-20' });
  await expectCured(officer, srv.db, k, e.id, '2025-07-21');
});

test('report_overdue: a 交办 not reported by its date → the receiving unit; its decision cures it', async () => {
  const k = await register(officer, letter({ received_on: '2025-05-06' }));
  await act(officer, k.id, 'assign', { to_unit_id: U('HA-ZZ'), report_due: '2025-06-10', date: '2025-05-07' });
  await act(zz, k.id, 'accept', { date: '2025-05-08' });
  const s = await expectOne(officer, srv.db, k, '2025-06-10', 'report_overdue', U('HA-ZZ'));
  assert.equal(s.missed, '2025-06-10');
  await act(zz, k.id, 'reply', { ...replyParts, date: '2025-06-13' });
  await expectCured(officer, srv.db, k, s.id, '2025-06-14');
});

test('shirking: moved three times without a decision → where it sits now', async () => {
  const k = await register(officer, letter({ received_on: '2025-08-01' }));
  await act(officer, k.id, 'transfer', { to_unit_id: U('HA-ZZ'), date: '2025-08-01' });
  await act(zz, k.id, 'object', { reason: '不属本局职责范围，应由区县办理', date: '2025-08-04' });
  // Two moves: nothing yet.
  assert.deepEqual(scan(srv.db, '2025-08-05').filter((x) => x.number === k.number), []);
  await act(officer, k.id, 'transfer', { to_unit_id: U('HA-ZZ-JS'), date: '2025-08-05' });
  const raised = scan(srv.db, '2025-08-06').filter((x) => x.number === k.number);
  assert.equal(raised.length, 1);
  assert.equal(raised[0].trigger, 'shirking');
  assert.equal(raised[0].target, U('HA-ZZ-JS'));
  assert.deepEqual(scan(srv.db, '2025-08-06').filter((x) => x.number === k.number), []);
  await act(js, k.id, 'accept', { date: '2025-08-07' });
  await act(js, k.id, 'reply', { ...replyParts, date: '2025-08-08' });
  await expectCured(officer, srv.db, k, raised[0].id, '2025-08-09');
});

test('review_overdue and recheck_overdue: the level above and two levels above', async () => {
  const k = await register(js, letter({ received_on: '2025-02-03' }));
  await act(js, k.id, 'accept', { date: '2025-02-04' });
  await act(js, k.id, 'reply', { ...replyParts, date: '2025-02-10' });
  await act(js, k.id, 'deliver', { method: 'in_person', proof: '本人签收', date: '2025-02-11' });
  const rv = await act(zz, k.id, 'request_review', { date: '2025-02-20' });
  assert.equal(rv.unit_id, U('HA-ZZ'));
  const s = await expectOne(officer, srv.db, k, dl(rv, 'review').due, 'review_overdue', U('HA-ZZ'));
  assert.equal(s.by_unit_id, U('HA-JYT'), 'the level above the city supervises it');
  // The county that answered first does not see the city's record… but it
  // follows its case: the record shows with the case it passed through.
  assert.equal((await js.get(`/api/v1/supervisions/${s.id}`)).status, 200);
  await act(zz, k.id, 'review_decision', { ...replyParts, date: '2025-03-28' });
  await expectCured(officer, srv.db, k, s.id, '2025-03-29');
  await act(zz, k.id, 'deliver', { method: 'mail', proof: '挂号信 XA777', date: '2025-03-31' });
  const rc = await act(officer, k.id, 'request_recheck', { date: '2025-04-08' });
  assert.equal(rc.unit_id, U('HA-JYT'));
  const t = await expectOne(officer, srv.db, k, dl(rc, 'recheck').due, 'recheck_overdue', U('HA-JYT'));
  await act(officer, k.id, 'recheck_decision', { ...replyParts, date: '2025-05-20' });
  await expectCured(officer, srv.db, k, t.id, '2025-05-21');
});

test('dissatisfied: a 不满意 rating unanswered for 15 days → the replying unit; the answer cures it', async () => {
  const k = await register(officer, letter({ received_on: '2025-12-01' }));
  await act(officer, k.id, 'accept', { date: '2025-12-02' });
  await act(officer, k.id, 'reply', { ...replyParts, date: '2025-12-15' });
  await act(officer, k.id, 'deliver', { method: 'electronic', proof: '短信送达回执', date: '2025-12-20' });
  const pub = new Client(srv.base);
  const ev = await pub.post(`/api/v1/public/cases/${encodeURIComponent(k.number)}/evaluation`,
    { code: k.query_code, rating: 'dissatisfied', comment: '答复没有解决问题' });
  assert.equal(ev.status, 201, ev.text);
  // Rated 2025-12-31 (today): 15 days end 2026-01-15.
  const s = await expectOne(officer, srv.db, k, '2026-01-15', 'dissatisfied', U('HA-JYT'));
  assert.match(s.problem, /不满意/);
  const ans = await officer.post(`/api/v1/cases/${k.id}/evaluations/${ev.body.id}/answer`,
    { answer: '已约谈信访人，进一步说明政策依据，并督促学校整改。' });
  assert.equal(ans.status, 200, ans.text);
  await expectCured(officer, srv.db, k, s.id, '2026-01-20');
});

test('a rating answered in time is never supervised', async () => {
  const k = await register(officer, letter({ received_on: '2025-12-01' }));
  await act(officer, k.id, 'accept', { date: '2025-12-02' });
  await act(officer, k.id, 'reply', { ...replyParts, date: '2025-12-15' });
  await act(officer, k.id, 'deliver', { method: 'electronic', proof: '回执', date: '2025-12-20' });
  const pub = new Client(srv.base);
  const ev = await pub.post(`/api/v1/public/cases/${encodeURIComponent(k.number)}/evaluation`,
    { code: k.query_code, rating: 'dissatisfied' });
  assert.equal(ev.status, 201, ev.text);
  scan(srv.db, '2026-01-05');
  await officer.post(`/api/v1/cases/${k.id}/evaluations/${ev.body.id}/answer`, { answer: '已回访说明。' });
  assert.deepEqual(scan(srv.db, '2026-01-20').filter((x) => x.number === k.number), []);
  assert.deepEqual(await svOf(officer, k.id), []);
});

test('the procedural triggers stay quiet on what the lifecycle already enforces', async () => {
  // An objection in time, an extension with its notice, a reply with
  // every part: nothing to supervise.
  const k = await register(officer, letter({ received_on: '2025-09-01' }));
  const t = await act(officer, k.id, 'transfer', { to_unit_id: U('HA-ZZ'), date: '2025-09-01' });
  await act(zz, k.id, 'accept', { date: '2025-09-10' });
  const lead = (await login(srv.base, 'zz_leader'));
  const leaderId = (await lead.get('/api/v1/session')).body.user.id;
  await act(zz, k.id, 'extend', { days: 30, reason: '需要实地调查核实', approved_by: leaderId, date: '2025-10-20' });
  await act(zz, k.id, 'reply', { ...replyParts, date: '2025-11-20' });
  const got = scan(srv.db, '2025-11-21').filter((x) => x.number === k.number).map((x) => x.trigger);
  for (const t2 of ['objection_late', 'extension_invalid', 'reply_incomplete']) assert.ok(!got.includes(t2), t2);
});
