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
