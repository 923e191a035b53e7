#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "core/codes.h"

static xf_codes *C;

static void
load(void)
{
	xf_error e = { 0 };

	C = xf_codes_load(XF_TEST_DATADIR "/codes", &e);
	cr_assert_not_null(C, "load failed: %s", e.message);
}

static void
unload(void)
{
	xf_codes_free(C);
}

TestSuite(codes, .init = load, .fini = unload);

Test(codes, category_lookup_and_two_levels)
{
	size_t n = xf_codes_count(C, "category"), i, tops = 0;
	const xf_code *it, *parent;

	cr_assert(n >= 50 && n <= 100, "about 60 categories, got %zu", n);
	cr_assert_str_eq(xf_codes_title(C, "category"), "内容分类");
	cr_assert_str_eq(xf_codes_name(C, "category", "01"), "招生考试");
	cr_assert_str_eq(xf_codes_name(C, "category", "0102"), "高考");
	cr_assert_str_eq(xf_codes_name(C, "category", "07"), "校外培训");
	cr_assert_str_eq(xf_codes_name(C, "category", "99"), "其他");
	cr_assert_null(xf_codes_name(C, "category", "0199"));
	cr_assert_null(xf_codes_name(C, "category", ""));
	cr_assert_null(xf_codes_name(C, "category", NULL));
	cr_assert_null(xf_codes_name(C, "nosuchlist", "01"));
	/* Listing order: every child right after its parent's group starts,
	 * and its code begins with the parent's code. */
	for (i = 0; i < n; i++) {
		it = xf_codes_at(C, "category", i);
		cr_assert_not_null(it);
		if (it->parent == NULL) {
			tops++;
			cr_assert_eq(strlen(it->code), 2);
			continue;
		}
		parent = xf_codes_find(C, "category", it->parent);
		cr_assert_not_null(parent);
		cr_assert_eq(strncmp(it->code, parent->code, 2), 0, "%s under %s", it->code, parent->code);
		cr_assert_eq(it->level, 2);
		if (i > 0)
			cr_assert(strcmp(xf_codes_at(C, "category", i - 1)->code, it->code) < 0);
	}
	cr_assert_eq(tops, 15);
	cr_assert_null(xf_codes_at(C, "category", n));
}

Test(codes, purpose_and_legal_channels)
{
	static const char *want[] = { "申诉", "求决", "揭发控告", "意见建议", "咨询", "其他" };
	const xf_code *it;

	cr_assert_eq(xf_codes_count(C, "purpose"), 6);
	for (size_t i = 0; i < 6; i++)
		cr_assert_str_eq(xf_codes_at(C, "purpose", i)->name, want[i]);
	cr_assert_gt(xf_codes_count(C, "channel_legal"), 6);
	it = xf_codes_at(C, "channel_legal", 0);
	cr_assert_str_eq(it->name, "诉讼");
	cr_assert_not_null(it->basis, "a legal channel cites its basis");
	for (size_t i = 0; i < xf_codes_count(C, "channel_legal"); i++)
		cr_assert_not_null(xf_codes_at(C, "channel_legal", i)->basis);
}

Test(codes, region_names_and_hierarchy)
{
	char path[128];
	size_t n = xf_codes_count(C, "region"), i, counties = 0;

	cr_assert_gt(n, 3000);
	cr_assert_str_eq(xf_codes_name(C, "region", "410000"), "河南省");
	cr_assert_str_eq(xf_codes_name(C, "region", "410100"), "郑州市");
	cr_assert_str_eq(xf_codes_name(C, "region", "410102"), "中原区");
	cr_assert_str_eq(xf_codes_region_province(C, "410102")->name, "河南省");
	cr_assert_str_eq(xf_codes_region_city(C, "410102")->name, "郑州市");
	cr_assert_null(xf_codes_region_city(C, "410000"));
	cr_assert_null(xf_codes_region_province(C, "4101"));
	cr_assert_eq(xf_codes_region_is_county(C, "410102"), 1);
	cr_assert_eq(xf_codes_region_is_county(C, "410100"), 0);
	cr_assert_eq(xf_codes_region_is_county(C, "410000"), 0);
	cr_assert_eq(xf_codes_region_is_county(C, "441900"), 1, "东莞市 has no counties");
	cr_assert_eq(xf_codes_region_is_county(C, "419001"), 1, "济源市 directly under the province");
	cr_assert_eq(xf_codes_region_is_county(C, "999999"), 0);
	cr_assert_eq(xf_codes_region_path(C, "410102", path, sizeof(path)), 0);
	cr_assert_str_eq(path, "河南省郑州市中原区");
	cr_assert_eq(xf_codes_region_path(C, "110101", path, sizeof(path)), 0);
	cr_assert_str_eq(path, "北京市东城区", "市辖区 is left out");
	cr_assert_eq(xf_codes_region_path(C, "419001", path, sizeof(path)), 0);
	cr_assert_str_eq(path, "河南省济源市");
	cr_assert_eq(xf_codes_region_path(C, "441900", path, sizeof(path)), 0);
	cr_assert_str_eq(path, "广东省东莞市");
	cr_assert_eq(xf_codes_region_path(C, "410102", path, 10), -1);
	cr_assert_str_eq(path, "");
	/* Every county-level code belongs to a province in the list. */
	for (i = 0; i < n; i++) {
		const xf_code *it = xf_codes_at(C, "region", i);

		cr_assert_eq(strlen(it->code), 6);
		if (it->level == 3) {
			counties++;
			cr_assert_not_null(xf_codes_region_province(C, it->code), "%s", it->code);
		}
	}
	cr_assert_gt(counties, 2800, "all of China to the county level");
}

/* Figure for the report: lookups must be cheap enough to run per request. */
Test(codes, lookup_is_fast)
{
	struct timespec a, b;
	size_t n = xf_codes_count(C, "region"), i, hits = 0;
	double ns;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < 1000000; i++)
		hits += xf_codes_name(C, "region", xf_codes_at(C, "region", i % n)->code) != NULL;
	clock_gettime(CLOCK_MONOTONIC, &b);
	ns = ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / 1e6;
	cr_log_info("region lookup: %.0f ns per lookup over %zu codes", ns, n);
	cr_assert_eq(hits, 1000000);
	cr_assert_lt(ns, 5000.0);
}

/* ---- bad data is refused at load time ---- */

static char dir[64];

static void
write_file(const char *name, const char *body)
{
	char p[128];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "w");
	cr_assert_not_null(f);
	fputs(body, f);
	fclose(f);
}

static void
mkdir_tmp(void)
{
	strcpy(dir, "/tmp/xf_codes_XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
}

static void
rm_tmp(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	(void)system(cmd);
}

TestSuite(bad, .init = mkdir_tmp, .fini = rm_tmp);

static int
loads(void)
{
	xf_error e = { 0 };
	xf_codes *c = xf_codes_load(dir, &e);

	xf_codes_free(c);
	if (c == NULL)
		cr_assert(e.message[0] != '\0');
	return c != NULL;
}

Test(bad, good_minimal_file_loads)
{
	write_file("a.json", "{\"list\":\"a\",\"items\":[{\"code\":\"1\",\"name\":\"甲\"}]}");
	cr_assert(loads());
}

Test(bad, duplicate_code)
{
	write_file("a.json", "{\"list\":\"a\",\"items\":[{\"code\":\"1\",\"name\":\"甲\"},"
	    "{\"code\":\"1\",\"name\":\"乙\"}]}");
	cr_assert(!loads());
}

Test(bad, missing_parent)
{
	write_file("a.json", "{\"list\":\"a\",\"items\":[{\"code\":\"0101\",\"name\":\"甲\",\"parent\":\"01\"}]}");
	cr_assert(!loads());
}

Test(bad, duplicate_list_across_files)
{
	write_file("a.json", "{\"list\":\"a\",\"items\":[{\"code\":\"1\",\"name\":\"甲\"}]}");
	write_file("b.json", "{\"list\":\"a\",\"items\":[{\"code\":\"2\",\"name\":\"乙\"}]}");
	cr_assert(!loads());
}

Test(bad, malformed)
{
	write_file("a.json", "{\"list\":\"a\",\"items\":[{\"code\":\"1\"}]}");
	cr_assert(!loads(), "no name");
	write_file("a.json", "{\"list\":\"a\",\"items\":[{\"code\":\"1 2\",\"name\":\"x\"}]}");
	cr_assert(!loads(), "space in code");
	write_file("a.json", "{\"list\":\"a\",\"items\":[]}");
	cr_assert(!loads(), "empty list");
	write_file("a.json", "{\"list\":\"a\",\"items\":[");
	cr_assert(!loads(), "truncated JSON");
}

Test(bad, missing_or_empty_dir)
{
	xf_error e = { 0 };

	cr_assert_null(xf_codes_load("/nonexistent/codes", &e));
	cr_assert(strstr(e.message, "无法打开") != NULL);
	cr_assert(!loads(), "no lists at all");
}
