#include <errno.h>
/* xinfang: subcommand dispatch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "api/api.h"
#include "api/init.h"
#include "core/period.h"
#include "jobs/jobs.h"
#include "store/store.h"

static void
usage(FILE *fp)
{
	fputs("用法: xinfang <命令> [选项]\n"
	    "\n"
	    "命令:\n"
	    "  help                                    显示本帮助\n"
	    "  init --db FILE --admin-password PW [--demo] [--force]\n"
	    "                                          创建数据库（含官方节假日日历与管理员 admin）；\n"
	    "                                          --demo 另建全省单位树、各角色演示账号与示例信访件\n"
	    "  serve --db FILE [--listen 127.0.0.1:8080] [--today YYYY-MM-DD] [--threads N]\n"
	    "        [--notify-cmd PROG]               运行网页界面与接口；--today 固定系统日期（演示、测试用）；\n"
	    "                                          PROG 接收待发短信/邮件（JSON，标准输入），返回 0 即已发送\n"
	    "  deadline FROM N [--working] [--db FILE] 计算自 FROM 起 N 日（或 N 个工作日）期限的截止日；\n"
	    "                                          给出 --db 时使用该库中的节假日安排（含管理员导入的年度）\n"
	    "  scan --db FILE --as-of YYYY-MM-DD       按该日运行督办规则，逐行输出新立的督办\n"
	    "  backup --db FILE OUT                    在线备份数据库到 OUT\n"
	    "  audit verify --db FILE                  校验审计日志哈希链\n"
	    "\n"
	    "FILE 可以是 SQLite 数据库文件，或 postgresql://… 连接串。\n", fp);
}

/* 1 if dir holds `name`, a directory when want_dir, else a file. */
static int
holds(const char *dir, const char *name, int want_dir)
{
	char path[1200];
	struct stat sb;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return stat(path, &sb) == 0 &&
	    (want_dir ? S_ISDIR(sb.st_mode) : S_ISREG(sb.st_mode));
}

/* buf gets "<the binary's directory>/<rel>"; -1 if that is unknown. */
static int
beside_binary(char *buf, size_t sz, const char *rel)
{
	char exe[1024], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		return -1;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return -1;
	*slash = '\0';
	snprintf(buf, sz, "%s/%s", exe, rel);
	return 0;
}

/* The code lists and the official calendar: $XINFANG_DATADIR, else the
 * source tree's data/ compiled in, else data/ beside the directory of the
 * binary (a tree built in one place and moved to another), else ./data. */
static const char *
datadir(void)
{
	static char buf[1100];
	const char *d = getenv("XINFANG_DATADIR");

	if (d != NULL && *d != '\0')
		return d;
	if (holds(XF_DATADIR, "calendar", 1))
		return XF_DATADIR;
	if (beside_binary(buf, sizeof(buf), "../data") == 0 &&
	    holds(buf, "calendar", 1))
		return buf;
	if (holds("data", "calendar", 1))
		return "data";
	return XF_DATADIR;
}

/* Finds "--name VALUE" (or a bare "--name" flag when has_value is 0). */
static const char *
opt(int argc, char **argv, const char *name, int has_value)
{
	for (int i = 2; i < argc; i++)
		if (strcmp(argv[i], name) == 0) {
			if (!has_value)
				return "";
			return i + 1 < argc ? argv[i + 1] : NULL;
		}
	return NULL;
}

static int
check_opts(int argc, char **argv, int first, const char *const *valued,
    const char *const *flags, int max_positional)
{
	int npos = 0;

	for (int i = first; i < argc; i++) {
		int ok = 0;

		for (int k = 0; valued[k] != NULL; k++)
			if (strcmp(argv[i], valued[k]) == 0) {
				if (i + 1 >= argc) {
					fprintf(stderr, "xinfang: %s 需要一个值\n",
					    argv[i]);
					return -1;
				}
				i++;
				ok = 1;
			}
		for (int k = 0; flags[k] != NULL; k++)
			if (strcmp(argv[i], flags[k]) == 0)
				ok = 1;
		if (!ok && strncmp(argv[i], "--", 2) != 0 &&
		    npos < max_positional) {
			npos++;
			ok = 1;
		}
		if (!ok) {
			fprintf(stderr, "xinfang: 未知参数 \"%s\"\n", argv[i]);
			return -1;
		}
	}
	return 0;
}

/* An existing database must be one: SQLite would make a new, empty
 * database of an empty file (a copy that failed, a truncation), and then
 * serve it with no users or verify an empty audit log as intact. */
static int
check_db_file(const char *db, xf_error *err)
{
	static const char magic[16] = "SQLite format 3";
	char head[16];
	FILE *f;
	size_t n;

	if (strstr(db, "://") != NULL)
		return 0;	/* a server, not a file */
	if ((f = fopen(db, "rb")) == NULL)
		return xf_error_set(err, XF_E_INVALID, "db", errno == ENOENT ?
		    "数据库 %s 不存在，请先运行 xinfang init" :
		    "无法读取数据库 %s（请检查文件权限）", db);
	n = fread(head, 1, sizeof(head), f);
	fclose(f);
	if (n == 0)
		return xf_error_set(err, XF_E_INVALID, "db",
		    "数据库文件 %s 是空文件，不是 xinfang 数据库（复制是否完整？"
		    "新建请用 xinfang init）", db);
	if (n < sizeof(head) || memcmp(head, magic, sizeof(magic)) != 0)
		return xf_error_set(err, XF_E_INVALID, "db",
		    "%s 不是 xinfang 数据库，或文件已损坏", db);
	return 0;
}

static int
app_open(xf_app *app, const char *db, int from_files, xf_error *err)
{
	memset(app, 0, sizeof(*app));
	app->today_pinned = XF_DATE_NONE;
	app->datadir = datadir();
	pthread_rwlock_init(&app->cal_lock, NULL);
	pthread_mutex_init(&app->tree_lock, NULL);
	app->cal = xf_calendar_new();
	if (from_files) {
		char dir[1024];

		snprintf(dir, sizeof(dir), "%s/calendar", app->datadir);
		if (xf_calendar_load_dir(app->cal, dir, err) == -1)
			return -1;
	}
	{
		char dir[1024];

		snprintf(dir, sizeof(dir), "%s/codes", app->datadir);
		if ((app->codes = xf_codes_load(dir, err)) == NULL)
			return -1;
	}
	if (db == NULL)
		return 0;
	if (!from_files && check_db_file(db, err) == -1)
		return -1;
	if ((app->store = xf_store_open(db, err)) == NULL)
		return -1;
	if (!from_files && xf_store_calendar_load(app->store, app->cal,
	    err) == -1)
		return -1;
	return 0;
}

static void
app_close(xf_app *app)
{
	xf_store_close(app->store);
	xf_calendar_free(app->cal);
	xf_codes_free(app->codes);
}

static int
die(const xf_error *err)
{
	fprintf(stderr, "xinfang: %s\n", err->message);
	return 1;
}

static int
cmd_init(int argc, char **argv)
{
	static const char *const valued[] = { "--db", "--admin-password", NULL };
	static const char *const flags[] = { "--demo", "--force", NULL };
	const char *db = opt(argc, argv, "--db", 1);
	const char *pw = opt(argc, argv, "--admin-password", 1);
	int demo = opt(argc, argv, "--demo", 0) != NULL;
	xf_error err;
	xf_app app;
	int rc;

	if (check_opts(argc, argv, 2, valued, flags, 0) == -1 || db == NULL ||
	    pw == NULL) {
		fputs("用法: xinfang init --db FILE --admin-password PW [--demo] "
		    "[--force]\n", stderr);
		return 2;
	}
	if (access(db, F_OK) == 0) {
		char side[1100];

		if (opt(argc, argv, "--force", 0) == NULL) {
			fprintf(stderr, "xinfang: %s 已存在；如确需重建，请加 "
			    "--force（原有数据将被删除）\n", db);
			return 1;
		}
		unlink(db);
		snprintf(side, sizeof(side), "%s-wal", db);
		unlink(side);
		snprintf(side, sizeof(side), "%s-shm", db);
		unlink(side);
	}
	xf_error_clear(&err);
	if (app_open(&app, db, 1, &err) == -1) {
		app_close(&app);
		return die(&err);
	}
	rc = xf_init_db(&app, pw, demo, XF_DEMO_PASSWORD, &err);
	app_close(&app);
	if (rc == -1) {
		unlink(db);
		return die(&err);
	}
	printf("已创建数据库 %s\n管理员账号: admin（密码为 --admin-password 所给）\n",
	    db);
	if (demo)
		printf("演示数据已载入。各角色演示账号（密码均为 %s）：\n"
		    "  officer 省教育厅信访办  handler 基础教育处  leader 厅领导\n"
		    "  supervisor 督查  viewer 只读  zz_officer 郑州市教育局\n"
		    "  js_officer 金水区教育局  school_a 文化路第一小学  "
		    "zzu_officer 郑州大学\n", XF_DEMO_PASSWORD);
	return 0;
}

/* Each API request reads from one snapshot (xf_store_read_begin). */
static void
request_begin(xf_req *r)
{
	xf_store_read_begin(r->app->store);
}

static void
request_end(xf_req *r)
{
	xf_store_read_end(r->app->store);
}


/* Where the web UI's files are when --webroot is not given: web/dist of
 * the working directory, else of the source tree the binary was built in
 * (beside the binary's directory, or beside the data directory compiled
 * in), so that `serve` run from anywhere still serves / and /portal. */
static const char *
default_webroot(char *buf, size_t sz)
{
	if (holds("web/dist", "index.html", 0))
		return "web/dist";
	if (beside_binary(buf, sz, "../web/dist") == 0 &&
	    holds(buf, "index.html", 0))
		return buf;
	snprintf(buf, sz, "%s/../web/dist", datadir());
	if (holds(buf, "index.html", 0))
		return buf;
	fputs("xinfang: 未找到网页文件（web/dist/index.html），网页界面不可用；"
	    "可用 --webroot 指定目录\n", stderr);
	return "web/dist";
}

static int
cmd_serve(int argc, char **argv)
{
	static const char *const valued[] = { "--db", "--listen", "--today",
		"--threads", "--webroot", "--notify-cmd", NULL };
	static const char *const flags[] = { "--relaxed-sync", NULL };
	const char *db = opt(argc, argv, "--db", 1);
	const char *listen = opt(argc, argv, "--listen", 1);
	const char *today = opt(argc, argv, "--today", 1);
	const char *threads = opt(argc, argv, "--threads", 1);
	const char *webroot = opt(argc, argv, "--webroot", 1);
	char webdir[1100];
	xf_server_cfg cfg;
	xf_error err;
	xf_app app;
	int rc;

	if (check_opts(argc, argv, 2, valued, flags, 0) == -1 || db == NULL) {
		fputs("用法: xinfang serve --db FILE [--listen 127.0.0.1:8080] "
		    "[--today YYYY-MM-DD]\n", stderr);
		return 2;
	}
	xf_error_clear(&err);
	if (threads != NULL) {
		char *end;
		long t = strtol(threads, &end, 10);

		if (*threads == '\0' || *end != '\0' || t < 1 || t > 64) {
			fprintf(stderr, "xinfang: --threads 应为 1 到 64 的整数，"
			    "而不是“%s”\n", threads);
			return 2;
		}
	}
	if (access(db, F_OK) != 0 && strstr(db, "://") == NULL) {
		fprintf(stderr, "xinfang: 数据库 %s 不存在，请先运行 xinfang init\n",
		    db);
		return 1;
	}
	if (app_open(&app, db, 0, &err) == -1) {
		app_close(&app);
		return die(&err);
	}
	if (today != NULL && xf_date_parse(today, &app.today_pinned) == -1) {
		fprintf(stderr, "xinfang: --today 应为 YYYY-MM-DD 格式的日期\n");
		app_close(&app);
		return 2;
	}
	if (opt(argc, argv, "--relaxed-sync", 0) != NULL)
		xf_store_set_durable(app.store, 0);
	memset(&cfg, 0, sizeof(cfg));
	cfg.listen = listen ? listen : "127.0.0.1:8080";
	cfg.webroot = webroot ? webroot : default_webroot(webdir,
	    sizeof(webdir));
	/* A request's thread blocks while its write reaches the disk (group
	 * commit) or a PDF renders, and libmicrohttpd serves each connection
	 * on one pool thread: with 4 threads, 16 clients registering shared
	 * 4 commits at a time. 16 threads keep the 2 cores busy (bench/). */
	cfg.threads = threads ? (unsigned)strtol(threads, NULL, 10) : 16;
	cfg.route_tables = xf_route_tables;
	cfg.ntables = xf_route_ntables;
	cfg.app = &app;
	cfg.store = app.store;
	cfg.authenticate = xf_auth_authenticate;
	cfg.request_begin = request_begin;
	cfg.request_end = request_end;
	if (opt(argc, argv, "--notify-cmd", 1) != NULL)
		xf_jobs_set_notify_cmd(opt(argc, argv, "--notify-cmd", 1));
	/* The daily jobs catch up on missed days before the first request,
	 * so a start that cannot listen must fail before them: it would
	 * change the database (supervisions, lapses) and then stop. */
	if (xf_server_check_listen(cfg.listen, &err) == -1) {
		app_close(&app);
		return die(&err);
	}
	if (xf_jobs_start(&app, &err) == -1) {
		app_close(&app);
		return die(&err);
	}
	rc = xf_server_run(&cfg, &err);
	xf_jobs_stop();
	app_close(&app);
	return rc == -1 ? die(&err) : 0;
}

static int
cmd_deadline(int argc, char **argv)
{
	static const char *const valued[] = { "--db", NULL };
	static const char *const flags[] = { "--working", NULL };
	const char *db;
	xf_period p;
	xf_error err;
	xf_app app;
	xf_date from, due;
	char *end, buf[11];
	long n;
	int prov = 0, rc, pos = 0;
	const char *args[2] = { NULL, NULL };

	if (check_opts(argc, argv, 2, valued, flags, 2) == -1)
		return 2;
	db = opt(argc, argv, "--db", 1);
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0) {
			i++;
			continue;
		}
		if (strncmp(argv[i], "--", 2) != 0 && pos < 2)
			args[pos++] = argv[i];
	}
	if (pos != 2) {
		fputs("用法: xinfang deadline FROM N [--working] [--db FILE]\n",
		    stderr);
		return 2;
	}
	if (xf_date_parse(args[0], &from) == -1) {
		fprintf(stderr, "xinfang: 日期“%s”无效，应为 YYYY-MM-DD\n", args[0]);
		return 2;
	}
	n = strtol(args[1], &end, 10);
	if (*args[1] == '\0' || *end != '\0' || n < 0 || n > 3650) {
		fprintf(stderr, "xinfang: 天数“%s”无效，应为 0 到 3650 的整数\n",
		    args[1]);
		return 2;
	}
	xf_error_clear(&err);
	/* With --db, the calendar the server counts with (years an admin
	 * imported or corrected); without, the official files. */
	if (app_open(&app, db, db == NULL, &err) == -1) {
		app_close(&app);
		die(&err);
		return 2;
	}
	{
		/* As registration refuses it: before the first year of
		 * official data no legal period can be counted. */
		int years[256], first = 0;
		size_t ny = xf_calendar_years(app.cal, years, 256);

		for (size_t i = 0; i < ny; i++)
			if (first == 0 || years[i] < first)
				first = years[i];
		if (first > 0 && xf_date_year(from) < first) {
			app_close(&app);
			fprintf(stderr, "xinfang: 日期早于节假日安排数据的起始年份"
			    "（%d年），无法计算法定期限\n", first);
			return 2;
		}
	}
	memset(&p, 0, sizeof(p));
	p.event = from;
	p.days = (int)n;
	p.unit = opt(argc, argv, "--working", 0) ? XF_UNIT_WORKING :
	    XF_UNIT_CALENDAR;
	rc = xf_period_due(app.cal, &p, 0, &due, &prov, &err);
	app_close(&app);
	if (rc == -1) {
		fprintf(stderr, "xinfang: %s\n", err.message);
		return 2;
	}
	xf_date_format(due, buf);
	printf("%s\n", buf);
	if (prov)
		fputs("xinfang: 所涉年度的节假日安排尚未公布，按周末推算，"
		    "公布后以正式安排为准\n", stderr);
	return 0;
}

static int
cmd_scan(int argc, char **argv)
{
	static const char *const valued[] = { "--db", "--as-of", NULL };
	static const char *const flags[] = { NULL };
	const char *db = opt(argc, argv, "--db", 1);
	const char *asof = opt(argc, argv, "--as-of", 1);
	xf_error err;
	xf_app app;
	xf_date d;
	int n;

	if (check_opts(argc, argv, 2, valued, flags, 0) == -1 || db == NULL ||
	    asof == NULL) {
		fputs("用法: xinfang scan --db FILE --as-of YYYY-MM-DD\n", stderr);
		return 2;
	}
	if (xf_date_parse(asof, &d) == -1) {
		fprintf(stderr, "xinfang: --as-of 应为 YYYY-MM-DD 格式的日期\n");
		return 2;
	}
	/* The scan acts for real: a day not yet come lapses cases whose
	 * window is still open and raises supervisions for deadlines not
	 * yet missed. API.md takes any date (tests walk time forward on
	 * their own databases), so it is said, not refused. */
	if (d > xf_date_from_unix((int64_t)time(NULL))) {
		char today[11];

		xf_date_format(xf_date_from_unix((int64_t)time(NULL)), today);
		fprintf(stderr, "xinfang: 注意：--as-of %s 晚于今天（%s），将按该日"
		    "办结期满事项、立督办，结果写入数据库\n", asof, today);
	}
	if (access(db, F_OK) != 0 && strstr(db, "://") == NULL) {
		fprintf(stderr, "xinfang: 数据库 %s 不存在\n", db);
		return 1;
	}
	xf_error_clear(&err);
	if (app_open(&app, db, 0, &err) == -1) {
		app_close(&app);
		return die(&err);
	}
	/* Actions the rules take are dated as of the scan day. */
	app.today_pinned = d;
	n = xf_jobs_scan(&app, d, stdout, &err);
	app_close(&app);
	return n == -1 ? die(&err) : 0;
}

static int
cmd_backup(int argc, char **argv)
{
	static const char *const valued[] = { "--db", NULL };
	static const char *const flags[] = { NULL };
	const char *db = opt(argc, argv, "--db", 1), *out = NULL;
	xf_error err;
	xf_store *st;
	int rc;

	if (check_opts(argc, argv, 2, valued, flags, 1) == -1)
		return 2;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0) {
			i++;
			continue;
		}
		out = argv[i];
	}
	if (db == NULL || out == NULL) {
		fputs("用法: xinfang backup --db FILE OUT\n", stderr);
		return 2;
	}
	xf_error_clear(&err);
	if (access(db, F_OK) != 0) {
		fprintf(stderr, "xinfang: 数据库 %s 不存在\n", db);
		return 1;
	}
	if (check_db_file(db, &err) == -1)
		return die(&err);
	if ((st = xf_store_open(db, &err)) == NULL)
		return die(&err);
	rc = xf_store_backup(st, out, &err);
	xf_store_close(st);
	if (rc == -1)
		return die(&err);
	printf("已备份到 %s\n", out);
	return 0;
}

static int
cmd_audit(int argc, char **argv)
{
	static const char *const valued[] = { "--db", NULL };
	static const char *const flags[] = { NULL };
	const char *db = opt(argc, argv, "--db", 1);
	int64_t count = 0, bad = 0;
	xf_error err;
	xf_store *st;
	int rc;

	if (argc < 3 || strcmp(argv[2], "verify") != 0 ||
	    check_opts(argc, argv, 3, valued, flags, 0) == -1 || db == NULL) {
		fputs("用法: xinfang audit verify --db FILE\n", stderr);
		return 2;
	}
	xf_error_clear(&err);
	if (access(db, F_OK) != 0) {
		fprintf(stderr, "xinfang: 数据库 %s 不存在\n", db);
		return 2;
	}
	if (check_db_file(db, &err) == -1) {
		die(&err);
		return 2;
	}
	if ((st = xf_store_open(db, &err)) == NULL)
		return die(&err);
	rc = xf_store_audit_verify(st, &count, &bad, &err);
	xf_store_close(st);
	if (rc == -1) {
		die(&err);
		return 2;
	}
	if (rc == 1 && bad == -1) {
		printf("审计日志为空，但数据库中已有用户等数据：审计日志已被删除\n");
		return 1;
	}
	if (rc == 1) {
		printf("审计日志哈希链已断裂：第一个异常事件 id=%lld（此前 %lld "
		    "条事件完好）\n", (long long)bad, (long long)count);
		return 1;
	}
	printf("审计日志完好：共 %lld 条事件，哈希链校验通过\n",
	    (long long)count);
	return 0;
}

int
main(int argc, char **argv)
{
	if (sodium_init() < 0) {
		fputs("xinfang: libsodium 初始化失败\n", stderr);
		return 1;
	}
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "init") == 0)
		return cmd_init(argc, argv);
	if (strcmp(argv[1], "serve") == 0)
		return cmd_serve(argc, argv);
	if (strcmp(argv[1], "deadline") == 0)
		return cmd_deadline(argc, argv);
	if (strcmp(argv[1], "backup") == 0)
		return cmd_backup(argc, argv);
	if (strcmp(argv[1], "scan") == 0)
		return cmd_scan(argc, argv);
	if (strcmp(argv[1], "audit") == 0)
		return cmd_audit(argc, argv);
	fprintf(stderr, "xinfang: 未知命令“%s”\n", argv[1]);
	usage(stderr);
	return 2;
}
