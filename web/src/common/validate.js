// Live checks that mirror the server's validators (src/core/validate.c), so
// an officer sees a mistake while typing; the server still decides.
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

// GB 11643-1999: 17 digits, a check character, and a real birth date.
export function idNumberError(s) {
  if (!s) return '';
  const v = s.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(v)) return '身份证号应为18位（末位可为X）';
  const y = +v.slice(6, 10), m = +v.slice(10, 12), d = +v.slice(12, 14);
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) {
    return '身份证号中的出生日期无效';
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (v.charCodeAt(i) - 48) * W[i];
  if (CHECK[sum % 11] !== v[17]) return '身份证号校验位不正确';
  return '';
}

// Mobile 1[3-9]xxxxxxxxx or landline 0xx(x)-xxxxxxx(x).
export function phoneError(s) {
  if (!s) return '';
  const v = s.trim();
  if (/^1[3-9]\d{9}$/.test(v) || /^0\d{2,3}-\d{7,8}$/.test(v)) return '';
  return '电话应为11位手机号或“区号-号码”格式的固定电话';
}

// The check digit for 17 digits (for tests and demo data).
export function idCheckDigit(s17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (s17.charCodeAt(i) - 48) * W[i];
  return CHECK[sum % 11];
}
