/* Sending petitioner messages (SMS, e-mail) through a configurable program,
 * so any gateway can be plugged in: the program gets one message as JSON on
 * stdin and exits 0 once it has accepted it. A failure (exit status, a
 * signal, a time-out, no such program) leaves the message queued with an
 * exponential back-off; nothing is ever dropped. With no program configured
 * nothing is sent and the messages wait (that is what tests assert). */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "jobs.h"

extern char **environ;

#define SEND_TIMEOUT_MS	30000
#define FLUSH_MAX	32
#define BACKOFF_FIRST	60		/* seconds */
#define BACKOFF_MAX	(6 * 3600)

static pthread_mutex_t cmd_mu = PTHREAD_MUTEX_INITIALIZER;
static char *notify_cmd;
static int cmd_set;

void
xf_jobs_set_notify_cmd(const char *cmd)
{
	pthread_mutex_lock(&cmd_mu);
	free(notify_cmd);
	notify_cmd = cmd && *cmd ? xf_xstrdup(cmd) : NULL;
	cmd_set = 1;
	pthread_mutex_unlock(&cmd_mu);
}

static char *
current_cmd(void)
{
	char *c = NULL;

	pthread_mutex_lock(&cmd_mu);
	if (!cmd_set) {
		const char *e = getenv("XINFANG_NOTIFY_CMD");

		notify_cmd = e && *e ? xf_xstrdup(e) : NULL;
		cmd_set = 1;
	}
	if (notify_cmd != NULL)
		c = xf_xstrdup(notify_cmd);
	pthread_mutex_unlock(&cmd_mu);
	return c;
}

/* 60 s, 2 min, 4 min, … capped at 6 hours. */
static int64_t
backoff(int attempts)
{
	int64_t d = BACKOFF_FIRST;

	for (int i = 0; i < attempts && d < BACKOFF_MAX; i++)
		d *= 2;
	return d < BACKOFF_MAX ? d : BACKOFF_MAX;
}

static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* 0 accepted; -1 with a reason in why. */
static int
send_one(const char *cmd, const xf_out_row *o, char *why, size_t whysz)
{
	posix_spawn_file_actions_t fa;
	char *argv[2] = { (char *)cmd, NULL };
	json_t *j = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:I}",
	    "id", (json_int_t)o->id, "channel", o->channel, "to", o->address,
	    "subject", o->subject, "body", o->body ? o->body : "",
	    "kind", o->kind, "case_id", (json_int_t)o->case_id);
	char *text = json_dumps(j, JSON_COMPACT);
	struct timespec nap = { 0, 20 * 1000 * 1000 };
	int fds[2] = { -1, -1 }, status = 0, rc = -1, waited = 0;
	pid_t pid = -1, w;

	json_decref(j);
	if (pipe2(fds, O_CLOEXEC) == -1) {
		snprintf(why, whysz, "pipe: %s", strerror(errno));
		goto done;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[0], 0);
	errno = posix_spawnp(&pid, cmd, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[0]);
	fds[0] = -1;
	if (errno != 0) {
		snprintf(why, whysz, "无法启动发送程序 %s：%s", cmd,
		    strerror(errno));
		pid = -1;
		goto done;
	}
	/* SIGPIPE is blocked in this thread and ignored by the server: a
	 * program that exits without reading gives EPIPE here. */
	if (write_all(fds[1], text, strlen(text)) == -1)
		snprintf(why, whysz, "写入发送程序失败：%s", strerror(errno));
	close(fds[1]);
	fds[1] = -1;
	while ((w = waitpid(pid, &status, WNOHANG)) == 0 &&
	    waited < SEND_TIMEOUT_MS) {
		nanosleep(&nap, NULL);
		waited += 20;
	}
	if (w == 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		snprintf(why, whysz, "发送程序超时（%d 秒）", SEND_TIMEOUT_MS / 1000);
	} else if (w < 0)
		snprintf(why, whysz, "waitpid: %s", strerror(errno));
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		rc = 0;
	else if (WIFEXITED(status))
		snprintf(why, whysz, "发送程序退出码 %d", WEXITSTATUS(status));
	else
		snprintf(why, whysz, "发送程序被信号 %d 终止", WTERMSIG(status));
done:
	if (fds[0] != -1)
		close(fds[0]);
	if (fds[1] != -1)
		close(fds[1]);
	free(text);
	return rc;
}

int
xf_jobs_outbox_flush(xf_app *app, xf_error *err)
{
	char *cmd = current_cmd();
	xf_out_row *rows = NULL;
	size_t n = 0;
	int sent = 0, rc = -1;
	int64_t now = (int64_t)time(NULL);

	if (cmd == NULL)
		return 0;
	if (xf_store_outbox_due(app->store, now, &rows, &n, FLUSH_MAX,
	    err) == -1)
		goto done;
	for (size_t i = 0; i < n; i++) {
		char why[256] = "";

		if (send_one(cmd, &rows[i], why, sizeof(why)) == 0) {
			if (xf_store_outbox_sent(app->store, rows[i].id, err) == -1)
				goto done;
			sent++;
		} else if (xf_store_outbox_failed(app->store, rows[i].id,
		    (int64_t)time(NULL) + backoff(rows[i].attempts), why,
		    err) == -1)
			goto done;
	}
	rc = sent;
done:
	xf_store_outbox_rows_free(rows, n);
	free(cmd);
	return rc;
}
