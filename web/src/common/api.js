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

// Sends one file as the raw request body (API.md, attachments): the name
// percent-encoded in X-Filename, since headers are ASCII. XMLHttpRequest
// rather than fetch, because only it reports upload progress.
// onProgress(fraction 0..1). Resolves with the server's JSON (201).
export function upload(path, file, onProgress) {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open('POST', '/api/v1' + path);
    x.withCredentials = true;
    x.setRequestHeader('Accept', 'application/json');
    x.setRequestHeader('Content-Type', 'application/octet-stream');
    x.setRequestHeader('X-Filename', encodeURIComponent(file.name));
    if (csrf && !path.startsWith('/public')) x.setRequestHeader('X-CSRF-Token', csrf);
    if (onProgress) x.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    x.onerror = () => reject(new ApiError(0, 'network', '无法连接服务器，请检查网络'));
    x.onload = () => {
      let json = null;
      try { json = x.responseText ? JSON.parse(x.responseText) : null; } catch { json = null; }
      if (x.status >= 200 && x.status < 300) { resolve(json); return; }
      const e = json && json.error ? json.error : {};
      if (x.status === 401 && onUnauthorized && !path.startsWith('/public')) onUnauthorized();
      const msg = x.status === 413 ? '文件超过20MB，无法上传' : e.message || `服务器错误（${x.status}）`;
      reject(new ApiError(x.status, e.code || 'http_' + x.status, msg, e.field));
    };
    x.send(file);
  });
}

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
