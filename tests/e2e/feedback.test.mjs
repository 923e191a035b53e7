// What comes back to the units, read and answered in the UI: a petitioner's
// 不满意 with its comment (answered on the case page, SPEC §5 trigger 7),
// and a supervised unit's written reply, which the supervisor reads before
// closing (第十一条).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startUi, login, DEMO_PW } from './server.mjs';
import { launch, watchedPage, loginUI, switchUser } from './browser.mjs';
import { replyParts } from '../api/lib/cases.mjs';

let srv, browser, caseId, caseNumber, svId;
before(async () => {
  srv = await startUi();
  browser = await launch();
  const js = await login(srv.base, 'js_officer');
  const today = (await js.get('/api/v1/session')).body.today;
  const k = await js.post('/api/v1/cases', {
    channel: 'letter', received_on: today, class: 'claim', category: '0301', title: '课后服务费退费',
    content: '学校收取课后服务费后未开展服务，请求退费。', petitioners: [{ name: '郑某', phone: '13700137000' }],
  });
  assert.equal(k.status, 201, k.text);
  caseId = k.body.id;
  caseNumber = k.body.number;
  for (const [action, extra] of [['accept', {}], ['reply', replyParts], ['deliver', { method: 'in_person', proof: '本人签收' }]]) {
    const r = await js.post(`/api/v1/cases/${caseId}/actions`, { action, ...extra });
    assert.equal(r.status, 200, `${action}: ${r.text}`);
  }
  const rate = await fetch(`${srv.base}/api/v1/public/cases/${k.body.number}/evaluation`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code: k.body.query_code, rating: 'dissatisfied', comment: '钱至今没有退' }),
  });
  assert.equal(rate.status, 201);
  const sv = await (await login(srv.base, 'zz_officer')).post('/api/v1/supervisions', { case_id: caseId, form: 'phone', problem: '请说明退费进度。' });
  assert.equal(sv.status, 201, sv.text);
  svId = sv.body.id;
  assert.equal((await js.post(`/api/v1/supervisions/${svId}/reply`, { reply: '已约谈学校负责人，月底前退还。' })).status, 200);
});
after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.close();
});

test('the unit reads a 不满意 rating with its comment and answers it on the case page', async () => {
  const { page, problems } = await watchedPage(browser.ctx);
  await loginUI(page, srv.base, 'js_officer', DEMO_PW);
  await page.goto(`${srv.base}/cases/${caseId}`);
  const card = page.locator('[data-test=evaluations]');
  await card.waitFor();
  assert.match(await card.innerText(), /不满意[\s\S]*钱至今没有退/);
  await card.locator('textarea[data-test=eval-answer-input]').fill('已督促学校在本月底前退费，届时电话告知。');
  await card.locator('[data-test=eval-answer-submit]').click();
  await card.locator('[data-test=eval-answer]').waitFor();
  assert.match(await card.locator('[data-test=eval-answer]').innerText(), /本月底前退费/);
  const api = (await (await login(srv.base, 'js_officer')).get(`/api/v1/cases/${caseId}`)).body.evaluations[0];
  assert.match(api.answer, /本月底前退费/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the supervisor reads the written reply before closing a supervision', async () => {
  const { page, problems } = await watchedPage(browser.ctx);
  await switchUser(page, srv.base, 'zz_officer', DEMO_PW);
  await page.goto(`${srv.base}/supervision`);
  const table = page.locator('[data-test=sup-table]');
  await page.locator('.el-radio-button', { hasText: '已回复' }).click();
  const row = table.locator('.el-table__row', { hasText: caseNumber }).first();
  await row.locator('.el-table__expand-icon').click();
  const detail = page.locator('[data-test=sup-detail]', { hasText: '请说明退费进度' });
  await detail.waitFor();
  assert.match(await detail.innerText(), /书面回复[\s\S]*已约谈学校负责人，月底前退还/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the supervising unit issues the 督办函 from the list; the supervised unit is not offered it', async () => {
  const { page, problems } = await watchedPage(browser.ctx);
  await switchUser(page, srv.base, 'zz_officer', DEMO_PW);
  await page.goto(`${srv.base}/supervision`);
  await page.locator('.el-radio-button', { hasText: '已回复' }).click();
  const row = page.locator('[data-test=sup-table] .el-table__row', { hasText: caseNumber }).first();
  await row.waitFor();
  // The city supervises: it may issue the letter, but the reply is the county's.
  assert.equal(await row.getByRole('button', { name: '回复' }).count(), 0);
  const [pdf] = await Promise.all([
    page.waitForEvent('popup'),
    row.locator('[data-test=sup-letter]').click(),
  ]);
  await pdf.waitForLoadState().catch(() => {});
  const js = await login(srv.base, 'js_officer');
  const letters = (await js.get(`/api/v1/cases/${caseId}/documents`)).body.items.filter((d) => d.kind === 'supervision_letter');
  assert.equal(letters.length, 1);
  assert.ok(pdf.url().endsWith(`/api/v1/documents/${letters[0].id}`), pdf.url());
  await pdf.close();

  await switchUser(page, srv.base, 'js_officer', DEMO_PW);
  await page.goto(`${srv.base}/supervision`);
  await page.locator('.el-radio-button', { hasText: '已回复' }).click();
  const mine = page.locator('[data-test=sup-table] .el-table__row', { hasText: caseNumber }).first();
  await mine.waitFor();
  assert.equal(await mine.locator('[data-test=sup-letter]').count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});
