// The signed-in user, the units they can see, and role checks for the menu.
import { reactive } from 'vue';
import { get, post, del, setCsrf } from '../common/api.js';

export const session = reactive({
  loaded: false,
  user: null,        // {id, username, name, unit_id, roles}
  unitName: '',
  today: '',
  units: [],         // every unit the server lists for this user
  unitById: {},
  warnUntil: '',     // last date still inside the 3-working-day warning window
  extras: null,      // promise: units and warning window loaded
});

export function hasRole(...roles) {
  const mine = session.user ? session.user.roles : [];
  return roles.some((r) => mine.includes(r));
}

// A hint (not a secret: the session itself is an HttpOnly cookie) that a
// session may exist, so a first visit goes straight to the login page
// instead of asking the server and getting a 401.
const HINT = 'xf_session_hint';
const hint = {
  get: () => { try { return localStorage.getItem(HINT) === '1'; } catch { return true; } },
  set: (on) => { try { if (on) localStorage.setItem(HINT, '1'); else localStorage.removeItem(HINT); } catch { /* private mode */ } },
};

export async function loadSession() {
  if (!hint.get()) {
    session.user = null;
    session.loaded = true;
    return null;
  }
  try {
    const s = await get('/session');
    session.user = s.user;
    session.unitName = s.unit_name || '';
    session.today = s.today || new Date().toISOString().slice(0, 10);
    setCsrf(s.csrf_token);
  } catch (e) {
    session.user = null;
    if (e.status !== 401) throw e;
    // There was a session, and the server no longer knows it.
    session.expired = true;
  }
  hint.set(!!session.user);
  session.loaded = true;
  // Unit names and the warning window fill in when they arrive: the first
  // screen does not wait for them (the workbench must show within 1 s).
  if (session.user) session.extras = Promise.all([loadUnits(), loadWarnWindow()]);
  return session.user;
}

export async function loadUnits() {
  try {
    // With the units above this one, for their names only (cases that
    // came down from the city or the province): the pickers offer the
    // user's own scope.
    const r = await get('/units?with_above=1');
    const all = r.items || [];
    session.units = all.filter((u) => !u.above);
    const m = {};
    for (const u of all) m[u.id] = u;
    session.unitById = m;
  } catch {
    session.units = [];
    session.unitById = {};
  }
}

// 预警: due within 3 working days (SPEC §4). The calendar API says which
// date that is, so the colours agree with the server's own counting.
// When the calendar has no data for the years involved (a new year before
// its notice is loaded) the window is counted on weekends alone, as the
// server does for provisional deadlines.
async function loadWarnWindow() {
  session.warnUntil = weekendWindow(session.today, 3);
  try {
    const y = +session.today.slice(0, 4);
    const years = new Set(((await get('/calendar')).items || []).map((i) => i.year));
    if (!years.has(y) || (session.today.slice(5) >= '12-20' && !years.has(y + 1))) return;
    const r = await get(`/calendar/due?from=${session.today}&days=3&unit=working`);
    session.warnUntil = r.due;
  } catch {
    /* keep the weekend-only window */
  }
}

function weekendWindow(from, n) {
  let t = Date.parse(from + 'T00:00:00Z');
  while (n > 0) {
    t += 86400000;
    const d = new Date(t).getUTCDay();
    if (d !== 0 && d !== 6) n--;
  }
  return new Date(t).toISOString().slice(0, 10);
}

// The unit a user answers for: its own, or for a department the authority
// it belongs to (the server's xf_tree_authority).
export function authorityOf(id) {
  let u = session.unitById[id];
  while (u && u.kind === 'department' && u.parent_id && session.unitById[u.parent_id]) u = session.unitById[u.parent_id];
  return u ? u.id : id;
}

// Within the signed-in user's scope (the units the server lists as theirs).
export const inScope = (id) => session.units.some((u) => u.id === id);

// The province's own admin: province-wide settings (calendar, weights).
export function isProvinceAdmin() {
  if (!hasRole('admin') || !session.user) return false;
  const a = session.unitById[authorityOf(session.user.unit_id)];
  return !!a && !a.parent_id;
}

// 干部管理权限 as the server decides it (may_decide, assessment_api.c): a
// leader or admin of a unit in whose scope the target is; a measure on a
// unit not by the unit itself (the top unit aside).
export function mayDecide(person, unitId) {
  if (!hasRole('admin', 'leader') || !session.user || !inScope(unitId)) return false;
  if (person) return true;
  const mine = authorityOf(session.user.unit_id);
  const top = !(session.unitById[mine] || {}).parent_id;
  return authorityOf(unitId) !== mine || top;
}

export function unitName(id) {
  if (id == null) return '—';
  const u = session.unitById[id];
  return u ? u.name : `单位#${id}`;
}

// The unit's full name with its authority, for departments ("省教育厅 / 基础教育处").
export function unitPath(id) {
  const u = session.unitById[id];
  if (!u) return unitName(id);
  if (u.kind === 'department' && u.parent_id && session.unitById[u.parent_id]) {
    return `${session.unitById[u.parent_id].name} / ${u.name}`;
  }
  return u.name;
}

export async function login(username, password) {
  await post('/session', { username, password });
  hint.set(true);
  return loadSession();
}

export async function logout() {
  try { await del('/session'); } catch { /* already gone */ }
  session.user = null;
  hint.set(false);
  setCsrf('');
}

// 'overdue' | 'warning' | '' for a due date (open deadline).
export function dueState(due, overdue) {
  if (!due) return '';
  if (overdue || due < session.today) return 'overdue';
  if (session.warnUntil && due <= session.warnUntil) return 'warning';
  return '';
}
