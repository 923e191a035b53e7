// Drives Debian's chromium through playwright-core (nothing is downloaded at
// run time) and records every console error and failed request of a page, so
// a test can assert that a flow ran clean.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'xinfang-chromium-'));
  // A persistent context is the way to give chromium its own --user-data-dir.
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, args: ARGS, headless: true,
    viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai',
  });
  return {
    ctx,
    async close() {
      await ctx.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

// Opens a page that records problems: console errors, uncaught exceptions,
// requests that failed at the network level and answers with status >= 400
// (except those listed in `allow`, e.g. an expected 404).
export async function watchedPage(ctx, { viewport, allow = [] } = {}) {
  const page = await ctx.newPage();
  page.setDefaultTimeout(10000);
  if (viewport) await page.setViewportSize(viewport);
  const problems = [];
  const allowed = (url, status) => allow.some((a) => (a.status === undefined || a.status === status) && a.url.test(url));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // Chromium logs a failed resource as a console error too; the response
    // handler below decides whether that status was expected.
    if (/Failed to load resource/.test(m.text()) && allow.length) return;
    problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  page.on('requestfailed', (r) => {
    const f = r.failure();
    // A navigation away aborts pending requests; that is not an error.
    if (f && /ERR_ABORTED/.test(f.errorText)) return;
    problems.push(`request failed: ${r.method()} ${r.url()} ${f ? f.errorText : ''}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !allowed(r.url(), r.status())) problems.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
  });
  return { page, problems };
}

export async function loginUI(page, base, username, password) {
  await page.goto(base + '/login');
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith('/login')),
    page.click('[data-test=login]'),
  ]);
}

// Signs out whoever the shared browser profile holds (through the menu) and
// signs `user` in.
export async function switchUser(page, base, user, password) {
  await page.goto(base + '/workbench', { waitUntil: 'networkidle' });
  if (!page.url().endsWith('/login')) {
    await page.click('[data-test=user-menu]');
    await page.getByText('退出登录').click();
    await page.waitForURL('**/login');
  }
  await loginUI(page, base, user, password);
}

// Picks an option of an Element Plus select: opens it, clicks the visible item.
export async function pickSelect(page, trigger, text) {
  await trigger.click();
  await page.locator('.el-select-dropdown__item').filter({ hasText: text }).filter({ visible: true }).first().click();
}

// Types into a filterable cascader and takes the first suggestion.
export async function pickCascader(page, trigger, text) {
  await trigger.locator('input').first().click();
  await trigger.locator('input').first().fill(text);
  await page.locator('.el-cascader__suggestion-item').filter({ hasText: text }).filter({ visible: true }).first().click();
}
