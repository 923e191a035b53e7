/* Time to render the 信访处理意见书 (reply) of tests/unit/docs_cases.h:
 * build + layout + PDF, averaged over 100 renders after 5 warm-up renders
 * (the first render loads the fonts). Prints one JSON line; goal < 50 ms. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "docs/notices.h"
#include "../tests/unit/docs_cases.h"

#define WARMUP	5
#define RUNS	100

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
render_once(size_t *len)
{
	xf_notice_data c;
	xf_error err;
	unsigned char *pdf;

	docs_case(XF_NOTICE_REPLY, &c);
	if (xf_notice_render(XF_NOTICE_REPLY, &c, &pdf, len, &err) == -1) {
		fprintf(stderr, "bench_docs: %s (%s)\n", err.message, err.field);
		return -1;
	}
	free(pdf);
	return 0;
}

int
main(void)
{
	double t0, first, total;
	size_t len = 0;
	int i;

	t0 = now_ms();
	if (render_once(&len) == -1)
		return 1;
	first = now_ms() - t0;
	for (i = 1; i < WARMUP; i++)
		if (render_once(&len) == -1)
			return 1;
	t0 = now_ms();
	for (i = 0; i < RUNS; i++)
		if (render_once(&len) == -1)
			return 1;
	total = now_ms() - t0;
	printf("{\"bench\":\"docs_reply\",\"ms_per_doc\":%.2f,\"first_ms\":%.1f,"
	    "\"runs\":%d,\"bytes\":%zu,\"goal_ms\":50}\n", total / RUNS, first,
	    RUNS, len);
	return 0;
}
