/* Handlers of the HTTP API (one file per resource) and the route table. */
#ifndef XF_API_H
#define XF_API_H

#include "api/app.h"
#include "http/ratelimit.h"
#include "http/server.h"

/* Route tables, one per module; xf_route_tables lists them all. */
extern const xf_route xf_routes[];
extern const xf_route *const xf_route_tables[];
extern const size_t xf_route_ntables;

/* auth.c */
int	xf_auth_authenticate(xf_req *r);
int	xf_auth_hash_password(const char *pw, char out[128], xf_error *err);
int	xf_auth_check_password_policy(const char *pw, const char *field,
	    xf_error *err);
void	xf_auth_reset_limits(void);
/* Voids every cached session (call around any session or user change). */
void	xf_auth_invalidate(void);
json_t	*xf_user_json(const xf_user *u);
int	xf_api_login(xf_req *r);
int	xf_api_logout(xf_req *r);
int	xf_api_session_get(xf_req *r);
int	xf_api_password(xf_req *r);
int	xf_api_token_create(xf_req *r);

/* units.c */
json_t	*xf_unit_json(const xf_unit *u);
int	xf_unit_validate_insert(xf_app *app, xf_unit *u, xf_error *err);
int	xf_api_units_list(xf_req *r);
int	xf_api_unit_get(xf_req *r);
int	xf_api_unit_create(xf_req *r);
int	xf_api_unit_update(xf_req *r);

/* users.c */
int	xf_api_users_list(xf_req *r);
int	xf_api_user_get(xf_req *r);
int	xf_api_user_create(xf_req *r);
int	xf_api_user_update(xf_req *r);

/* calendar_api.c */
int	xf_api_calendar_due(xf_req *r);
int	xf_api_calendar_years(xf_req *r);
int	xf_api_calendar_year_get(xf_req *r);
int	xf_api_calendar_year_put(xf_req *r);
int	xf_api_calendar_import(xf_req *r);
/* Replaces a year from its JSON form: checks, persists, swaps the live
 * calendar, audits. Used by the admin API and by init. */
int	xf_calendar_store_year_json(xf_app *app, int64_t user_id,
	    const char *ip, const char *json, size_t len, xf_error *err);

/* misc.c */
int	xf_api_health(xf_req *r);

#endif
