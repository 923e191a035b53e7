/* The route table: every URL the server answers, in one place. */
#include "api.h"

int
xf_api_health(xf_req *r)
{
	if (xf_query_check_unused(&r->query, &r->err) == -1)
		return -1;
	return xf_reply_json(r, 200, json_pack("{s:s}", "status", "ok"));
}

const xf_route xf_routes[] = {
	{ "GET", "/api/v1/health", xf_api_health, XF_ROUTE_PUBLIC },

	{ "POST", "/api/v1/session", xf_api_login, XF_ROUTE_PUBLIC },
	{ "GET", "/api/v1/session", xf_api_session_get, 0 },
	{ "DELETE", "/api/v1/session", xf_api_logout, 0 },
	{ "POST", "/api/v1/session/password", xf_api_password, 0 },
	{ "POST", "/api/v1/tokens", xf_api_token_create, 0 },

	{ "GET", "/api/v1/units", xf_api_units_list, 0 },
	{ "POST", "/api/v1/units", xf_api_unit_create, 0 },
	{ "GET", "/api/v1/units/{id}", xf_api_unit_get, 0 },
	{ "PATCH", "/api/v1/units/{id}", xf_api_unit_update, 0 },

	{ "GET", "/api/v1/users", xf_api_users_list, 0 },
	{ "POST", "/api/v1/users", xf_api_user_create, 0 },
	{ "GET", "/api/v1/users/{id}", xf_api_user_get, 0 },
	{ "PATCH", "/api/v1/users/{id}", xf_api_user_update, 0 },

	{ "GET", "/api/v1/calendar/due", xf_api_calendar_due, XF_ROUTE_PUBLIC },
	{ "GET", "/api/v1/calendar", xf_api_calendar_years, 0 },
	{ "POST", "/api/v1/calendar/import", xf_api_calendar_import, 0 },
	{ "GET", "/api/v1/calendar/{id}", xf_api_calendar_year_get, 0 },
	{ "PUT", "/api/v1/calendar/{id}", xf_api_calendar_year_put, 0 },

	{ NULL, NULL, NULL, 0 },
};

/* Modules with their own table add a weak reference here, so the server
 * builds while a module is being written. */
extern const xf_route xf_case_routes[] __attribute__((weak));
extern const xf_route xf_supervision_routes[] __attribute__((weak));
extern const xf_route xf_document_routes[] __attribute__((weak));
extern const xf_route xf_public_routes[] __attribute__((weak));
extern const xf_route xf_leadership_routes[] __attribute__((weak));
extern const xf_route xf_assessment_routes[] __attribute__((weak));
extern const xf_route xf_stats_routes[] __attribute__((weak));
extern const xf_route xf_attachment_routes[] __attribute__((weak));

/* A module not linked in leaves a NULL slot, which the server skips. */
const xf_route *const xf_route_tables[] = {
	xf_routes,
	xf_case_routes,
	xf_supervision_routes,
	xf_document_routes,
	xf_public_routes,
	xf_leadership_routes,
	xf_assessment_routes,
	xf_stats_routes,
	xf_attachment_routes,
};
const size_t xf_route_ntables = sizeof(xf_route_tables) /
    sizeof(xf_route_tables[0]);
