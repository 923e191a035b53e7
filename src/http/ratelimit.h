/* Fixed-window counters keyed by a string (an address, a user name), in
 * memory: enough to slow down guessing and flooding from one place. */
#ifndef XF_RATELIMIT_H
#define XF_RATELIMIT_H

#include <stdint.h>

typedef struct xf_ratelimit xf_ratelimit;

/* At most `limit` hits per `window` seconds per key. */
xf_ratelimit *xf_ratelimit_new(int limit, int window_seconds);
/* Counts a hit; returns 0 if allowed, or the seconds to wait. */
int64_t	xf_ratelimit_hit(xf_ratelimit *rl, const char *key);
/* Seconds to wait without counting (0 = allowed). */
int64_t	xf_ratelimit_check(xf_ratelimit *rl, const char *key);
void	xf_ratelimit_reset(xf_ratelimit *rl);

#endif
