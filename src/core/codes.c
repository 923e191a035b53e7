#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "codes.h"

#define MAX_LISTS	32
#define MAX_ITEMS	100000	/* region has ~3,400; a bound against a runaway file */

struct list {
	char		*name;
	char		*title;
	xf_code		*items;		/* file order */
	const xf_code	**sorted;	/* by code, for bsearch */
	size_t		 n;
};

struct xf_codes {
	struct list	lists[MAX_LISTS];
	size_t		nlists;
};

static void *
xmalloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);

	if (p == NULL)
		abort();	/* nothing sensible to do on OOM at load time */
	return p;
}

static char *
xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

static int
cmp_code(const void *a, const void *b)
{
	const xf_code *x = *(const xf_code *const *)a;
	const xf_code *y = *(const xf_code *const *)b;

	return strcmp(x->code, y->code);
}

static int
cmp_key(const void *key, const void *elem)
{
	const xf_code *y = *(const xf_code *const *)elem;

	return strcmp(key, y->code);
}

static void
list_free(struct list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free((char *)l->items[i].code);
		free((char *)l->items[i].name);
		free((char *)l->items[i].parent);
		free((char *)l->items[i].basis);
	}
	free(l->items);
	free(l->sorted);
	free(l->name);
	free(l->title);
	memset(l, 0, sizeof(*l));
}

static const struct list *
find_list(const xf_codes *c, const char *name)
{
	size_t i;

	if (c == NULL || name == NULL)
		return NULL;
	for (i = 0; i < c->nlists; i++)
		if (strcmp(c->lists[i].name, name) == 0)
			return &c->lists[i];
	return NULL;
}

static const xf_code *
list_find(const struct list *l, const char *code)
{
	const xf_code *const *hit;

	if (l == NULL || code == NULL)
		return NULL;
	hit = bsearch(code, l->sorted, l->n, sizeof(*l->sorted), cmp_key);
	return hit ? *hit : NULL;
}

/* Codes are short ASCII identifiers; anything else in a data file is a
 * mistake we want to hear about at load time, not at lookup time. */
static int
code_ok(const char *s)
{
	size_t n = strlen(s);
	size_t i;

	if (n == 0 || n >= XF_CODE_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= 'a' && s[i] <= 'z') || s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

static int
load_file(xf_codes *c, const char *path, xf_error *err)
{
	json_t *root = NULL, *items, *it;
	json_error_t jerr;
	struct list *l;
	const char *name, *title = NULL;
	size_t i, n;
	int rc = -1;

	root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		xf_error_set(err, XF_E_INTERNAL, "codes", "代码表文件 %s 无法解析：%s 第 %d 行",
		    path, jerr.text, jerr.line);
		goto done;
	}
	if (json_unpack_ex(root, &jerr, 0, "{s:s, s?s, s:o}", "list", &name,
	    "title", &title, "items", &items) != 0 || !json_is_array(items)) {
		xf_error_set(err, XF_E_INTERNAL, "codes", "代码表文件 %s 格式不正确", path);
		goto done;
	}
	n = json_array_size(items);
	if (n == 0 || n > MAX_ITEMS) {
		xf_error_set(err, XF_E_INTERNAL, "codes", "代码表 %s 条目数不正确", name);
		goto done;
	}
	if (find_list(c, name) != NULL) {
		xf_error_set(err, XF_E_INTERNAL, "codes", "代码表 %s 重复定义", name);
		goto done;
	}
	if (c->nlists == MAX_LISTS) {
		xf_error_set(err, XF_E_INTERNAL, "codes", "代码表过多");
		goto done;
	}
	l = &c->lists[c->nlists++];
	l->name = xstrdup(name);
	l->title = xstrdup(title ? title : name);
	l->items = xmalloc(n * sizeof(*l->items));
	l->sorted = xmalloc(n * sizeof(*l->sorted));
	json_array_foreach(items, i, it) {
		const char *code, *nm, *parent = NULL, *basis = NULL;
		int level = 0;

		if (json_unpack_ex(it, &jerr, 0, "{s:s, s:s, s?i, s?s, s?s}",
		    "code", &code, "name", &nm, "level", &level,
		    "parent", &parent, "basis", &basis) != 0 ||
		    !code_ok(code) || nm[0] == '\0') {
			xf_error_set(err, XF_E_INTERNAL, "codes",
			    "代码表 %s 第 %zu 项格式不正确", name, i + 1);
			goto done;
		}
		l->items[i].code = xstrdup(code);
		l->items[i].name = xstrdup(nm);
		l->items[i].parent = parent ? xstrdup(parent) : NULL;
		l->items[i].basis = basis ? xstrdup(basis) : NULL;
		l->items[i].level = level > 0 ? level : 1;
		l->sorted[i] = &l->items[i];
		l->n = i + 1;
	}
	qsort(l->sorted, l->n, sizeof(*l->sorted), cmp_code);
	for (i = 1; i < l->n; i++)
		if (strcmp(l->sorted[i - 1]->code, l->sorted[i]->code) == 0) {
			xf_error_set(err, XF_E_INTERNAL, "codes", "代码表 %s 代码 %s 重复",
			    name, l->sorted[i]->code);
			goto done;
		}
	for (i = 0; i < l->n; i++)
		if (l->items[i].parent != NULL &&
		    list_find(l, l->items[i].parent) == NULL) {
			xf_error_set(err, XF_E_INTERNAL, "codes",
			    "代码表 %s 代码 %s 的上级 %s 不存在", name,
			    l->items[i].code, l->items[i].parent);
			goto done;
		}
	rc = 0;
done:
	json_decref(root);
	return rc;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a > b && strcmp(s + a - b, suffix) == 0;
}

xf_codes *
xf_codes_load(const char *dir, xf_error *err)
{
	xf_codes *c;
	DIR *d;
	struct dirent *de;
	char path[4096];
	int n;

	if (dir == NULL || (d = opendir(dir)) == NULL) {
		xf_error_set(err, XF_E_INTERNAL, "codes", "代码表目录 %s 无法打开",
		    dir ? dir : "(null)");
		return NULL;
	}
	c = xmalloc(sizeof(*c));
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || !ends_with(de->d_name, ".json"))
			continue;
		n = snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (n < 0 || (size_t)n >= sizeof(path)) {
			xf_error_set(err, XF_E_INTERNAL, "codes", "代码表路径过长");
			goto fail;
		}
		if (load_file(c, path, err) != 0)
			goto fail;
	}
	closedir(d);
	if (c->nlists == 0) {
		xf_error_set(err, XF_E_INTERNAL, "codes", "代码表目录 %s 中没有代码表", dir);
		xf_codes_free(c);
		return NULL;
	}
	return c;
fail:
	closedir(d);
	xf_codes_free(c);
	return NULL;
}

void
xf_codes_free(xf_codes *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nlists; i++)
		list_free(&c->lists[i]);
	free(c);
}

const xf_code *
xf_codes_find(const xf_codes *c, const char *list, const char *code)
{
	return list_find(find_list(c, list), code);
}

const char *
xf_codes_name(const xf_codes *c, const char *list, const char *code)
{
	const xf_code *it = xf_codes_find(c, list, code);

	return it ? it->name : NULL;
}

size_t
xf_codes_count(const xf_codes *c, const char *list)
{
	const struct list *l = find_list(c, list);

	return l ? l->n : 0;
}

const xf_code *
xf_codes_at(const xf_codes *c, const char *list, size_t i)
{
	const struct list *l = find_list(c, list);

	return (l && i < l->n) ? &l->items[i] : NULL;
}

const char *
xf_codes_title(const xf_codes *c, const char *list)
{
	const struct list *l = find_list(c, list);

	return l ? l->title : NULL;
}

/* Copies the first keep digits of a 6-digit code and pads with zeros; -1 if
 * code6 is not exactly six ASCII digits. */
static int
region_prefix(const char *code6, size_t keep, char out[7])
{
	size_t i;

	if (code6 == NULL)
		return -1;
	for (i = 0; i < 6; i++)
		if (code6[i] < '0' || code6[i] > '9')
			return -1;
	if (code6[6] != '\0')
		return -1;
	for (i = 0; i < 6; i++)
		out[i] = i < keep ? code6[i] : '0';
	out[6] = '\0';
	return 0;
}

const xf_code *
xf_codes_region_province(const xf_codes *c, const char *code6)
{
	char k[7];

	if (region_prefix(code6, 2, k) != 0)
		return NULL;
	return xf_codes_find(c, "region", k);
}

const xf_code *
xf_codes_region_city(const xf_codes *c, const char *code6)
{
	char k[7];

	if (region_prefix(code6, 4, k) != 0 || strcmp(k + 2, "0000") == 0)
		return NULL;
	return xf_codes_find(c, "region", k);
}

int
xf_codes_region_is_county(const xf_codes *c, const char *code6)
{
	const xf_code *it;
	char k[7];

	if (region_prefix(code6, 6, k) != 0)
		return 0;
	it = xf_codes_find(c, "region", k);
	return it != NULL && it->level == 3;
}

/* Names that stand for "the counties directly under this level" rather than a
 * place; a person never writes them in an address. */
static int
placeholder(const char *name)
{
	return strcmp(name, "市辖区") == 0 || strcmp(name, "县") == 0 ||
	    strcmp(name, "省直辖县级行政区划") == 0 ||
	    strcmp(name, "自治区直辖县级行政区划") == 0;
}

int
xf_codes_region_path(const xf_codes *c, const char *code6, char *buf,
    size_t bufsz)
{
	const xf_code *parts[3];
	const xf_code *self;
	size_t np = 0, used = 0, i, len;

	if (buf == NULL || bufsz == 0)
		return -1;
	buf[0] = '\0';
	self = xf_codes_find(c, "region", code6);
	if (self == NULL)
		return -1;
	parts[np] = xf_codes_region_province(c, code6);
	if (parts[np] != NULL && parts[np] != self)
		np++;
	parts[np] = xf_codes_region_city(c, code6);
	if (parts[np] != NULL && parts[np] != self && !placeholder(parts[np]->name))
		np++;
	parts[np++] = self;
	for (i = 0; i < np; i++) {
		len = strlen(parts[i]->name);
		if (used + len + 1 > bufsz) {
			buf[0] = '\0';
			return -1;
		}
		memcpy(buf + used, parts[i]->name, len);
		used += len;
		buf[used] = '\0';
	}
	return 0;
}
