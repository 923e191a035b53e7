/* The store: every byte xinfang keeps goes through this interface. Callers
 * speak in domain terms (units, users, sessions, audit events, calendar
 * years, cases), never SQL, so a PostgreSQL implementation can stand beside
 * the SQLite one without touching them.
 *
 * Threads: an xf_store is shared; each thread transparently gets its own
 * connection. A change is made between xf_store_begin and xf_store_commit
 * (or _rollback); the audit event of the change is appended inside the same
 * transaction, so either both survive a crash or neither does. */
#ifndef XF_STORE_H
#define XF_STORE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/calendar.h"
#include "core/case.h"	/* XF_ROLE_* bits, xf_role_name/parse */
#include "core/error.h"

#define XF_SCHEMA_VERSION 1

typedef struct xf_store xf_store;

/* The roles a user account may hold (the portal and scheduler roles of
 * case.h are never stored). */
#define XF_ROLE_ALL 0x3f

json_t	*xf_roles_json(int roles);

typedef struct {
	int64_t	id;
	char	code[32];
	char	name[128];
	char	level[12];	/* province|city|county|school */
	char	kind[16];	/* authority|department|school|university|direct|discipline */
	int64_t	parent_id;	/* 0 = root */
	char	profile[24];
	char	region[8];
	int	active;
	int64_t	successor_id;
} xf_unit;

typedef struct {
	int64_t	id;
	char	username[64];
	char	name[64];
	int64_t	unit_id;
	int	roles;
	int	active;
	int	failed;
	int64_t	locked_until;	/* unix seconds */
	char	pw_hash[128];	/* crypto_pwhash_STRBYTES */
} xf_user;

typedef struct {
	int64_t	user_id;
	char	csrf[48];
	int64_t	expires_at;
	int	bearer;		/* a script token: no cookie, no CSRF */
} xf_session;

/* Open (creating the file if needed) and migrate forward. A database whose
 * schema is newer than this binary is refused with a clear message. */
xf_store *xf_store_open(const char *url, xf_error *err);
void	xf_store_close(xf_store *st);
int	xf_store_is_new(xf_store *st);	/* no admin user yet */
int	xf_store_backup(xf_store *st, const char *out, xf_error *err);
/* Durability: 1 = synchronous=FULL (default, legal records). */
void	xf_store_set_durable(xf_store *st, int full);
/* The WAL's length in pages past which the writer starts it over
 * (sqlite.c, restart_wal): 32,768 (128 MB); tests set a shorter one. */
void	xf_store_set_wal_limit(xf_store *st, int pages);

/* Inside a write: cases were inserted. They enter the search index within
 * a second, in a batch, on the background thread (sqlite.c says why);
 * searches find them meanwhile by scanning. */
void	xf_store_cases_added(xf_store *st);

/* Indexes every case not yet in the search index, now (the background
 * thread, xf_store_close, bulk loads). 0, or -1 with err set. */
int	xf_store_fts_catch_up(xf_store *st, xf_error *err);

/* One read snapshot for a request's reads on this thread (sqlite.c says
 * why); a write ends it. No-ops inside a write. */
void	xf_store_read_begin(xf_store *st);
void	xf_store_read_end(xf_store *st);
int	xf_store_begin(xf_store *st, xf_error *err);
int	xf_store_commit(xf_store *st, xf_error *err);
void	xf_store_rollback(xf_store *st);
/* Deferred durability (sqlite.c says why). With xf_store_defer_allow(st,
 * 1) on a thread, xf_store_commit_deferred returns once its write has
 * joined the open group commit, not once that is durable; elsewhere it is
 * xf_store_commit. The caller must then answer only when
 * xf_store_batch_state of xf_store_deferred's batch is 1 (durable; -1:
 * its COMMIT failed, 0: pending); fn, set by xf_store_on_durable, is
 * called on any thread whenever batches become durable. */
void	xf_store_defer_allow(xf_store *st, int on);
int	xf_store_commit_deferred(xf_store *st, xf_error *err);
uint64_t xf_store_deferred(xf_store *st);	/* the batch, or 0; clears it */
int	xf_store_batch_state(xf_store *st, uint64_t batch);
void	xf_store_on_durable(xf_store *st, void (*fn)(void *), void *arg);

/* Audit log (append only, BLAKE2b hash chain). before/after may be NULL;
 * the call takes ownership of both (it drops the references). */
int	xf_store_audit(xf_store *st, int64_t user_id, const char *ip,
	    const char *action, const char *entity, int64_t entity_id,
	    json_t *before, json_t *after, xf_error *err);
/* A read log (who read a protected field): queued and written by a
 * background thread within 50 ms, so readers never wait for the writer or
 * a disk flush. A crash loses at most the last instant's entries. */
void	xf_store_audit_later(xf_store *st, int64_t user_id, const char *ip,
	    const char *action, const char *entity, int64_t entity_id);
/* Walks the chain; returns 0 if intact (*count = events checked), 1 if broken
 * (*bad_id = first broken event), -1 on error. */
int	xf_store_audit_verify(xf_store *st, int64_t *count, int64_t *bad_id,
	    xf_error *err);

/* Units. */
int	xf_store_unit_insert(xf_store *st, xf_unit *u, xf_error *err);
int	xf_store_unit_update(xf_store *st, const xf_unit *u, xf_error *err);
int	xf_store_unit_get(xf_store *st, int64_t id, xf_unit *u, xf_error *err);
/* All units, ordered by id (the tree is small: thousands). malloc'd. */
int	xf_store_unit_all(xf_store *st, xf_unit **out, size_t *n, xf_error *err);
/* Bumped by every unit change, so caches know when to reload. */
uint64_t xf_store_unit_generation(xf_store *st);
void	xf_store_note_units_changed(xf_store *st);

/* Users. */
int	xf_store_user_insert(xf_store *st, xf_user *u, xf_error *err);
int	xf_store_user_update(xf_store *st, const xf_user *u, xf_error *err);
/* 0 found, 1 not found, -1 error. */
int	xf_store_user_get(xf_store *st, int64_t id, xf_user *u, xf_error *err);
int	xf_store_user_by_name(xf_store *st, const char *username, xf_user *u,
	    xf_error *err);
int	xf_store_user_list(xf_store *st, xf_user **out, size_t *n,
	    xf_error *err);

/* Sessions: the token itself is never stored, only its hash. */
int	xf_store_session_insert(xf_store *st, const unsigned char hash[32],
	    const xf_session *s, xf_error *err);
int	xf_store_session_get(xf_store *st, const unsigned char hash[32],
	    xf_session *s, xf_error *err);	/* 0 found, 1 not */
int	xf_store_session_delete(xf_store *st, const unsigned char hash[32],
	    xf_error *err);
int	xf_store_session_delete_user(xf_store *st, int64_t user_id,
	    xf_error *err);

/* Calendar years (the official data, editable by an admin). */
int	xf_store_calendar_put(xf_store *st, int year, const char *source,
	    const char *json, xf_error *err);
int	xf_store_calendar_load(xf_store *st, xf_calendar *cal, xf_error *err);

/* Low-level access for the modules that own their tables (cases, …). */
struct sqlite3;
struct sqlite3 *xf_store_db(xf_store *st);
/* A cached prepared statement on this thread's connection, reset and with
 * bindings cleared. sql must be a string literal (its address is the key). */
struct sqlite3_stmt *xf_store_stmt(xf_store *st, const char *sql,
	    xf_error *err);
int	xf_store_exec(xf_store *st, const char *sql, xf_error *err);
int	xf_store_sqlerr(xf_store *st, xf_error *err);	/* maps SQLite errors */

#endif
