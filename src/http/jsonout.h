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
#include <stdint.h>
#include <jansson.h>

/* A malloc'd NUL-terminated string (length in *len when len is not NULL),
 * or NULL when v cannot be dumped (as json_dumps: invalid UTF-8 in a
 * string, or memory). */
char	*xf_json_out(const json_t *v, size_t *len);

/* A writer of the same compact text, value by value, for the hottest
 * responses (a case): building a jansson object of ~60 members to dump it
 * once cost more than the dump (allocations, hashing; measured on a case
 * fetch, 1M cases: json_pack and json_delete ~12 % of the server's CPU).
 * Commas are the writer's: a key or a value after a value gets one. Any
 * error (invalid UTF-8, memory) sticks, and finish then gives NULL. */
typedef struct {
	char	*p;
	size_t	 len, cap;
	int	 bad;
	int	 comma;		/* a value was written at this level */
} xf_jw;

void	 xf_jw_open(xf_jw *w, char brace);	/* '{' or '[' */
void	 xf_jw_close(xf_jw *w, char brace);	/* '}' or ']' */
void	 xf_jw_key(xf_jw *w, const char *key);
void	 xf_jw_str(xf_jw *w, const char *s);	/* NULL: null */
void	 xf_jw_int(xf_jw *w, int64_t v);
void	 xf_jw_bool(xf_jw *w, int v);
void	 xf_jw_null(xf_jw *w);
void	 xf_jw_json(xf_jw *w, const json_t *v);	/* NULL: null */
/* A JSON text as it is, for one this program wrote itself (a stored
 * column): only that it is one array or object (its first and last
 * bytes) without NUL bytes is checked; otherwise the output fails. */
void	 xf_jw_raw(xf_jw *w, const char *text, size_t n);
/* The text (malloc'd, NUL-terminated, length in *len), or NULL after an
 * error; the writer is empty again either way. */
char	*xf_jw_finish(xf_jw *w, size_t *len);

#endif
