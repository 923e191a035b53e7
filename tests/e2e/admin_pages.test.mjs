// The management pages offer what the server will do for the user, and
// nothing it will refuse: the supervising unit closes its supervisions, a
// leader decides measures only within its 干部管理权限, only the province's
// admin edits the calendar and is warned from 1 December when next year's is
// missing; the action buttons stay on a 1366-px screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startUi, login, ADMIN_PW, DEMO_PW } from './server.mjs';
import { launch, watchedPage, switchUser } from './browser.mjs';
import { admin } from '../api/lib/server.mjs';

const LAPTOP = { width: 1366, height: 768 };
let srv, browser, a, units, caseNumber;
const U = (code) => units.find((u) => u.code === code).id;
before(async () => {
  srv = await startUi({ today: '2026-12-07' });	// 2027's arrangement not yet loaded
  browser = await launch();
  a = await admin(srv.base);
  units = (await a.get('/api/v1/units')).body.items;
  const mk = await a.post('/api/v1/users', { username: 'zz_admin', password: 'Abcdefg1x', name: '市管理员', unit_id: U('HA-ZZ'), roles: ['admin'] });
  assert.equal(mk.status, 201, mk.text);
  // The city supervises one of the county's cases; the county accounts for a lapse.
  const js = await login(srv.base, 'js_officer');
  const k = await js.post('/api/v1/cases', {
    channel: 'letter', received_on: '2026-12-01', class: 'claim', category: '0301', title: '教辅资料费',
    content: '学校统一征订教辅资料并收费，请求查处。', petitioners: [{ name: '钱某', phone: '13700137009' }],
  });
  assert.equal(k.status, 201, k.text);
  caseNumber = k.body.number;
  const sv = await (await login(srv.base, 'zz_officer')).post('/api/v1/supervisions', { case_id: k.body.id, form: 'phone', problem: '请说明办理进度。' });
  assert.equal(sv.status, 201, sv.text);
  const f = await (await login(srv.base, 'zz_leader')).post('/api/v1/accountability/findings', { unit_id: U('HA-ZZ-JS'), situation: 3, facts: '未按期受理，造成重复信访。', found_on: '2026-12-04' });
  assert.equal(f.status, 201, f.text);
});
after(async () => { await browser?.close(); await srv?.close(); });

test('the supervising city closes its supervision at 1366 px; the buttons are on screen', async () => {
  const { page, problems } = await watchedPage(browser.ctx, { viewport: LAPTOP });
  await switchUser(page, srv.base, 'zz_officer', DEMO_PW);
  await page.goto(`${srv.base}/supervision`, { waitUntil: 'networkidle' });
  const row = page.locator('[data-test=sup-table] .el-table__row', { hasText: caseNumber }).filter({ visible: true }).first();
  await row.waitFor();
  const close = row.getByRole('button', { name: '办结' });
  assert.equal(await close.count(), 1, 'an officer of the supervising unit may close');
  const box = await close.boundingBox();
  assert.ok(box && box.x + box.width <= LAPTOP.width, `办结 at ${JSON.stringify(box)}`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a leader is offered no measure on its own unit; the city above is', async () => {
  const { page, problems } = await watchedPage(browser.ctx, { viewport: LAPTOP });
  for (const [user, offered] of [['js_leader', false], ['zz_leader', true]]) {
    await switchUser(page, srv.base, user, DEMO_PW);
    await page.goto(`${srv.base}/accountability`, { waitUntil: 'networkidle' });
    await page.getByText('未按期受理，造成重复信访').first().click();
    await page.locator('[data-test=measures-table]').waitFor();
    assert.equal(await page.locator('[data-test=add-unit-measure]').filter({ visible: true }).count(), offered ? 1 : 0, user);
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('the calendar is the province admin\'s to edit, and he is warned about next year on the workbench', async () => {
  const { page, problems } = await watchedPage(browser.ctx, { viewport: LAPTOP });
  await switchUser(page, srv.base, 'zz_admin', 'Abcdefg1x');
  await page.goto(`${srv.base}/admin/calendar`, { waitUntil: 'networkidle' });
  await page.locator('[data-test=cal-readonly]').waitFor();
  assert.equal(await page.locator('[data-test=save-cal]').count(), 0);
  await page.goto(`${srv.base}/workbench`, { waitUntil: 'networkidle' });
  assert.equal(await page.locator('[data-test=cal-warning]').count(), 0, 'the city admin cannot load it');

  await switchUser(page, srv.base, 'admin', ADMIN_PW);
  await page.goto(`${srv.base}/workbench`, { waitUntil: 'networkidle' });
  const warn = page.locator('[data-test=cal-warning]');
  await warn.waitFor();
  assert.match(await warn.innerText(), /2027年/);
  await page.goto(`${srv.base}/admin/calendar`, { waitUntil: 'networkidle' });
  await page.locator('[data-test=save-cal]').waitFor();
  assert.equal(await page.locator('[data-test=cal-readonly]').count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a unit code already used is said beside the code field, once', async () => {
  const { page, problems } = await watchedPage(browser.ctx, { viewport: LAPTOP, allow: [{ url: /\/api\/v1\/units$/, status: 409 }] });
  await switchUser(page, srv.base, 'admin', ADMIN_PW);
  await page.goto(`${srv.base}/admin/units`, { waitUntil: 'networkidle' });
  await page.getByRole('button', { name: '新增单位' }).click();
  const dlg = page.locator('.el-dialog').filter({ visible: true });
  await dlg.locator('.el-form-item').filter({ hasText: '名称' }).locator('input').first().fill('重复代码测试学校');
  await dlg.locator('.el-form-item').filter({ hasText: '代码' }).locator('input').fill('HA-ZZ-JS');
  await dlg.getByRole('button', { name: '保存' }).click();
  const err = dlg.locator('.el-form-item').filter({ hasText: '代码' }).locator('.el-form-item__error');
  await err.waitFor();
  assert.match(await err.innerText(), /单位代码“HA-ZZ-JS”已被使用/);
  assert.equal(await dlg.locator('.el-alert').count(), 0, 'not repeated above the buttons');
  assert.deepEqual(problems.filter((p) => !/409/.test(p)), []);
  await page.close();
});

test('the menu offers 督办 and 统计分析 to every role that may read them', async () => {
  const { page, problems } = await watchedPage(browser.ctx, { viewport: LAPTOP });
  for (const user of ['viewer', 'handler']) {
    await switchUser(page, srv.base, user, DEMO_PW);
    for (const item of ['督办', '统计分析']) {
      await page.locator('.el-menu-item', { hasText: item }).first().click();
      await page.locator('.page-title', { hasText: item }).first().waitFor();
    }
  }
  assert.deepEqual(problems, []);
  await page.close();
});
