/* What every handler shares: the store, the calendar, the code lists, the
 * unit tree (cached; scope checks walk it), the system date. */
#ifndef XF_APP_H
#define XF_APP_H

#include <pthread.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/codes.h"
#include "core/date.h"
#include "http/server.h"
#include "store/store.h"

typedef struct {
	xf_unit	*units;		/* sorted by id */
	size_t	 n;
	uint64_t generation;
} xf_unit_tree;

struct xf_app {
	xf_store	*store;
	pthread_rwlock_t cal_lock;	/* admin edits swap the calendar */
	xf_calendar	*cal;
	xf_codes	*codes;
	xf_date		 today_pinned;	/* XF_DATE_NONE: real date */
	pthread_mutex_t	 tree_lock;
	xf_unit_tree	*tree;		/* replaced whole on change */
	const char	*datadir;
};

xf_date	xf_app_today(const xf_app *app);

/* The unit tree: a snapshot that stays valid while the caller holds it
 * (reference counting is not needed: old trees are kept until exit, and
 * units change a few times a year). */
const xf_unit_tree *xf_app_tree(xf_app *app);
const xf_unit *xf_tree_get(const xf_unit_tree *t, int64_t id);
/* 1 if unit `id` is `root` or lies below it. */
int	xf_tree_within(const xf_unit_tree *t, int64_t root, int64_t id);
/* The authority a unit belongs to: itself unless it is a department, then
 * the nearest non-department ancestor. */
int64_t	xf_tree_authority(const xf_unit_tree *t, int64_t id);

/* Scope: may this user see data of unit `id`? Admins and supervisors see
 * their unit's subtree; others their unit's subtree as well (a school sees
 * itself, a bureau sees its schools), never siblings. */
int	xf_scope_unit(xf_req *r, int64_t id);
/* Role check: 403 unless the user holds one of `roles`. */
int	xf_require_role(xf_req *r, int roles);
/* An admin of the province itself (its authority is the tree's root): the
 * one who sets what binds every unit, the calendar and the weights. */
int	xf_require_province_admin(xf_req *r);

/* Calendar access under the read lock. */
const xf_calendar *xf_app_cal_rdlock(xf_app *app);
void	xf_app_cal_unlock(xf_app *app);

#endif
