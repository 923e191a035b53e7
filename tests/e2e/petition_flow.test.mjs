// A letter from registration to the petitioner's rating, as the people who
// handle it would click through it: the officer registers and accepts it,
// the handler in the business department replies and delivers, and the
// petitioner looks it up on a phone and rates the reply.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startUi, addDays, DEMO_PW } from './server.mjs';
import { launch, watchedPage, loginUI, pickSelect, pickCascader } from './browser.mjs';
import { idCheckDigit } from '../../web/src/common/validate.js';

let srv, browser;
const ID17 = '41010519850312301';
const ID = ID17 + idCheckDigit(ID17);
const BAD_ID = ID17 + (idCheckDigit(ID17) === '0' ? '1' : '0');
const TITLE = '孩子学籍转入手续迟迟不予办理';
const shared = {};

before(async () => {
  srv = await startUi();
  browser = await launch();
});
after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.close();
});

function clean(problems, what) {
  assert.deepEqual(problems, [], `${what}: console errors or failed requests`);
}

test('an officer registers a letter, with live checks while typing', async () => {
  const { page, problems } = await watchedPage(browser.ctx);
  await loginUI(page, srv.base, 'officer', DEMO_PW);
  await page.getByRole('menuitem', { name: '登记' }).click();
  await page.waitForURL('**/register');

  await page.getByRole('radio', { name: '来信' }).check({ force: true });
  await page.fill('[data-test=petitioner-0] input[name=pet-name]', '张秀英');
  // A wrong check digit is shown at once, before anything is saved.
  await page.fill('[data-test=petitioner-0] input[name=pet-id]', BAD_ID);
  await assert.doesNotReject(page.getByText('身份证号校验位不正确').waitFor({ timeout: 3000 }));
  await page.fill('[data-test=petitioner-0] input[name=pet-id]', ID);
  await page.getByText('身份证号校验位不正确').waitFor({ state: 'detached' });
  await page.fill('[data-test=petitioner-0] input[name=pet-phone]', '1380013');
  await page.getByText('电话应为11位手机号').waitFor();
  await page.fill('[data-test=petitioner-0] input[name=pet-phone]', '13800138000');
  await page.fill('[data-test=petitioner-0] input[name=pet-address]', '郑州市金水区文化路8号');

  await page.getByRole('radio', { name: '申诉求决类' }).check({ force: true });
  await pickCascader(page, page.locator('[data-test=category]'), '学籍');
  await page.fill('input[name=title]', TITLE);
  await page.fill('textarea[name=content]', '我的孩子从外省转学回郑州，学校以学籍系统未开放为由拖延三个月不办理转入手续，请求教育部门督促学校依规办理。');

  await page.click('[data-test=save]');
  const dialog = page.locator('[data-test=done-dialog]').filter({ visible: true });
  await dialog.waitFor();
  shared.number = (await page.locator('[data-test=new-number]').innerText()).trim();
  shared.code = (await page.locator('[data-test=query-code]').innerText()).trim();
  assert.match(shared.number, /\S{6,}/, 'the new case has a number');
  assert.match(shared.code, /^\S{6,}$/, 'a query code of 6+ characters is shown once');
  // The live check that was still due (500 ms after typing) must not take
  // the case just saved for an earlier one.
  await page.waitForTimeout(1500);
  assert.equal(await page.locator('[data-test=dup-warning]').filter({ hasText: shared.number }).count(), 0, 'flagged as a duplicate of itself');

  await page.click('[data-test=open-case]');
  await page.waitForURL(/\/cases\/\d+$/);
  shared.caseUrl = page.url();
  assert.equal((await page.locator('[data-test=case-number]').innerText()).trim(), shared.number);
  assert.equal((await page.locator('[data-test=case-status]').innerText()).trim(), '已登记');
  // The registrar sees the petitioner (not a confidential accusation).
  await page.locator('[data-test=petitioners]').getByText(ID).waitFor();
  // Deadlines carry their rule.
  await page.locator('[data-test=deadlines]').getByText('条').first().waitFor();
  // In full, readable without hovering, and no internal profile code.
  const rule = page.locator('[data-test=dl-rule]').first();
  assert.match(await rule.innerText(), /《信访工作条例》第二十二条/);
  assert.ok(await rule.evaluate((el) => el.scrollWidth <= el.clientWidth + 1), 'the rule is cut off');
  assert.equal(await page.locator('[data-test=deadlines]').getByText('national-2022').count(), 0);

  // Accept it, naming the business department that will handle it.
  await page.locator('[data-test=actions] [data-action=accept]').click();
  const dlg = page.locator('[data-test=action-dialog]').filter({ visible: true });
  await dlg.waitFor();
  await pickSelect(page, dlg.locator('.el-form-item').filter({ hasText: '主办部门' }).locator('.el-select'), '基础教育处');
  await dlg.locator('[data-test=action-submit]').click();
  await page.locator('[data-test=case-status]').filter({ hasText: '办理中' }).waitFor();
  await page.locator('[data-test=timeline]').getByText('受理', { exact: true }).waitFor();
  // A second letter from the same person is flagged while it is typed.
  await page.getByRole('menuitem', { name: '登记' }).click();
  await page.waitForURL('**/register');
  await page.fill('[data-test=petitioner-0] input[name=pet-name]', '张秀英');
  await page.fill('[data-test=petitioner-0] input[name=pet-id]', ID);
  await page.fill('textarea[name=content]', '学校仍未办理孩子的学籍转入手续。');
  const warn = page.locator('[data-test=dup-warning]');
  await warn.waitFor();
  assert.match(await warn.innerText(), /重复/);
  assert.match(await warn.innerText(), new RegExp(shared.number));
  clean(problems, 'register and accept');
  await page.close();
});

test('the handler replies to it and records the delivery', async () => {
  assert.ok(shared.caseUrl, 'registered in the previous step');
  const { page, problems } = await watchedPage(browser.ctx);
  // Same browser profile: log the officer out first, through the menu.
  await page.goto(srv.base + '/workbench', { waitUntil: 'networkidle' });
  await page.click('[data-test=user-menu]');
  await page.getByText('退出登录').click();
  await page.waitForURL('**/login');
  await loginUI(page, srv.base, 'handler', DEMO_PW);
  // The case is on the handler's to-do list.
  await page.locator('[data-test=todo]').getByText(shared.number).waitFor();
  await page.goto(shared.caseUrl);

  await page.locator('[data-test=actions] [data-action=reply]').click();
  const dlg = page.locator('[data-test=action-dialog]').filter({ visible: true });
  await dlg.waitFor();
  await dlg.getByRole('radio', { name: '支持', exact: true }).check({ force: true });
  await dlg.locator('textarea[name=request]').fill('请求学校办理孩子的学籍转入手续。');
  await dlg.locator('textarea[name=facts]').fill('经核实，该生转学材料齐全，学校未及时在学籍系统中提交转入申请。');
  await dlg.locator('textarea[name=decision]').fill('责成学校五个工作日内办结转入手续。');
  await dlg.locator('textarea[name=basis]').fill('《中小学生学籍管理办法》第十三条');
  // "support" needs an execution date: the form says so before sending.
  await dlg.locator('[data-test=action-submit]').click();
  await dlg.getByText('支持的意见须写明落实期限').waitFor();
  const today = (await page.locator('[data-test=today]').innerText()).replace(/[^\d-]/g, '');
  await dlg.locator('.el-form-item').filter({ hasText: '落实期限' }).locator('input').fill(addDays(today, 20));
  await dlg.locator('.el-form-item').filter({ hasText: '落实期限' }).locator('input').press('Enter');
  await dlg.locator('[data-test=action-submit]').click();
  await page.locator('[data-test=case-status]').filter({ hasText: '已答复' }).waitFor();

  await page.locator('[data-test=actions] [data-action=deliver]').click();
  const dlg2 = page.locator('[data-test=action-dialog]').filter({ visible: true });
  await dlg2.waitFor();
  await dlg2.locator('input[name=proof]').fill('送达回证：信访人张秀英本人签收');
  await dlg2.locator('[data-test=action-submit]').click();
  await page.locator('[data-test=timeline]').getByText('送达', { exact: true }).waitFor();
  clean(problems, 'reply and deliver');
  await page.close();
});

test('the petitioner looks it up on a phone and rates the reply', async () => {
  assert.ok(shared.code, 'registered in the first step');
  const { page, problems } = await watchedPage(browser.ctx, { viewport: { width: 375, height: 667 } });
  await page.goto(srv.base + '/portal');
  await page.click('[data-test=tab-lookup]');
  await page.fill('input[name=number]', shared.number);
  await page.fill('input[name=code]', shared.code);
  await page.click('[data-test=do-lookup]');
  const result = page.locator('[data-test=lookup-result]');
  await result.waitFor();
  // Every step has its date; registration and reply are among them.
  const stamps = await result.locator('.el-timeline-item__timestamp').allInnerTexts();
  assert.ok(stamps.length >= 3, `steps shown: ${stamps.length}`);
  for (const s of stamps) assert.match(s.trim(), /^\d{4}-\d{2}-\d{2}$/);
  // Nothing is wider than the phone.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the 375px screen`);

  const box = page.locator('[data-test=rate-box]');
  await box.waitFor();
  await box.getByRole('radio', { name: '满意', exact: true }).check({ force: true });
  await box.locator('textarea').fill('学校已经办好了，谢谢。');
  await page.click('[data-test=do-rate]');
  await page.locator('[data-test=rated]').waitFor();
  assert.equal(await page.locator('[data-test=rate-box]').count(), 0, 'no second rating offered');
  clean(problems, 'portal lookup and rating');
  await page.close();
});

test('a wrong query code reveals nothing', async () => {
  assert.ok(shared.number);
  const { page, problems } = await watchedPage(browser.ctx, {
    viewport: { width: 375, height: 667 }, allow: [{ url: /\/api\/v1\/public\/cases\//, status: 404 }],
  });
  await page.goto(srv.base + '/portal');
  await page.click('[data-test=tab-lookup]');
  await page.fill('input[name=number]', shared.number);
  await page.fill('input[name=code]', 'WRONG1');
  await page.click('[data-test=do-lookup]');
  await page.getByText('编号或查询码不正确').waitFor();
  assert.equal(await page.locator('[data-test=lookup-result]').count(), 0);
  clean(problems, 'wrong code');
  await page.close();
});
