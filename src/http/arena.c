#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define CHUNK_MIN 4096

struct xf_arena_chunk {
	xf_arena_chunk	*next;
	size_t		 used, cap;
	_Alignas(16) unsigned char data[];
};

void *
xf_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL) {
		fputs("xinfang: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *
xf_xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz ? sz : 1);

	if (p == NULL) {
		fputs("xinfang: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *
xf_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL) {
		fputs("xinfang: out of memory\n", stderr);
		abort();
	}
	return q;
}

char *
xf_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xf_xmalloc(n), s, n);
}

void
xf_arena_init(xf_arena *a)
{
	a->head = NULL;
	a->total = 0;
}

void
xf_arena_cleanup(xf_arena *a)
{
	xf_arena_chunk *c, *next;

	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
	a->total = 0;
}

void *
xf_arena_alloc(xf_arena *a, size_t n)
{
	xf_arena_chunk *c = a->head;
	size_t need = (n + 15) & ~(size_t)15;
	void *p;

	if (c == NULL || c->cap - c->used < need) {
		size_t cap = need > CHUNK_MIN ? need : CHUNK_MIN;

		c = xf_xmalloc(sizeof(*c) + cap);
		c->cap = cap;
		c->used = 0;
		c->next = a->head;
		a->head = c;
	}
	p = c->data + c->used;
	c->used += need;
	a->total += need;
	return p;
}

char *
xf_arena_strndup(xf_arena *a, const char *s, size_t n)
{
	char *p = xf_arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xf_arena_strdup(xf_arena *a, const char *s)
{
	return xf_arena_strndup(a, s, strlen(s));
}

char *
xf_arena_printf(xf_arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return xf_arena_strdup(a, "");
	p = xf_arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
