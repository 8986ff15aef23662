/*
** jobs.h - durable background work.
**
** Slow or scheduled work (mail delivery, reports, reminders) is a row in the
** jobs table, so it survives a restart and can run on any application
** server. A worker thread claims due jobs one at a time and runs the
** function registered for their kind. A job that fails is retried later
** (1, 2, 4... minutes) up to JOBS_MAX_ATTEMPTS times, then marked failed
** with its last error, for a person to look at.
*/
#ifndef CARTABLE_JOBS_H
#define CARTABLE_JOBS_H

#include <stdint.h>

#include "kernel/err.h"
#include "kernel/str.h"

#define JOBS_MAX_ATTEMPTS 6

/* A job function: 0 when done, or a negative ERR_* with a message in *e. */
typedef int job_fn(int64_t tenant_id, const char *payload, struct err *e);

/* jobs_register() binds a kind ("mail.deliver") to its function; call it
** before jobs_start(). */
void jobs_register(const char *kind, job_fn *fn);

/*
** jobs_enqueue() queues a job to run at run_at (Unix seconds; 0 for now),
** with the calling thread's connection: inside the caller's transaction if
** one is open, so the job exists exactly when the caller's change does.
** Returns 0 or ERR_INTERNAL.
*/
MUST_CHECK int jobs_enqueue(int64_t tenant_id, const char *kind, const char *payload,
                            int64_t run_at);

/* jobs_ensure() queues a job of this kind at run_at unless one is already
** queued or running: how recurring jobs (a daily digest) are kept alive
** across restarts. tenant_id 0 is a job for the whole platform. 0 or
** ERR_INTERNAL. */
MUST_CHECK int jobs_ensure(int64_t tenant_id, const char *kind, int64_t run_at);

/* jobs_start() starts the worker thread; jobs_stop() lets the job running
** finish, then stops it. */
MUST_CHECK int jobs_start(void);
void jobs_stop(void);

/* jobs_run_due() runs, on the calling thread, every job due now; returns how
** many ran. For the `jobs` command and tests. */
int jobs_run_due(void);

#endif
