/*
** This file implements the durable job queue of jobs.h: claiming a due job
** in a short transaction, running it outside any transaction, recording
** the outcome, and the worker thread that loops over it.
*/
#include "kernel/jobs.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kernel/db.h"
#include "kernel/log.h"

#define MAX_KINDS 32
#define LEASE_SECONDS 600 /* a job "running" longer than this was abandoned */

static struct {
	const char *kind;
	job_fn *fn;
} kinds[MAX_KINDS];
static int nkinds;
static pthread_t worker;
static atomic_bool stopping;
static bool started;

void jobs_register(const char *kind, job_fn *fn)
{
	for (int i = 0; i < nkinds; i++)
		if (strcmp(kinds[i].kind, kind) == 0) {
			kinds[i].fn = fn;
			return;
		}
	if (nkinds < MAX_KINDS) {
		kinds[nkinds].kind = kind;
		kinds[nkinds].fn = fn;
		nkinds++;
	}
}

int jobs_enqueue(int64_t tenant_id, const char *kind, const char *payload, int64_t run_at)
{
	int64_t now = time(NULL);
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"INSERT INTO jobs (tenant_id, kind, payload, status, run_at, created_at)"
		" VALUES (?, ?, ?, 'queued', ?, ?)") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, tenant_id);
	db_bind_text(st, 2, kind);
	db_bind_text(st, 3, payload ? payload : "");
	db_bind_int(st, 4, run_at ? run_at : now);
	db_bind_int(st, 5, now);
	return db_run(st) == 0 ? 0 : ERR_INTERNAL;
}

int jobs_ensure(int64_t tenant_id, const char *kind, int64_t run_at)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT 1 FROM jobs WHERE kind = ? AND tenant_id = ? AND status IN ('queued', 'running')")
		: NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_text(st, 1, kind);
	db_bind_int(st, 2, tenant_id);
	int rc = db_step(st);
	db_done(st);
	if (rc == DB_ROW)
		return 0;
	return rc == DB_DONE ? jobs_enqueue(tenant_id, kind, "", run_at) : ERR_INTERNAL;
}

struct claimed {
	int64_t id, tenant_id, attempts;
	char kind[64];
	char *payload;
};

/* Claims the oldest due job; 1 if one was claimed, 0 if none, <0 on error. */
static int claim(struct db *db, struct claimed *job)
{
	static char select_sql[512];
	if (!select_sql[0])
		snprintf(select_sql, sizeof select_sql,
		         "SELECT id, tenant_id, kind, payload, attempts FROM jobs"
		         " WHERE status = 'queued' AND run_at <= ? ORDER BY run_at, id LIMIT 1%s",
		         db_dialect_skip_locked());
	int64_t now = time(NULL);
	if (db_begin(db) != 0)
		return ERR_INTERNAL;
	/* give back jobs of a server that died while running them */
	struct db_stmt *st = db_prepare(db,
		"UPDATE jobs SET status = 'queued' WHERE status = 'running' AND locked_until < ?");
	int rc = st ? 0 : ERR_INTERNAL;
	if (rc == 0) {
		db_bind_int(st, 1, now);
		rc = db_run(st);
	}
	st = rc == 0 ? db_prepare(db, select_sql) : NULL;
	if (!st) {
		db_rollback(db);
		return ERR_INTERNAL;
	}
	db_bind_int(st, 1, now);
	rc = db_step(st);
	if (rc != DB_ROW) {
		db_rollback(db);
		return rc == DB_DONE ? 0 : rc;
	}
	job->id = db_int(st, 0);
	job->tenant_id = db_int(st, 1);
	snprintf(job->kind, sizeof job->kind, "%s", db_text(st, 2));
	job->payload = strdup(db_text(st, 3) ? db_text(st, 3) : "");
	job->attempts = db_int(st, 4);
	db_done(st);
	st = db_prepare(db, "UPDATE jobs SET status = 'running', locked_until = ?,"
	                    " attempts = attempts + 1 WHERE id = ?");
	if (!st || !job->payload) {
		db_rollback(db);
		return ERR_INTERNAL;
	}
	db_bind_int(st, 1, now + LEASE_SECONDS);
	db_bind_int(st, 2, job->id);
	if (db_run(st) != 0 || db_commit(db) != 0) {
		db_rollback(db);
		return ERR_INTERNAL;
	}
	return 1;
}

static void finish(struct db *db, const struct claimed *job, int rc, const struct err *e)
{
	int64_t now = time(NULL);
	struct db_stmt *st;
	if (rc == 0) {
		st = db_prepare(db, "UPDATE jobs SET status = 'done', finished_at = ?,"
		                    " last_error = '' WHERE id = ?");
		if (!st)
			return;
		db_bind_int(st, 1, now);
		db_bind_int(st, 2, job->id);
	} else {
		bool give_up = job->attempts + 1 >= JOBS_MAX_ATTEMPTS;
		int64_t delay = 60LL << (job->attempts < 10 ? job->attempts : 10);
		st = db_prepare(db, "UPDATE jobs SET status = ?, run_at = ?, last_error = ?,"
		                    " finished_at = ? WHERE id = ?");
		if (!st)
			return;
		db_bind_text(st, 1, give_up ? "failed" : "queued");
		db_bind_int(st, 2, now + delay);
		db_bind_text(st, 3, e->msg[0] ? e->msg : err_code_name(rc));
		if (give_up)
			db_bind_int(st, 4, now);
		else
			db_bind_null(st, 4);
		db_bind_int(st, 5, job->id);
		log_warn("jobs: %s #%lld failed (%s)%s", job->kind, (long long)job->id, e->msg,
		         give_up ? ", giving up" : ", will retry");
	}
	(void)db_run(st);
}

/* Runs one due job; returns 1 if one ran, 0 if none was due. */
static int run_one(struct db *db)
{
	struct claimed job = {0};
	int rc = claim(db, &job);
	if (rc <= 0)
		return 0;
	job_fn *fn = NULL;
	for (int i = 0; i < nkinds; i++)
		if (strcmp(kinds[i].kind, job.kind) == 0)
			fn = kinds[i].fn;
	struct err e = {0};
	rc = fn ? fn(job.tenant_id, job.payload, &e)
	        : err_set(&e, ERR_INTERNAL, NULL, "no function for job kind %s", job.kind);
	db_request_end(); /* a job must not leave statements or transactions behind */
	finish(db, &job, rc, &e);
	free(job.payload);
	return 1;
}

int jobs_run_due(void)
{
	struct db *db = db_get();
	if (!db)
		return 0;
	int n = 0;
	while (run_one(db))
		n++;
	return n;
}

static void *worker_main(void *arg)
{
	(void)arg;
	while (!atomic_load(&stopping)) {
		struct db *db = db_get();
		if (db && run_one(db))
			continue;
		for (int i = 0; i < 10 && !atomic_load(&stopping); i++) {
			struct timespec ts = {0, 100 * 1000 * 1000};
			nanosleep(&ts, NULL);
		}
	}
	db_shutdown();
	return NULL;
}

int jobs_start(void)
{
	atomic_store(&stopping, false);
	if (pthread_create(&worker, NULL, worker_main, NULL) != 0)
		return ERR_INTERNAL;
	started = true;
	return 0;
}

void jobs_stop(void)
{
	if (!started)
		return;
	atomic_store(&stopping, true);
	pthread_join(worker, NULL);
	started = false;
}
