// Helpers for supervision scenarios: run `xinfang scan` on the test
// database and read back what it raised.
import assert from 'node:assert/strict';
import { run } from './server.mjs';

export function addDays(date, n) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

// Runs the daily job as of `asOf`; returns the raised lines parsed.
export function scan(db, asOf) {
  const r = run(['scan', '--db', db, '--as-of', asOf]);
  assert.equal(r.status, 0, `scan ${asOf}: ${r.stderr}`);
  return r.stdout.split('\n').filter(Boolean).map((l) => {
    const m = l.match(/^raised (\S+) case=(\S+) supervision=(\d+) target=(\d+) missed=(\S+) (.*)$/);
    assert.ok(m, `unparsable scan line: ${l}`);
    return { trigger: m[1], number: m[2], id: Number(m[3]), target: Number(m[4]), missed: m[5], problem: m[6] };
  });
}

// The supervisions of one case, as the API shows them to `c`.
export async function svOf(c, caseId) {
  const r = await c.get(`/api/v1/supervisions?case_id=${caseId}`);
  assert.equal(r.status, 200, r.text);
  return r.body.items;
}

// Scans on the day after `due` and asserts exactly one new supervision of
// `trigger` for the case, aimed at `target`; returns its record.
export async function expectOne(c, db, kase, due, trigger, target) {
  const before = scan(db, due).filter((x) => x.number === kase.number);
  assert.deepEqual(before, [], `nothing is late on its due date ${due}`);
  const raised = scan(db, addDays(due, 1)).filter((x) => x.number === kase.number);
  assert.equal(raised.length, 1, JSON.stringify(raised));
  assert.equal(raised[0].trigger, trigger);
  assert.equal(raised[0].target, target);
  const items = (await svOf(c, kase.id)).filter((s) => s.trigger === trigger);
  assert.equal(items.length, 1);
  const s = items[0];
  assert.equal(s.case_id, kase.id);
  assert.equal(s.target_unit_id, target);
  assert.equal(s.state, 'open');
  assert.equal(s.system, true);
  assert.equal(s.form, 'online');
  assert.equal(s.raised_on, addDays(due, 1));
  assert.match(s.problem, /[\u4e00-\u9fff]/);
  assert.match(s.article, /第十一条/);
  // Once per case and trigger: the same scan again, and the next day's,
  // raise nothing more for it.
  assert.deepEqual(scan(db, addDays(due, 1)).filter((x) => x.number === kase.number), []);
  assert.deepEqual(scan(db, addDays(due, 2)).filter((x) => x.number === kase.number), []);
  assert.equal((await svOf(c, kase.id)).filter((x) => x.trigger === trigger).length, 1);
  return s;
}

// After the cause is cured, the next scan closes the record by itself.
export async function expectCured(c, db, kase, id, asOf) {
  scan(db, asOf);
  const r = await c.get(`/api/v1/supervisions/${id}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.state, 'closed');
  assert.equal(r.body.cured, true);
  assert.equal(r.body.closed_on, asOf);
  assert.match(r.body.result, /已消除/);
  assert.equal(r.body.archived, true);
  return r.body;
}
