#ifndef XF_INIT_H
#define XF_INIT_H

#include "api/app.h"

#define XF_DEMO_PASSWORD "Xinfang@2026"

/* Fills a new database: root unit, admin, calendar, and the demo data. */
int	xf_init_db(xf_app *app, const char *admin_pw, int demo,
	    const char *demo_pw, xf_error *err);

#endif
