/* Code lists: 内容分类 (category), 信访目的 (purpose), 法定途径
 * (channel_legal) and GB/T 2260 行政区划 (region), loaded once from
 * data/codes/ (every .json file) and read-only afterwards, so one xf_codes may be shared
 * by every thread without locking.
 *
 * Each file is {"list": NAME, "title": …, "source": …, "items": [ITEM…]}
 * with ITEM = {"code": "0101", "name": "中考", "level": 2, "parent": "01",
 * "basis": "…"}; "code" and "name" are required, the rest optional. Items are
 * listed (xf_codes_at) in file order and looked up (xf_codes_name) by binary
 * search over a sorted index. */
#ifndef XF_CODES_H
#define XF_CODES_H

#include <stddef.h>

#include "error.h"

typedef struct xf_codes xf_codes;

typedef struct {
	const char	*code;
	const char	*name;
	const char	*parent;	/* NULL at the top level */
	const char	*basis;		/* legal basis (channel_legal), or NULL */
	int		 level;		/* 1 = top; region: 1 省 2 市 3 县 */
} xf_code;

#define XF_CODE_MAX	16	/* longest code accepted, bytes incl. NUL */

/* Loads every .json file in dir. NULL on error (missing dir, bad JSON, duplicate
 * list or code, parent that does not exist), with err set. */
xf_codes	*xf_codes_load(const char *dir, xf_error *err);
void		 xf_codes_free(xf_codes *c);

/* The name of code in list, or NULL if either is unknown. */
const char	*xf_codes_name(const xf_codes *c, const char *list,
		    const char *code);
/* The whole item, or NULL. */
const xf_code	*xf_codes_find(const xf_codes *c, const char *list,
		    const char *code);
/* Number of items in list (0 if unknown) and the i-th in file order (NULL if
 * out of range). */
size_t		 xf_codes_count(const xf_codes *c, const char *list);
const xf_code	*xf_codes_at(const xf_codes *c, const char *list, size_t i);
/* Title of a list ("内容分类"), or NULL. */
const char	*xf_codes_title(const xf_codes *c, const char *list);

/* Region helpers over list "region" (6-digit GB/T 2260 codes). */
/* The province ("410000") item a 6-digit code belongs to, or NULL. */
const xf_code	*xf_codes_region_province(const xf_codes *c, const char *code6);
/* The prefecture ("410100") item, or NULL (province-level codes, or a
 * county directly under a province such as 济源市 419001 whose 4190
 * "省直辖县级行政区划" is returned as it is). */
const xf_code	*xf_codes_region_city(const xf_codes *c, const char *code6);
/* 1 if code6 is a current county-level unit (县、县级市、市辖区, and the
 * prefecture cities with no counties such as 东莞市 441900), else 0. */
int		 xf_codes_region_is_county(const xf_codes *c, const char *code6);
/* "河南省郑州市中原区": the names from province down, leaving out the
 * placeholders 市辖区 / 县 / 省直辖县级行政区划. 0, or -1 if unknown or
 * buf is too small (buf is then ""). */
int		 xf_codes_region_path(const xf_codes *c, const char *code6,
		    char *buf, size_t bufsz);

#endif
