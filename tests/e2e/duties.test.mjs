// Materials and leadership duties as the people who use them would click
// through them: an officer attaches a PDF while registering and finds it on
// the case page; a petitioner adds a photo on a phone; a leader writes a
// 批示 and takes the case (包案); the assessment ranks the units with a chart
// and lists the cases behind a number.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startUi, login, addDays, DEMO_PW } from './server.mjs';
import { launch, watchedPage, pickSelect, pickCascader, switchUser } from './browser.mjs';

let srv, browser, today;
const shared = {};
// A small real PDF and a 1x1 PNG: the server recognises files by their bytes.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

before(async () => {
  srv = await startUi();
  browser = await launch();
  today = (await (await login(srv.base, 'officer')).get('/api/v1/session')).body.today;
});
after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.close();
});

const clean = (problems, what) => assert.deepEqual(problems, [], `${what}: console errors or failed requests`);

// Signs whoever is in out (through the menu) and signs `user` in.
async function signIn(page, user, password = DEMO_PW) {
  await switchUser(page, srv.base, user, password);
}

test('an officer attaches a PDF while registering; it is on the case page and downloads', async () => {
  const { page, problems } = await watchedPage(browser.ctx);
  await signIn(page, 'officer');
  await page.goto(srv.base + '/register');
  await page.fill('[data-test=petitioner-0] input[name=pet-name]', '刘桂兰');
  await page.fill('[data-test=petitioner-0] input[name=pet-phone]', '13700137000');
  await pickCascader(page, page.locator('[data-test=category]'), '学籍');
  await page.fill('input[name=title]', '孩子学籍档案被学校遗失');
  await page.fill('textarea[name=content]', '孩子初中毕业后学校称学籍档案遗失，无法办理高中入学手续，请求教育部门督促学校补办。');
  // Chosen before saving: listed, not yet sent; a wrong type is refused at once.
  await page.setInputFiles('[data-test=file-input]', [
    { name: '学籍证明材料.pdf', mimeType: 'application/pdf', buffer: PDF },
    { name: '说明.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') },
  ]);
  const items = page.locator('[data-test=file-item]');
  await items.nth(1).locator('[data-test=file-error]').getByText('只接受').waitFor();
  await items.nth(1).getByRole('button', { name: '移除' }).click();
  assert.equal(await items.count(), 1);
  assert.match(await items.first().innerText(), /待上传/);

  await page.click('[data-test=save]');
  const dialog = page.locator('[data-test=done-dialog]').filter({ visible: true });
  await dialog.waitFor();
  // Uploaded right after the case was created, with its own status.
  await dialog.locator('[data-test=upload-status] [data-test=file-done]').waitFor();
  assert.match(await dialog.locator('[data-test=upload-status]').innerText(), /已全部上传/);
  shared.number = (await page.locator('[data-test=new-number]').innerText()).trim();
  shared.code = (await page.locator('[data-test=query-code]').innerText()).trim();
  await page.click('[data-test=open-case]');
  await page.waitForURL(/\/cases\/\d+$/);
  shared.caseUrl = page.url();
  shared.caseId = Number(page.url().match(/(\d+)$/)[1]);

  const link = page.locator('[data-test=attachments] [data-test=attachment-link]');
  await link.filter({ hasText: '学籍证明材料.pdf' }).waitFor();
  const [dl] = await Promise.all([page.waitForEvent('download'), link.first().click()]);
  assert.equal(dl.suggestedFilename(), '学籍证明材料.pdf');
  assert.deepEqual(readFileSync(await dl.path()), PDF, 'the downloaded bytes are the uploaded ones');
  clean(problems, 'register with attachment');
  await page.close();
});

test('the petitioner adds a photo on a phone while the case is open', async () => {
  assert.ok(shared.code, 'registered in the first test');
  const { page, problems } = await watchedPage(browser.ctx, { viewport: { width: 375, height: 667 } });
  await page.goto(srv.base + '/portal');
  await page.click('[data-test=tab-lookup]');
  await page.fill('input[name=number]', shared.number);
  await page.fill('input[name=code]', shared.code);
  await page.click('[data-test=do-lookup]');
  const box = page.locator('[data-test=add-files]');
  await box.waitFor();
  await box.locator('[data-test=file-input]').setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: PNG });
  await page.locator('[data-test=files-added]').getByText('已补充 1 份材料').waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the 375px screen`);
  clean(problems, 'portal photo');
  await page.close();

  // The officer sees it among the case's materials, marked as the petitioner's.
  const officer = await login(srv.base, 'officer');
  const list = (await officer.get(`/api/v1/cases/${shared.caseId}/attachments`)).body.items;
  const photo = list.find((a) => a.name === '现场照片.png');
  assert.ok(photo, `photo listed: ${JSON.stringify(list)}`);
  assert.equal(photo.by_petitioner, true);
  assert.equal(photo.mime, 'image/png');
});

test('a leader writes a 批示 naming the unit that must act, and takes the case (包案)', async () => {
  assert.ok(shared.caseUrl);
  const { page, problems } = await watchedPage(browser.ctx);
  await signIn(page, 'leader');
  await page.goto(shared.caseUrl);
  const panel = page.locator('[data-test=leadership]');
  await panel.getByText('暂无领导批示或包案').waitFor();
  // The officer's photo from the portal is on the case page too.
  await page.locator('[data-test=attachments] [data-test=attachment]').filter({ hasText: '现场照片.png' }).getByText('信访人提交').waitFor();

  await panel.locator('[data-test=do-instruct]').click();
  let dlg = page.locator('[data-test=lead-dialog]').filter({ visible: true });
  await dlg.waitFor();
  await dlg.locator('[data-test=lead-submit]').click();
  await dlg.getByText('请填写批示内容').waitFor();
  await dlg.locator('textarea[name=instruction-text]').fill('请郑州市教育局督促学校十日内补办学籍档案，结果报厅信访办。');
  await pickSelect(page, dlg.locator('[data-test=must-act-unit]'), '郑州市教育局');
  await dlg.locator('[data-test=lead-submit]').click();
  const ins = panel.locator('[data-test=instruction]');
  await ins.waitFor();
  assert.match(await ins.innerText(), /张国强/);
  assert.match(await ins.locator('[data-test=must-act]').innerText(), /郑州市教育局/);

  await panel.locator('[data-test=do-take]').click();
  dlg = page.locator('[data-test=lead-dialog]').filter({ visible: true });
  await dlg.waitFor();
  await dlg.locator('textarea[name=lead-note]').fill('约见信访人，督促学校补办。');
  await dlg.locator('[data-test=lead-submit]').click();
  await panel.locator('[data-test=taker]').filter({ hasText: '张国强' }).waitFor();
  // Both are events of the case, and the case is marked a 领导批示件.
  await page.locator('[data-test=timeline]').getByText('领导批示', { exact: true }).waitFor();
  await page.locator('[data-test=timeline]').getByText('领导包案', { exact: true }).waitFor();
  await page.locator('.tags').getByText('领导批示件').waitFor();

  // The 包案 register lists it while the case is open.
  await page.getByRole('menuitem', { name: '领导责任' }).click();
  await page.locator('[data-test=takers-table]').getByText(shared.number).waitFor();
  clean(problems, 'instruction and taking');
  await page.close();
});

test('the assessment ranks the units with a chart, and a number opens the cases behind it', async () => {
  // A letter to Zhengzhou received three days ago: it counts towards the
  // city's 录入及时率 of that year.
  const zz = await login(srv.base, 'zz_officer');
  const received = addDays(today, -3);
  const r = await zz.post('/api/v1/cases', {
    channel: 'letter', received_on: received, class: 'claim', category: '0201', title: '学校拒绝为随迁子女办理入学',
    content: '孩子随父母在郑州务工，学校以户籍不在本地为由拒绝办理入学，请求教育部门依法处理。', petitioners: [{ name: '马建军', phone: '13600136000' }],
  });
  assert.equal(r.status, 201, r.text);

  const { page, problems } = await watchedPage(browser.ctx);
  await page.goto(srv.base + '/assessment');
  if (received.slice(0, 4) !== today.slice(0, 4)) await pickSelect(page, page.locator('[data-test=year]'), `${received.slice(0, 4)}年度`);
  const table = page.locator('[data-test=ranking]');
  const row = table.locator('.el-table__body tr').filter({ hasText: '郑州市教育局' }).first();
  await row.waitFor();
  const rows = await table.locator('.el-table__body tr').count();
  assert.ok(rows >= 10, `units ranked: ${rows}`);	// cities, 直管县, universities, direct units
  assert.match(await row.locator('[data-test=score]').innerText(), /^\d+\.\d\d$/);
  // The charts are drawn: the ranking bars and the chosen unit's indicators.
  await page.locator('[data-test=chart-scores] canvas').first().waitFor();
  await page.locator('[data-test=chart-radar] canvas').first().waitFor();
  // A definition is there for every indicator heading.
  await table.locator('.ind-h').first().hover();
  await page.locator('.def-tip').filter({ visible: true }).getByText('权重').waitFor();

  await row.locator('[data-test=drill-entry_on_time_rate]').click();
  const dlg = page.locator('[data-test=drill-dialog]').filter({ visible: true });
  await dlg.waitFor();
  await dlg.locator('[data-test=drill-case]').filter({ hasText: r.body.number }).waitFor();
  assert.match(await dlg.innerText(), /录入及时率/);
  await page.keyboard.press('Escape');

  // Both exports answer with their files.
  for (const [sel, type] of [['[data-test=export-xlsx]', /spreadsheetml/], ['[data-test=export-pdf]', /application\/pdf/]]) {
    const href = await page.locator(sel).getAttribute('href');
    const got = await page.evaluate(async (u) => { const x = await fetch(u); return [x.status, x.headers.get('content-type'), (await x.arrayBuffer()).byteLength]; }, href);
    assert.equal(got[0], 200, href);
    assert.match(got[1], type);
    assert.ok(got[2] > 1000, `${href}: ${got[2]} bytes`);
  }
  clean(problems, 'assessment');

  // The admin weighs at 0 the indicator Zhengzhou does best in: the score,
  // a weighted mean of the indicators' scores, drops.
  const before = Number(await row.locator('[data-test=score]').innerText());
  const zzApi = (await (await login(srv.base, 'leader')).get(`/api/v1/assessment?year=${received.slice(0, 4)}`)).body.items.find((x) => x.name === '郑州市教育局');
  const [best, top] = Object.entries(zzApi.indicators).filter(([, v]) => v.score != null && v.weight > 0).sort((x, y) => y[1].score - x[1].score)[0];
  assert.ok(top.score > zzApi.score, `${best} ${top.score} above the overall ${zzApi.score}`);
  await signIn(page, 'admin', 'Admin-Test-2026');
  await page.goto(srv.base + '/assessment');
  if (received.slice(0, 4) !== today.slice(0, 4)) await pickSelect(page, page.locator('[data-test=year]'), `${received.slice(0, 4)}年度`);
  const zzRow = page.locator('[data-test=ranking] .el-table__body tr').filter({ hasText: '郑州市教育局' }).first();
  await zzRow.waitFor();
  await page.click('[data-test=edit-weights]');
  const wd = page.locator('[data-test=weights-dialog]').filter({ visible: true });
  await wd.waitFor();
  await wd.locator(`[data-test=weight-${best}] input`).fill('0');
  await wd.locator(`[data-test=weight-${best}] input`).press('Tab');
  await wd.locator('[data-test=weights-save]').click();
  await wd.waitFor({ state: 'hidden' });
  await page.waitForFunction((b) => {
    const tr = [...document.querySelectorAll('[data-test=ranking] .el-table__body tr')].find((t) => t.textContent.includes('郑州市教育局'));
    const s = tr && tr.querySelector('[data-test=score]');
    return s && Number(s.textContent) !== b;
  }, before);
  const after = Number(await zzRow.locator('[data-test=score]').innerText());
  assert.ok(after < before, `score ${before} → ${after}`);
  clean(problems, 'weights');
  await page.close();
});

test('a unit name with markup shows as text in the chart tooltips, never as page markup', async () => {
  const adm = await login(srv.base, 'admin', 'Admin-Test-2026');
  const units = (await adm.get('/api/v1/units')).body.items;
  const city = units.find((u) => u.name === '开封市教育局');
  const odd = '开封<img src=x id=xss-probe>局';
  assert.equal((await adm.patch(`/api/v1/units/${city.id}`, { name: odd })).status, 200);
  try {
    const { page } = await watchedPage(browser.ctx);
    await signIn(page, 'leader');
    await page.goto(srv.base + '/assessment');
    const canvas = page.locator('[data-test=chart-scores] canvas').first();
    await canvas.waitFor();
    const box = await canvas.boundingBox();
    // ECharts' tooltip: a div it adds inside the chart.
    const tip = page.locator('[data-test=chart-scores] div[style*="z-index: 9999999"]');
    let seen = false, probes = 0;
    // Each bar's band shows its unit's tooltip (trigger: axis): sweep them all.
    for (let y = box.y + 12; y < box.y + box.height - 24 && !seen; y += 8) {
      await page.mouse.move(box.x + 300, y);
      probes += await page.locator('[data-test=chart-scores] #xss-probe').count();
      seen = (await tip.count()) > 0 && (await tip.first().textContent()).includes('开封局') === false &&
        (await tip.first().textContent()).includes('开封<img');
    }
    assert.equal(probes, 0, 'no markup from a name ever entered the page');
    assert.ok(seen, 'the name shows, markup and all, as text');
    await page.close();
  } finally {
    await adm.patch(`/api/v1/units/${city.id}`, { name: city.name });
  }
});
