// A unit merged or abolished hands its open cases to its successor (第八条),
// keeping the history and the first unit; it cannot be abolished without one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, admin } from './lib/server.mjs';
import { letter, register, act } from './lib/cases.mjs';

let srv, a, units;
const U = (code) => units.find((u) => u.code === code).id;
before(async () => {
  srv = await startServer({ today: '2025-09-01' });
  a = await admin(srv.base);
  units = (await a.get('/api/v1/units')).body.items;
});
after(async () => { await srv.close(); });

test('abolishing a bureau with open cases needs a successor; the cases move to it', async () => {
  const officer = await login(srv.base, 'officer');
  const k1 = await register(officer, letter());
  await act(officer, k1.id, 'transfer', { to_unit_id: U('HA-ZZ-ZY') });
  const k2 = await register(officer, letter());
  await act(officer, k2.id, 'transfer', { to_unit_id: U('HA-ZZ-ZY') });
  const refused = await a.patch(`/api/v1/units/${U('HA-ZZ-ZY')}`, { active: false });
  assert.equal(refused.status, 422);
  assert.equal(refused.body.error.field, 'successor_id');
  const merged = await a.patch(`/api/v1/units/${U('HA-ZZ-ZY')}`, { active: false, successor_id: U('HA-ZZ-EQ') });
  assert.equal(merged.status, 200, merged.text);
  assert.equal(merged.body.cases_handed_over, 2);
  for (const k of [k1, k2]) {
    const c = (await officer.get(`/api/v1/cases/${k.id}`)).body;
    assert.equal(c.unit_id, U('HA-ZZ-EQ'));
    assert.equal(c.first_unit_id, k.first_unit_id);
    const ev = (await officer.get(`/api/v1/cases/${k.id}/events`)).body.items.map((e) => e.action);
    assert.deepEqual(ev, ['register', 'transfer', 'handover']);
  }
  // Nothing can be routed to the abolished unit any more.
  const k3 = await register(officer, letter());
  const r = await officer.post(`/api/v1/cases/${k3.id}/actions`, { action: 'transfer', to_unit_id: U('HA-ZZ-ZY') });
  assert.equal(r.status, 422);
});
