#ifndef XF_ATTACHMENTS_H
#define XF_ATTACHMENTS_H

#include "http/server.h"

/* Stores the request body as an attachment of the case (name from the
 * X-Filename header); *out describes it. Used by staff and the portal. */
int	xf_attach_upload(xf_req *r, int64_t case_id, int by_petitioner,
	    json_t **out);

#endif
