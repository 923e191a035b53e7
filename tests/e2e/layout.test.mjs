// Layout on the screens people use: an office laptop at 1366×768 and a
// phone. The case list keeps its due dates on screen, long unbroken text
// (a pasted link, a run of one character) wraps inside its card, and the
// portal's "please fill in" goes once the field is filled.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startUi, login } from './server.mjs';
import { launch, watchedPage, switchUser } from './browser.mjs';

const LAPTOP = { width: 1366, height: 768 };
const PHONE = { width: 375, height: 812 };
const LONG = 'https://example.edu.cn/notice?id=' + '0123456789'.repeat(20) + '啊'.repeat(120);

let srv, browser, kase;
before(async () => {
  srv = await startUi();
  browser = await launch();
  const o = await login(srv.base, 'officer');
  const today = (await o.get('/api/v1/session')).body.today;
  const r = await o.post('/api/v1/cases', {
    channel: 'letter', received_on: today, class: 'claim', category: '0301',
    title: '长标题' + 'X'.repeat(90), content: `材料见链接 ${LONG} 请核查。`,
    petitioners: [{ name: '钱某', phone: '13700137001' }],
  });
  assert.equal(r.status, 201, r.text);
  kase = r.body;
});
after(async () => { await browser?.close(); await srv?.close(); });

// How far the page scrolls sideways (0 when everything fits the window).
const sideways = (page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test('at 1366×768 the case list shows the due-date column without scrolling sideways', async () => {
  const { page, problems } = await watchedPage(browser.ctx, { viewport: LAPTOP });
  await switchUser(page, srv.base, 'officer', 'Xinfang@2026');
  await page.goto(srv.base + '/cases', { waitUntil: 'networkidle' });
  await page.locator('[data-test=case-table] .el-table__row').first().waitFor();
  const head = page.locator('[data-test=case-table] th').filter({ hasText: '到期日' }).filter({ visible: true }).first();
  const box = await head.boundingBox();
  assert.ok(box && box.x >= 0 && box.x + box.width <= LAPTOP.width, `到期日 header at ${JSON.stringify(box)}`);
  assert.equal(await sideways(page), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a case with long unbroken text keeps it inside its card, on a laptop and on the portal', async () => {
  const { page, problems } = await watchedPage(browser.ctx, { viewport: LAPTOP });
  await switchUser(page, srv.base, 'officer', 'Xinfang@2026');
  await page.goto(`${srv.base}/cases/${kase.id}`, { waitUntil: 'networkidle' });
  const content = page.locator('.content').first();
  await content.waitFor();
  assert.match(await content.innerText(), /材料见链接/);
  assert.equal(await sideways(page), 0);
  const fits = await content.evaluate((el) => el.scrollWidth <= el.clientWidth);
  assert.ok(fits, 'the content overflows its card');
  const title = await page.locator('h2.title').evaluate((el) => el.getBoundingClientRect().right);
  assert.ok(title <= LAPTOP.width, `title ends at ${title}`);
  assert.deepEqual(problems, []);
  await page.close();

  const p = await watchedPage(browser.ctx, { viewport: PHONE });
  await p.page.goto(`${srv.base}/portal`, { waitUntil: 'networkidle' });
  await p.page.click('[data-test=tab-lookup]');
  await p.page.fill('input[name=number]', kase.number);
  await p.page.fill('input[name=code]', kase.query_code);
  await p.page.click('[data-test=do-lookup]');
  await p.page.locator('[data-test=lookup-result]').waitFor();
  assert.equal(await sideways(p.page), 0);
  assert.deepEqual(p.problems, []);
  await p.page.close();
});

test("the portal's \"please fill in\" goes as soon as the field is filled", async () => {
  const { page, problems } = await watchedPage(browser.ctx, { viewport: PHONE });
  await page.goto(`${srv.base}/portal`, { waitUntil: 'networkidle' });
  await page.click('[data-test=tab-lookup]');
  await page.click('[data-test=do-lookup]');
  await page.getByText('请输入信访件编号').waitFor();
  await page.getByText('请输入查询码').waitFor();
  await page.fill('input[name=number]', kase.number);
  await page.getByText('请输入信访件编号').waitFor({ state: 'detached' });
  // The other field was not touched: its message stays.
  assert.equal(await page.getByText('请输入查询码').count(), 1);
  assert.deepEqual(problems, []);
  await page.close();
});

test('an accusation on the phone asks whom it accuses and never lands there; the steps say where a case went', async () => {
  const { page, problems } = await watchedPage(browser.ctx, { viewport: PHONE });
  await page.goto(`${srv.base}/portal`, { waitUntil: 'networkidle' });
  await page.fill('input[name=name]', '欧阳娜');
  await page.fill('input[name=phone]', '13812345678');
  const pick = async (sel, text) => {
    await page.locator(sel).click();
    await page.locator('.el-select-dropdown__item').filter({ hasText: text }).filter({ visible: true }).first().click();
  };
  await pick('[data-test=unit]', '文化路第一小学');
  await page.locator('.el-form-item').filter({ hasText: '信访类别' }).locator('.el-select').click();
  await page.locator('.el-select-dropdown__item').filter({ hasText: '检举控告类' }).filter({ visible: true }).first().click();
  await page.locator('.el-form-item').filter({ hasText: '问题分类' }).locator('.el-select').click();
  await page.locator('.el-select-dropdown__item').filter({ hasText: '违规收费' }).filter({ visible: true }).first().click();
  await page.fill('input[name=title]', '检举校长收受家长礼金');
  await page.locator('textarea').first().fill('文化路第一小学校长在招生时收受家长礼金，请求调查。');
  // Whom it accuses is asked for before anything is sent.
  await page.click('[data-test=submit-petition]');
  await page.getByText('请选择被检举控告的单位').waitFor();
  await pick('[data-test=resp-unit]', '文化路第一小学');
  await page.fill('input[name=resp_names]', '某校长');
  await page.click('[data-test=submit-petition]');
  const number = (await page.locator('[data-test=portal-number]').innerText()).trim();
  // Registered at the bureau above the school; the school cannot open it.
  const js = await login(srv.base, 'js_officer');
  const hit = (await js.get(`/api/v1/cases?q=${encodeURIComponent('收受家长礼金')}`)).body.items.find((i) => i.number === number);
  assert.ok(hit, 'the county bureau has it');
  const school = await login(srv.base, 'school_a');
  assert.equal((await school.get(`/api/v1/cases/${hit.id}`)).status, 404);
  assert.equal((await school.get('/api/v1/cases?per_page=100')).body.items.filter((i) => i.number === number).length, 0);

  // The bureau transfers a claim out of the system; the phone names where.
  const claim = (await js.post('/api/v1/cases', {
    channel: 'letter', received_on: (await js.get('/api/v1/session')).body.today, class: 'claim', category: '0301',
    title: '社保缴费问题', content: '单位未为我缴纳社会保险。', petitioners: [{ name: '李某', phone: '13700137002' }],
  })).body;
  const tr = await js.post(`/api/v1/cases/${claim.id}/actions`, { action: 'transfer', to_body: '金水区人力资源和社会保障局' });
  assert.equal(tr.status, 200, tr.text);
  await page.goto(`${srv.base}/portal`, { waitUntil: 'networkidle' });
  await page.click('[data-test=tab-lookup]');
  await page.fill('input[name=number]', claim.number);
  await page.fill('input[name=code]', claim.query_code);
  await page.click('[data-test=do-lookup]');
  await page.locator('[data-test=lookup-result]').waitFor();
  assert.equal((await page.locator('[data-test=portal-title]').innerText()).trim(), '社保缴费问题');
  const details = await page.locator('[data-test=step-detail]').allInnerTexts();
  assert.ok(details.some((d) => d.includes('金水区人力资源和社会保障局')), details.join(' | '));
  // No unit of the system handles it now: no box for more materials.
  assert.equal(await page.locator('[data-test=add-files]').count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test('办结 from the case page: 调解结案 for a case in hand, 期满 for a reply whose window has passed', async () => {
  const js = await login(srv.base, 'js_officer');
  const today = (await js.get('/api/v1/session')).body.today;
  const mk = async (received) => (await js.post('/api/v1/cases', {
    channel: 'letter', received_on: received, class: 'claim', category: '0301', title: '补课费退费',
    content: '学校收取补课费后未开课，请求退费。', petitioners: [{ name: '赵某', phone: '13700137003' }],
  })).body;
  const run = async (k, steps) => {
    for (const [action, extra] of steps) {
      const r = await js.post(`/api/v1/cases/${k.id}/actions`, { action, ...extra });
      assert.equal(r.status, 200, `${action}: ${r.text}`);
    }
  };
  const back = (n) => { const t = Date.parse(today + 'T00:00:00Z') - n * 86400000; return new Date(t).toISOString().slice(0, 10); };
  const inHand = await mk(back(3));
  await run(inHand, [['accept', { date: back(2) }]]);
  const lapsed = await mk(back(80));
  await run(lapsed, [['accept', { date: back(79) }],
    ['reply', { outcome: 'explain', request: '退费', facts: '已核实', decision: '解释说明', basis: '有关规定', date: back(70) }],
    ['deliver', { method: 'in_person', proof: '本人签收', date: back(69) }]]);

  const { page, problems } = await watchedPage(browser.ctx, { viewport: LAPTOP });
  await switchUser(page, srv.base, 'js_officer', 'Xinfang@2026');
  for (const [k, label, reason] of [[inHand, '调解、和解结案', 'mediated'], [lapsed, '期满未申请复查', 'lapsed']]) {
    await page.goto(`${srv.base}/cases/${k.id}`, { waitUntil: 'networkidle' });
    await page.locator('[data-test=actions] [data-action=close]').click();
    const dlg = page.locator('[data-test=action-dialog]').filter({ visible: true });
    await dlg.waitFor();
    await dlg.locator('[data-test=close-reason]').getByText(label).waitFor();
    await dlg.locator('[data-test=action-submit]').click();
    await page.locator('[data-test=case-status]').filter({ hasText: '已办结' }).waitFor();
    assert.equal((await js.get(`/api/v1/cases/${k.id}`)).body.close_reason, reason);
    // The window that ran out says so (its API state is "cancelled").
    if (reason === 'lapsed') {
      const row = page.locator('[data-test=deadlines] .el-table__row').filter({ hasText: '期满未申请' });
      await row.first().waitFor();
      assert.equal(await page.locator('[data-test=deadlines]').getByText('已取消').count(), 0);
    }
  }
  assert.deepEqual(problems, []);
  await page.close();
});
