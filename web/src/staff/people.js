// The leaders a form may name (包案, 接访日, 到场): users with the leader
// role in the caller's scope. Only some roles may list users; for the others
// the list is just the caller when a leader (the server's default).
import { get } from '../common/api.js';
import { session, hasRole } from './session.js';

let cache = null;

export function leaders() {
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
export async function caseByNumber(number) {
  const n = (number || '').trim();
  if (!n) return null;
  const r = await get(`/cases?q=${encodeURIComponent(n)}&per_page=5`);
  return (r.items || []).find((x) => x.number === n) || null;
}
