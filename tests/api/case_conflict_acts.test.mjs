// 回避 (第九条, SPEC §7) is enforced on what people do, not only on what
// they see: the person an accusation names, or a user who declared a
// conflict, gives no instruction on the case, takes no action on it and
// raises or settles no supervision of it (403); and a supervision of an
// accusation never goes to the accused unit (422), as transfer never does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, admin, errorOf } from './lib/server.mjs';
import { letter, register, act } from './lib/cases.mjs';

let srv, units;
const U = (code) => units.find((u) => u.code === code).id;
before(async () => {
  srv = await startServer({ today: '2026-11-29' });
  units = (await (await admin(srv.base)).get('/api/v1/units')).body.items;
});
after(async () => { await srv.close(); });

const accusation = (over) => letter({
  received_on: '2026-11-29', class: 'accusation', category: '0501', title: '举报违规收费',
  content: '反映有关人员违规向学生收取资料费，请求查处。', ...over,
});

test('the leader an accusation names gives no instruction and raises no supervision on it', async () => {
  const schoolA = await login(srv.base, 'school_a');
  const leader = await login(srv.base, 'js_leader');	// 何静, 金水区教育局
  const k = await register(schoolA, accusation({ respondent: { names: ['何静'] } }));
  const ins = await leader.post(`/api/v1/cases/${k.id}/instructions`, { text: '请尽快了结此事。' });
  errorOf(ins, 403, 'forbidden');
  assert.match(ins.body.error.message, /回避/);
  errorOf(await leader.post('/api/v1/supervisions', {
    case_id: k.id, form: 'interview', target_unit_id: U('HA-ZZ-JS-WHL1X'), problem: '约谈承办学校。',
  }), 403, 'forbidden');
  assert.equal((await leader.get(`/api/v1/cases/${k.id}/instructions`)).body.items.length, 0);
  // Another leader of the same bureau may.
  const other = await login(srv.base, 'zz_leader');
  const ok = await other.post(`/api/v1/cases/${k.id}/instructions`, { text: '请依法依规核查。' });
  assert.equal(ok.status, 201, ok.text);
});

test('a recused officer takes no action on the case; the others still do', async () => {
  const zz = await login(srv.base, 'zz_officer');
  const k = await register(zz, accusation({ respondent: { unit_id: U('HA-ZZ-JS-WHL1X') } }));
  const rc = await zz.post(`/api/v1/cases/${k.id}/recusals`, { reason: '与信访人系亲属关系' });
  assert.ok(rc.status === 200 || rc.status === 201, rc.text);
  const a = await zz.post(`/api/v1/cases/${k.id}/actions`, { action: 'assign', to_unit_id: U('HA-ZZ-JS'), report_due: '2026-12-20' });
  errorOf(a, 403, 'forbidden');
  const now = (await (await login(srv.base, 'zz_leader')).get(`/api/v1/cases/${k.id}`)).body;
  assert.deepEqual([now.status, now.unit_id], ['registered', k.unit_id]);
  const events = (await (await login(srv.base, 'zz_leader')).get(`/api/v1/cases/${k.id}/events`)).body.items;
  assert.deepEqual(events.map((e) => e.action), ['register']);
});

test('a supervision of an accusation is not sent to the accused unit or an unrelated one', async () => {
  const zz = await login(srv.base, 'zz_officer');
  const supervisor = await login(srv.base, 'supervisor');
  const accused = U('HA-ZZ-JS-WHL1X');
  const k = await register(zz, accusation({ respondent: { unit_id: accused, names: ['某老师'] } }));
  errorOf(await zz.post(`/api/v1/cases/${k.id}/actions`, { action: 'transfer', to_unit_id: accused }), 422, 'invalid');
  const sv = await supervisor.post('/api/v1/supervisions', { case_id: k.id, form: 'letter', target_unit_id: accused, problem: '请核查反映的问题。' });
  assert.equal(errorOf(sv, 422, 'invalid').field, 'target_unit_id');
  // The bureau above the school handles it: that one may be supervised.
  await act(zz, k.id, 'assign', { to_unit_id: U('HA-ZZ-JS'), report_due: '2026-12-20' });
  const ok = await supervisor.post('/api/v1/supervisions', { case_id: k.id, form: 'letter', target_unit_id: U('HA-ZZ-JS'), problem: '请说明办理进度。' });
  assert.equal(ok.status, 201, ok.text);
  const list = (await (await login(srv.base, 'school_a')).get('/api/v1/supervisions')).body.items;
  assert.ok(!list.some((s) => s.case_id === k.id));
});

test('a recused officer does not see the petitioners of a claim either', async () => {
  const zz = await login(srv.base, 'zz_officer');
  const k = await register(zz, letter({ received_on: '2026-11-29' }));
  assert.equal((await zz.get(`/api/v1/cases/${k.id}`)).body.petitioners[0].name, '张三');
  assert.equal((await zz.post(`/api/v1/cases/${k.id}/recusals`, { reason: '信访人系本人亲属' })).status, 201);
  const c = (await zz.get(`/api/v1/cases/${k.id}`)).body;
  assert.equal(c.petitioners, undefined);
  assert.equal(c.protected, true);
  const docs = (await zz.get(`/api/v1/cases/${k.id}/documents`)).body;
  assert.deepEqual(docs.items, []);
  // Others of the unit still do.
  assert.equal((await (await login(srv.base, 'zz_leader')).get(`/api/v1/cases/${k.id}`)).body.petitioners[0].name, '张三');
});

test('the accused unit gets 404 for an accusation registered below or beside it, and never lists it', async () => {
  const js = await login(srv.base, 'js_officer');	// 金水区教育局
  const zz = await login(srv.base, 'zz_officer');	// 郑州市教育局 信访科
  const k = await register(js, accusation({ title: '举报郑州市教育局违规', content: '反映郑州市教育局有关人员在招生中违规操作，请求查处。', respondent: { unit_id: U('HA-ZZ') } }));
  errorOf(await zz.get(`/api/v1/cases/${k.id}`), 404, 'not_found');
  errorOf(await zz.get(`/api/v1/cases/${k.id}/events`), 404, 'not_found');
  errorOf(await zz.get(`/api/v1/cases/${k.id}/documents`), 404, 'not_found');
  const found = (await zz.get(`/api/v1/cases?q=${encodeURIComponent('招生中违规操作')}`)).body;
  assert.equal(found.total, 0);
  assert.ok(!(await zz.get('/api/v1/cases?per_page=200')).body.items.some((i) => i.id === k.id));
  // The province above it, and the registering county, still see it.
  assert.equal((await (await login(srv.base, 'officer')).get(`/api/v1/cases/${k.id}`)).status, 200);
  assert.equal((await js.get(`/api/v1/cases/${k.id}`)).status, 200);
  // A department accused inside the province: its own handler gets 404.
  const handler = await login(srv.base, 'handler');
  const unit = (await handler.get('/api/v1/session')).body.user.unit_id;
  const p = await register(await login(srv.base, 'officer'), accusation({ title: '举报处室人员', respondent: { unit_id: unit } }));
  errorOf(await handler.get(`/api/v1/cases/${p.id}`), 404, 'not_found');
});

test('co-departments come from the accepting unit, and the accused cannot approve an extension', async () => {
  const zz = await login(srv.base, 'zz_officer');
  const k = await register(zz, letter({ received_on: '2026-11-29' }));
  const far = await zz.post(`/api/v1/cases/${k.id}/actions`, { action: 'accept', co_unit_ids: [U('HA-JYT-JCJY')] });
  assert.equal(errorOf(far, 422, 'invalid').field, 'co_unit_ids');
  await act(zz, k.id, 'accept', { co_unit_ids: [U('HA-ZZ-JS')] });	// a bureau below: fine
  // An accusation naming the city's leader: he may not approve its extension.
  const zzLeader = await login(srv.base, 'zz_leader');
  const me = (await zzLeader.get('/api/v1/session')).body.user;
  const a = await register(zz, accusation({ respondent: { names: [me.name] } }));
  await act(zz, a.id, 'accept');
  const ext = await zz.post(`/api/v1/cases/${a.id}/actions`, { action: 'extend', days: 10, reason: '需要调查核实', approved_by: me.id });
  assert.equal(errorOf(ext, 422, 'invalid').field, 'approved_by');
});
