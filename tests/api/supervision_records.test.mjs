// Manual supervision (第十一条（八）), its forms, the target's written reply,
// closing with a result, who may see and do what, the province's queue,
// warnings (预警) in the staff notifications, and the petitioner outbox.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, admin, errorOf } from './lib/server.mjs';
import { letter, register, act, dl, replyParts } from './lib/cases.mjs';
import { scan, svOf } from './lib/supervision.mjs';

let srv, officer, supervisor, zz, js, schoolA, schoolB, adm, units;
const U = (code) => units.find((u) => u.code === code).id;
before(async () => {
  srv = await startServer({ today: '2025-06-30' });
  officer = await login(srv.base, 'officer');
  supervisor = await login(srv.base, 'supervisor');
  zz = await login(srv.base, 'zz_officer');
  js = await login(srv.base, 'js_officer');
  schoolA = await login(srv.base, 'school_a');
  schoolB = await login(srv.base, 'school_b');
  adm = await admin(srv.base);
  units = (await adm.get('/api/v1/units')).body.items;
});
after(async () => { await srv.close(); });

test('manual supervision: raise (约谈), reply by the target, close with a result', async () => {
  const k = await register(js, letter({ received_on: '2025-06-02' }));
  await act(js, k.id, 'assign', { to_unit_id: U('HA-ZZ-JS-WHL1X'), report_due: '2025-06-20', date: '2025-06-03' });
  const r = await supervisor.post('/api/v1/supervisions', {
    case_id: k.id, form: 'interview', target_unit_id: U('HA-ZZ-JS-WHL1X'),
    problem: '学校对家长反映的补课收费问题答复敷衍，未正面回应诉求。',
    suggestions: '约谈校长，限期退还费用并书面说明整改情况。',
  });
  assert.equal(r.status, 201, r.text);
  const s = r.body;
  assert.equal(s.trigger, 'manual');
  assert.equal(s.system, false);
  assert.equal(s.form, 'interview');
  assert.equal(s.form_name, '约谈督办');
  assert.equal(s.state, 'open');
  assert.equal(s.raised_on, '2025-06-30');
  assert.equal(s.reply_due, '2025-07-07', '5 working days');
  assert.match(s.article, /（八）/);

  // The school sees it, its sibling does not (404, nothing leaks).
  assert.equal((await schoolA.get(`/api/v1/supervisions/${s.id}`)).status, 200);
  errorOf(await schoolB.get(`/api/v1/supervisions/${s.id}`), 404, 'not_found');
  assert.ok(!(await schoolB.get('/api/v1/supervisions')).body.items.some((x) => x.id === s.id));
  assert.ok((await schoolA.get('/api/v1/supervisions?state=open')).body.items.some((x) => x.id === s.id));

  // Only the target replies; only the supervising side closes.
  errorOf(await zz.post(`/api/v1/supervisions/${s.id}/reply`, { reply: '已知悉' }), 403, 'forbidden');
  errorOf(await schoolA.post(`/api/v1/supervisions/${s.id}/close`, { result: '自己办结' }), 403, 'forbidden');
  errorOf(await schoolA.post(`/api/v1/supervisions/${s.id}/reply`, {}), 422, 'invalid');
  const rep = await schoolA.post(`/api/v1/supervisions/${s.id}/reply`, { reply: '已于6月28日退还全部费用，并对相关责任人进行批评教育。' });
  assert.equal(rep.status, 200, rep.text);
  assert.equal(rep.body.state, 'replied');
  assert.equal(rep.body.replied_on, '2025-06-30');
  errorOf(await schoolA.post(`/api/v1/supervisions/${s.id}/reply`, { reply: '再次反馈' }), 409, 'invalid_transition');
  const cl = await supervisor.post(`/api/v1/supervisions/${s.id}/close`, { result: '整改到位，同意办结。' });
  assert.equal(cl.status, 200, cl.text);
  assert.equal(cl.body.state, 'closed');
  assert.equal(cl.body.cured, false);
  assert.equal(cl.body.archived, true);
  errorOf(await supervisor.post(`/api/v1/supervisions/${s.id}/close`, { result: '再办结' }), 409, 'invalid_transition');

  // The school was told, the supervisor was told of the reply.
  const na = (await schoolA.get('/api/v1/notifications')).body.items;
  assert.ok(na.some((m) => m.supervision_id === s.id && m.kind === 'supervision'));
  const ns = (await supervisor.get('/api/v1/notifications')).body.items;
  assert.ok(ns.some((m) => m.supervision_id === s.id && m.kind === 'supervision_reply'));
});

test('manual supervision: bad input and scope', async () => {
  const k = await register(officer, letter({ received_on: '2025-06-10' }));
  const base = { case_id: k.id, form: 'phone', target_unit_id: U('HA-ZZ'), problem: '请说明办理进度。' };
  // Only a unit that holds or held the case is supervised on it.
  const far = await supervisor.post('/api/v1/supervisions', base);
  assert.equal(errorOf(far, 422, 'invalid').field, 'target_unit_id');
  assert.equal(errorOf(await supervisor.post('/api/v1/supervisions', { ...base, target_unit_id: U('HA-LY') }), 422, 'invalid').field, 'target_unit_id');
  await act(officer, k.id, 'transfer', { to_unit_id: U('HA-ZZ'), date: '2025-06-11' });
  errorOf(await supervisor.post('/api/v1/supervisions', { ...base, form: 'fax' }), 422, 'invalid');
  assert.equal((await supervisor.post('/api/v1/supervisions', { ...base, colour: 1 })).body.error.field, 'colour');
  assert.equal((await supervisor.post('/api/v1/supervisions', { ...base, problem: undefined })).body.error.field, 'problem');
  assert.equal((await supervisor.post('/api/v1/supervisions', { ...base, reply_due: '2025-06-01' })).body.error.field, 'reply_due');
  errorOf(await supervisor.post('/api/v1/supervisions', { ...base, case_id: 999999 }), 404, 'not_found');
  // A county cannot supervise its city, nor see the province's case.
  errorOf(await js.post('/api/v1/supervisions', { ...base }), 404, 'not_found');
  // A viewer cannot raise one.
  errorOf(await (await login(srv.base, 'viewer')).post('/api/v1/supervisions', base), 403, 'forbidden');
  errorOf(await supervisor.get('/api/v1/supervisions?state=done'), 400, 'bad_request');
  errorOf(await supervisor.get('/api/v1/supervisions?colour=1'), 400, 'bad_request');
  const ok = await supervisor.post('/api/v1/supervisions', { ...base, form: 'letter', reply_due: '2025-07-15' });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.body.reply_due, '2025-07-15');
  const byUnit = await supervisor.get(`/api/v1/supervisions?unit_id=${U('HA-ZZ')}`);
  assert.ok(byUnit.body.items.every((x) => x.target_unit_id === U('HA-ZZ') || units.find((u) => u.id === x.target_unit_id).code.startsWith('HA-ZZ')));
  assert.ok(byUnit.body.items.some((x) => x.id === ok.body.id));
  // No target named: the unit handling the case now (as the form says).
  for (const none of [undefined, null]) {
    const dflt = await supervisor.post('/api/v1/supervisions', { ...base, target_unit_id: none });
    assert.equal(dflt.status, 201, dflt.text);
    assert.equal(dflt.body.target_unit_id, U('HA-ZZ'));
  }
});

test('the province queue lists collective, leap-level and repeat visits with their reasons', async () => {
  const col = await register(officer, letter({ channel: 'visit', headcount: 12, received_on: '2025-06-20',
    title: '多名教师集体反映工资拖欠', content: '我们是某县十二名乡村教师，连续三个月工资未按时足额发放，请求省教育厅督促解决。' }));
  const q = await supervisor.get('/api/v1/supervisions/queue');
  assert.equal(q.status, 200, q.text);
  const item = q.body.items.find((x) => x.case_id === col.id);
  assert.ok(item, 'collective visit listed');
  assert.ok(item.reasons.includes('collective'));
  assert.ok(Array.isArray(q.body.hot_categories));
  // A school's queue holds only its own subtree.
  const qs = await schoolB.get('/api/v1/supervisions/queue');
  assert.equal(qs.status, 200);
  assert.ok(!qs.body.items.some((x) => x.case_id === col.id));
  errorOf(await supervisor.get('/api/v1/supervisions/queue?x=1'), 400, 'bad_request');
});

test('warnings: three working days before a due date, once, to officers and leaders', async () => {
  // Accepted 2025-05-01 → handle due 2025-06-30 + … ; pick a route clock
  // instead: received 2025-06-19 → route due 2025-07-04 (Friday).
  const k = await register(officer, letter({ received_on: '2025-06-19' }));
  assert.equal(dl(k, 'route').due, '2025-07-04');
  const leader = await login(srv.base, 'leader');
  const has = async (c) => (await c.get('/api/v1/notifications')).body.items
    .filter((m) => m.kind === 'warning' && m.case_ids.includes(k.id));
  scan(srv.db, '2025-06-30');	// Mon: 4 working days ahead — not yet
  assert.equal((await has(officer)).length, 0);
  scan(srv.db, '2025-07-01');	// Tue: 3 working days ahead
  const w = await has(officer);
  assert.equal(w.length, 1);
  assert.match(w[0].subject, /预警/);
  assert.match(w[0].case_ids.length === 1 ? w[0].subject : w[0].body, new RegExp(`${k.number}.*2025-07-04`));
  assert.equal((await has(leader)).length, 1, 'the leader is warned too');
  assert.equal((await has(schoolA)).length, 0, 'nobody else');
  scan(srv.db, '2025-07-02');
  assert.equal((await has(officer)).length, 1, 'once per deadline');
  // Mark read.
  const un = (await officer.get('/api/v1/notifications?unread=true')).body;
  assert.ok(un.items.some((m) => m.id === w[0].id));
  const rd = await officer.post(`/api/v1/notifications/${w[0].id}/read`);
  assert.equal(rd.status, 200, rd.text);
  const un2 = (await officer.get('/api/v1/notifications?unread=true')).body;
  assert.ok(!un2.items.some((m) => m.id === w[0].id));
  assert.equal(un2.unread, un.unread - 1);
  errorOf(await schoolA.post(`/api/v1/notifications/${w[0].id}/read`), 404, 'not_found');
  // The day after the due date, the case is overdue and supervised.
  const raised = scan(srv.db, '2025-07-05').filter((x) => x.number === k.number);
  assert.equal(raised.length, 1);
  assert.equal(raised[0].trigger, 'route_overdue');
});

test('a unit warned 5 working days ahead by its own setting', async () => {
  const zzId = U('HA-ZZ');
  errorOf(await zz.put(`/api/v1/units/${zzId}/warning`, { days: 5 }), 403, 'forbidden');
  errorOf(await adm.put(`/api/v1/units/${zzId}/warning`, { days: 99 }), 422, 'invalid');
  const set = await adm.put(`/api/v1/units/${zzId}/warning`, { days: 5 });
  assert.equal(set.status, 200, set.text);
  assert.equal((await zz.get(`/api/v1/units/${zzId}/warning`)).body.days, 5);
  const k = await register(zz, letter({ received_on: '2025-06-26' }));
  assert.equal(dl(k, 'route').due, '2025-07-11');
  const has = async () => (await zz.get('/api/v1/notifications')).body.items
    .filter((m) => m.kind === 'warning' && m.case_ids.includes(k.id)).length;
  scan(srv.db, '2025-07-03');	// 6 working days ahead
  assert.equal(await has(), 0);
  scan(srv.db, '2025-07-04');	// 5 working days ahead
  assert.equal(await has(), 1);
});

test('petitioner messages wait in the outbox when no sending command is configured', async () => {
  // A reply delivered and never challenged lapses the day after its window;
  // the petitioner gets an SMS, which stays queued here (nothing is sent in
  // tests) and is never dropped.
  const k = await register(officer, letter({ received_on: '2025-04-01' }));
  await act(officer, k.id, 'accept', { date: '2025-04-02' });
  await act(officer, k.id, 'reply', { ...replyParts, date: '2025-04-10' });
  const d = await act(officer, k.id, 'deliver', { method: 'mail', proof: '挂号信 XA888', date: '2025-04-11' });
  const windowEnd = dl(d, 'review_request').due;
  scan(srv.db, windowEnd);
  assert.equal((await officer.get(`/api/v1/cases/${k.id}`)).body.status, 'replied');
  scan(srv.db, '2025-06-01');
  const c = (await officer.get(`/api/v1/cases/${k.id}`)).body;
  assert.equal(c.status, 'closed');
  const ev = (await officer.get(`/api/v1/cases/${k.id}/events`)).body.items.at(-1);
  assert.equal(ev.action, 'lapse');
  const ob = await adm.get('/api/v1/outbox?state=queued');
  assert.equal(ob.status, 200, ob.text);
  const sms = ob.body.items.filter((m) => m.case_id === k.id);
  assert.equal(sms.length, 1);
  assert.equal(sms[0].channel, 'sms');
  assert.equal(sms[0].to, '13800138000');
  assert.equal(sms[0].attempts, 0);
  assert.match(sms[0].body, /已办结/);
  errorOf(await officer.get('/api/v1/outbox'), 403, 'forbidden');
  // Scanning again neither lapses twice nor queues twice.
  scan(srv.db, '2025-06-02');
  assert.equal((await adm.get('/api/v1/outbox')).body.items.filter((m) => m.case_id === k.id).length, 1);
  assert.equal((await svOf(officer, k.id)).length, 0);
});
