/* Writes docs/samples/<kind>.pdf for every document kind from the cases in
 * tests/unit/docs_cases.h. Run by scripts/make-samples, which also makes the
 * PNG previews. Usage: make_samples OUTDIR */
#include <stdio.h>
#include <stdlib.h>

#include "docs/notices.h"
#include "../tests/unit/docs_cases.h"

int
main(int argc, char **argv)
{
	xf_notice_data c;
	xf_error err;
	unsigned char *pdf;
	size_t len;
	char path[4096];
	FILE *f;
	int k, rc = 0;

	if (argc != 2) {
		fprintf(stderr, "用法: make_samples 输出目录\n");
		return 2;
	}
	for (k = 0; k < XF_NOTICE_KIND_COUNT; k++) {
		docs_case((xf_notice_kind)k, &c);
		if (xf_notice_render((xf_notice_kind)k, &c, &pdf, &len,
		    &err) == -1) {
			fprintf(stderr, "%s: %s (%s)\n",
			    xf_notice_kind_name((xf_notice_kind)k), err.message,
			    err.field);
			rc = 1;
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s.pdf", argv[1],
		    xf_notice_kind_name((xf_notice_kind)k));
		if ((f = fopen(path, "wb")) == NULL ||
		    fwrite(pdf, 1, len, f) != len || fclose(f) != 0) {
			perror(path);
			rc = 1;
		} else {
			printf("%s\t%zu bytes\n", path, len);
		}
		free(pdf);
	}
	return rc;
}
