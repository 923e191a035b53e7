#ifndef XF_SCHEMA_H
#define XF_SCHEMA_H

#include <stddef.h>

size_t	xf_schema_count(void);			/* the binary's schema version */
const char *xf_schema_migration(size_t version);	/* SQL for 1..count */

#endif
