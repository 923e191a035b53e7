// Leadership duties (SPEC §6, 第四、五、六条): 批示, 包案, 接访日, leaders on
// site at collective visits, 专题汇报 with missing ones flagged, the
// 社会稳定风险评估 register, 矛盾纠纷排查, the 领导小组 — scoped to the
// caller's subtree, with 422 naming the field.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, admin, errorOf } from './lib/server.mjs';
import { letter, register } from './lib/cases.mjs';

let srv, units, leader, officer, js, jsLeader, schoolA, schoolALeader, schoolB;
const byCode = (code) => units.find((u) => u.code === code);
before(async () => {
  srv = await startServer({ today: '2025-08-20' });
  units = (await (await admin(srv.base)).get('/api/v1/units')).body.items;
  [leader, officer, js, jsLeader, schoolA, schoolALeader, schoolB] = await Promise.all(
    ['leader', 'officer', 'js_officer', 'js_leader', 'school_a', 'school_a_leader', 'school_b'].map((u) => login(srv.base, u)));
});
after(async () => { await srv.close(); });

test('批示: a leader instructs a case; it is flagged, shown, and in the history', async () => {
  const k = await register(officer, letter());
  const js1 = byCode('HA-ZZ-JS');
  const r = await leader.post(`/api/v1/cases/${k.id}/instructions`, { text: '请金水区教育局依法妥善处理，两周内报结果。', must_act_unit_id: js1.id, due: '2025-09-03' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.must_act_unit_id, js1.id);
  assert.equal(r.body.due, '2025-09-03');
  assert.equal(r.body.leader_name, '张国强');
  const list = await officer.get(`/api/v1/cases/${k.id}/instructions`);
  assert.equal(list.body.items.length, 1);
  assert.match(list.body.items[0].text, /依法妥善处理/);
  const ev = await officer.get(`/api/v1/cases/${k.id}/events`);
  assert.deepEqual(ev.body.items.map((e) => e.action), ['register', 'instruct']);
  assert.match(ev.body.items[1].summary, /批示/);
  // Only a leader; the text is required; the due date cannot precede it.
  errorOf(await officer.post(`/api/v1/cases/${k.id}/instructions`, { text: '阅' }), 403, 'forbidden');
  assert.equal(errorOf(await leader.post(`/api/v1/cases/${k.id}/instructions`, {}), 422, 'invalid').field, 'text');
  assert.equal(errorOf(await leader.post(`/api/v1/cases/${k.id}/instructions`, { text: '阅', due: '2025-08-01' }), 422, 'invalid').field, 'due');
  assert.equal(errorOf(await leader.post(`/api/v1/cases/${k.id}/instructions`, { text: '阅', colour: 1 }), 422, 'invalid').field, 'colour');
});

test('包案: a leader takes a case; listed on the case and in the leader list, once', async () => {
  const k = await register(js, letter());
  const r = await jsLeader.post(`/api/v1/cases/${k.id}/takers`, { note: '亲自约谈信访人' });
  assert.equal(r.status, 201, r.text);
  errorOf(await jsLeader.post(`/api/v1/cases/${k.id}/takers`, {}), 409, 'conflict');
  assert.equal((await js.get(`/api/v1/cases/${k.id}/takers`)).body.items[0].leader_name, '何静');
  const mine = await js.get('/api/v1/leadership/takers');
  const row = mine.body.items.find((t) => t.case_id === k.id);
  assert.equal(row.active, true);
  assert.equal(row.case_status, 'registered');
  assert.equal(row.case_number, k.number);
  assert.equal(row.case_title, k.title);
  // An officer must name the leader, and it must be a leader.
  assert.equal(errorOf(await js.post(`/api/v1/cases/${k.id}/takers`, {}), 422, 'invalid').field, 'leader_id');
  // The taking ends when the case is closed (here by mediation).
  const a = await js.post(`/api/v1/cases/${k.id}/actions`, { action: 'accept' });
  assert.equal(a.status, 200, a.text);
  const m = await js.post(`/api/v1/cases/${k.id}/actions`, { action: 'mediate', reason: '经调解双方达成和解' });
  assert.equal(m.status, 200, m.text);
  assert.equal(m.body.status, 'closed');
  const after = (await js.get(`/api/v1/cases/${k.id}/takers`)).body.items[0];
  assert.equal(after.released_on, m.body.closed_on);
});

test('包案 ends when the matter ends here: not accepted, or sent outside the system', async () => {
  for (const [action, fields] of [['not_accept', { reason: '属于劳动人事争议', channel: '04' }], ['transfer', { to_body: '郑州市人力资源和社会保障局' }]]) {
    const k = await register(js, letter());
    assert.equal((await jsLeader.post(`/api/v1/cases/${k.id}/takers`, { note: '亲自过问' })).status, 201);
    const done = await js.post(`/api/v1/cases/${k.id}/actions`, { action, date: '2025-08-20', ...fields });
    assert.equal(done.status, 200, done.text);
    const t = (await js.get(`/api/v1/cases/${k.id}/takers`)).body.items[0];
    assert.equal(t.released_on, '2025-08-20', action);
    const row = (await js.get('/api/v1/leadership/takers')).body.items.find((x) => x.case_id === k.id);
    assert.equal(row.active, false, action);
    errorOf(await (await login(srv.base, 'zz_leader')).post(`/api/v1/cases/${k.id}/takers`, {}), 409, 'invalid_transition');
  }
});

test('包案 ends when the leader declares a conflict of interest', async () => {
  const k = await register(js, letter());
  assert.equal((await jsLeader.post(`/api/v1/cases/${k.id}/takers`, { note: '亲自过问' })).status, 201);
  const rec = await jsLeader.post(`/api/v1/cases/${k.id}/recusals`, { reason: '与被反映人系同学' });
  assert.equal(rec.status, 201, rec.text);
  const today = (await js.get('/api/v1/session')).body.today;
  const t = (await js.get(`/api/v1/cases/${k.id}/takers`)).body.items[0];
  assert.equal(t.released_on, today);
  const row = (await js.get('/api/v1/leadership/takers')).body.items.find((x) => x.case_id === k.id);
  assert.equal(row.active, false);
});

test('集体访: the leader’s arrival is measured from the visit’s', async () => {
  const five = Array.from({ length: 5 }, (_, i) => ({ name: `代表${'甲乙丙丁戊'[i]}` }));
  const k = await register(js, letter({ channel: 'visit', petitioners: five, headcount: 30 }));
  assert.equal(k.flags.collective, true);
  const r = await jsLeader.post(`/api/v1/cases/${k.id}/onsite`, { visit_arrived_at: '2025-08-19T09:10:00+08:00', leader_arrived_at: '2025-08-19T09:55:00+08:00' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.minutes, 45);
  assert.equal((await js.get(`/api/v1/cases/${k.id}/onsite`)).body.items[0].minutes, 45);
  assert.equal(errorOf(await jsLeader.post(`/api/v1/cases/${k.id}/onsite`, { visit_arrived_at: '2025-08-19 09:10', leader_arrived_at: '2025-08-19T09:55:00+08:00' }), 422, 'invalid').field, 'visit_arrived_at');
  assert.equal(errorOf(await jsLeader.post(`/api/v1/cases/${k.id}/onsite`, { visit_arrived_at: '2025-08-19T10:10:00+08:00', leader_arrived_at: '2025-08-19T09:55:00+08:00' }), 422, 'invalid').field, 'leader_arrived_at');
  // Not before the visit was received (2025-08-01).
  assert.equal(errorOf(await jsLeader.post(`/api/v1/cases/${k.id}/onsite`, { visit_arrived_at: '2025-07-30T09:10:00+08:00', leader_arrived_at: '2025-07-30T09:20:00+08:00' }), 422, 'invalid').field, 'visit_arrived_at');
  const single = await register(js, letter());
  errorOf(await jsLeader.post(`/api/v1/cases/${single.id}/onsite`, { visit_arrived_at: '2025-08-19T09:10:00+08:00', leader_arrived_at: '2025-08-19T09:20:00+08:00' }), 409, 'invalid_transition');
});

test('接访日 with the visits received', async () => {
  const k = await register(officer, letter({ channel: 'visit' }));
  const late = await register(officer, letter({ channel: 'visit', received_on: '2025-08-16' }));
  const leaderId = (await leader.get('/api/v1/session')).body.user.id;
  assert.equal(errorOf(await officer.post('/api/v1/leadership/receptions', { leader_id: leaderId, day: '2025-08-15', case_ids: [late.id] }), 422, 'invalid').field, 'case_ids');
  const r = await officer.post('/api/v1/leadership/receptions', { leader_id: leaderId, day: '2025-08-15', place: '厅信访接待室', case_ids: [k.id] });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.body.case_ids, [k.id]);
  const l = await leader.get('/api/v1/leadership/receptions?from=2025-08-01&to=2025-08-31');
  assert.equal(l.body.items.find((x) => x.id === r.body.id).visits, 1);
  assert.equal(errorOf(await officer.post('/api/v1/leadership/receptions', { day: '2025-08-15' }), 422, 'invalid').field, 'leader_id');
  // A visit received that day is linked later; once only; only a case one may see.
  const k2 = await register(officer, letter({ channel: 'visit' }));
  const link = await officer.post(`/api/v1/leadership/receptions/${r.body.id}/cases`, { case_id: k2.id });
  assert.equal(link.status, 200, link.text);
  assert.deepEqual(link.body.case_ids.sort(), [k.id, k2.id].sort());
  assert.equal(errorOf(await officer.post(`/api/v1/leadership/receptions/${r.body.id}/cases`, { case_id: k2.id }), 409, 'conflict').field, 'case_id');
  const other = await register(schoolB, letter());
  assert.equal(errorOf(await js.post(`/api/v1/leadership/receptions/${r.body.id}/cases`, { case_id: other.id }), 404, 'not_found').message.length > 0, true);
  // Linked later too: a visit (not a letter), received by that day.
  const letterCase = await register(officer, letter());
  assert.equal(errorOf(await officer.post(`/api/v1/leadership/receptions/${r.body.id}/cases`, { case_id: letterCase.id }), 422, 'invalid').field, 'case_id');
  assert.equal(errorOf(await officer.post(`/api/v1/leadership/receptions/${r.body.id}/cases`, { case_id: late.id }), 422, 'invalid').field, 'case_id');
  // A day not yet come has received nobody.
  const ahead = await officer.post('/api/v1/leadership/receptions', { leader_id: leaderId, day: '2025-09-15', place: '厅信访接待室' });
  assert.equal(ahead.status, 201, ahead.text);
  assert.equal(errorOf(await officer.post(`/api/v1/leadership/receptions/${ahead.body.id}/cases`, { case_id: k.id }), 422, 'invalid').field, 'case_id');
});

test('专题汇报: recorded per half-year; units without one are flagged; siblings unseen', async () => {
  const a = byCode('HA-ZZ-JS-WHL1X'), b = byCode('HA-ZZ-JS-WWL1X');
  const r = await schoolALeader.post('/api/v1/leadership/briefings', { held_on: '2025-03-12', chair: '林涛', summary: '听取上半年信访工作汇报，研究解决补课收费问题。' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.half, 1);
  assert.equal(r.body.unit_id, a.id);
  const miss = await js.get('/api/v1/leadership/briefings/missing?year=2025&half=1');
  assert.equal(miss.status, 200, miss.text);
  const ids = miss.body.items.map((u) => u.unit_id);
  assert.ok(!ids.includes(a.id));
  assert.ok(ids.includes(b.id));
  assert.equal(miss.body.items.find((u) => u.unit_id === b.id).overdue, true);	// 06-30 has passed
  errorOf(await schoolB.get(`/api/v1/leadership/briefings?unit_id=${a.id}`), 404, 'not_found');
  assert.ok(!(await schoolB.get('/api/v1/leadership/briefings')).body.items.some((x) => x.unit_id === a.id));
  assert.equal(errorOf(await schoolALeader.post('/api/v1/leadership/briefings', { held_on: '2025-09-01', chair: '林涛', summary: 'x' }), 422, 'invalid').field, 'held_on');
  assert.equal(errorOf(await schoolALeader.post('/api/v1/leadership/briefings', { unit_id: b.id, held_on: '2025-03-01', chair: '林涛', summary: 'x' }), 422, 'invalid').field, 'unit_id');
});

test('社会稳定风险评估: a decision without an assessment is flagged; petitions link to it', async () => {
  const ok = await jsLeader.post('/api/v1/leadership/risks', { decision: '调整学区划分方案', decided_on: '2025-06-01', assessed_on: '2025-05-10', risk_level: 'medium', office_opinion: '建议分步实施', consultation: '召开听证会两次' });
  assert.equal(ok.status, 201, ok.text);
  assert.deepEqual(ok.body.flags, []);
  const bad = await jsLeader.post('/api/v1/leadership/risks', { decision: '取消课后服务收费', decided_on: '2025-07-01' });
  assert.deepEqual(bad.body.flags, ['no_assessment']);
  const k = await register(js, letter());
  const link = await js.post(`/api/v1/leadership/risks/${bad.body.id}/cases`, { case_id: k.id });
  assert.equal(link.status, 200, link.text);
  assert.deepEqual(link.body.case_ids, [k.id]);
  const flagged = await js.get('/api/v1/leadership/risks?flagged=true');
  assert.deepEqual(flagged.body.items.map((x) => x.id), [bad.body.id]);
  assert.equal(errorOf(await jsLeader.post('/api/v1/leadership/risks', { decision: 'x', assessed_on: '2025-05-10' }), 422, 'invalid').field, 'risk_level');
  errorOf(await schoolA.get(`/api/v1/leadership/risks?unit_id=${byCode('HA-ZZ-JS').id}`), 404, 'not_found');
  // Kept over time: assessed first, the decision's date once taken.
  const early = await jsLeader.post('/api/v1/leadership/risks', { decision: '撤并村小教学点', assessed_on: '2025-05-02', risk_level: 'high' });
  assert.equal(early.status, 201, early.text);
  const later = await jsLeader.patch(`/api/v1/leadership/risks/${early.body.id}`, { decided_on: '2025-06-15', office_opinion: '建议暂缓' });
  assert.equal(later.status, 200, later.text);
  assert.equal(later.body.decided_on, '2025-06-15');
  assert.equal(later.body.risk_level, 'high');
  assert.equal(errorOf(await jsLeader.patch(`/api/v1/leadership/risks/${early.body.id}`, { decided_on: '2099-01-01' }), 422, 'invalid').field, 'decided_on');
  assert.equal(errorOf(await jsLeader.patch(`/api/v1/leadership/risks/${bad.body.id}`, { assessed_on: '2025-06-20' }), 422, 'invalid').field, 'risk_level');
  const fixed = await jsLeader.patch(`/api/v1/leadership/risks/${bad.body.id}`, { assessed_on: '2025-06-20', risk_level: 'low' });
  assert.equal(fixed.status, 200, fixed.text);
  assert.ok(!fixed.body.flags.includes('no_assessment'), fixed.text);
  errorOf(await schoolA.patch(`/api/v1/leadership/risks/${early.body.id}`, { office_opinion: 'x' }), 404, 'not_found');
});

test('矛盾纠纷排查 with issues, owners and states', async () => {
  const r = await js.post('/api/v1/leadership/screenings', { kind: 'concentrated', held_on: '2025-08-10', scope: '秋季开学前校外培训、收费问题集中排查',
    issues: [{ description: '某培训机构停业未退费', owner: '基础教育股', due: '2025-09-10' }] });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.issues.length, 1);
  assert.equal(r.body.issues[0].state, 'open');
  const u = await js.patch(`/api/v1/leadership/issues/${r.body.issues[0].id}`, { state: 'resolved', resolved_on: '2025-08-18' });
  assert.equal(u.status, 200, u.text);
  assert.equal(u.body.state, 'resolved');
  assert.equal(errorOf(await js.patch(`/api/v1/leadership/issues/${r.body.issues[0].id}`, { state: 'resolved', resolved_on: '2025-08-09' }), 422, 'invalid').field, 'resolved_on');
  assert.equal(errorOf(await js.post('/api/v1/leadership/screenings', { kind: 'weekly', held_on: '2025-08-10', scope: 'x' }), 422, 'invalid').field, 'kind');
  errorOf(await schoolA.patch(`/api/v1/leadership/issues/${r.body.issues[0].id}`, { state: 'open' }), 404, 'not_found');
  // Due no earlier than the screening that found it; an open one past it is marked (today 08-20).
  const bad = await js.post('/api/v1/leadership/screenings', { kind: 'periodic', held_on: '2025-08-10', scope: '月度排查',
    issues: [{ description: '家长反映食堂收费', owner: '后勤股', due: '2025-08-05' }] });
  assert.equal(errorOf(bad, 422, 'invalid').field, 'due');
  const late = await js.post('/api/v1/leadership/screenings', { kind: 'periodic', held_on: '2025-08-01', scope: '月度排查',
    issues: [{ description: '家长反映食堂收费', owner: '后勤股', due: '2025-08-15' }, { description: '校车接送', owner: '安全股', due: '2025-08-30' }] });
  assert.equal(late.status, 201, late.text);
  assert.deepEqual(late.body.issues.map((x) => x.overdue), [true, false]);
});

test('领导小组: one 第一责任人; 一岗双责 names its area; siblings unseen', async () => {
  const a = byCode('HA-ZZ-JS-WHL1X');
  const two = await schoolALeader.put(`/api/v1/leadership/groups/${a.id}`, { head: '林涛', members: [
    { name: '林涛', post: '校长', duty: 'first' }, { name: '王某', post: '书记', duty: 'first' }] });
  assert.equal(errorOf(two, 422, 'invalid').field, 'members');
  assert.equal(errorOf(await schoolALeader.put(`/api/v1/leadership/groups/${a.id}`, { head: '林涛', members: [
    { name: '林涛', post: '校长', duty: 'first' }, { name: '赵某', post: '副校长', duty: 'dual' }] }), 422, 'invalid').field, 'area');
  // 第六条: the 组长 is the 主要负责同志, the 第一责任人.
  assert.equal(errorOf(await schoolALeader.put(`/api/v1/leadership/groups/${a.id}`, { head: '张三', members: [
    { name: '林涛', post: '校长', duty: 'first' }] }), 422, 'invalid').field, 'head');
  const r = await schoolALeader.put(`/api/v1/leadership/groups/${a.id}`, { head: '林涛', established_on: '2025-02-01', members: [
    { name: '林涛', post: '校长', duty: 'first' }, { name: '高雅', post: '副校长', duty: 'direct', area: '信访工作' },
    { name: '赵某', post: '副校长', duty: 'dual', area: '招生、收费' }] });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.members.map((m) => m.duty), ['first', 'direct', 'dual']);
  assert.equal((await schoolA.get(`/api/v1/leadership/groups/${a.id}`)).body.head, '林涛');
  errorOf(await schoolB.get(`/api/v1/leadership/groups/${a.id}`), 404, 'not_found');
  errorOf(await schoolA.put(`/api/v1/leadership/groups/${a.id}`, { head: 'x', members: [] }), 403, 'forbidden');
});
