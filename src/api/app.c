#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"

xf_date
xf_app_today(const xf_app *app)
{
	if (app->today_pinned != XF_DATE_NONE)
		return app->today_pinned;
	return xf_date_from_unix((int64_t)time(NULL));
}

static int
cmp_unit(const void *a, const void *b)
{
	const xf_unit *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

const xf_unit_tree *
xf_app_tree(xf_app *app)
{
	uint64_t gen = xf_store_unit_generation(app->store);
	xf_unit_tree *t;

	pthread_mutex_lock(&app->tree_lock);
	t = app->tree;
	if (t == NULL || t->generation != gen) {
		xf_unit_tree *nt = xf_xcalloc(1, sizeof(*nt));

		if (xf_store_unit_all(app->store, &nt->units, &nt->n, NULL) == 0) {
			qsort(nt->units, nt->n, sizeof(xf_unit), cmp_unit);
			nt->generation = gen;
			/* The old tree is leaked on purpose: another thread may
			 * still be reading it, and units change rarely. */
			app->tree = t = nt;
		} else {
			free(nt);
			if (t == NULL) {
				static xf_unit_tree empty;

				t = &empty;
			}
		}
	}
	pthread_mutex_unlock(&app->tree_lock);
	return t;
}

const xf_unit *
xf_tree_get(const xf_unit_tree *t, int64_t id)
{
	xf_unit key;

	key.id = id;
	return bsearch(&key, t->units, t->n, sizeof(xf_unit), cmp_unit);
}

int
xf_tree_within(const xf_unit_tree *t, int64_t root, int64_t id)
{
	for (int depth = 0; id > 0 && depth < 64; depth++) {
		const xf_unit *u;

		if (id == root)
			return 1;
		if ((u = xf_tree_get(t, id)) == NULL)
			return 0;
		id = u->parent_id;
	}
	return 0;
}

int64_t
xf_tree_authority(const xf_unit_tree *t, int64_t id)
{
	for (int depth = 0; depth < 64; depth++) {
		const xf_unit *u = xf_tree_get(t, id);

		if (u == NULL)
			return 0;
		if (strcmp(u->kind, "department") != 0 || u->parent_id == 0)
			return u->id;
		id = u->parent_id;
	}
	return 0;
}

int
xf_scope_unit(xf_req *r, int64_t id)
{
	const xf_unit_tree *t = xf_app_tree(r->app);

	/* A department user works inside its authority: the petition office
	 * of a bureau handles the whole bureau's cases. */
	return xf_tree_within(t, xf_tree_authority(t, r->user.unit_id), id);
}

int
xf_require_role(xf_req *r, int roles)
{
	if ((r->user.roles & roles) == 0)
		return xf_error_set(&r->err, XF_E_FORBIDDEN, NULL,
		    "当前账号没有执行此操作的权限");
	return 0;
}

int
xf_require_province_admin(xf_req *r)
{
	const xf_unit_tree *t = xf_app_tree(r->app);
	const xf_unit *a = xf_tree_get(t, xf_tree_authority(t,
	    r->user.unit_id));

	if (xf_require_role(r, XF_ROLE_ADMIN) == -1)
		return -1;
	if (a == NULL || a->parent_id != 0)
		return xf_error_set(&r->err, XF_E_FORBIDDEN, NULL,
		    "节假日安排和考核权重适用于全省，只能由省级系统管理员修改");
	return 0;
}

const xf_calendar *
xf_app_cal_rdlock(xf_app *app)
{
	pthread_rwlock_rdlock(&app->cal_lock);
	return app->cal;
}

void
xf_app_cal_unlock(xf_app *app)
{
	pthread_rwlock_unlock(&app->cal_lock);
}
