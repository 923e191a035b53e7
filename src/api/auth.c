/* Authentication: argon2id passwords, session cookie + CSRF, bearer tokens,
 * lock-out after failed logins per user name and per address, and the same
 * answer (and about the same time) for an unknown user and a wrong password. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "api.h"
#include "core/validate.h"

#define SESSION_TTL     (12 * 3600)	/* a working day and a half */
#define TOKEN_TTL       (90 * 86400)	/* script tokens */
#define USER_MAX_FAILS  5
#define USER_LOCK_SECS  (15 * 60)
#define ADDR_MAX_FAILS  100	/* many users behind one NAT, test suites */
#define ADDR_WINDOW     (10 * 60)
#define LIMIT_SLOTS     4096

/* Failed-login counters, in memory, keyed by a hash of the user name or
 * the address. Unknown user names are counted exactly like real ones, so
 * a lock-out never tells whether an account exists. */
typedef struct {
	uint64_t key;
	int	 fails;
	int64_t	 window_start;
	int64_t	 locked_until;
} limit_slot;

static limit_slot limits[LIMIT_SLOTS];
static pthread_mutex_t limits_lock = PTHREAD_MUTEX_INITIALIZER;
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static uint64_t
key_of(const char *prefix, const char *s)
{
	unsigned char h[8];
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	crypto_generichash_update(&st, (const unsigned char *)prefix,
	    strlen(prefix));
	crypto_generichash_update(&st, (const unsigned char *)s, strlen(s));
	crypto_generichash_final(&st, h, sizeof(h));
	return ((uint64_t)h[0] << 56 | (uint64_t)h[1] << 48 |
	    (uint64_t)h[2] << 40 | (uint64_t)h[3] << 32 | (uint64_t)h[4] << 24 |
	    (uint64_t)h[5] << 16 | (uint64_t)h[6] << 8 | h[7]) | 1;
}

static limit_slot *
slot_for(uint64_t key, int64_t now)
{
	size_t i = key % LIMIT_SLOTS, oldest = i;

	for (size_t k = 0; k < 16; k++) {
		size_t j = (i + k) % LIMIT_SLOTS;

		if (limits[j].key == key)
			return &limits[j];
		if (limits[j].key == 0 ||
		    (limits[j].locked_until < now &&
		    limits[j].window_start + ADDR_WINDOW < now)) {
			memset(&limits[j], 0, sizeof(limits[j]));
			limits[j].key = key;
			limits[j].window_start = now;
			return &limits[j];
		}
		if (limits[j].window_start < limits[oldest].window_start)
			oldest = j;
	}
	memset(&limits[oldest], 0, sizeof(limits[oldest]));
	limits[oldest].key = key;
	limits[oldest].window_start = now;
	return &limits[oldest];
}

/* Seconds the caller must wait, or 0. */
static int64_t
locked_for(const char *user, const char *ip, int64_t now)
{
	int64_t wait = 0;
	limit_slot *s;

	pthread_mutex_lock(&limits_lock);
	s = slot_for(key_of("u:", user), now);
	if (s->locked_until > now)
		wait = s->locked_until - now;
	s = slot_for(key_of("a:", ip), now);
	if (s->locked_until > now && s->locked_until - now > wait)
		wait = s->locked_until - now;
	pthread_mutex_unlock(&limits_lock);
	return wait;
}

static void
record_result(const char *user, const char *ip, int ok, int64_t now)
{
	limit_slot *s;

	pthread_mutex_lock(&limits_lock);
	s = slot_for(key_of("u:", user), now);
	if (ok)
		s->fails = 0;
	else if (++s->fails >= USER_MAX_FAILS) {
		s->locked_until = now + USER_LOCK_SECS;
		s->fails = 0;
	}
	s = slot_for(key_of("a:", ip), now);
	if (s->window_start + ADDR_WINDOW < now) {
		s->window_start = now;
		s->fails = 0;
	}
	if (!ok && ++s->fails >= ADDR_MAX_FAILS) {
		s->locked_until = now + ADDR_WINDOW;
		s->fails = 0;
	}
	pthread_mutex_unlock(&limits_lock);
}

void
xf_auth_reset_limits(void)
{
	pthread_mutex_lock(&limits_lock);
	memset(limits, 0, sizeof(limits));
	pthread_mutex_unlock(&limits_lock);
}

static void
make_dummy(void)
{
	/* A real argon2id hash of a random password: verifying against it
	 * costs what a real verification costs. */
	unsigned char pw[16];

	randombytes_buf(pw, sizeof(pw));
	if (crypto_pwhash_str(dummy_hash, (const char *)pw, sizeof(pw),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		abort();
}

int
xf_auth_hash_password(const char *pw, char out[128], xf_error *err)
{
	if (crypto_pwhash_str(out, pw, strlen(pw),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return xf_error_set(err, XF_E_INTERNAL, NULL,
		    "密码加密失败（内存不足）");
	return 0;
}

int
xf_auth_check_password_policy(const char *pw, const char *field, xf_error *err)
{
	size_t n = strlen(pw);
	int lower = 0, upper = 0, digit = 0, other = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)pw[i];

		if (c >= 'a' && c <= 'z')
			lower = 1;
		else if (c >= 'A' && c <= 'Z')
			upper = 1;
		else if (c >= '0' && c <= '9')
			digit = 1;
		else
			other = 1;
	}
	/* Characters, as the message says, not bytes; and text that the
	 * login API will accept (it refuses bad UTF-8 and control
	 * characters). */
	{
		size_t chars = 0, i = 0, k;
		unsigned int cp;

		while (i < n) {
			k = xf_utf8_decode((const unsigned char *)pw + i, n - i,
			    &cp);
			if (k == 0 || cp < 0x20 || cp == 0x7F)
				return xf_error_set(err, XF_E_INVALID, field,
				    "密码只能包含可见字符（UTF-8 编码）");
			i += k;
			chars++;
		}
		if (chars < 8 || chars > 128)
			return xf_error_set(err, XF_E_INVALID, field,
			    "密码长度应为 8 到 128 个字符");
	}
	if (lower + upper + digit + other < 2)
		return xf_error_set(err, XF_E_INVALID, field,
		    "密码应至少包含大写字母、小写字母、数字、符号中的两类");
	return 0;
}

static void
token_hash(const char *token, unsigned char out[32])
{
	crypto_generichash(out, 32, (const unsigned char *)token, strlen(token),
	    NULL, 0);
}

static void
random_token(char *out, size_t outsz)
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, outsz, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

json_t *
xf_user_json(const xf_user *u)
{
	return json_pack("{s:I,s:s,s:s,s:I,s:o,s:b}", "id", (json_int_t)u->id,
	    "username", u->username, "name", u->name, "unit_id",
	    (json_int_t)u->unit_id, "roles", xf_roles_json(u->roles),
	    "active", u->active);
}

/* A small cache of resolved tokens: every request would otherwise read the
 * session and the user. An entry lives one second, and any change to a
 * session or a user (logout, password, roles, deactivation) moves the
 * generation, which voids every entry at once. The generation moves both
 * before and after such a change commits, so nothing read in between
 * survives it. */
#define AUTH_SLOTS 1024
#define AUTH_TTL   1

typedef struct {
	unsigned char	hash[32];
	xf_session	session;
	xf_user		user;
	uint64_t	gen;
	int64_t		at;
	int		used;
} auth_slot;

static auth_slot auth_cache[AUTH_SLOTS];
static pthread_mutex_t auth_lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic uint64_t auth_gen = 1;

void
xf_auth_invalidate(void)
{
	auth_gen++;
}

#define UNIT_GONE "所在单位已撤销或合并，账号需由管理员调整到承继单位后方可使用"

/* A merged or abolished unit's staff act no more for it (第八条: its
 * duties and its cases are the successor's); read from the tree on every
 * request, so it takes effect at once, whatever the session cache holds. */
static int
unit_gone(xf_app *app, int64_t unit_id)
{
	const xf_unit *u = xf_tree_get(xf_app_tree(app), unit_id);

	return u != NULL && !u->active;
}

static int
cache_get(const unsigned char hash[32], xf_session *ss, xf_user *u,
    int64_t now)
{
	auth_slot *a = &auth_cache[(hash[0] | hash[1] << 8) % AUTH_SLOTS];
	int hit = 0;

	pthread_mutex_lock(&auth_lock);
	if (a->used && a->gen == auth_gen && a->at + AUTH_TTL >= now &&
	    sodium_memcmp(a->hash, hash, 32) == 0) {
		*ss = a->session;
		*u = a->user;
		hit = 1;
	}
	pthread_mutex_unlock(&auth_lock);
	return hit;
}

static void
cache_put(const unsigned char hash[32], const xf_session *ss, const xf_user *u,
    uint64_t gen, int64_t now)
{
	auth_slot *a = &auth_cache[(hash[0] | hash[1] << 8) % AUTH_SLOTS];

	pthread_mutex_lock(&auth_lock);
	memcpy(a->hash, hash, 32);
	a->session = *ss;
	a->user = *u;
	a->gen = gen;
	a->at = now;
	a->used = 1;
	pthread_mutex_unlock(&auth_lock);
}

/* Resolves the caller from the bearer header or the session cookie. */
int
xf_auth_authenticate(xf_req *r)
{
	const char *authz = xf_req_header(r, "Authorization"), *token = NULL;
	int64_t now = (int64_t)time(NULL);
	int rc;

	if (authz != NULL) {
		if (strncasecmp(authz, "Bearer ", 7) != 0)
			return xf_error_set(&r->err, XF_E_UNAUTH, NULL,
			    "Authorization 头格式应为 Bearer 令牌");
		token = authz + 7;
	} else if ((token = xf_req_cookie(r, "xf_session")) != NULL)
		r->via_cookie = 1;
	if (token == NULL || *token == '\0' || strlen(token) > 128)
		return xf_error_set(&r->err, XF_E_UNAUTH, NULL, "请先登录");
	token_hash(token, r->token_hash);
	if (!cache_get(r->token_hash, &r->session, &r->user, now)) {
		uint64_t gen = auth_gen;

		rc = xf_store_session_get(r->app->store, r->token_hash,
		    &r->session, &r->err);
		if (rc == -1)
			return -1;
		if (rc == 1 || r->session.expires_at < now)
			return xf_error_set(&r->err, XF_E_UNAUTH, NULL,
			    "登录已失效，请重新登录");
		rc = xf_store_user_get(r->app->store, r->session.user_id,
		    &r->user, &r->err);
		if (rc == -1)
			return -1;
		if (rc == 1 || !r->user.active)
			return xf_error_set(&r->err, XF_E_UNAUTH, NULL,
			    "账号已停用，请联系管理员");
		cache_put(r->token_hash, &r->session, &r->user, gen, now);
	}
	if (r->session.expires_at < now)
		return xf_error_set(&r->err, XF_E_UNAUTH, NULL,
		    "登录已失效，请重新登录");
	if (unit_gone(r->app, r->user.unit_id))
		return xf_error_set(&r->err, XF_E_FORBIDDEN, NULL, UNIT_GONE);
	/* A cookie is sent by the browser on its own: a state-changing call
	 * must prove it comes from our page (double-submit token). */
	if (r->via_cookie && strcmp(r->method, "GET") != 0 &&
	    strcmp(r->method, "HEAD") != 0) {
		const char *csrf = xf_req_header(r, "X-CSRF-Token");

		if (csrf == NULL || strlen(csrf) != strlen(r->session.csrf) ||
		    sodium_memcmp(csrf, r->session.csrf, strlen(csrf)) != 0)
			return xf_error_set(&r->err, XF_E_FORBIDDEN, NULL,
			    "缺少或错误的 CSRF 令牌（X-CSRF-Token）");
	}
	r->authed = 1;
	return 0;
}

/* POST /api/v1/session */
int
xf_api_login(xf_req *r)
{
	static const char *const keys[] = { "username", "password", NULL };
	const char *username, *password;
	char token[64];
	xf_session s;
	xf_user u;
	json_t *in = NULL;
	int64_t now = (int64_t)time(NULL), wait;
	int rc = -1, found, ok = 0;

	pthread_once(&dummy_once, make_dummy);
	if (xf_req_json(r, &in) == -1)
		goto done;
	if (xf_json_only(in, keys, &r->err) == -1 ||
	    xf_json_str(in, "username", 1, 64, 0, &username, &r->err) != 0 ||
	    xf_json_str(in, "password", 1, 128, 0, &password, &r->err) != 0)
		goto done;
	if ((wait = locked_for(username, r->ip, now)) > 0) {
		r->retry_after = wait;
		xf_error_set(&r->err, XF_E_RATE, NULL,
		    "登录失败次数过多，请 %lld 分钟后再试",
		    (long long)(wait + 59) / 60);
		goto done;
	}
	found = xf_store_user_by_name(r->app->store, username, &u, &r->err);
	if (found == -1)
		goto done;
	if (found == 0)
		ok = crypto_pwhash_str_verify(u.pw_hash, password,
		    strlen(password)) == 0 && u.active;
	else if (crypto_pwhash_str_verify(dummy_hash, password,
	    strlen(password)) == 0)
		ok = 0;	/* cannot happen: the dummy password is random */
	record_result(username, r->ip, ok, now);
	if (!ok) {
		if (found == 0)
			xf_store_audit(r->app->store, u.id, r->ip, "login_failed",
			    "user", u.id, NULL, NULL, NULL);
		xf_error_set(&r->err, XF_E_UNAUTH, NULL, "用户名或密码错误");
		goto done;
	}
	if (unit_gone(r->app, u.unit_id)) {
		xf_error_set(&r->err, XF_E_FORBIDDEN, NULL, UNIT_GONE);
		goto done;
	}
	memset(&s, 0, sizeof(s));
	s.user_id = u.id;
	s.expires_at = now + SESSION_TTL;
	random_token(token, sizeof(token));
	random_token(s.csrf, sizeof(s.csrf));
	token_hash(token, r->token_hash);
	if (xf_store_begin(r->app->store, &r->err) == -1)
		goto done;
	if (xf_store_session_insert(r->app->store, r->token_hash, &s,
	    &r->err) == -1 ||
	    xf_store_audit(r->app->store, u.id, r->ip, "login", "user", u.id,
	    NULL, NULL, &r->err) == -1 ||
	    xf_store_commit(r->app->store, &r->err) == -1) {
		xf_store_rollback(r->app->store);
		goto done;
	}
	snprintf(r->set_cookie, sizeof(r->set_cookie),
	    "xf_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d",
	    token, SESSION_TTL);
	xf_reply_json(r, 200, json_pack("{s:s,s:o,s:s}", "token", token,
	    "user", xf_user_json(&u), "csrf_token", s.csrf));
	rc = 0;
done:
	sodium_memzero(token, sizeof(token));
	json_decref(in);
	return rc;
}

/* GET /api/v1/session */
int
xf_api_session_get(xf_req *r)
{
	const xf_unit *u = xf_tree_get(xf_app_tree(r->app), r->user.unit_id);
	char today[11];

	xf_date_format(xf_app_today(r->app), today);
	return xf_reply_json(r, 200, json_pack("{s:o,s:s,s:s?,s:s}", "user",
	    xf_user_json(&r->user), "csrf_token", r->session.csrf,
	    "unit_name", u ? u->name : NULL, "today", today));
}

/* DELETE /api/v1/session */
int
xf_api_logout(xf_req *r)
{
	xf_auth_invalidate();
	if (xf_store_session_delete(r->app->store, r->token_hash, &r->err) == -1)
		return -1;
	xf_auth_invalidate();
	xf_store_audit(r->app->store, r->user.id, r->ip, "logout", "user",
	    r->user.id, NULL, NULL, NULL);
	snprintf(r->set_cookie, sizeof(r->set_cookie),
	    "xf_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
	r->status = 204;
	return 0;
}

/* POST /api/v1/session/password {"old_password","new_password"} */
int
xf_api_password(xf_req *r)
{
	static const char *const keys[] = { "old_password", "new_password",
		NULL };
	const char *oldpw, *newpw;
	json_t *in = NULL;
	int rc = -1;

	if (xf_req_json(r, &in) == -1)
		goto done;
	if (xf_json_only(in, keys, &r->err) == -1 ||
	    xf_json_str(in, "old_password", 1, 128, 0, &oldpw, &r->err) != 0 ||
	    xf_json_str(in, "new_password", 1, 128, 0, &newpw, &r->err) != 0)
		goto done;
	if (crypto_pwhash_str_verify(r->user.pw_hash, oldpw,
	    strlen(oldpw)) != 0) {
		xf_error_set(&r->err, XF_E_INVALID, "old_password",
		    "原密码不正确");
		goto done;
	}
	/* A change that changes nothing would read as done (an expired or
	 * leaked password kept). */
	if (strcmp(oldpw, newpw) == 0) {
		xf_error_set(&r->err, XF_E_INVALID, "new_password",
		    "新密码不能与原密码相同");
		goto done;
	}
	if (xf_auth_check_password_policy(newpw, "new_password", &r->err) == -1 ||
	    xf_auth_hash_password(newpw, r->user.pw_hash, &r->err) == -1)
		goto done;
	xf_auth_invalidate();
	if (xf_store_begin(r->app->store, &r->err) == -1)
		goto done;
	/* Every other session of the user ends: a changed password must lock
	 * out whoever knew the old one. */
	if (xf_store_user_update(r->app->store, &r->user, &r->err) == -1 ||
	    xf_store_session_delete_user(r->app->store, r->user.id,
	    &r->err) == -1 ||
	    xf_store_session_insert(r->app->store, r->token_hash, &r->session,
	    &r->err) == -1 ||
	    xf_store_audit(r->app->store, r->user.id, r->ip, "password_change",
	    "user", r->user.id, NULL, NULL, &r->err) == -1 ||
	    xf_store_commit(r->app->store, &r->err) == -1) {
		xf_store_rollback(r->app->store);
		goto done;
	}
	xf_auth_invalidate();
	r->status = 204;
	rc = 0;
done:
	json_decref(in);
	return rc;
}

/* POST /api/v1/tokens {"name"?} → a bearer token for scripts. */
int
xf_api_token_create(xf_req *r)
{
	char token[64];
	unsigned char h[32];
	xf_session s;
	int64_t now = (int64_t)time(NULL);

	memset(&s, 0, sizeof(s));
	s.user_id = r->user.id;
	s.bearer = 1;
	s.expires_at = now + TOKEN_TTL;
	random_token(token, sizeof(token));
	random_token(s.csrf, sizeof(s.csrf));
	token_hash(token, h);
	if (xf_store_begin(r->app->store, &r->err) == -1)
		return -1;
	if (xf_store_session_insert(r->app->store, h, &s, &r->err) == -1 ||
	    xf_store_audit(r->app->store, r->user.id, r->ip, "token_create",
	    "user", r->user.id, NULL, NULL, &r->err) == -1 ||
	    xf_store_commit(r->app->store, &r->err) == -1) {
		xf_store_rollback(r->app->store);
		return -1;
	}
	xf_reply_json(r, 201, json_pack("{s:s,s:I}", "token", token,
	    "expires_in", (json_int_t)TOKEN_TTL));
	sodium_memzero(token, sizeof(token));
	return 0;
}
