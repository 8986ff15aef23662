/*
** bench/srs_time.c - in-process timings of the spaced-repetition service
** on a database made by bench/srs_gen.c, linked with the server's own
** objects (build/release): no HTTP, only what the service does.
**
**   srs_time DB HEAVY_ID OPTIM_ID [RUNS]
**
**  1. the queue of learner HEAVY_ID (20,000 cards): srs_queue_build() at
**     now for 50 cards, RUNS times inside one read transaction each, as a
**     GET request runs it; then the same for the queue counts only (1 card);
**  2. the fit of OPTIM_ID's parameters: srs_fit_request() then the job
**     srs_fit_run() (read the log, fsrs_optimize(), record), and
**     fsrs_optimize() alone on the same reviews.
** Prints one JSON line per measure (milliseconds: median, p90, min, max).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kernel/db.h"
#include "kernel/i18n.h"
#include "srs/optimizer.h"
#include "srs/srs.h"

static double ms_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void report(const char *name, double *v, int n, const char *extra)
{
	qsort(v, (size_t)n, sizeof *v, cmp);
	printf("{\"name\":\"%s\",\"runs\":%d,\"median_ms\":%.3f,\"p90_ms\":%.3f,\"min_ms\":%.3f,\"max_ms\":%.3f%s}\n",
	       name, n, v[n / 2], v[n * 9 / 10], v[0], v[n - 1], extra);
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: srs_time DB HEAVY_ID OPTIM_ID [RUNS]\n");
		return 2;
	}
	int64_t heavy = atoll(argv[2]), optim = atoll(argv[3]);
	int runs = argc > 4 ? atoi(argv[4]) : 30;
	if (runs < 1 || runs > 1000)
		runs = 30;
	if (db_setup(argv[1]) != 0)
		return 1;
	i18n_init();
	struct db *db = db_get();
	struct db_stmt *st = db_prepare(db, "SELECT id FROM tenants WHERE is_operator = 1");
	if (!st || db_step(st) != DB_ROW)
		return 1;
	int64_t tenant = db_int(st, 0);
	db_done(st);
	struct arena *a = arena_new();
	struct req r = {.arena = a, .tenant = {.id = tenant, .slug = "operateur", .is_operator = true},
	                .user = {.id = heavy, .roles = ROLE_LEARNER, .login = "srs.lourd"}};
	int64_t now = time(NULL);

	/* 1. the queue of a learner with 20,000 cards */
	double *t = calloc((size_t)runs, sizeof *t);
	struct srs_queue q = {0};
	for (int k = 0; k < 2; k++) {
		int limit = k == 0 ? 50 : 1;
		for (int i = -3; i < runs; i++) { /* three warm-up runs */
			double t0 = ms_now();
			db_read_begin();
			if (srs_queue_build(&r, 0, now, limit, &q) != 0)
				return 1;
			db_request_end();
			if (i >= 0)
				t[i] = ms_now() - t0;
		}
		char extra[160];
		snprintf(extra, sizeof extra, ",\"due\":%lld,\"new\":%lld,\"later_today\":%lld,\"cards\":%d",
		         (long long)q.due, (long long)q.fresh, (long long)q.later_today, q.ncards);
		report(k == 0 ? "queue_20000_cards_50" : "queue_20000_cards_1", t, runs, extra);
	}
	st = db_prepare(db, "SELECT COUNT(*), (SELECT COUNT(*) FROM srs_reviews WHERE tenant_id = ? AND"
	                    " learner_id = ?) FROM srs_states WHERE tenant_id = ? AND learner_id = ?");
	db_bind_int(st, 1, tenant);
	db_bind_int(st, 2, heavy);
	db_bind_int(st, 3, tenant);
	db_bind_int(st, 4, heavy);
	if (db_step(st) == DB_ROW)
		printf("{\"name\":\"heavy_learner\",\"card_states\":%lld,\"reviews\":%lld}\n",
		       (long long)db_int(st, 0), (long long)db_int(st, 1));
	db_done(st);
	db_request_end();

	/* 2. fitting the parameters of a learner with about 10,000 reviews */
	r.user = (struct user){.id = optim, .roles = ROLE_LEARNER, .login = "srs.optim"};
	int64_t fit;
	struct err e = {0};
	if (srs_fit_request(&r, 0, &fit, &e) != 0) {
		fprintf(stderr, "srs_time: %s\n", e.msg);
		return 1;
	}
	char payload[32];
	snprintf(payload, sizeof payload, "%lld", (long long)fit);
	double t0 = ms_now();
	if (srs_fit_run(tenant, payload, &e) != 0) {
		fprintf(stderr, "srs_time: %s\n", e.msg);
		return 1;
	}
	double job = ms_now() - t0;
	struct srs_fit *f;
	if (srs_fits_list(&r, 0, 1, &f) != 1)
		return 1;
	printf("{\"name\":\"fit_job\",\"ms\":%.1f,\"reviews\":%lld,\"train\":%lld,\"held_out\":%lld,"
	       "\"outcome\":%d,\"loss_default\":%.4f,\"loss_fitted\":%.4f}\n",
	       job, (long long)f[0].n_reviews, (long long)f[0].n_train, (long long)f[0].n_test, f[0].outcome,
	       f[0].loss_default, f[0].loss_fitted);
	db_request_end();
	/* the optimizer alone, on the same reviews */
	size_t n = (size_t)f[0].n_reviews, k = 0;
	struct fsrs_review_log *logs = calloc(n + 1, sizeof *logs);
	st = db_prepare(db, "SELECT card_id, reviewed_at, rating FROM srs_reviews WHERE tenant_id = ?"
	                    " AND learner_id = ? ORDER BY reviewed_at, card_id");
	db_bind_int(st, 1, tenant);
	db_bind_int(st, 2, optim);
	while (k < n && db_step(st) == DB_ROW)
		logs[k++] = (struct fsrs_review_log){db_int(st, 0), db_int(st, 1), (int)db_int(st, 2)};
	db_done(st);
	db_request_end();
	double *ft = calloc(5, sizeof *ft);
	for (int i = 0; i < 5; i++) {
		struct fsrs_optimizer_result res;
		t0 = ms_now();
		if (fsrs_optimize(logs, k, NULL, &res) != 0)
			return 1;
		ft[i] = ms_now() - t0;
	}
	char extra[64];
	snprintf(extra, sizeof extra, ",\"reviews\":%zu", k);
	report("fsrs_optimize", ft, 5, extra);
	free(logs);
	free(ft);
	free(t);
	arena_free(a);
	db_shutdown();
	return 0;
}
