// Registrations answered after a deferred durable commit (store/sqlite.c,
// commit_main; http/server.c suspends the connection meanwhile). With a
// single pool thread, concurrent registrations are all suspended on that
// thread at once and resumed when their group commit is durable: each gets
// its own 201 with its own case, the thread still answers reads, and the
// server stops cleanly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initDb, serve, login, checkExit } from './lib/server.mjs';
import { letter } from './lib/cases.mjs';

test('concurrent registrations on one server thread each get their own case', { timeout: 60000 }, async () => {
  const { db } = initDb({ demo: true });
  const srv = await serve(db, { today: '2025-08-20', extra: ['--threads', '1'] });
  let code;
  try {
    const o = await login(srv.base, 'officer');
    const titles = Array.from({ length: 24 }, (_, i) => `并发登记测试来信第${i}号`);
    const res = await Promise.all(titles.map((title) => o.post('/api/v1/cases', letter({ title }))));
    for (const r of res) assert.equal(r.status, 201, r.text);
    const ids = new Set(res.map((r) => r.body.id));
    const numbers = new Set(res.map((r) => r.body.number));
    assert.equal(ids.size, titles.length, 'distinct cases');
    assert.equal(numbers.size, titles.length, 'distinct case numbers');
    for (const r of res) assert.match(r.body.query_code, /^[2-9A-HJKMNP-Z]{8}$/);
    // Each answer is the case it registered, and the case is stored.
    const got = await Promise.all(res.map((r) => o.get(`/api/v1/cases/${r.body.id}`)));
    got.forEach((g, i) => {
      assert.equal(g.status, 200, g.text);
      assert.equal(g.body.title, res[i].body.title);
      assert.equal(g.body.number, res[i].body.number);
    });
    assert.deepEqual(res.map((r) => r.body.title), titles);
    const list = await o.get(`/api/v1/cases?q=${encodeURIComponent('并发登记测试')}&per_page=100`);
    assert.equal(list.status, 200, list.text);
    assert.equal(list.body.total, titles.length);
  } finally {
    code = await srv.stop();
  }
  checkExit(code, srv.stderr());
});
