// Valid 18-digit ID numbers (GB 11643 check digit) for tests.
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const C = '10X98765432';
export function checkDigit(first17) {
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(first17[i]) * W[i];
  return C[s % 11];
}
export function idNumber(region = '410105', birth = '19800101', seq = '123') {
  const b = region + birth + seq;
  return b + checkDigit(b);
}
// The same number with a wrong check character.
export function badIdNumber(region = '410105', birth = '19800101', seq = '123') {
  const good = idNumber(region, birth, seq);
  const wrong = C.split('').find((c) => c !== good[17]);
  return good.slice(0, 17) + wrong;
}
