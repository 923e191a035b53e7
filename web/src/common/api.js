// The one way the UI talks to the server: JSON in and out, the session
// cookie, and the CSRF header on every state-changing call (API.md, Auth).
let csrf = '';

let onUnauthorized = null;

export function setCsrf(token) { csrf = token || ''; }
// Called when a signed-in call answers 401 (session expired or revoked).
export function setOnUnauthorized(fn) { onUnauthorized = fn; }

// An API error keeps the server's Chinese message and the field it names,
// so a form can show it next to that field.
export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message || '请求失败');
    this.status = status;
    this.code = code;
    this.field = field || null;
  }
}

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  const opts = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    opts.body = JSON.stringify(body);
  }
  if (method !== 'GET' && method !== 'HEAD' && csrf) headers['X-CSRF-Token'] = csrf;
  let r;
  try {
    r = await fetch('/api/v1' + path, opts);
  } catch {
    throw new ApiError(0, 'network', '无法连接服务器，请检查网络');
  }
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!r.ok) {
    const e = json && json.error ? json.error : {};
    if (r.status === 401 && onUnauthorized && !path.startsWith('/session') && !path.startsWith('/public')) onUnauthorized();
    throw new ApiError(r.status, e.code || 'http_' + r.status,
      e.message || `服务器错误（${r.status}）`, e.field);
  }
  return json;
}

export const get = (p) => api('GET', p);
export const post = (p, b) => api('POST', p, b ?? {});
export const patch = (p, b) => api('PATCH', p, b);
export const put = (p, b) => api('PUT', p, b);
export const del = (p) => api('DELETE', p);

// Builds a query string from an object, leaving out empty values.
export function qs(obj) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    p.set(k, String(v));
  }
  const s = p.toString();
  return s ? '?' + s : '';
}
