// The leaders a form may name (包案, 接访日, 到场): users with the leader
// role in the caller's scope. Only some roles may list users; for the others
// the list is just the caller when a leader (the server's default).
import { get, qs } from '../common/api.js';
import { session, hasRole } from './session.js';

let cache = null;

export function leaders() {
  // Viewers and handlers may not list users: no request that would fail.
  if (!hasRole('admin', 'leader', 'officer', 'supervisor')) return Promise.resolve([]);
  if (!cache) {
    cache = get('/users').then((r) => (r.items || []).filter((u) => u.active !== false && (u.roles || []).includes('leader')))
      .catch(() => (hasRole('leader') && session.user ? [session.user] : []));
  }
  return cache;
}

// "2025-08-20T09:30" from a picker, as the API's time with the offset of
// Asia/Shanghai (the server's and the users' zone).
export function withZone(t) {
  if (!t) return '';
  const s = t.length === 16 ? t + ':00' : t;
  return s + '+08:00';
}

export const fmtTime = (t) => (t ? String(t).replace('T', ' ').slice(0, 16) : '');

// Number and title of cases named by id in a register (the registers give
// ids only), fetched once each; a case out of scope shows as "#id".
const briefs = new Map();
export async function caseBriefs(ids) {
  const want = [...new Set(ids)].filter((id) => !briefs.has(id)).slice(0, 60);
  await Promise.all(want.map((id) => {
    const p = get(`/cases/${id}`).then((c) => ({ id, number: c.number, title: c.title, status: c.status })).catch(() => ({ id, number: `#${id}`, title: '' }));
    briefs.set(id, p);
    return p;
  }));
  const out = {};
  for (const id of ids) if (briefs.has(id)) out[id] = await briefs.get(id);
  return out;
}

// A case by its exact number, for forms that link one ("关联信访件").
// The list's search finds numbers; a server whose search covers only title
// and content is answered from the number itself: UNITCODE-YYYYMMDD-SEQ
// names the registering unit and the registration day, on or after the day
// the matter was received.
export async function caseByNumber(number) {
  const n = (number || '').trim().toUpperCase();
  const byQ = await get('/cases' + qs({ q: n, per_page: 20 })).catch(() => null);
  const direct = byQ && (byQ.items || []).find((x) => x.number === n);
  if (direct) return direct;
  const m = n.match(/^(.+)-(\d{4})(\d{2})(\d{2})-\d+$/);
  if (!m) return null;
  const day = `${m[2]}-${m[3]}-${m[4]}`;
  const unit = session.units.find((u) => u.code === m[1]);
  const from = new Date(Date.parse(day + 'T00:00:00Z') - 366 * 86400000).toISOString().slice(0, 10);
  for (let page = 1; page <= 10; page++) {
    const r = await get('/cases' + qs({ from, to: day, unit_id: unit ? unit.id : '', page, per_page: 200 }));
    const hit = (r.items || []).find((x) => x.number === n);
    if (hit) return hit;
    if (page * 200 >= (r.total || 0)) break;
  }
  return null;
}
