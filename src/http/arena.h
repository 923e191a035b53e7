/* A per-request arena: everything a request allocates lives until the
 * request ends and is freed in one go, so handlers never free by hand. */
#ifndef XF_ARENA_H
#define XF_ARENA_H

#include <stddef.h>

typedef struct xf_arena_chunk xf_arena_chunk;
typedef struct {
	xf_arena_chunk	*head;
	size_t		 total;		/* bytes handed out, for limits */
} xf_arena;

void	 xf_arena_init(xf_arena *a);
void	 xf_arena_cleanup(xf_arena *a);
/* Aborts on out-of-memory, like every allocation wrapper here. */
void	*xf_arena_alloc(xf_arena *a, size_t n);
char	*xf_arena_strdup(xf_arena *a, const char *s);
char	*xf_arena_strndup(xf_arena *a, const char *s, size_t n);
char	*xf_arena_printf(xf_arena *a, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

void	*xf_xmalloc(size_t n);
void	*xf_xcalloc(size_t n, size_t sz);
void	*xf_xrealloc(void *p, size_t n);
char	*xf_xstrdup(const char *s);

#endif
