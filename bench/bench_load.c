/* A small HTTP/1.1 load generator: T threads, each driving C keep-alive
 * connections through its own epoll loop, one request in flight per
 * connection (no pipelining, as browsers and scripts behave). Every
 * request is the same except for a counter substituted for "%d" in the path
 * and body, so writes can be made unique (a school code, a case number …).
 * With --body-file each line of the file is a body template and request n
 * uses line n mod lines, so registrations carry varied, realistic texts.
 *
 * Prints ONE JSON line:
 *   {"name","requests","seconds","rps","p50_ms","p99_ms","errors",…}
 * "errors" counts non-2xx answers and broken connections.
 *
 *   bench_load --name get --port 8080 --path /api/v1/units/1 \
 *       -H "Authorization: Bearer T" --threads 2 --conns 32 --seconds 10
 *
 * Why epoll rather than a thread per connection: on a 2-core machine the
 * generator shares the CPU with the server under test, so it must cost as
 * little as possible per request; one thread per core with many sockets
 * each avoids context switches between client threads. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_SECONDS	60
#define MAX_THREADS	64
#define MAX_CONNS	1024	/* per thread */
#define MAX_HEADERS	16
#define RBUF_MAX	(8u << 20)	/* largest response we accept */
#define DRAIN_NS	(5LL * 1000000000LL)	/* wait for stragglers */

/* Latency histogram: exact microseconds below 1024 µs, then 512 linear
 * sub-buckets per power of two (≤ 0.2 % error), up to ~2^36 µs. */
#define H_LINEAR	1024
#define H_SUB		512
#define H_EXP		28
#define H_BUCKETS	(H_LINEAR + H_EXP * H_SUB)

typedef struct {
	uint64_t	b[H_BUCKETS];
} hist;

static int
h_index(uint64_t us)
{
	int e;

	if (us < H_LINEAR)
		return (int)us;
	e = 63 - __builtin_clzll(us) - 9;	/* us >> e is in [512,1024) */
	if (e > H_EXP)
		return H_BUCKETS - 1;
	return H_LINEAR + (e - 1) * H_SUB + (int)((us >> e) - H_SUB);
}

static uint64_t
h_value(int i)
{
	int e, sub;

	if (i < H_LINEAR)
		return (uint64_t)i;
	e = (i - H_LINEAR) / H_SUB + 1;
	sub = (i - H_LINEAR) % H_SUB + H_SUB;
	/* middle of the bucket */
	return ((uint64_t)sub << e) + ((1ull << e) >> 1);
}

static double
h_quantile_ms(const hist *h, uint64_t total, double q)
{
	uint64_t want, seen = 0;

	if (total == 0)
		return 0;
	want = (uint64_t)ceil(q * (double)total);
	if (want == 0)
		want = 1;
	for (int i = 0; i < H_BUCKETS; i++) {
		seen += h->b[i];
		if (seen >= want)
			return (double)h_value(i) / 1000.0;
	}
	return (double)h_value(H_BUCKETS - 1) / 1000.0;
}

/* ---- configuration --------------------------------------------------- */

typedef struct {
	const char	*name;
	struct sockaddr_in addr;
	int		 threads, conns;
	double		 seconds;
	uint64_t	 max_requests;
	const char	*method, *path;
	const char	*headers[MAX_HEADERS];
	int		 nheaders;
	char		**bodies;	/* templates; NULL = no body */
	size_t		 nbodies;
	int64_t		 counter_start;
	int64_t		 random_range;	/* > 0: %d is random in [start, start+range) */
	int		 verbose;
} config;

static config cfg;
static atomic_uint_fast64_t counter;	/* requests started */
static atomic_int stop_flag;
static atomic_int printed_error;

/* ---- one connection ---------------------------------------------------- */

typedef struct {
	int		 fd;
	char		*wbuf;
	size_t		 wlen, woff, wcap;
	char		*rbuf;
	size_t		 rlen, rcap;
	int64_t		 t_start;	/* ns, request start */
	int		 busy;
} conn;

typedef struct {
	int		 id;
	pthread_t	 th;
	int		 ep;
	conn		*c;
	hist		*h;
	uint64_t	 done, errors, bytes;
	int64_t		 t_last;	/* ns, last completion */
	uint64_t	 rng;
} worker;

static int64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void
die(const char *what)
{
	fprintf(stderr, "bench_load: %s: %s\n", what, strerror(errno));
	exit(2);
}

static void
buf_need(char **b, size_t *cap, size_t need)
{
	if (need <= *cap)
		return;
	while (*cap < need)
		*cap = *cap ? *cap * 2 : 4096;
	*b = realloc(*b, *cap);
	if (*b == NULL)
		die("realloc");
}

static void
buf_put(conn *c, const char *s, size_t n)
{
	buf_need(&c->wbuf, &c->wcap, c->wlen + n + 1);
	memcpy(c->wbuf + c->wlen, s, n);
	c->wlen += n;
}

/* Appends template t with every "%d" replaced by n. */
static void
put_subst(conn *c, const char *t, int64_t n)
{
	char num[24];
	int nl = snprintf(num, sizeof(num), "%" PRId64, n);
	const char *p;

	while ((p = strstr(t, "%d")) != NULL) {
		buf_put(c, t, (size_t)(p - t));
		buf_put(c, num, (size_t)nl);
		t = p + 2;
	}
	buf_put(c, t, strlen(t));
}

static size_t
subst_len(const char *t, int64_t n)
{
	char num[24];
	int nl = snprintf(num, sizeof(num), "%" PRId64, n);
	size_t len = 0;
	const char *p;

	while ((p = strstr(t, "%d")) != NULL) {
		len += (size_t)(p - t) + (size_t)nl;
		t = p + 2;
	}
	return len + strlen(t);
}

static void
build_request(worker *w, conn *c)
{
	uint64_t seq = atomic_fetch_add(&counter, 1);
	int64_t n;
	char line[64];
	int i;

	if (cfg.random_range > 0) {
		w->rng ^= w->rng << 13;
		w->rng ^= w->rng >> 7;
		w->rng ^= w->rng << 17;
		n = cfg.counter_start + (int64_t)(w->rng %
		    (uint64_t)cfg.random_range);
	} else
		n = cfg.counter_start + (int64_t)seq;
	c->wlen = c->woff = 0;
	buf_put(c, cfg.method, strlen(cfg.method));
	buf_put(c, " ", 1);
	put_subst(c, cfg.path, n);
	buf_put(c, " HTTP/1.1\r\nHost: 127.0.0.1\r\n", 28);
	for (i = 0; i < cfg.nheaders; i++) {
		buf_put(c, cfg.headers[i], strlen(cfg.headers[i]));
		buf_put(c, "\r\n", 2);
	}
	if (cfg.bodies != NULL) {
		const char *t = cfg.bodies[seq % cfg.nbodies];
		int l = snprintf(line, sizeof(line), "Content-Length: %zu\r\n\r\n",
		    subst_len(t, n));

		buf_put(c, line, (size_t)l);
		put_subst(c, t, n);
	} else
		buf_put(c, "\r\n", 2);
}

static void
conn_open(worker *w, conn *c)
{
	struct epoll_event ev = { 0 };
	int one = 1;

	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		die("socket");
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	/* Blocking connect: loopback answers at once, and it keeps the state
	 * machine free of a "connecting" state. */
	if (connect(c->fd, (struct sockaddr *)&cfg.addr, sizeof(cfg.addr)) != 0)
		die("connect");
	fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK);
	ev.events = EPOLLIN;
	ev.data.ptr = c;
	if (epoll_ctl(w->ep, EPOLL_CTL_ADD, c->fd, &ev) != 0)
		die("epoll_ctl");
	c->rlen = 0;
	c->busy = 0;
}

static void
conn_close(worker *w, conn *c)
{
	epoll_ctl(w->ep, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	c->fd = -1;
	c->busy = 0;
}

/* Tries to write the rest of the request; arms EPOLLOUT if the socket is
 * full. -1 on a broken connection. */
static int
conn_flush(worker *w, conn *c)
{
	struct epoll_event ev = { 0 };

	while (c->woff < c->wlen) {
		ssize_t k = send(c->fd, c->wbuf + c->woff, c->wlen - c->woff,
		    MSG_NOSIGNAL);

		if (k > 0) {
			c->woff += (size_t)k;
			continue;
		}
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			ev.events = EPOLLIN | EPOLLOUT;
			ev.data.ptr = c;
			epoll_ctl(w->ep, EPOLL_CTL_MOD, c->fd, &ev);
			return 0;
		}
		return -1;
	}
	return 0;
}

/* Starts the next request on c, unless we are stopping. */
static void
conn_start(worker *w, conn *c)
{
	if (atomic_load_explicit(&stop_flag, memory_order_relaxed) ||
	    atomic_load_explicit(&counter, memory_order_relaxed) >=
	    cfg.max_requests) {
		c->busy = 0;
		return;
	}
	build_request(w, c);
	c->t_start = now_ns();
	c->busy = 1;
	if (conn_flush(w, c) == -1) {
		w->errors++;
		conn_close(w, c);
		conn_open(w, c);
		conn_start(w, c);
	}
}

/* Looks for one complete response at the start of rbuf. Returns its total
 * length, 0 if more bytes are needed, -1 if it cannot be parsed. */
static long
parse_response(conn *c, int *status, int *close_after)
{
	char *hend, *p, *eol;
	long clen = -1;
	size_t hlen;

	if (c->rlen < 12)
		return 0;
	hend = memmem(c->rbuf, c->rlen, "\r\n\r\n", 4);
	if (hend == NULL)
		return c->rlen > 65536 ? -1 : 0;
	hlen = (size_t)(hend - c->rbuf) + 4;
	if (memcmp(c->rbuf, "HTTP/1.", 7) != 0)
		return -1;
	*status = atoi(c->rbuf + 9);
	*close_after = 0;
	for (p = memchr(c->rbuf, '\n', hlen) + 1; p < hend; p = eol + 1) {
		eol = memchr(p, '\n', (size_t)(hend + 2 - p));
		if (eol == NULL)
			break;
		if (strncasecmp(p, "Content-Length:", 15) == 0)
			clen = strtol(p + 15, NULL, 10);
		else if (strncasecmp(p, "Connection:", 11) == 0 &&
		    strncasecmp(p + 11 + strspn(p + 11, " "), "close", 5) == 0)
			*close_after = 1;
		else if (strncasecmp(p, "Transfer-Encoding:", 18) == 0)
			return -1;	/* MHD sends lengths for buffers */
	}
	if (clen < 0) {
		/* 204/304 have no body; anything else must say its length. */
		if (*status == 204 || *status == 304)
			clen = 0;
		else
			return -1;
	}
	if ((size_t)clen > RBUF_MAX)
		return -1;
	if (c->rlen < hlen + (size_t)clen)
		return 0;
	return (long)(hlen + (size_t)clen);
}

static void
complete(worker *w, conn *c, int status, size_t len)
{
	int64_t t = now_ns();
	uint64_t us = (uint64_t)((t - c->t_start) / 1000);

	w->h->b[h_index(us)]++;
	w->done++;
	w->t_last = t;
	if (status < 200 || status > 299) {
		w->errors++;
		if (atomic_fetch_add(&printed_error, 1) < 3) {
			size_t n = len < 600 ? len : 600;

			fprintf(stderr, "bench_load %s: status %d: %.*s\n",
			    cfg.name, status, (int)n, c->rbuf);
		}
	}
}

static void
on_readable(worker *w, conn *c)
{
	for (;;) {
		ssize_t k;
		long rl;
		int status = 0, cl = 0;

		buf_need(&c->rbuf, &c->rcap, c->rlen + 16384);
		k = recv(c->fd, c->rbuf + c->rlen, c->rcap - c->rlen, 0);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (k <= 0) {
			/* The server closed: count it if a request was
			 * pending, and carry on with a fresh connection. */
			if (c->busy)
				w->errors++;
			conn_close(w, c);
			conn_open(w, c);
			conn_start(w, c);
			return;
		}
		c->rlen += (size_t)k;
		w->bytes += (uint64_t)k;
		rl = parse_response(c, &status, &cl);
		if (rl == 0)
			continue;
		if (rl < 0 || !c->busy) {
			w->errors++;
			conn_close(w, c);
			conn_open(w, c);
			conn_start(w, c);
			return;
		}
		complete(w, c, status, (size_t)rl);
		memmove(c->rbuf, c->rbuf + rl, c->rlen - (size_t)rl);
		c->rlen -= (size_t)rl;
		if (cl) {
			conn_close(w, c);
			conn_open(w, c);
		}
		conn_start(w, c);
		return;
	}
}

static void *
run_worker(void *arg)
{
	worker *w = arg;
	struct epoll_event evs[128];
	int i, busy, stopping_since = 0;
	int64_t drain_deadline = 0;

	for (i = 0; i < cfg.conns; i++)
		conn_start(w, &w->c[i]);
	for (;;) {
		int n = epoll_wait(w->ep, evs, 128, 100);

		if (n < 0 && errno != EINTR)
			die("epoll_wait");
		for (i = 0; i < n; i++) {
			conn *c = evs[i].data.ptr;

			if (c->fd < 0)
				continue;
			if (evs[i].events & EPOLLOUT) {
				struct epoll_event ev = { 0 };

				ev.events = EPOLLIN;
				ev.data.ptr = c;
				if (conn_flush(w, c) == 0 && c->woff == c->wlen)
					epoll_ctl(w->ep, EPOLL_CTL_MOD, c->fd,
					    &ev);
			}
			if (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))
				on_readable(w, c);
		}
		for (busy = 0, i = 0; i < cfg.conns; i++)
			busy += w->c[i].busy;
		if (busy == 0)
			break;
		if (atomic_load(&stop_flag)) {
			if (!stopping_since) {
				stopping_since = 1;
				drain_deadline = now_ns() + DRAIN_NS;
			} else if (now_ns() > drain_deadline) {
				/* Requests that never came back are errors. */
				w->errors += (uint64_t)busy;
				break;
			}
		}
	}
	return NULL;
}

/* ---- command line ---------------------------------------------------- */

static char *
read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *s = NULL;
	size_t cap = 0, n = 0, k;

	if (f == NULL)
		die(path);
	do {
		buf_need(&s, &cap, n + 65536);
		k = fread(s + n, 1, cap - n - 1, f);
		n += k;
	} while (k > 0);
	fclose(f);
	s[n] = '\0';
	*len = n;
	return s;
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: bench_load --name NAME --port PORT --path PATH [options]\n"
	    "  --method M          GET (default), POST, …\n"
	    "  -H 'Name: value'    extra header (repeatable, at most %d)\n"
	    "  --body TEMPLATE     request body; %%d becomes the counter\n"
	    "  --body-file F       one body template per line, used in turn\n"
	    "  --threads T         client threads (default 2, max %d)\n"
	    "  --conns C           keep-alive connections per thread (default 16)\n"
	    "  --seconds D         run time (default 10, max %d)\n"
	    "  --max-requests N    stop after N requests (default 10000000)\n"
	    "  --counter-start S   first counter value (default 1)\n"
	    "  --random N          counter is random in [S, S+N) instead\n",
	    MAX_HEADERS, MAX_THREADS, MAX_SECONDS);
	exit(2);
}

static void
parse_args(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "port", required_argument, NULL, 'p' },
		{ "host", required_argument, NULL, 'a' },
		{ "path", required_argument, NULL, 'u' },
		{ "method", required_argument, NULL, 'm' },
		{ "header", required_argument, NULL, 'H' },
		{ "body", required_argument, NULL, 'b' },
		{ "body-file", required_argument, NULL, 'f' },
		{ "threads", required_argument, NULL, 't' },
		{ "conns", required_argument, NULL, 'c' },
		{ "seconds", required_argument, NULL, 'd' },
		{ "max-requests", required_argument, NULL, 'N' },
		{ "counter-start", required_argument, NULL, 's' },
		{ "random", required_argument, NULL, 'r' },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 }
	};
	const char *host = "127.0.0.1";
	int port = 0, o;

	cfg.name = "load";
	cfg.threads = 2;
	cfg.conns = 16;
	cfg.seconds = 10;
	cfg.max_requests = 10000000;
	cfg.method = "GET";
	cfg.counter_start = 1;
	while ((o = getopt_long(argc, argv, "H:", opts, NULL)) != -1) {
		switch (o) {
		case 'n': cfg.name = optarg; break;
		case 'p': port = atoi(optarg); break;
		case 'a': host = optarg; break;
		case 'u': cfg.path = optarg; break;
		case 'm': cfg.method = optarg; break;
		case 'H':
			if (cfg.nheaders == MAX_HEADERS)
				usage();
			cfg.headers[cfg.nheaders++] = optarg;
			break;
		case 'b':
			cfg.bodies = malloc(sizeof(char *));
			cfg.bodies[0] = optarg;
			cfg.nbodies = 1;
			break;
		case 'f': {
			size_t len, n = 0, cap = 0;
			char *s = read_file(optarg, &len), *line, *save = NULL;

			cfg.bodies = NULL;
			for (line = strtok_r(s, "\n", &save); line != NULL;
			    line = strtok_r(NULL, "\n", &save)) {
				if (*line == '\0')
					continue;
				if (n == cap) {
					cap = cap ? cap * 2 : 1024;
					cfg.bodies = realloc(cfg.bodies,
					    cap * sizeof(char *));
					if (cfg.bodies == NULL)
						die("realloc");
				}
				cfg.bodies[n++] = line;
			}
			if (n == 0) {
				fprintf(stderr, "bench_load: %s is empty\n",
				    optarg);
				exit(2);
			}
			cfg.nbodies = n;
			break;
		}
		case 't': cfg.threads = atoi(optarg); break;
		case 'c': cfg.conns = atoi(optarg); break;
		case 'd': cfg.seconds = atof(optarg); break;
		case 'N': cfg.max_requests = strtoull(optarg, NULL, 10); break;
		case 's': cfg.counter_start = strtoll(optarg, NULL, 10); break;
		case 'r': cfg.random_range = strtoll(optarg, NULL, 10); break;
		case 'v': cfg.verbose = 1; break;
		default: usage();
		}
	}
	if (cfg.path == NULL || port <= 0 || port > 65535 || cfg.threads < 1 ||
	    cfg.threads > MAX_THREADS || cfg.conns < 1 ||
	    cfg.conns > MAX_CONNS || !(cfg.seconds > 0) ||
	    cfg.max_requests == 0)
		usage();
	/* Bounded by design: a benchmark that forgets to stop would hold the
	 * shared machine. */
	if (cfg.seconds > MAX_SECONDS)
		cfg.seconds = MAX_SECONDS;
	cfg.addr.sin_family = AF_INET;
	cfg.addr.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host, &cfg.addr.sin_addr) != 1)
		usage();
}

static void
json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

int
main(int argc, char **argv)
{
	worker *ws;
	hist *total;
	uint64_t done = 0, errors = 0, bytes = 0;
	int64_t t0, t_end = 0, deadline;
	struct timespec tick = { 0, 20 * 1000 * 1000 };
	double secs;
	int i, j;

	parse_args(argc, argv);
	signal(SIGPIPE, SIG_IGN);
	ws = calloc((size_t)cfg.threads, sizeof(*ws));
	total = calloc(1, sizeof(*total));
	if (ws == NULL || total == NULL)
		die("calloc");
	for (i = 0; i < cfg.threads; i++) {
		worker *w = &ws[i];

		w->id = i;
		w->rng = 0x9e3779b97f4a7c15ULL * (uint64_t)(i + 1);
		w->ep = epoll_create1(EPOLL_CLOEXEC);
		w->c = calloc((size_t)cfg.conns, sizeof(conn));
		w->h = calloc(1, sizeof(hist));
		if (w->ep < 0 || w->c == NULL || w->h == NULL)
			die("setup");
		for (j = 0; j < cfg.conns; j++)
			conn_open(w, &w->c[j]);
	}
	t0 = now_ns();
	for (i = 0; i < cfg.threads; i++)
		if (pthread_create(&ws[i].th, NULL, run_worker, &ws[i]) != 0)
			die("pthread_create");
	deadline = t0 + (int64_t)(cfg.seconds * 1e9);
	while (now_ns() < deadline && atomic_load(&counter) < cfg.max_requests)
		nanosleep(&tick, NULL);
	atomic_store(&stop_flag, 1);
	for (i = 0; i < cfg.threads; i++) {
		worker *w = &ws[i];

		pthread_join(w->th, NULL);
		done += w->done;
		errors += w->errors;
		bytes += w->bytes;
		if (w->t_last > t_end)
			t_end = w->t_last;
		for (j = 0; j < H_BUCKETS; j++)
			total->b[j] += w->h->b[j];
		for (j = 0; j < cfg.conns; j++) {
			if (w->c[j].fd >= 0)
				close(w->c[j].fd);
			free(w->c[j].wbuf);
			free(w->c[j].rbuf);
		}
		close(w->ep);
		free(w->c);
		free(w->h);
	}
	secs = t_end > t0 ? (double)(t_end - t0) / 1e9 : 0;
	printf("{\"name\":");
	json_str(cfg.name);
	printf(",\"requests\":%" PRIu64 ",\"seconds\":%.3f,\"rps\":%.0f,"
	    "\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"errors\":%" PRIu64
	    ",\"threads\":%d,\"conns\":%d,\"max_ms\":%.3f}\n",
	    done, secs, secs > 0 ? (double)done / secs : 0,
	    h_quantile_ms(total, done, 0.50), h_quantile_ms(total, done, 0.99),
	    errors, cfg.threads, cfg.threads * cfg.conns,
	    h_quantile_ms(total, done, 1.0));
	fflush(stdout);
	free(total);
	free(ws);
	return 0;
}
