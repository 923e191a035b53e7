// The petitioner's portal (SPEC §8): submit online, look up with number and
// query code, see the steps, rate the answer once, ask for 复查 inside the
// window; wrong pairs reveal nothing and are rate-limited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, Client, admin, errorOf } from './lib/server.mjs';
import { act, replyParts, letter, register } from './lib/cases.mjs';

let srv, pub, js, units;
const U = (code) => units.find((u) => u.code === code).id;
before(async () => {
  srv = await startServer({ today: '2025-09-01' });
  pub = new Client(srv.base);
  js = await login(srv.base, 'js_officer');
  units = (await (await admin(srv.base)).get('/api/v1/units')).body.items;
});
after(async () => { await srv.close(); });

const petition = (over = {}) => ({
  unit_id: U('HA-ZZ-JS'), class: 'claim', category: '0901',
  title: '孩子入学被拒', content: '我家户籍在金水区某小区，按学区应就读文化路第一小学，但学校以学位已满为由拒绝接收，请求依法安排入学。',
  petitioner: { name: '孙丽', phone: '13700137000' }, ...over,
});

test('submit online, look up, follow the steps, rate once, request review', async () => {
  const s = await pub.post('/api/v1/public/petitions', petition());
  assert.equal(s.status, 201, s.text);
  const { number, query_code: code } = s.body;
  assert.match(code, /^[A-Z2-9]{8}$/);
  const look = await pub.get(`/api/v1/public/cases/${number}?code=${code}`);
  assert.equal(look.status, 200);
  assert.equal(look.body.status, 'registered');
  assert.equal(look.body.steps[0].title, '信访事项已登记');
  assert.equal(look.body.can_evaluate, false);
  // The bureau sees it as an online item in its unit.
  const list = await js.get('/api/v1/cases?channel=online');
  const item = list.body.items.find((i) => i.number === number);
  assert.ok(item);
  await act(js, item.id, 'accept');
  await act(js, item.id, 'reply', { ...replyParts, outcome: 'support', execute_by: '2025-09-10' });
  const early = await pub.post(`/api/v1/public/cases/${number}/evaluation`, { code, rating: 'satisfied' });
  assert.equal(early.status, 409);
  await act(js, item.id, 'deliver', { method: 'electronic', proof: '网上信访平台推送记录' });
  const after = await pub.get(`/api/v1/public/cases/${number}?code=${code}`);
  // Typed on a phone, in lower case: the same case.
  const typed = await pub.get(`/api/v1/public/cases/${number.toLowerCase()}?code=${code.toLowerCase()}`);
  assert.equal(typed.status, 200);
  assert.equal(typed.body.number, number);
  // From a Chinese keyboard in full-width mode, or copied with spaces.
  const wide = (x) => [...x].map((ch) => (ch >= '!' && ch <= '~' ? String.fromCharCode(ch.charCodeAt(0) + 0xfee0) : ch)).join('');
  for (const [n, k] of [[wide(number), wide(code)], [number, `${code.slice(0, 4)} ${code.slice(4)}`], [number, `${code.slice(0, 4)}\u3000${code.slice(4)}`]]) {
    const v = await pub.get(`/api/v1/public/cases/${encodeURIComponent(n)}?code=${encodeURIComponent(k)}`);
    assert.equal(v.status, 200, `${n} ${k}: ${v.text}`);
    assert.equal(v.body.number, number);
  }
  assert.equal((await pub.get(`/api/v1/public/cases/${number}?code=${encodeURIComponent(wide('ABCDEFGH'))}`)).status, 404);
  assert.deepEqual(after.body.steps.map((x) => x.action), ['register', 'accept', 'reply', 'deliver']);
  assert.equal(after.body.can_evaluate, true);
  assert.equal(after.body.can_request_review, true);
  assert.equal(after.body.request_deadline, '2025-10-09');	// 10-01 + rolls past National Day
  const bad = await pub.post(`/api/v1/public/cases/${number}/evaluation`, { code, rating: 'great' });
  assert.equal(bad.status, 422);
  assert.equal(bad.body.error.field, 'rating');
  const ok = await pub.post(`/api/v1/public/cases/${number}/evaluation`, { code, rating: 'dissatisfied', comment: '学校仍未安排' });
  assert.equal(ok.status, 201);
  const twice = await pub.post(`/api/v1/public/cases/${number}/evaluation`, { code, rating: 'satisfied' });
  assert.equal(twice.status, 409);
  const wb = (await js.get('/api/v1/workbench')).body.counts;
  assert.equal(wb.rated, 1);
  assert.equal(wb.satisfaction_rate, 0);
  const staff = await js.get(`/api/v1/cases/${item.id}`);
  assert.equal(staff.body.evaluations[0].rating, 'dissatisfied');
  const ans = await js.post(`/api/v1/cases/${item.id}/evaluations/${staff.body.evaluations[0].id}/answer`, { answer: '已约谈学校，安排插班就读。' });
  assert.equal(ans.status, 200);
  assert.equal(ans.body.items[0].answer, '已约谈学校，安排插班就读。');
  // Answered already: a conflict; an id not on this case: not found.
  const again = await js.post(`/api/v1/cases/${item.id}/evaluations/${staff.body.evaluations[0].id}/answer`, { answer: '再次答复。' });
  errorOf(again, 409, 'conflict');
  errorOf(await js.post(`/api/v1/cases/${item.id}/evaluations/999999/answer`, { answer: '答复。' }), 404, 'not_found');
  const rq = await pub.post(`/api/v1/public/cases/${number}/request`, { code, kind: 'review' });
  assert.equal(rq.status, 200, rq.text);
  assert.equal(rq.body.status, 'review');
  const staff2 = await js.get(`/api/v1/cases/${item.id}`);
  assert.equal(staff2.body.unit_id, U('HA-ZZ'));
  // The city's 复查意见, rated: the rating is the city's, not the county's.
  const zz = await login(srv.base, 'zz_officer');
  await act(zz, item.id, 'review_decision', { ...replyParts, outcome: 'explain' });
  await act(zz, item.id, 'deliver', { method: 'electronic', proof: '网上信访平台推送记录' });
  const rr = await pub.post(`/api/v1/public/cases/${number}/evaluation`, { code, rating: 'dissatisfied', comment: '复查也没解决' });
  assert.equal(rr.status, 201, rr.text);
  assert.equal(rr.body.level, 'review');
  const evs = (await zz.get(`/api/v1/cases/${item.id}/evaluations`)).body.items;
  assert.deepEqual(evs.map((e) => [e.level, e.unit_id]), [['reply', U('HA-ZZ-JS')], ['review', U('HA-ZZ')]]);
});

test('a page of another site cannot file a petition through a visitor\'s browser', async () => {
  const body = JSON.stringify(petition({ title: '跨站提交', content: '这是从其他网站的页面发出的请求。' }));
  const post = (headers) => fetch(`${srv.base}/api/v1/public/petitions`, { method: 'POST', headers, body });
  // A form or fetch on evil.example: text/plain is sent without a preflight.
  const evil = await post({ 'Content-Type': 'text/plain', Origin: 'https://evil.example' });
  assert.equal(evil.status, 403);
  const e = await evil.json();
  assert.equal(e.error.code, 'forbidden');
  assert.match(e.error.message, /其他网站/);
  assert.equal((await js.get(`/api/v1/cases?q=${encodeURIComponent('跨站提交')}`)).body.total, 0);
  // A form post (urlencoded) or no type at all: refused the same.
  assert.equal((await post({ 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://evil.example' })).status, 403);
  assert.equal((await post({ Origin: 'null' })).status, 403);
  // The portal's own page (same origin), and a client that is not a browser.
  const host = new URL(srv.base).host;
  assert.equal((await post({ 'Content-Type': 'application/json', Origin: `http://${host}` })).status, 201);
  assert.equal((await post({ 'Content-Type': 'application/json' })).status, 201);
  // Behind a reverse proxy that rewrites Host: the page sends JSON, which a
  // browser never sends across sites unasked, so it goes through.
  assert.equal((await post({ 'Content-Type': 'application/json', Origin: 'https://xf.jyt.henan.gov.cn' })).status, 201);
  assert.equal((await post({ 'Content-Type': 'text/plain', Origin: 'https://xf.jyt.henan.gov.cn', 'X-Forwarded-Host': 'xf.jyt.henan.gov.cn' })).status, 201);
});

test('a window already past is not offered, though the daily job has not closed the case yet', async () => {
  // Entered late (backdated actions): delivered 06-25, the 30 days ran out on 07-25.
  const k = await register(js, letter({ received_on: '2025-06-01', category: '0402', title: '补录的来信', content: '补录：反映学校职称评审问题，请求复查评审结果。' }));
  await act(js, k.id, 'accept', { date: '2025-06-02' });
  await act(js, k.id, 'reply', { ...replyParts, outcome: 'explain', date: '2025-06-20' });
  const d = await act(js, k.id, 'deliver', { method: 'in_person', proof: '本人签收', date: '2025-06-25' });
  assert.equal(d.status, 'replied');
  const look = await pub.get(`/api/v1/public/cases/${k.number}?code=${k.query_code}`);
  assert.equal(look.status, 200);
  assert.equal(look.body.request_deadline, '2025-07-25');
  assert.equal(look.body.can_request_review, false, 'SPEC §8: only inside the window');
  const late = await pub.post(`/api/v1/public/cases/${k.number}/request`, { code: k.query_code, kind: 'review' });
  assert.equal(late.status, 409);
});

test('sent to a body outside the system: the petitioner is told which', async () => {
  const k = await register(js, letter({ received_on: '2025-08-20', category: '0402', title: '工伤认定', content: '反映工伤认定不及时，请求依法认定。' }));
  const t = await act(js, k.id, 'transfer', { to_body: '郑州市人力资源和社会保障局', date: '2025-08-21' });
  assert.equal(t.status, 'transferred');
  const look = await pub.get(`/api/v1/public/cases/${k.number}?code=${k.query_code}`);
  const step = look.body.steps.find((x) => x.action === 'transfer');
  assert.ok(step, JSON.stringify(look.body.steps));
  assert.match(step.detail, /郑州市人力资源和社会保障局/, 'SPEC §3: petitioner told where it went');
});

test('a wrong code or number gets the same 404; repeated failures are rate-limited', async () => {
  const s = await pub.post('/api/v1/public/petitions', petition({ title: '另一件事', content: '学校课后服务收费不透明，请求公开收费标准和依据。', category: '0301' }));
  const { number, query_code: code } = s.body;
  const wrong = await pub.get(`/api/v1/public/cases/${number}?code=AAAAAAAA`);
  const none = await pub.get('/api/v1/public/cases/HA-XX-20250901-9999?code=AAAAAAAA');
  assert.equal(wrong.status, 404);
  assert.equal(none.status, 404);
  assert.equal(wrong.body.error.message, none.body.error.message);
  assert.ok(!wrong.text.includes(number));
  let limited = null;
  for (let i = 0; i < 40 && !limited; i++) {
    const r = await pub.get(`/api/v1/public/cases/${number}?code=BBBBBBB${i % 10}`);
    if (r.status === 429) limited = r;
  }
  assert.ok(limited, 'no rate limit after repeated failures');
  assert.equal(limited.body.error.code, 'rate_limited');
  assert.ok(Number(limited.headers.get('retry-after')) > 0, 'Retry-After');
  // Even the right code is refused while limited: guessing cannot continue.
  assert.equal((await pub.get(`/api/v1/public/cases/${number}?code=${code}`)).status, 429);
});

test('portal validation: phone required, unit must accept petitions, fields named', async () => {
  const noPhone = await pub.post('/api/v1/public/petitions', petition({ petitioner: { name: '孙丽' } }));
  assert.equal(noPhone.status, 201, noPhone.text);
  const letterChannel = await pub.post('/api/v1/public/petitions', petition({ channel: 'letter' }));
  assert.equal(letterChannel.status, 422);
  assert.equal(letterChannel.body.error.field, 'channel');
  const asCase = await pub.post('/api/v1/public/petitions', { class: 'claim', category: '0901', title: '入学问题', content: '孩子入学被拒，请求安排。', channel: 'online', petitioners: [{ name: '孙丽', phone: '13700137000' }] });
  assert.equal(asCase.status, 201, asCase.text);
  const badPhone = await pub.post('/api/v1/public/petitions', petition({ petitioner: { name: '孙丽', phone: '110' } }));
  assert.equal(badPhone.status, 422);
  assert.equal(badPhone.body.error.field, 'petitioner.phone');
  const dept = await pub.post('/api/v1/public/petitions', petition({ unit_id: U('HA-JYT-XFB') }));
  assert.equal(dept.status, 422);
  assert.equal(dept.body.error.field, 'unit_id');
  const units = await pub.get('/api/v1/public/units');
  assert.ok(units.body.items.some((u) => u.name.includes('金水区教育局')));
  assert.ok(!units.body.items.some((u) => u.kind === 'department'));
});

test('an accusation addressed to the unit it accuses goes to the authority above', async () => {
  const school = U('HA-ZZ-JS-WHL1X');
  const s = await pub.post('/api/v1/public/petitions', petition({
    unit_id: school, class: 'accusation', category: '0501', title: '举报校长收受家长财物',
    content: '文化路第一小学校长在新生入学时收受家长财物，请求上级教育部门调查处理。',
    respondent: { unit_id: school, names: ['某校长'] },
  }));
  assert.equal(s.status, 201, s.text);
  const found = (await js.get(`/api/v1/cases?q=${encodeURIComponent('收受家长财物')}`)).body.items.find((i) => i.number === s.body.number);
  assert.ok(found, 'the county bureau has it');
  assert.equal(found.unit_id, U('HA-ZZ-JS'));
  const schoolA = await login(srv.base, 'school_a');
  errorOf(await schoolA.get(`/api/v1/cases/${found.id}`), 404, 'not_found');

  // An accusation of the bureau's own petition section (a 内设机构) sent to
  // the bureau accuses the bureau: it goes to the city above, and the
  // county's leader never sees who wrote it.
  const t = await pub.post('/api/v1/public/petitions', petition({
    class: 'accusation', category: '0501', title: '举报信访股压案不办',
    content: '金水区教育局信访股对我反映的问题压案不办，还把我的信息告诉了被反映的学校，请求上级调查。',
    respondent: { unit_id: U('HA-ZZ-JS-XFG'), names: ['某股长'] },
  }));
  assert.equal(t.status, 201, t.text);
  const zz = await login(srv.base, 'zz_officer');
  const there = (await zz.get(`/api/v1/cases?q=${encodeURIComponent('压案不办')}`)).body.items.find((i) => i.number === t.body.number);
  assert.ok(there, 'the city bureau has it');
  assert.equal(there.unit_id, U('HA-ZZ'));
  const jsLeader = await login(srv.base, 'js_leader');
  errorOf(await jsLeader.get(`/api/v1/cases/${there.id}`), 404, 'not_found');
});
