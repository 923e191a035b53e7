// The accountability ladder in the browser: a leader records a finding, the
// responsibilities (a written dissent bears none) and a 通报 with a
// rectification deadline; once the deadline has passed the system proposes
// 诫勉 but does not apply it; the leader applies it, and the unit loses the
// year's comprehensive honours.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startUi, restartUi, checkExit, login, addDays, DEMO_PW } from './server.mjs';
import { launch, watchedPage, loginUI, pickSelect } from './browser.mjs';

let srv, later, browser;

before(async () => {
  srv = await startUi();
  browser = await launch();
});
after(async () => {
  if (browser) await browser.close();
  if (later) checkExit(await later.stop(), later.stderr());
  if (srv) await srv.close();
});

const clean = (problems, what) => assert.deepEqual(problems, [], `${what}: console errors or failed requests`);

// Fills the Element Plus date picker of a form item (by its label) by typing.
async function fillDate(scope, label, date) {
  const input = scope.locator('.el-form-item').filter({ hasText: label }).locator('input').first();
  await input.fill(date);
  await input.press('Enter');
}

test('a 通报 past its deadline proposes 诫勉; the leader applies it and the unit loses its honours', async () => {
  // The case the finding rests on, registered by the district.
  const js = await login(srv.base, 'js_officer');
  const today = (await js.get('/api/v1/session')).body.today;
  const k = await js.post('/api/v1/cases', {
    channel: 'letter', received_on: today, class: 'claim', category: '0201', title: '学校三次答复均未落实转学手续',
    content: '信访人反映区教育局三次答复均称将督促学校办理转学，至今未落实，导致重复信访。', petitioners: [{ name: '高翠英', phone: '13500135000' }],
  });
  assert.equal(k.status, 201, k.text);
  const district = '金水区教育局';

  const { page, problems } = await watchedPage(browser.ctx);
  await loginUI(page, srv.base, 'zz_leader', DEMO_PW);
  await page.getByRole('menuitem', { name: '责任追究' }).click();
  await page.waitForURL('**/accountability');

  // The finding, under 第十四条（二）, linked to the case.
  await page.click('[data-test=new-finding]');
  const fd = page.locator('[data-test=finding-dialog]').filter({ visible: true });
  await fd.waitFor();
  await pickSelect(page, fd.locator('[data-test=finding-unit]'), district);
  await pickSelect(page, fd.locator('[data-test=finding-situation]'), '第十四条（二）');
  await fd.locator('textarea[name=facts]').fill('对信访人反映的转学问题三次答复均未落实，导致重复信访。');
  await fd.locator('input[name=finding-cases]').fill(k.body.number);
  await fd.locator('[data-test=finding-submit]').click();
  const drawer = page.locator('[data-test=finding-drawer]').filter({ visible: true });
  await drawer.getByText(k.body.number).waitFor();

  // Responsibilities: the principal bears one; a member who objected in
  // writing bears none and cannot be sanctioned.
  async function addResp(name, scope, position, objection) {
    await drawer.locator('[data-test=add-resp]').click();
    const d = page.locator('[data-test=acc-dialog]').filter({ visible: true });
    await d.waitFor();
    await d.locator('input[name=resp-name]').fill(name);
    await d.getByRole('radio', { name: scope }).check({ force: true });
    await pickSelect(page, d.locator('[data-test=resp-position]'), position);
    if (objection) {
      await d.getByText('决策时明确提出过书面反对意见').click();
      await d.locator('textarea').fill(objection);
      await fillDate(d, '提出日期', today);
    }
    await d.locator('[data-test=acc-submit]').click();
    await d.waitFor({ state: 'hidden' });
    return drawer.locator('[data-test=resp-table] .el-table__row').filter({ hasText: name });
  }
  const boss = await addResp('林涛', '集体责任', '领导班子主要负责人');
  assert.match(await boss.locator('[data-test=resp-label]').innerText(), /主要领导责任/);
  const dissenter = await addResp('赵敏', '集体责任', '班子其他成员', '会上书面反对该答复方案');
  assert.match(await dissenter.locator('[data-test=resp-label]').innerText(), /不承担/);
  assert.equal(await dissenter.locator('[data-test=add-person-measure]').count(), 0, 'no measure against a dissenter');

  // 通报 the principal, to be rectified within ten days.
  await boss.locator('[data-test=add-person-measure]').click();
  const md = page.locator('[data-test=acc-dialog]').filter({ visible: true });
  await md.waitFor();
  assert.match(await md.locator('[data-test=measure-rung]').innerText(), /通报/);
  const due = addDays(today, 10);
  await fillDate(md, '整改期限', due);
  await md.locator('[data-test=acc-submit]').click();
  await md.waitFor({ state: 'hidden' });
  const measure = drawer.locator('[data-test=measures-table] .el-table__row').filter({ hasText: '通报' });
  await measure.getByText('整改中').waitFor();
  assert.equal(await measure.locator('[data-test=measure-proposal]').count(), 0, 'nothing proposed before the deadline');

  // Honours intact this year.
  await page.keyboard.press('Escape');
  await page.getByRole('tab', { name: '评优资格' }).click();
  await pickSelect(page, page.locator('[data-test=honours-unit]'), district);
  await page.locator('[data-test=honours-check]').getByText('可参加').waitFor();
  clean(problems, 'finding and measure');
  // Signed out before the clock moves (a session would expire meanwhile).
  await page.click('[data-test=user-menu]');
  await page.getByText('退出登录').click();
  await page.waitForURL('**/login');
  await page.close();

  // Twenty days on, the deadline has passed without rectification.
  await srv.stop();
  const day2 = addDays(today, 20);
  later = await restartUi(srv.db, { today: day2 });
  const w = await watchedPage(browser.ctx);
  const p2 = w.page;
  await loginUI(p2, later.base, 'zz_leader', DEMO_PW);
  await p2.getByRole('menuitem', { name: '责任追究' }).click();
  await p2.waitForURL('**/accountability');
  // The proposal waits for a decision: the 通报 is still the only measure.
  const prop = p2.locator('[data-test=proposals-table] .el-table__row').filter({ hasText: '林涛' });
  await prop.waitFor();
  assert.match(await prop.locator('[data-test=proposal-rung]').innerText(), /诫勉/);
  const zz = await login(later.base, 'zz_leader');
  const findings = await zz.get('/api/v1/accountability/findings');
  assert.deepEqual(findings.body.items[0].measures.map((m) => m.rung), ['notice'], 'proposed, not applied');

  await prop.locator('[data-test=apply-proposal]').click();
  const dd = p2.locator('[data-test=decide-dialog]').filter({ visible: true });
  await dd.waitFor();
  assert.match(await dd.innerText(), /不得参加综合性评选表彰/);
  await fillDate(dd, '整改期限', addDays(day2, 30));
  await dd.locator('[data-test=decide-submit]').click();
  await dd.waitFor({ state: 'hidden' });
  assert.equal(await p2.locator('[data-test=proposals-table] .el-table__row').filter({ hasText: '林涛' }).count(), 0, 'no longer waiting');

  // The finding now shows 通报 escalated and 诫勉 in force …
  await p2.getByRole('tab', { name: '问责记录' }).click();
  await p2.locator('[data-test=findings-table] .el-table__row').filter({ hasText: district }).first().click();
  const dr = p2.locator('[data-test=finding-drawer]').filter({ visible: true });
  await dr.locator('[data-test=measures-table] .el-table__row').filter({ hasText: '诫勉' }).getByText('整改中').waitFor();
  await dr.locator('[data-test=measures-table] .el-table__row').filter({ hasText: '第十六条（一）' }).getByText('已升级').waitFor();
  await p2.keyboard.press('Escape');

  // … and the district may not take part in the year's comprehensive honours.
  await p2.getByRole('tab', { name: '评优资格' }).click();
  await p2.locator('[data-test=honours-table]').getByText(district).waitFor();
  await pickSelect(p2, p2.locator('[data-test=honours-unit]'), district);
  await p2.locator('[data-test=honours-check]').getByText('不得参加').waitFor();
  clean(w.problems, 'proposal applied');
  await p2.close();
});
