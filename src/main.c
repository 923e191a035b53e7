/* xinfang: subcommand dispatch. */
#include <stdio.h>
#include <string.h>

static void
usage(FILE *fp)
{
	fputs("用法: xinfang <命令> [选项]\n"
	    "命令:\n"
	    "  help                                   显示本帮助\n"
	    "  init --db FILE --admin-password PW [--demo] [--force]\n"
	    "  serve --db FILE [--listen 127.0.0.1:8080] [--today YYYY-MM-DD]\n"
	    "  deadline FROM N [--working]\n"
	    "  scan --db FILE --as-of YYYY-MM-DD\n"
	    "  backup --db FILE OUT\n"
	    "  audit verify --db FILE\n", fp);
}

int
main(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "help") == 0 ||
	    strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return argc < 2 ? 2 : 0;
	}
	fprintf(stderr, "xinfang: 未知命令 \"%s\"\n", argv[1]);
	usage(stderr);
	return 2;
}
