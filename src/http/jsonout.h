/* jsonout — compact JSON text of a jansson value, byte for byte what
 * json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY) gives, faster.
 *
 * Why: every API response is serialised once. jansson decodes each UTF-8
 * character of each string to decide whether to escape it, and writes
 * through a callback; a case page is mostly Chinese text, and its dump was
 * 15 % of the CPU of a case fetch. Here runs of bytes that need no escape
 * are copied whole. Objects keep jansson's insertion order. Reals are
 * formatted by jansson itself (they are rare: similarities, scores), so
 * the number text cannot differ. */
#ifndef XF_JSONOUT_H
#define XF_JSONOUT_H

#include <stddef.h>
#include <jansson.h>

/* A malloc'd NUL-terminated string (length in *len when len is not NULL),
 * or NULL when v cannot be dumped (as json_dumps: invalid UTF-8 in a
 * string, or memory). */
char	*xf_json_out(const json_t *v, size_t *len);

#endif
