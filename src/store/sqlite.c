/* SQLite implementation of store.h. WAL, synchronous=FULL by default (these
 * are legal records: a 2xx means it is on disk), foreign keys on, prepared
 * statements only, one connection per thread. */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#include "core/date.h"
#include "core/text.h"
#include "http/arena.h"
#include "fts_bigram.h"
#include "schema.h"
#include "simindex.h"
#include "store.h"
#include "vfsmap.h"

#define STMT_CACHE 256	/* every distinct statement of the program, per connection */

typedef struct conn {
	sqlite3		*db;
	struct {
		const char	*sql;
		sqlite3_stmt	*stmt;
	} cache[STMT_CACHE];
	int		 depth;		/* this thread's write nesting */
	uint64_t	 my_batch;	/* the group commit its write joined */
	int		 began_txn;	/* its write opened the batch: no savepoint */
	int		 units_dirty;	/* writer: units changed in the batch */
	int		 reading;	/* a request's read snapshot is open */
	int		 defer_ok;	/* xf_store_defer_allow */
	uint64_t	 deferred;	/* batch of a deferred commit, or 0 */
	struct conn	*next;
	xf_store	*st;
} conn;

/* Writes go through one writer connection, one thread at a time, each in
 * a SAVEPOINT inside a shared transaction: group commit. A thread that
 * finishes its write while others wait for the writer leaves the COMMIT to
 * the last of them and sleeps until it is done; so several requests share
 * one fsync, and every request still answers only after its own data is
 * durable (the WAL synced after its COMMIT, outside the writer lock: see
 * end_part). Reads use each thread's own connection (WAL
 * readers never wait for the writer). */
#define FAILED_KEEP 32

struct xf_store {
	char		*path;
	pthread_key_t	 key;
	pthread_mutex_t	 lock;
	conn		*conns;
	int		 durable;
	int		 is_new;

	conn		*writer;
	pthread_mutex_t	 wlock;		/* held for one write at a time */
	atomic_int	 waiting;	/* threads queued for wlock */
	int		 txn_open;	/* the batch's BEGIN was issued */
	int		 nparts;	/* writes in the open batch */
	uint64_t	 batch;		/* id of the open (or last) batch */
	pthread_mutex_t	 cmx;		/* guards committed/failed */
	pthread_cond_t	 ccond;
	uint64_t	 committed;	/* last batch whose COMMIT finished */
	/* The last FAILED_KEEP batches whose COMMIT failed (batch_failed). */
	uint64_t	 failed[FAILED_KEEP];
	unsigned	 nfailed;
	int		 syncing;	/* batches between COMMIT and synced */
	uint64_t	 leader;	/* last batch a waiter chose to commit */
	uint64_t	 want;		/* last batch with a deferred part */
	pthread_t	 cthread;	/* commits batches of deferred parts */
	atomic_int	 cthread_started;
	int		 cstop;
	/* A batch committed by a pool thread, for the committer to sync
	 * (commit_batch's handoff); 0 when none. */
	uint64_t	 sync_batch;
	sqlite3_file	*sync_wal;
	void		(*on_durable)(void *);
	void		*on_durable_arg;

	/* Read logs, written by a background thread (xf_store_audit_later). */
	pthread_mutex_t	 qlock;
	pthread_cond_t	 qcond;
	struct later	*queue;
	size_t		 qlen, qcap;
	int		 qthread_started, qstop;
	int		 ckpt_want;	/* the WAL is long: checkpoint it */
	int		 ckpt_mark;	/* WAL length at the last one asked */
	atomic_int	 ckpt_restart;	/* past wal_limit: see restart_wal */
	int		 wal_limit;	/* pages (WAL_LIMIT; tests set less) */
	long		 fts_pending;	/* cases added, not yet indexed */
	struct timespec	 fts_since;	/* when the first of them was added */
	pthread_mutex_t	 ckpt_lock;	/* one checkpoint at a time */
	pthread_t	 qthread;
	xf_simindex	*simidx;	/* repeat detection's fingerprints */
	sqlite3_file	*wal_synced;	/* the WAL file synced at least once */
	int		 wal_sync;	/* the WAL is synced after COMMIT */
	int		 wal_gather;	/* …and written out in one (vfsmap) */
};

struct later {
	int64_t	user_id, entity_id;
	char	ip[64], action[32], entity[16];
};

enum { PART_NOWAIT, PART_WAIT, PART_DEFER };	/* end_part's modes */

#define BATCH_MAX 64	/* bound on writes per fsync (and on latency) */
#define LATER_BATCH 1024	/* read logs that are written without waiting */
#define WAL_LIMIT	32768	/* pages (128 MB): see restart_wal */


/* The unit-tree cache generation. It is bumped when a change to units
 * commits (or rolls back), never before: another thread reloading the tree
 * between the write and the commit would otherwise cache the old tree under
 * the new generation. */
static conn *own_conn(xf_store *st, xf_error *err);
static atomic_uint_fast64_t unit_generation = 1;

uint64_t
xf_store_unit_generation(xf_store *st)
{
	(void)st;
	return atomic_load(&unit_generation);
}

void
xf_store_note_units_changed(xf_store *st)
{
	conn *c = own_conn(st, NULL);

	if (c != NULL && c->depth > 0 && st->writer != NULL)
		st->writer->units_dirty = 1;
	else
		atomic_fetch_add(&unit_generation, 1);
}

static void
settle_units(conn *c)
{
	if (c->units_dirty) {
		c->units_dirty = 0;
		atomic_fetch_add(&unit_generation, 1);
	}
}

int
xf_store_sqlerr(xf_store *st, xf_error *err)
{
	sqlite3 *db = xf_store_db(st);
	int code = sqlite3_extended_errcode(db);

	if (code == SQLITE_CONSTRAINT_UNIQUE ||
	    code == SQLITE_CONSTRAINT_PRIMARYKEY)
		return xf_error_set(err, XF_E_CONFLICT, NULL,
		    "记录已存在（唯一性冲突）");
	if ((code & 0xff) == SQLITE_CONSTRAINT)
		return xf_error_set(err, XF_E_INVALID, NULL,
		    "数据不符合约束：%s", sqlite3_errmsg(db));
	if ((code & 0xff) == SQLITE_BUSY)
		return xf_error_set(err, XF_E_INTERNAL, NULL,
		    "数据库繁忙，请稍后重试");
	fprintf(stderr, "xinfang: sqlite: %s\n", sqlite3_errmsg(db));
	return xf_error_set(err, XF_E_INTERNAL, NULL, "数据库错误");
}

static void
conn_free(conn *c)
{
	for (int i = 0; i < STMT_CACHE; i++)
		if (c->cache[i].stmt != NULL)
			sqlite3_finalize(c->cache[i].stmt);
	sqlite3_close(c->db);
	free(c);
}

static void
conn_destroy(void *p)
{
	conn *c = p, **pp;
	xf_store *st = c->st;

	pthread_mutex_lock(&st->lock);
	for (pp = &st->conns; *pp != NULL; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	pthread_mutex_unlock(&st->lock);
	conn_free(c);
}

static int
exec_db(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "xinfang: sqlite: %s\n", msg ? msg : "?");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int
is_wal(sqlite3 *db)
{
	sqlite3_stmt *s;
	int wal = 0;

	if (sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s, NULL) !=
	    SQLITE_OK)
		return 0;
	if (sqlite3_step(s) == SQLITE_ROW)
		wal = sqlite3_stricmp((const char *)sqlite3_column_text(s, 0),
		    "wal") == 0;
	sqlite3_finalize(s);
	return wal;
}

static void *later_main(void *arg);
static void later_start(xf_store *st);
static int fts_behind(xf_store *st);
static int fts_due(xf_store *st);

/* New cases are indexed once this many are pending, or once the first has
 * waited this long (xf_store_fts_catch_up says why in batches). */
#define FTS_BATCH	256	/* pending cases that call for indexing now */
#define FTS_DELAY_MS	1000	/* the longest a pending case waits */

static int wal_hook(void *arg, sqlite3 *db, const char *name, int pages);

static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;

/* Process-wide settings, before SQLite initialises itself. Memory
 * statistics take one global mutex on every allocation, which the server's
 * threads then queue on; nothing here reads them. */
static void
sqlite_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* xf_fingerprint(text, word): word 0 or 1 of repeat detection's
 * fingerprint of a text (text.h), for the migration that computes it for
 * earlier cases. */
static void
sql_fingerprint(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	int w = sqlite3_value_int(argv[1]);

	(void)argc;
	if (w < 0 || w > 1) {
		sqlite3_result_error(ctx, "xf_fingerprint: word 0 or 1", -1);
		return;
	}
	sqlite3_result_int64(ctx, (sqlite3_int64)xf_text_fingerprint(
	    (const char *)sqlite3_value_text(argv[0])).w[w]);
}

static conn *
conn_open(xf_store *st, xf_error *err)
{
	conn *c = xf_xcalloc(1, sizeof(*c));
	char pragma[192];

	c->st = st;
	/* Pages are read from one mapping shared by every connection
	 * (vfsmap.h says why); where it cannot be had, SQLite reads them. */
	if (sqlite3_open_v2(st->path, &c->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
	    xf_vfsmap_register() == 0 ? XF_VFSMAP_NAME : NULL) != SQLITE_OK) {
		xf_error_set(err, XF_E_INTERNAL, NULL, c->db == NULL ?
		    "无法打开数据库 %s：内存不足" :
		    "无法打开数据库 %s（文件或目录不存在，或没有读写权限）",
		    st->path);
		goto fail;
	}
	sqlite3_busy_timeout(c->db, 10000);
	sqlite3_extended_result_codes(c->db, 1);
	/* secure_delete=FAST: Debian builds SQLite to zero every freed page,
	 * which writes each page an FTS5 merge frees through the WAL and the
	 * checkpoint. FAST still zeroes deleted content on the pages a change
	 * writes anyway; freed pages keep theirs until reused. Nothing here
	 * deletes a case, a petitioner or an attachment (only sessions,
	 * stored as hashes, and index segments): ~11 % fewer bytes written
	 * per registration (docs/design.md). */
	snprintf(pragma, sizeof(pragma),
	    "PRAGMA journal_mode=WAL; PRAGMA synchronous=%s;"
	    " PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536;"
	    " PRAGMA temp_store=MEMORY; PRAGMA mmap_size=1073741824;"
	    " PRAGMA secure_delete=FAST;",
	    st->durable ? "FULL" : "NORMAL");
	if (sqlite3_exec(c->db, pragma, NULL, NULL, NULL) != SQLITE_OK) {
		/* The first statement that reads the file: say what is wrong
		 * with it in words an operator can act on. */
		switch (sqlite3_errcode(c->db) & 0xff) {
		case SQLITE_NOTADB:
			xf_error_set(err, XF_E_INTERNAL, NULL,
			    "%s 不是 xinfang 数据库", st->path);
			break;
		case SQLITE_CORRUPT:
			xf_error_set(err, XF_E_INTERNAL, NULL,
			    "数据库文件 %s 已损坏，请从备份恢复", st->path);
			break;
		case SQLITE_READONLY:
			xf_error_set(err, XF_E_INTERNAL, NULL,
			    "数据库 %s 或其所在目录只读，无法写入", st->path);
			break;
		case SQLITE_CANTOPEN:
		case SQLITE_PERM:
		case SQLITE_AUTH:
			xf_error_set(err, XF_E_INTERNAL, NULL,
			    "无法打开数据库 %s（请检查文件和目录的读写权限）",
			    st->path);
			break;
		default:
			xf_error_set(err, XF_E_INTERNAL, NULL,
			    "无法设置数据库参数：%s", sqlite3_errmsg(c->db));
		}
		goto fail;
	}
	if (sqlite3_create_function(c->db, "xf_fingerprint", 2, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, sql_fingerprint,
	    NULL, NULL) != SQLITE_OK) {
		xf_error_set(err, XF_E_INTERNAL, NULL, "无法注册数据库函数");
		goto fail;
	}
	if (xf_fts_register(c->db) != 0 || xf_fts_match_register(c->db) != 0) {
		xf_error_set(err, XF_E_INTERNAL, NULL, "无法注册全文检索分词器");
		goto fail;
	}
	return c;
fail:
	conn_free(c);
	return NULL;
}

static const char SQL_BEGIN[] = "BEGIN", SQL_COMMIT[] = "COMMIT";
/* The writer's transaction control, run from its statement cache: a
 * registration ran SAVEPOINT and RELEASE through sqlite3_exec, parsing
 * each under the writer lock. */
static const char SQL_BEGIN_IMM[] = "BEGIN IMMEDIATE",
    SQL_SAVEPOINT[] = "SAVEPOINT xf_part", SQL_RELEASE[] = "RELEASE xf_part";
static sqlite3_stmt *cached(conn *c, const char *sql, xf_error *err);

/* Runs a statement without rows (BEGIN, COMMIT) from the cache: once per
 * request, where sqlite3_exec would parse it each time. */
static int
run_cached(conn *c, const char *sql)
{
	sqlite3_stmt *s = cached(c, sql, NULL);
	int r;

	if (s == NULL)
		return -1;
	r = sqlite3_step(s);
	sqlite3_reset(s);
	if (r != SQLITE_DONE) {
		fprintf(stderr, "xinfang: sqlite: %s: %s\n", sql,
		    sqlite3_errmsg(c->db));
		return -1;
	}
	return 0;
}

/* Ends this connection's read snapshot (xf_store_read_begin), if any. */
static void
read_end(conn *c)
{
	if (c == NULL || !c->reading)
		return;
	c->reading = 0;
	if (run_cached(c, SQL_COMMIT) == -1)
		exec_db(c->db, "ROLLBACK");
}

/* This thread's own connection. */
static conn *
own_conn(xf_store *st, xf_error *err)
{
	conn *c = pthread_getspecific(st->key);

	if (c != NULL)
		return c;
	if ((c = conn_open(st, err)) == NULL)
		return NULL;
	pthread_setspecific(st->key, c);
	pthread_mutex_lock(&st->lock);
	c->next = st->conns;
	st->conns = c;
	pthread_mutex_unlock(&st->lock);
	return c;
}

/* The connection statements run on: the writer while this thread is
 * inside a write, else its own. */
static conn *
get_conn(xf_store *st, xf_error *err)
{
	conn *c = own_conn(st, err);

	if (c != NULL && c->depth > 0 && st->writer != NULL)
		return st->writer;
	return c;
}

/* The raw handle: a caller may prepare any statement on it, a write
 * included, so the request's read snapshot ends first (own_write). */
sqlite3 *
xf_store_db(xf_store *st)
{
	conn *c = get_conn(st, NULL);

	read_end(c);
	return c ? c->db : NULL;
}

/* A statement that writes on a thread's own connection (outside a write:
 * a document's first hash, a temporary table) ends the request's read
 * snapshot first; in it, the write would have to upgrade a snapshot that
 * other commits have made stale, and fail with SQLITE_BUSY_SNAPSHOT. */
static sqlite3_stmt *
own_write(conn *c, sqlite3_stmt *s)
{
	if (c->reading && !sqlite3_stmt_readonly(s))
		read_end(c);
	return s;
}

/* The connection's prepared statement for sql, reset; statements are
 * cached by the address of their text (every one is a literal). */
static sqlite3_stmt *
cached(conn *c, const char *sql, xf_error *err)
{
	size_t h = ((uintptr_t)sql >> 4) % STMT_CACHE;

	for (int i = 0; i < STMT_CACHE; i++) {
		size_t k = (h + (size_t)i) % STMT_CACHE;

		if (c->cache[k].sql == sql) {
			sqlite3_reset(c->cache[k].stmt);
			sqlite3_clear_bindings(c->cache[k].stmt);
			return c->cache[k].stmt;
		}
		if (c->cache[k].sql == NULL) {
			if (sqlite3_prepare_v3(c->db, sql, -1,
			    SQLITE_PREPARE_PERSISTENT, &c->cache[k].stmt,
			    NULL) != SQLITE_OK) {
				fprintf(stderr, "xinfang: prepare: %s\n  %s\n",
				    sqlite3_errmsg(c->db), sql);
				xf_error_set(err, XF_E_INTERNAL, NULL,
				    "数据库语句错误");
				return NULL;
			}
			c->cache[k].sql = sql;
			return c->cache[k].stmt;
		}
	}
	xf_error_set(err, XF_E_INTERNAL, NULL, "语句缓存已满");
	return NULL;
}

sqlite3_stmt *
xf_store_stmt(xf_store *st, const char *sql, xf_error *err)
{
	conn *c = get_conn(st, err);
	sqlite3_stmt *s;

	if (c == NULL || (s = cached(c, sql, err)) == NULL)
		return NULL;
	return own_write(c, s);
}

int
xf_store_exec(xf_store *st, const char *sql, xf_error *err)
{
	conn *c = get_conn(st, err);

	if (c == NULL)
		return -1;
	read_end(c);	/* it may write (own_write) */
	if (exec_db(c->db, sql) == -1)
		return xf_store_sqlerr(st, err);
	return 0;
}

static int
user_version(sqlite3 *db)
{
	sqlite3_stmt *s;
	int v = -1;

	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL) !=
	    SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

static int
migrate(xf_store *st, xf_error *err)
{
	sqlite3 *db = xf_store_db(st);
	int v = user_version(db);
	size_t target = xf_schema_count();

	if (v < 0)
		return xf_error_set(err, XF_E_INTERNAL, NULL,
		    "无法读取数据库版本（文件不是 xinfang 数据库？）");
	if ((size_t)v > target)
		return xf_error_set(err, XF_E_INTERNAL, NULL,
		    "数据库结构版本为 %d，高于本程序支持的版本 %zu："
		    "请使用更新版本的 xinfang，切勿用旧程序打开", v, target);
	st->is_new = v == 0;
	for (size_t n = (size_t)v + 1; n <= target; n++) {
		char bump[64];

		snprintf(bump, sizeof(bump), "PRAGMA user_version=%zu;", n);
		if (exec_db(db, "BEGIN IMMEDIATE") == -1)
			return xf_error_set(err, XF_E_INTERNAL, NULL,
			    "数据库迁移无法开始");
		if (exec_db(db, xf_schema_migration(n)) == -1 ||
		    exec_db(db, bump) == -1) {
			exec_db(db, "ROLLBACK");
			return xf_error_set(err, XF_E_INTERNAL, NULL,
			    "数据库迁移到版本 %zu 失败", n);
		}
		if (exec_db(db, "COMMIT") == -1)
			return xf_error_set(err, XF_E_INTERNAL, NULL,
			    "数据库迁移提交失败");
	}
	return 0;
}

xf_store *
xf_store_open(const char *url, xf_error *err)
{
	xf_store *st;

	if (strncmp(url, "postgresql://", 13) == 0 ||
	    strncmp(url, "postgres://", 11) == 0) {
		xf_error_set(err, XF_E_INTERNAL, NULL,
		    "本版本尚未包含 PostgreSQL 后端，请使用 SQLite 数据库文件");
		return NULL;
	}
	if (sodium_init() < 0) {
		xf_error_set(err, XF_E_INTERNAL, NULL, "libsodium 初始化失败");
		return NULL;
	}
	pthread_once(&sqlite_once, sqlite_setup);
	st = xf_xcalloc(1, sizeof(*st));
	st->path = xf_xstrdup(url);
	st->durable = 1;
	pthread_mutex_init(&st->lock, NULL);
	pthread_mutex_init(&st->wlock, NULL);
	pthread_mutex_init(&st->qlock, NULL);
	pthread_cond_init(&st->qcond, NULL);
	pthread_mutex_init(&st->cmx, NULL);
	pthread_cond_init(&st->ccond, NULL);
	pthread_mutex_init(&st->ckpt_lock, NULL);
	st->wal_limit = WAL_LIMIT;
	pthread_key_create(&st->key, conn_destroy);
	st->simidx = xf_simindex_new();
	if (xf_store_db(st) == NULL) {
		/* get_conn failed: report why */
		conn *c = conn_open(st, err);

		if (c != NULL)
			conn_free(c);
		goto fail;
	}
	if (migrate(st, err) == -1)
		goto fail;
	if ((st->writer = conn_open(st, err)) == NULL)
		goto fail;
	/* The writer's COMMIT writes the WAL without syncing it; end_part
	 * syncs it after releasing the writer (see there). Only in WAL mode
	 * (a file system without shared memory keeps a rollback journal, and
	 * then the writer stays at FULL). On the shared-mapping VFS the writer
	 * stays at FULL all the same: the sync SQLite then makes in COMMIT,
	 * before the commit is visible, is where that VFS writes out the
	 * commit's frames in one piece, and commit_batch tells it not to sync
	 * there (xf_vfsmap_defer_sync). */
	if (is_wal(st->writer->db)) {
		st->wal_sync = 1;
		st->wal_gather = xf_vfsmap_register() == 0;
		if (!st->wal_gather)
			exec_db(st->writer->db, "PRAGMA synchronous=NORMAL");
	}
	/* Replaces the automatic checkpoint (wal_hook says why). */
	sqlite3_wal_hook(st->writer->db, wal_hook, st);
	/* Cases left unindexed by a crash: index them soon. */
	if (fts_behind(st)) {
		pthread_mutex_lock(&st->qlock);
		st->fts_pending = FTS_BATCH;
		later_start(st);
		pthread_mutex_unlock(&st->qlock);
	}
	return st;
fail:
	xf_store_close(st);
	return NULL;
}

/* Writes the queued read logs, in one transaction. */
static void
flush_later(xf_store *st)
{
	struct later *v;
	size_t n;

	pthread_mutex_lock(&st->qlock);
	v = st->queue;
	n = st->qlen;
	st->queue = NULL;
	st->qlen = st->qcap = 0;
	pthread_mutex_unlock(&st->qlock);
	if (n == 0)
		return;
	if (xf_store_begin(st, NULL) == 0) {
		size_t i;

		for (i = 0; i < n; i++)
			if (xf_store_audit(st, v[i].user_id, v[i].ip[0] ?
			    v[i].ip : NULL, v[i].action, v[i].entity,
			    v[i].entity_id, NULL, NULL, NULL) == -1)
				break;
		if (i == n)
			xf_store_commit(st, NULL);
		else
			xf_store_rollback(st);
	}
	free(v);
}

/* Copies the WAL into the database on this thread's own connection, so
 * that the writer can start it over. PASSIVE passes never wait for, or
 * block, the writer or readers; but under a stream of commits each pass
 * ends a little behind the WAL's end, and the WAL is reused from its start
 * only once all of it is copied. So the passes go on while each leaves
 * more than CKPT_TAIL frames behind; the last few frames are copied by the
 * writer when the WAL has grown past WAL_LIMIT (restart_wal says why
 * there). */
#define CKPT_TAIL	1000
#define WAL_MARK	4000	/* pages: see wal_hook */

static void
checkpoint(xf_store *st)
{
	conn *c = own_conn(st, NULL);
	int logged = 0, copied = 0, rc = SQLITE_OK;

	if (c == NULL)
		return;
	pthread_mutex_lock(&st->ckpt_lock);
	for (int pass = 0; pass < 4 && rc == SQLITE_OK; pass++) {
		rc = sqlite3_wal_checkpoint_v2(c->db, "main",
		    SQLITE_CHECKPOINT_PASSIVE, &logged, &copied);
		if (logged - copied < CKPT_TAIL)
			break;
	}
	pthread_mutex_unlock(&st->ckpt_lock);
	if (rc == SQLITE_OK && logged >= st->wal_limit)
		atomic_store(&st->ckpt_restart, 1);
	if (rc != SQLITE_OK)
		fprintf(stderr, "xinfang: sqlite: checkpoint: %s\n",
		    sqlite3_errmsg(c->db));
}

/* The writer's WAL hook, called after each COMMIT with the WAL's length in
 * pages. SQLite's own automatic checkpoint would run here, inside the
 * COMMIT and so under the writer lock, stalling every write behind a copy
 * and two fsyncs; instead the background thread is woken to do it.
 *
 * The mark is 4,000 pages (16 MB), not SQLite's 1,000: a checkpoint copies
 * each page once however many commits rewrote it, and consecutive
 * registrations rewrite the same index leaves, so a longer WAL is fewer
 * page writes (measured on 1M cases, 16 clients: 912–1,032/s at 1,000 →
 * 1,167–1,248/s at 4,000; 8,000 gained nothing more).
 *
 * Past the mark the thread is asked again only every half mark, not at
 * every commit: a checkpoint after each commit copied each
 * commit's pages alone and synced the database ~80 times a second
 * (measured on 1M cases, 16 clients: 1,108 checkpoints in 14 s; with the
 * half-mark step, 131; disk writes per registration 265 → 189 KB). */

static int
wal_hook(void *arg, sqlite3 *db, const char *name, int pages)
{
	xf_store *st = arg;

	int started;

	if (pages < st->ckpt_mark)
		st->ckpt_mark = 0;	/* the WAL was restarted */
	if (pages < WAL_MARK || pages < st->ckpt_mark + WAL_MARK / 2)
		return SQLITE_OK;
	st->ckpt_mark = pages;
	pthread_mutex_lock(&st->qlock);
	later_start(st);
	started = st->qthread_started == 1;
	st->ckpt_want = started;
	pthread_cond_signal(&st->qcond);
	pthread_mutex_unlock(&st->qlock);
	/* The background thread copies the whole WAL (checkpoint), so the
	 * writer does it only when there is no thread, or when the thread
	 * has fallen far behind and is not copying right now. */
	if (!started || (pages >= 2 * st->wal_limit &&
	    pthread_mutex_trylock(&st->ckpt_lock) == 0)) {
		if (!started)
			pthread_mutex_lock(&st->ckpt_lock);
		sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE,
		    NULL, NULL);
		pthread_mutex_unlock(&st->ckpt_lock);
	}
	return SQLITE_OK;
}

/* Holding qlock: starts the background thread once. */
static void
later_start(xf_store *st)
{
	if (!st->qthread_started)
		st->qthread_started = pthread_create(&st->qthread, NULL,
		    later_main, st) == 0 ? 1 : -1;
}

static void *
later_main(void *arg)
{
	xf_store *st = arg;
	sigset_t set;
	int ckpt, fts;

	sigfillset(&set);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	pthread_mutex_lock(&st->qlock);
	while (!st->qstop) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 50 * 1000 * 1000;	/* at most 50 ms behind */
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		if (st->qlen == 0 && !st->ckpt_want && st->fts_pending == 0) {
			/* Idle until something arrives; then round again, so
			 * that a first read log waits below for the rest of
			 * its batch instead of being written alone. */
			pthread_cond_wait(&st->qcond, &st->qlock);
			continue;
		} else if (!st->ckpt_want && !fts_due(st) &&
		    st->qlen < LATER_BATCH)
			pthread_cond_timedwait(&st->qcond, &st->qlock, &ts);
		ckpt = st->ckpt_want;
		st->ckpt_want = 0;
		fts = fts_due(st);
		pthread_mutex_unlock(&st->qlock);
		flush_later(st);
		if (fts && xf_store_fts_catch_up(st, NULL) == -1)
			fprintf(stderr, "xinfang: 全文检索索引更新失败，下次再试\n");
		if (ckpt)
			checkpoint(st);
		pthread_mutex_lock(&st->qlock);
	}
	pthread_mutex_unlock(&st->qlock);
	return NULL;
}

void
xf_store_audit_later(xf_store *st, int64_t user_id, const char *ip,
    const char *action, const char *entity, int64_t entity_id)
{
	struct later *l;

	pthread_mutex_lock(&st->qlock);
	later_start(st);
	if (st->qlen == st->qcap) {
		st->qcap = st->qcap ? st->qcap * 2 : 64;
		st->queue = xf_xrealloc(st->queue, st->qcap * sizeof(*l));
	}
	l = &st->queue[st->qlen++];
	l->user_id = user_id;
	l->entity_id = entity_id;
	snprintf(l->ip, sizeof(l->ip), "%s", ip ? ip : "");
	snprintf(l->action, sizeof(l->action), "%s", action);
	snprintf(l->entity, sizeof(l->entity), "%s", entity);
	/* Wake the thread only for the first of a batch (it then waits up
	 * to 50 ms for more) or when the batch is full: a signal per read
	 * made it commit each read log alone, one WAL sync per read (measured
	 * on 1M cases, fetch as the province: 9.7 % of the server's CPU). */
	if (st->qlen == 1 || st->qlen == LATER_BATCH)
		pthread_cond_signal(&st->qcond);
	pthread_mutex_unlock(&st->qlock);
	if (st->qthread_started != 1)
		flush_later(st);	/* no thread: write it now */
}

void
xf_store_close(xf_store *st)
{
	conn *c, *next;

	if (st == NULL)
		return;
	if (atomic_load(&st->cthread_started) == 1) {
		pthread_mutex_lock(&st->cmx);
		st->cstop = 1;
		pthread_cond_broadcast(&st->ccond);
		pthread_mutex_unlock(&st->cmx);
		pthread_join(st->cthread, NULL);
	}
	if (st->qthread_started == 1) {
		pthread_mutex_lock(&st->qlock);
		st->qstop = 1;
		pthread_cond_signal(&st->qcond);
		pthread_mutex_unlock(&st->qlock);
		pthread_join(st->qthread, NULL);
	}
	flush_later(st);
	/* Leave the index whole for the next start and for backups. */
	if (st->writer != NULL && fts_behind(st))
		xf_store_fts_catch_up(st, NULL);
	pthread_mutex_lock(&st->lock);
	c = st->conns;
	st->conns = NULL;
	pthread_mutex_unlock(&st->lock);
	/* This thread's key must not run the destructor on a freed conn. */
	pthread_setspecific(st->key, NULL);
	for (; c != NULL; c = next) {
		next = c->next;
		conn_free(c);
	}
	if (st->writer != NULL)
		conn_free(st->writer);
	pthread_key_delete(st->key);
	pthread_mutex_destroy(&st->lock);
	pthread_mutex_destroy(&st->wlock);
	pthread_mutex_destroy(&st->qlock);
	pthread_cond_destroy(&st->qcond);
	pthread_mutex_destroy(&st->cmx);
	pthread_cond_destroy(&st->ccond);
	pthread_mutex_destroy(&st->ckpt_lock);
	xf_simindex_free(st->simidx);
	free(st->path);
	free(st);
}

xf_simindex *
xf_store_simindex(xf_store *st)
{
	return st->simidx;
}

int
xf_store_in_write(xf_store *st)
{
	conn *c = pthread_getspecific(st->key);

	return c != NULL && c->depth > 0;
}

void
xf_store_set_durable(xf_store *st, int full)
{
	conn *c;

	st->durable = full;
	pthread_mutex_lock(&st->lock);
	for (c = st->conns; c != NULL; c = c->next)
		exec_db(c->db, full ? "PRAGMA synchronous=FULL" :
		    "PRAGMA synchronous=NORMAL");
	pthread_mutex_unlock(&st->lock);
}

void
xf_store_set_wal_limit(xf_store *st, int pages)
{
	st->wal_limit = pages;
}

int
xf_store_is_new(xf_store *st)
{
	sqlite3_stmt *s = xf_store_stmt(st,
	    "SELECT count(*) FROM users WHERE username = 'admin'", NULL);

	if (s == NULL || sqlite3_step(s) != SQLITE_ROW)
		return 1;
	return sqlite3_column_int(s, 0) == 0;
}

/* New cases enter the search index in batches of up to a second's
 * registrations, on the background thread, not at every group commit:
 * FTS5 writes a segment per flush and merges segments level by level, so
 * a segment of ~8 cases (one group commit) is merged into larger ones about
 * eight times over; with segments of hundreds, a few times (measured on
 * 1M cases: registration 650/s → 1,111/s). Until then a
 * search finds them by scanning the few rows above fts_state.last with
 * xf_fts_match (cases.c), so no case is ever missing from a search.
 * FTS_BATCH and FTS_DELAY_MS are at the top. */

/* Are there cases above the index's last one? */
static int
fts_behind(xf_store *st)
{
	sqlite3_stmt *s = NULL;
	int behind = 0;

	if (sqlite3_prepare_v2(st->writer->db, "SELECT (SELECT max(id) FROM"
	    " cases) > last FROM fts_state", -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		behind = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return behind;
}

int
xf_store_fts_catch_up(xf_store *st, xf_error *err)
{
	int rc;

	pthread_mutex_lock(&st->qlock);
	st->fts_pending = 0;
	pthread_mutex_unlock(&st->qlock);
	if (xf_store_begin(st, err) == -1)
		return -1;
	/* One statement, so FTS5 flushes one segment for all of them. */
	rc = exec_db(st->writer->db,
	    "INSERT INTO cases_fts(rowid, title, content)"
	    " SELECT id, title, content FROM cases"
	    " WHERE id > (SELECT last FROM fts_state) ORDER BY id;"
	    "UPDATE fts_state SET last = (SELECT coalesce(max(id), last)"
	    " FROM cases) WHERE id = 1;");
	if (rc == -1) {
		xf_store_rollback(st);
		return xf_error_set(err, XF_E_INTERNAL, NULL,
		    "全文检索索引更新失败");
	}
	return xf_store_commit(st, err);
}

void
xf_store_cases_added(xf_store *st)
{
	pthread_mutex_lock(&st->qlock);
	if (st->fts_pending++ == 0)
		clock_gettime(CLOCK_MONOTONIC, &st->fts_since);
	/* Wake the thread only when it has something new to wait for. */
	if (st->fts_pending == 1 || st->fts_pending == FTS_BATCH) {
		later_start(st);
		pthread_cond_signal(&st->qcond);
	}
	pthread_mutex_unlock(&st->qlock);
}

/* Holding qlock: is it time to index the pending cases? */
static int
fts_due(xf_store *st)
{
	struct timespec now;

	if (st->fts_pending == 0)
		return 0;
	if (st->fts_pending >= FTS_BATCH)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - st->fts_since.tv_sec) * 1000 +
	    (now.tv_nsec - st->fts_since.tv_nsec) / 1000000 >= FTS_DELAY_MS;
}

/* Holding wlock, between batches: copies the rest of a WAL grown past
 * wal_limit, so that the next batch starts it over.
 *
 * Why here: SQLite starts the WAL over in a COMMIT (walRestartLog) only
 * when that transaction began with the whole WAL copied, and no reader is
 * still on an older snapshot. The background pass could not see to the
 * first: its last pass held wlock, but a batch was usually open then,
 * begun on the uncopied WAL, so that batch's COMMIT appended; the WAL
 * grew to 90,000 frames between restarts, and the held passes, each with
 * the database's sync, held the writer lock 2.6 s of 12.6 (1M cases, 16
 * clients, 15 s). Here no batch is open; the next one begins on the
 * copied WAL, and the readers of older snapshots (a request's reads,
 * ~1 ms) have ended by its COMMIT. Past wal_limit only, so the pause (the
 * WAL's and the database's sync) comes once per 128 MB written. A
 * background pass running now is not waited for: the next batch tries.
 * Only in the COMMITs of the committer and of waiting writers (the search
 * indexing's at least once a second while cases come in), not in a
 * deferred one on a pool thread, whose other connections would wait. */
static void
restart_wal(xf_store *st)
{
	int logged = 0, copied = 0;

	/* Lock order: wlock, then ckpt_lock (as in wal_hook). */
	if (pthread_mutex_trylock(&st->ckpt_lock) != 0)
		return;
	if (sqlite3_wal_checkpoint_v2(st->writer->db, "main",
	    SQLITE_CHECKPOINT_PASSIVE, &logged, &copied) == SQLITE_OK &&
	    copied == logged)
		atomic_store(&st->ckpt_restart, 0);
	pthread_mutex_unlock(&st->ckpt_lock);
}

/* Batch `mine` is settled: durable, or failed. Synced: it was counted in
 * syncing. Locked: wlock is still held (released here). */
static void
settle_batch(xf_store *st, uint64_t mine, int synced, int failed, int locked)
{
	pthread_mutex_lock(&st->cmx);
	if (synced)
		st->syncing--;
	if (mine > st->committed)
		st->committed = mine;
	if (failed)
		st->failed[st->nfailed++ % FAILED_KEEP] = mine;
	pthread_cond_broadcast(&st->ccond);
	pthread_mutex_unlock(&st->cmx);
	if (locked)
		pthread_mutex_unlock(&st->wlock);
	if (st->on_durable != NULL)
		st->on_durable(st->on_durable_arg);
}

/* Commits the open batch: called holding wlock, returns with it released
 * once the batch is durable (or its COMMIT failed: returns 1). With
 * handoff, the sync is left to the committer thread (commit_main) and it
 * returns 0 as soon as the COMMIT is done: end_part says why. */
static int
commit_batch(xf_store *st, int handoff)
{
	conn *w = st->writer;
	uint64_t mine = st->batch;
	sqlite3_file *wal = NULL;
	int failed, locked = 1, deferred = 0, left;

	/* A cached statement left stepping would hold the commit. */
	for (int i = 0; i < STMT_CACHE; i++)
		if (w->cache[i].stmt != NULL)
			sqlite3_reset(w->cache[i].stmt);
	/* The frames of ~6 registrations were ~200 pwrite calls under the
	 * lock: the VFS gathers them and writes them out at COMMIT's sync,
	 * which it leaves to us (see xf_store_open). Only when durable: the
	 * writer is at FULL then, and its COMMIT syncs (vfsmap.h). */
	if (st->durable && st->wal_gather &&
	    sqlite3_file_control(w->db, "main", SQLITE_FCNTL_JOURNAL_POINTER,
	    &wal) == SQLITE_OK && wal != NULL && wal->pMethods != NULL)
		deferred = xf_vfsmap_defer_sync(wal, 1) == 0;
	failed = run_cached(w, SQL_COMMIT) == -1;
	/* Off again; what is left is written out. Only a failed COMMIT
	 * leaves any: one that succeeded synced, and else its frames were
	 * visible before they were in the file. */
	if (deferred && (left = xf_vfsmap_defer_sync(wal, 0)) != 0 &&
	    !failed) {
		fprintf(stderr, "xinfang: WAL frames written after COMMIT\n");
		failed = 1;
	}
	wal = NULL;
	if (failed)
		exec_db(w->db, "ROLLBACK");
	else if (st->durable && st->wal_sync &&
	    (sqlite3_file_control(w->db, "main",
	    SQLITE_FCNTL_JOURNAL_POINTER, &wal) != SQLITE_OK ||
	    wal == NULL || wal->pMethods == NULL))
		failed = 1;	/* cannot make it durable: say so */
	settle_units(w);
	st->txn_open = 0;
	if (failed)
		wal = NULL;
	else if (!handoff && atomic_load(&st->ckpt_restart))
		restart_wal(st);	/* not on a pool thread: it takes ~0.1 s */
	if (wal != NULL) {
		pthread_mutex_lock(&st->cmx);
		st->syncing++;
		if (handoff && wal == st->wal_synced && st->sync_batch == 0) {
			st->sync_batch = mine;
			st->sync_wal = wal;
			pthread_cond_broadcast(&st->ccond);
			pthread_mutex_unlock(&st->cmx);
			pthread_mutex_unlock(&st->wlock);
			return 0;
		}
		pthread_mutex_unlock(&st->cmx);
		if (wal == st->wal_synced) {
			/* The writer's COMMIT wrote the WAL frames without
			 * syncing them, and the sync
			 * happens here, outside the lock: the next batch
			 * writes while this one reaches the disk. A sync
			 * covers every frame written before it, so a later
			 * batch's finished sync makes this one durable too:
			 * committed only moves forward. */
			pthread_mutex_unlock(&st->wlock);
			locked = 0;
		}
		failed = xf_vfsmap_sync(wal, SQLITE_SYNC_NORMAL) != SQLITE_OK;
		/* A new WAL file's first sync also syncs its directory
		 * (SQLite keeps a flag for that in the file object): so
		 * that one is done under the lock. */
		if (locked)
			st->wal_synced = failed ? NULL : wal;
	}
	settle_batch(st, mine, wal != NULL, failed, locked);
	return failed;
}

/* Holding cmx: did batch b's COMMIT fail? Not only the last failure is
 * kept: a waiter may look after a later batch has failed too, and must
 * not then take its own failed batch for durable. */
static int
batch_failed(xf_store *st, uint64_t b)
{
	unsigned n = st->nfailed < FAILED_KEEP ? st->nfailed : FAILED_KEEP;

	for (unsigned i = 0; i < n; i++)
		if (st->failed[i] == b)
			return 1;
	return 0;
}

/* Holding cmx, with no sync running: commits batch b if it is still the
 * open one (it may have been committed meanwhile); returns holding cmx.
 * Without wait, only if wlock is free, and 0 if it was held: the committer
 * thread never queues for it, so that a sync handed to it (commit_batch)
 * waits for nobody. */
static int
commit_if_open(xf_store *st, uint64_t b, int wait)
{
	pthread_mutex_unlock(&st->cmx);
	if (wait)
		pthread_mutex_lock(&st->wlock);
	else if (pthread_mutex_trylock(&st->wlock) != 0) {
		pthread_mutex_lock(&st->cmx);
		return 0;
	}
	if (st->txn_open && st->batch == b)
		commit_batch(st, 0);
	else
		pthread_mutex_unlock(&st->wlock);
	pthread_mutex_lock(&st->cmx);
	return 1;
}

/* Waits until batch `mine` is durable; returns 1 if its COMMIT failed. A
 * batch left open while an earlier one was syncing is committed by one of
 * its own writers, the first to see the disk idle (the leader). */
static int
await_batch(xf_store *st, uint64_t mine)
{
	int failed;

	pthread_mutex_lock(&st->cmx);
	while (st->committed < mine) {
		if (st->syncing == 0 && st->leader < mine) {
			st->leader = mine;
			commit_if_open(st, mine, 1);
			continue;
		}
		pthread_cond_wait(&st->ccond, &st->cmx);
	}
	failed = batch_failed(st, mine);
	pthread_mutex_unlock(&st->cmx);
	return failed;
}

/* Ends this thread's part of the open batch (its savepoint already released
 * or rolled back); called holding wlock, returns with it released. Returns
 * 0 once this thread's part is durable, -1 if the batch's COMMIT failed.
 *
 * Who commits: the last writer of a queue commits the batch, unless an
 * earlier batch is still syncing: then the batch stays open, later writers
 * join it, and it is committed when that sync ends (await_batch). So
 * one sync at a time, each for all that arrived during the one before,
 * rather than syncs queued behind each other for ~3 registrations each:
 * a larger batch shares its index leaves and its fsync (measured on 1M
 * cases, 16 clients, runs interleaved with the same build without it:
 * 877–934/s → 995–1,019/s). A part that will not wait (a rolled-back
 * one) commits as before. */
static int
end_part(xf_store *st, conn *own, int wait, xf_error *err)
{
	uint64_t mine = st->batch;
	int failed, busy;

	st->nparts++;
	if (wait == PART_DEFER) {
		own->deferred = mine;
		pthread_mutex_lock(&st->cmx);
		busy = st->syncing > 0;
		st->want = mine;
		if (!busy) {
			/* The disk is idle: commit now (the writers queued
			 * behind go into the next batch), and leave the sync
			 * to the committer thread. It used to do both, but it
			 * queued for wlock behind the writers, 2.6 ms on
			 * average with the disk idle meanwhile (1M cases, 16
			 * clients): the syncs kept the disk busy 44 % of the
			 * time. Committing only when no writer was queued
			 * gave no more (1,195-1,320/s against 1,265-1,344). */
			pthread_mutex_unlock(&st->cmx);
			commit_batch(st, 1);
			return 0;
		}
		/* A sync runs: once it is done, the committer thread
		 * commits the batch, or the lock's holder as its part ends
		 * (commit_main). */
		pthread_cond_broadcast(&st->ccond);
		pthread_mutex_unlock(&st->cmx);
		pthread_mutex_unlock(&st->wlock);
		return 0;
	}
	pthread_mutex_lock(&st->cmx);
	busy = wait && st->syncing > 0;
	pthread_mutex_unlock(&st->cmx);
	if ((atomic_load(&st->waiting) == 0 && !busy) ||
	    st->nparts >= BATCH_MAX)
		failed = commit_batch(st, 0);
	else {
		pthread_mutex_unlock(&st->wlock);
		if (!wait)
			return 0;
		failed = await_batch(st, mine);
	}
	if (failed && wait)
		return xf_error_set(err, XF_E_INTERNAL, NULL,
		    "数据库提交失败，请重试");
	return 0;
}

/* A request's reads share one snapshot. Why: in WAL mode SQLite empties a
 * connection's page cache whenever a read transaction starts after
 * another connection committed, and under a stream of registrations that
 * is almost every time. Each autocommit statement was its own read
 * transaction, so each one read the B-tree's root and interior pages back
 * from the OS (pread) into an emptied cache: repeat detection's candidate
 * reads were 10 % of a registration's CPU. BEGIN is deferred: the snapshot
 * starts at the first read and the cache is checked once per request. A
 * write ends it first (xf_store_begin; a writing statement on this
 * connection, see own_write; a raw handle, see xf_store_db), so what a
 * request reads after its own commit is current. */
void
xf_store_read_begin(xf_store *st)
{
	conn *c = own_conn(st, NULL);

	if (c == NULL || c->depth > 0 || c->reading)
		return;
	if (run_cached(c, SQL_BEGIN) == 0)
		c->reading = 1;
}

void
xf_store_read_end(xf_store *st)
{
	read_end(pthread_getspecific(st->key));
}

int
xf_store_begin(xf_store *st, xf_error *err)
{
	conn *c = own_conn(st, err);
	conn *w = st->writer;

	if (c == NULL)
		return -1;
	if (c->depth++ > 0)
		return 0;
	read_end(c);
	atomic_fetch_add(&st->waiting, 1);
	pthread_mutex_lock(&st->wlock);
	atomic_fetch_sub(&st->waiting, 1);
	c->began_txn = 0;
	if (!st->txn_open) {
		/* IMMEDIATE: take the database's write lock now (other
		 * processes may write too), and the audit chain's last hash
		 * read inside is the real last one. */
		if (run_cached(w, SQL_BEGIN_IMM) == -1) {
			c->depth = 0;
			xf_error_set(err, XF_E_INTERNAL, NULL,
			    "数据库繁忙，请稍后重试");
			pthread_mutex_unlock(&st->wlock);
			return -1;
		}
		st->txn_open = 1;
		st->nparts = 0;
		st->batch++;
		/* The first write of a batch is alone in it until it ends:
		 * undoing it is undoing the transaction, so it needs no
		 * savepoint (whose journal grows with every page a long write,
		 * like a bulk load, touches). */
		c->began_txn = 1;
		c->my_batch = st->batch;
		return 0;
	}
	if (run_cached(w, SQL_SAVEPOINT) == -1) {
		c->depth = 0;
		xf_error_set(err, XF_E_INTERNAL, NULL, "数据库错误");
		end_part(st, c, 0, NULL);
		return -1;
	}
	c->my_batch = st->batch;
	return 0;
}

/* Ends this thread's write: mode PART_WAIT returns once it is durable,
 * PART_DEFER as soon as it is in the batch (xf_store_commit_deferred). */
static int
commit_part(xf_store *st, int mode, xf_error *err)
{
	conn *c = own_conn(st, err);

	if (c == NULL)
		return -1;
	if (c->depth == 0)
		return 0;
	if (--c->depth > 0)
		return 0;
	if (!c->began_txn && run_cached(st->writer, SQL_RELEASE) == -1) {
		xf_error_set(err, XF_E_INTERNAL, NULL, "数据库提交失败");
		exec_db(st->writer->db, "ROLLBACK TO xf_part");
		exec_db(st->writer->db, "RELEASE xf_part");
		end_part(st, c, 0, NULL);
		return -1;
	}
	return end_part(st, c, mode, err);
}

int
xf_store_commit(xf_store *st, xf_error *err)
{
	return commit_part(st, PART_WAIT, err);
}

/* Deferred durability. A request's thread that waits for its batch's sync
 * (group commit, end_part) cannot serve the other connections
 * libmicrohttpd gave it meanwhile, and the pool does not spread
 * connections evenly: 16 clients registering were served by 4 of the 16
 * threads (CPU time per thread, 1M cases), so a sync held up 4 clients
 * and the CPU idled a quarter of the time. A request that only answers
 * after its write instead leaves its part in the batch and is answered
 * when the batch is durable (the server suspends its connection); the
 * committer thread commits such batches, one sync at a time like a
 * waiting leader would. */
static void *
commit_main(void *arg)
{
	xf_store *st = arg;
	sigset_t set;

	sigfillset(&set);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	pthread_mutex_lock(&st->cmx);
	while (!st->cstop || st->want > st->committed || st->sync_batch != 0) {
		if (st->sync_batch != 0) {
			/* A pool thread's COMMIT (end_part): sync it. */
			uint64_t b = st->sync_batch;
			sqlite3_file *wal = st->sync_wal;
			int failed;

			st->sync_batch = 0;
			st->sync_wal = NULL;
			pthread_mutex_unlock(&st->cmx);
			failed = xf_vfsmap_sync(wal, SQLITE_SYNC_NORMAL) !=
			    SQLITE_OK;
			settle_batch(st, b, 1, failed, 0);
			pthread_mutex_lock(&st->cmx);
			continue;
		}
		if (st->want > st->committed && st->syncing == 0) {
			struct timespec ts;

			if (commit_if_open(st, st->want, 0))
				continue;
			/* The writer lock is held: its holder commits the
			 * batch as its part ends (end_part), the disk being
			 * idle; look again in a millisecond in case it ended
			 * just before the last sync did. */
			clock_gettime(CLOCK_REALTIME, &ts);
			if ((ts.tv_nsec += 1000000) >= 1000000000) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000;
			}
			pthread_cond_timedwait(&st->ccond, &st->cmx, &ts);
			continue;
		}
		pthread_cond_wait(&st->ccond, &st->cmx);
	}
	pthread_mutex_unlock(&st->cmx);
	return NULL;
}

void
xf_store_defer_allow(xf_store *st, int on)
{
	conn *c = own_conn(st, NULL);

	if (c == NULL)
		return;
	c->deferred = 0;
	c->defer_ok = 0;
	if (!on)
		return;
	if (atomic_load(&st->cthread_started) == 0) {
		pthread_mutex_lock(&st->cmx);
		if (atomic_load(&st->cthread_started) == 0)
			atomic_store(&st->cthread_started, pthread_create(
			    &st->cthread, NULL, commit_main, st) == 0 ? 1 : -1);
		pthread_mutex_unlock(&st->cmx);
	}
	c->defer_ok = atomic_load(&st->cthread_started) == 1;
}

int
xf_store_commit_deferred(xf_store *st, xf_error *err)
{
	conn *c = own_conn(st, err);

	if (c == NULL)
		return -1;
	return commit_part(st, c->defer_ok && c->depth == 1 ? PART_DEFER :
	    PART_WAIT, err);
}

uint64_t
xf_store_deferred(xf_store *st)
{
	conn *c = own_conn(st, NULL);
	uint64_t b = 0;

	if (c != NULL) {
		b = c->deferred;
		c->deferred = 0;
	}
	return b;
}

int
xf_store_batch_state(xf_store *st, uint64_t batch)
{
	int state = 0;

	pthread_mutex_lock(&st->cmx);
	if (batch <= st->committed)
		state = batch_failed(st, batch) ? -1 : 1;
	pthread_mutex_unlock(&st->cmx);
	return state;
}

void
xf_store_on_durable(xf_store *st, void (*fn)(void *), void *arg)
{
	st->on_durable_arg = arg;
	st->on_durable = fn;
}

void
xf_store_rollback(xf_store *st)
{
	conn *c = own_conn(st, NULL);

	if (c == NULL || c->depth == 0)
		return;
	c->depth = 0;
	st->writer->units_dirty = 1;	/* reload: cheap, and always right */
	if (c->began_txn) {
		/* Alone in its batch: undo the whole transaction. */
		exec_db(st->writer->db, "ROLLBACK");
		settle_units(st->writer);
		st->txn_open = 0;
		pthread_mutex_lock(&st->cmx);
		st->committed = st->batch;
		pthread_cond_broadcast(&st->ccond);
		pthread_mutex_unlock(&st->cmx);
		pthread_mutex_unlock(&st->wlock);
		return;
	}
	/* Undo this part only; the batch goes on for the others. */
	exec_db(st->writer->db, "ROLLBACK TO xf_part");
	exec_db(st->writer->db, "RELEASE xf_part");
	end_part(st, c, 0, NULL);
}

int
xf_store_backup(xf_store *st, const char *out, xf_error *err)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	char part[4096];
	int rc = -1;

	if (access(out, F_OK) == 0)
		return xf_error_set(err, XF_E_CONFLICT, NULL,
		    "备份目标 %s 已存在，不覆盖", out);
	/* Written beside the target and renamed when whole: a backup cut
	 * short (killed, disk full) never leaves a file under the name that
	 * looks like a backup. */
	if ((size_t)snprintf(part, sizeof(part), "%s.part", out) >=
	    sizeof(part))
		return xf_error_set(err, XF_E_INVALID, NULL, "备份路径过长");
	unlink(part);
	if (sqlite3_open(part, &dst) != SQLITE_OK) {
		xf_error_set(err, XF_E_INTERNAL, NULL, "无法创建备份文件 %s", out);
		goto done;
	}
	/* The online backup API copies a consistent snapshot while the server
	 * keeps writing: in one step, inside one read transaction. Copied a
	 * few pages at a time, every write of another connection in between
	 * started the copy over, and under ~10 registrations a second a
	 * 200 MB database never finished. */
	b = sqlite3_backup_init(dst, "main", xf_store_db(st), "main");
	if (b == NULL) {
		xf_error_set(err, XF_E_INTERNAL, NULL, "备份失败：%s",
		    sqlite3_errmsg(dst));
		goto done;
	}
	while (1) {
		int r = sqlite3_backup_step(b, -1);

		if (r == SQLITE_DONE)
			break;
		if (r == SQLITE_OK || r == SQLITE_BUSY || r == SQLITE_LOCKED) {
			if (r != SQLITE_OK)
				sqlite3_sleep(20);
			continue;
		}
		sqlite3_backup_finish(b);
		xf_error_set(err, XF_E_INTERNAL, NULL, "备份失败：%s",
		    sqlite3_errstr(r));
		goto done;
	}
	if (sqlite3_backup_finish(b) != SQLITE_OK) {
		xf_error_set(err, XF_E_INTERNAL, NULL, "备份失败：%s",
		    sqlite3_errmsg(dst));
		goto done;
	}
	if (sqlite3_close(dst) != SQLITE_OK) {
		xf_error_set(err, XF_E_INTERNAL, NULL, "备份文件无法关闭");
		goto done;
	}
	dst = NULL;
	if (link(part, out) != 0) {	/* never over a file made meanwhile */
		xf_error_set(err, XF_E_INTERNAL, NULL, "备份文件无法命名为 %s", out);
		goto done;
	}
	rc = 0;
done:
	sqlite3_close(dst);
	unlink(part);
	return rc;
}

/* ---- audit chain ---------------------------------------------------- */

static void
hash_field(crypto_generichash_state *h, const char *s)
{
	uint32_t n = s ? (uint32_t)strlen(s) : 0xffffffffu;
	unsigned char len[4] = { n >> 24, n >> 16, n >> 8, n };

	/* Length-prefixed so that moving bytes between fields changes the
	 * hash; NULL and "" differ. */
	crypto_generichash_update(h, len, 4);
	if (s != NULL)
		crypto_generichash_update(h, (const unsigned char *)s, strlen(s));
}

static void
audit_hash(const unsigned char prev[32], int64_t id, const char *at,
    int64_t user_id, const char *ip, const char *action, const char *entity,
    int64_t entity_id, const char *before, const char *after,
    unsigned char out[32])
{
	crypto_generichash_state h;
	char num[3][24];

	snprintf(num[0], sizeof(num[0]), "%lld", (long long)id);
	snprintf(num[1], sizeof(num[1]), "%lld", (long long)user_id);
	snprintf(num[2], sizeof(num[2]), "%lld", (long long)entity_id);
	crypto_generichash_init(&h, NULL, 0, 32);
	crypto_generichash_update(&h, prev, 32);
	hash_field(&h, num[0]);
	hash_field(&h, at);
	hash_field(&h, num[1]);
	hash_field(&h, ip);
	hash_field(&h, action);
	hash_field(&h, entity);
	hash_field(&h, num[2]);
	hash_field(&h, before);
	hash_field(&h, after);
	crypto_generichash_final(&h, out, 32);
}

int
xf_store_audit(xf_store *st, int64_t user_id, const char *ip,
    const char *action, const char *entity, int64_t entity_id, json_t *before,
    json_t *after, xf_error *err)
{
	unsigned char prev[32] = { 0 }, hash[32];
	char at[32], *b = NULL, *a = NULL;
	int64_t id = 1;
	sqlite3_stmt *s;
	int rc = -1;

	if (xf_store_begin(st, err) == -1) {
		json_decref(before);
		json_decref(after);
		return -1;
	}
	s = xf_store_stmt(st,
	    "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", err);
	if (s == NULL)
		goto done;
	if (sqlite3_step(s) == SQLITE_ROW) {
		id = sqlite3_column_int64(s, 0) + 1;
		if (sqlite3_column_bytes(s, 1) == 32)
			memcpy(prev, sqlite3_column_blob(s, 1), 32);
	}
	sqlite3_reset(s);
	xf_time_format((int64_t)time(NULL), at);
	if (before != NULL)
		b = json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS);
	if (after != NULL)
		a = json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS);
	audit_hash(prev, id, at, user_id, ip, action, entity, entity_id, b, a,
	    hash);
	s = xf_store_stmt(st,
	    "INSERT INTO audit (id, at, user_id, ip, action, entity, entity_id,"
	    " before, after, prev_hash, hash)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", err);
	if (s == NULL)
		goto done;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, at, -1, SQLITE_TRANSIENT);
	if (user_id > 0)
		sqlite3_bind_int64(s, 3, user_id);
	if (ip != NULL)
		sqlite3_bind_text(s, 4, ip, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, entity, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 7, entity_id);
	if (b != NULL)
		sqlite3_bind_text(s, 8, b, -1, SQLITE_STATIC);
	if (a != NULL)
		sqlite3_bind_text(s, 9, a, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 10, prev, 32, SQLITE_STATIC);
	sqlite3_bind_blob(s, 11, hash, 32, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE) {
		xf_store_sqlerr(st, err);
		goto done;
	}
	rc = 0;
done:
	free(b);
	free(a);
	json_decref(before);
	json_decref(after);
	if (rc == 0)
		rc = xf_store_commit(st, err);
	else
		xf_store_rollback(st);
	return rc;
}

static const char *
col_text(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? NULL :
	    (const char *)sqlite3_column_text(s, i);
}

int
xf_store_audit_verify(xf_store *st, int64_t *count, int64_t *bad_id,
    xf_error *err)
{
	unsigned char prev[32] = { 0 }, hash[32];
	int64_t expect = 1, n = 0;
	sqlite3_stmt *s;
	int r;

	*bad_id = 0;
	if (sqlite3_prepare_v2(xf_store_db(st),
	    "SELECT id, at, user_id, ip, action, entity, entity_id, before,"
	    " after, prev_hash, hash FROM audit ORDER BY id", -1, &s, NULL) !=
	    SQLITE_OK)
		return xf_store_sqlerr(st, err);
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);

		/* A deleted event shows as a gap in the ids. */
		if (id != expect || sqlite3_column_bytes(s, 9) != 32 ||
		    memcmp(prev, sqlite3_column_blob(s, 9), 32) != 0) {
			*bad_id = id;
			break;
		}
		audit_hash(prev, id, col_text(s, 1), sqlite3_column_int64(s, 2),
		    col_text(s, 3), col_text(s, 4), col_text(s, 5),
		    sqlite3_column_int64(s, 6), col_text(s, 7), col_text(s, 8),
		    hash);
		if (sqlite3_column_bytes(s, 10) != 32 ||
		    memcmp(hash, sqlite3_column_blob(s, 10), 32) != 0) {
			*bad_id = id;
			break;
		}
		memcpy(prev, hash, 32);
		expect++;
		n++;
	}
	sqlite3_finalize(s);
	*count = n;
	if (*bad_id != 0)
		return 1;
	if (r != SQLITE_DONE && r != SQLITE_ROW)
		return xf_store_sqlerr(st, err);
	/* No event at all beside users (init records the first ones): the
	 * whole log was deleted. bad_id -1 says so. */
	if (n == 0) {
		if (sqlite3_prepare_v2(xf_store_db(st), "SELECT EXISTS (SELECT 1"
		    " FROM users)", -1, &s, NULL) != SQLITE_OK)
			return xf_store_sqlerr(st, err);
		r = sqlite3_step(s);
		if (r == SQLITE_ROW && sqlite3_column_int(s, 0) == 1)
			*bad_id = -1;
		sqlite3_finalize(s);
		if (*bad_id != 0)
			return 1;
	}
	return 0;
}
