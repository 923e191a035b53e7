// Code lists (GET /api/v1/codes/{list}), fetched once per page load.
import { get } from './api.js';

const cache = {};

export function codes(list) {
  if (!cache[list]) {
    cache[list] = get(`/codes/${list}`).then((r) => r.items || []).catch((e) => {
      delete cache[list];
      throw e;
    });
  }
  return cache[list];
}

// 内容分类 as a two-level tree for el-cascader (value = the item's code).
export async function categoryTree() {
  const items = await codes('category');
  const top = items.filter((i) => !i.parent).map((i) => ({ value: i.code, label: i.name, children: [] }));
  const byCode = Object.fromEntries(top.map((t) => [t.value, t]));
  for (const i of items) {
    if (i.parent && byCode[i.parent]) byCode[i.parent].children.push({ value: i.code, label: i.name });
  }
  for (const t of top) if (!t.children.length) delete t.children;
  return top;
}

export async function categoryNames() {
  const items = await codes('category');
  const m = {};
  for (const i of items) m[i.code] = i.parent ? `${(items.find((p) => p.code === i.parent) || {}).name || ''} / ${i.name}` : i.name;
  return m;
}

// GB/T 2260 regions as options with the full path ("河南省 郑州市 金水区").
export async function regionOptions() {
  const items = await codes('region');
  const name = Object.fromEntries(items.map((i) => [i.code, i.name]));
  return items.map((i) => {
    const p = i.code.slice(0, 2) + '0000', c = i.code.slice(0, 4) + '00';
    const parts = [];
    if (p !== i.code && name[p]) parts.push(name[p]);
    if (c !== i.code && c !== p && name[c]) parts.push(name[c]);
    parts.push(i.name);
    return { value: i.code, label: parts.join(' ') };
  });
}
