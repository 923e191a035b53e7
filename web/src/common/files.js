// Attachments as the server takes them (src/api/attachments.c): a few
// document and image types, at most 20 MiB each, the extension matching the
// content. Checked here first so a wrong file is refused before it is sent;
// the server still sniffs the bytes and decides.
import { upload } from './api.js';

export const ACCEPT = '.pdf,.jpg,.jpeg,.png,.doc,.docx,.xlsx,.txt';
export const MAX_BYTES = 20 * 1024 * 1024;
export const TYPES_TEXT = 'PDF、JPG、PNG、DOC、DOCX、XLSX、TXT';

export function fileError(file) {
  const ext = (file.name.match(/\.[^.]+$/) || [''])[0].toLowerCase();
  if (!ACCEPT.split(',').includes(ext)) return `只接受 ${TYPES_TEXT} 文件`;
  if (file.size === 0) return '文件为空';
  if (file.size > MAX_BYTES) return '文件超过20MB';
  if (file.name.length > 100) return '文件名过长（不超过100个字）';
  return '';
}

export function fmtSize(n) {
  if (n == null) return '';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1048576).toFixed(1)} MB`;
}

let seq = 0;
// A queued file: state pending | uploading | done | error | rejected.
export function queued(file) {
  const err = fileError(file);
  return { key: ++seq, file, name: file.name, size: file.size, state: err ? 'rejected' : 'pending', progress: 0, error: err, result: null };
}

// Uploads the queued files one after another to `path` (a string or a
// function of the item), each with its own progress and error; a failed
// file does not stop the others. Returns how many succeeded and failed.
export async function uploadQueued(items, path) {
  let ok = 0, failed = 0;
  for (const it of items) {
    if (it.state !== 'pending' && it.state !== 'error') continue;
    it.state = 'uploading';
    it.progress = 0;
    it.error = '';
    try {
      it.result = await upload(typeof path === 'function' ? path(it) : path, it.file, (f) => { it.progress = Math.round(f * 100); });
      it.state = 'done';
      it.progress = 100;
      ok++;
    } catch (e) {
      it.state = 'error';
      it.error = e.message;
      failed++;
    }
  }
  return { ok, failed };
}
