/* The scheduler (SPEC §4 warnings, §5 supervision; 第十、十一条): once a
 * day, just after midnight Asia/Shanghai (or for the pinned `--today`), it
 *   (a) closes cases whose 复查/复核 request window passed (lapse),
 *   (b) runs the supervision rules and closes what is cured,
 *   (c) puts warnings (预警) in the outbox for deadlines a few working days
 *       ahead,
 * and every minute it hands queued petitioner messages to the configured
 * command. Each day runs once: jobs_runs records it, and a restart catches
 * up on every day missed, in order, once each.
 *
 * How the daily job avoids reading every case: it looks at
 *   - deadlines that fell due since the last scan (the partial index
 *     deadlines_open(due, kind) WHERE state = 0, from the last scanned day
 *     to today),
 *   - cases with history events since the last scan (events.id > watermark),
 *   - watch dates (交办 report, answer to a 不满意) that passed (sv_watch),
 *   - deadlines that entered the warning window since the last scan;
 * so its cost grows with what is due and what changed, not with the
 * archive. The watermarks live in scan_state and only move forward. */
#ifndef XF_JOBS_H
#define XF_JOBS_H

#include <stdio.h>

#include "api/app.h"
#include "store/supervision.h"

/* Runs the catch-up for every day not yet run (synchronously, so the
 * server answers with the day's work done), then starts the thread.
 * Blocks SIGTERM/SIGINT in the thread (the server waits for them). The
 * petitioner-message command is taken from XINFANG_NOTIFY_CMD unless
 * xf_jobs_set_notify_cmd was called first. */
int	xf_jobs_start(xf_app *app, xf_error *err);
/* Stops and joins the thread (a scan in progress stops between batches;
 * what it committed stays, the rest runs again next time). Call before
 * closing the store. Safe to call when not started. */
void	xf_jobs_stop(void);

/* `xinfang scan --db FILE --as-of DATE`: the same daily job for one date,
 * printing one line per supervision raised to `out` (and a summary line to
 * stderr). It does not record the day in jobs_runs: a scan on demand, for
 * any date, must not stop the scheduler from running that day itself.
 * Returns the number raised, or -1. */
int	xf_jobs_scan(xf_app *app, xf_date as_of, FILE *out, xf_error *err);

/* The daily job itself (scan + lapse + warnings) with its counts. */
int	xf_jobs_daily(xf_app *app, xf_date as_of, FILE *out,
	    xf_jobs_stats *stats, xf_error *err);

/* The program that sends SMS/e-mail: it receives one message as JSON on
 * stdin ({"id","channel","to","subject","body","kind","case_id"}) and
 * exits 0 when the message is accepted. NULL or "": nothing is sent and
 * messages stay queued (tests). The string is copied. */
void	xf_jobs_set_notify_cmd(const char *cmd);
/* Hands due messages to the command once; returns how many were sent. */
int	xf_jobs_outbox_flush(xf_app *app, xf_error *err);

#endif
