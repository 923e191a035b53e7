#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "arena.h"
#include "ratelimit.h"

#define SLOTS 4096
#define PROBE 16

typedef struct {
	uint64_t key;
	int64_t	 start;
	int	 count;
} slot;

struct xf_ratelimit {
	pthread_mutex_t	lock;
	int		limit, window;
	slot		slots[SLOTS];
};

xf_ratelimit *
xf_ratelimit_new(int limit, int window_seconds)
{
	xf_ratelimit *rl = xf_xcalloc(1, sizeof(*rl));

	pthread_mutex_init(&rl->lock, NULL);
	rl->limit = limit;
	rl->window = window_seconds;
	return rl;
}

static uint64_t
hash_key(const char *k)
{
	uint64_t h;

	crypto_shorthash((unsigned char *)&h, (const unsigned char *)k,
	    strlen(k), (const unsigned char *)"xinfang-ratelim!");
	return h | 1;
}

/* The slot of key, reusing an expired one; when every probed slot is busy
 * the oldest is taken over (an attacker with many addresses can evict
 * counters, but cannot make one address unlimited for long). */
static slot *
find(xf_ratelimit *rl, uint64_t key, int64_t now)
{
	size_t i = key % SLOTS, victim = i;

	for (size_t k = 0; k < PROBE; k++) {
		slot *s = &rl->slots[(i + k) % SLOTS];

		if (s->key == key) {
			if (s->start + rl->window <= now) {
				s->start = now;
				s->count = 0;
			}
			return s;
		}
		if (s->key == 0 || s->start + rl->window <= now) {
			s->key = key;
			s->start = now;
			s->count = 0;
			return s;
		}
		if (s->start < rl->slots[victim].start)
			victim = (i + k) % SLOTS;
	}
	rl->slots[victim].key = key;
	rl->slots[victim].start = now;
	rl->slots[victim].count = 0;
	return &rl->slots[victim];
}

static int64_t
touch(xf_ratelimit *rl, const char *key, int count)
{
	int64_t now = (int64_t)time(NULL), wait = 0;
	slot *s;

	pthread_mutex_lock(&rl->lock);
	s = find(rl, hash_key(key), now);
	if (s->count >= rl->limit)
		wait = s->start + rl->window - now;
	else if (count)
		s->count++;
	pthread_mutex_unlock(&rl->lock);
	return wait > 0 ? wait : 0;
}

int64_t
xf_ratelimit_hit(xf_ratelimit *rl, const char *key)
{
	return touch(rl, key, 1);
}

int64_t
xf_ratelimit_check(xf_ratelimit *rl, const char *key)
{
	return touch(rl, key, 0);
}

void
xf_ratelimit_reset(xf_ratelimit *rl)
{
	pthread_mutex_lock(&rl->lock);
	memset(rl->slots, 0, sizeof(rl->slots));
	pthread_mutex_unlock(&rl->lock);
}
