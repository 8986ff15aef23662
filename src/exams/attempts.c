/*
** This file implements the candidates' attempts of exams.h: entering with
** two typed codes (throttled), starting or resuming the one attempt of a
** candidate in a session, the secret that authenticates its requests,
** saving answers on the server's clock, finishing (score, pass mark,
** certificate code, statistics), results per class, certificates' data,
** and the public verification of a certificate.
*/
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "exams/exams.h"
#include "kernel/auth.h"
#include "kernel/clock.h"
#include "kernel/db.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "kernel/log.h"
#include "kernel/str.h"
#include "questions/questions.h"
#include "tenants/tenants.h"

#define ENTRY_WINDOW (15 * 60)
#define ENTRY_MAX_PER_ADDRESS 100   /* a school's rooms often share one address */
#define ENTRY_MAX_PER_SESSION 300

/* ---- Helpers ---- */

static uint64_t random_seed(void)
{
	char tok[AUTH_TOKEN_LEN];
	auth_random_token(tok);
	uint64_t h = 1469598103934665603ull;
	for (const char *p = tok; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	return h & 0x3FFFFFFFFFFFFFFFull;
}

int64_t exams_time_left(const struct exam_attempt *a)
{
	if (a->finished_at)
		return 0;
	int64_t left = a->deadline_at - clock_now();
	return left > 0 ? left : 0;
}

/* ---- Reading an attempt ---- */

#define ATTEMPT_COLS "a.id, a.session_id, a.school_id, a.exam_id, a.candidate_id, a.questions, a.seed," \
	" a.started_at, a.deadline_at, a.finished_at, a.score, a.max_score, a.pass_pct, a.passed, a.verify_code," \
	" x.title, c.given_name, c.family_name, a.token_hash"
#define ATTEMPT_FROM " FROM exam_attempts a" \
	" JOIN exams x ON x.tenant_id = a.tenant_id AND x.id = a.exam_id" \
	" JOIN exam_candidates c ON c.tenant_id = a.tenant_id AND c.id = a.candidate_id"

static void attempt_read(struct db_stmt *st, struct arena *a, struct exam_attempt *out)
{
	memset(out, 0, sizeof *out);
	out->id = db_int(st, 0);
	out->session_id = db_int(st, 1);
	out->school_id = db_int(st, 2);
	out->exam_id = db_int(st, 3);
	out->candidate_id = db_int(st, 4);
	out->questions = str_ids_parse(a, db_text(st, 5), &out->nquestions);
	out->seed = (uint64_t)db_int(st, 6);
	out->started_at = db_int(st, 7);
	out->deadline_at = db_int(st, 8);
	out->finished_at = db_int(st, 9);
	out->score = db_int(st, 10);
	out->max_score = db_int(st, 11);
	out->pass_pct = db_int(st, 12);
	out->passed = db_int(st, 13) != 0;
	out->verify_code = db_is_null(st, 14) ? NULL : db_text_dup(st, 14, a);
	out->exam_title = db_text_dup(st, 15, a);
	out->candidate_name = arena_printf(a, "%s %s", db_text(st, 16), db_text(st, 17));
}

/* Reads attempt id; *hash gets its token hash when not NULL. */
static int attempt_row(struct req *r, int64_t id, struct exam_attempt *out, char **hash)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "SELECT " ATTEMPT_COLS ATTEMPT_FROM
	                                         " WHERE a.tenant_id = ? AND a.id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, id);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_NOT_FOUND : rc;
	attempt_read(st, r->arena, out);
	if (hash)
		*hash = db_text_dup(st, 18, r->arena);
	db_done(st);
	return 0;
}

int exams_attempt_answers(struct req *r, struct exam_attempt *a)
{
	int n = a->nquestions ? a->nquestions : 1;
	a->responses = arena_array(r->arena, (size_t)n, sizeof *a->responses);
	a->answered = arena_array(r->arena, (size_t)n, sizeof *a->answered);
	for (int i = 0; i < a->nquestions; i++)
		a->responses[i] = "";
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "SELECT question_id, response FROM exam_answers"
	                                         " WHERE tenant_id = ? AND attempt_id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, a->id);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t qid = db_int(st, 0);
		for (int i = 0; i < a->nquestions; i++)
			if (a->questions[i] == qid) {
				a->responses[i] = db_text_dup(st, 1, r->arena);
				a->answered[i] = !question_response_blank(a->responses[i]);
			}
	}
	return rc < 0 ? rc : 0;
}

/* ---- Finishing ---- */

/* Adds a finished attempt to the school's and questions' statistics. */
static int add_stats(struct req *r, const struct exam_attempt *a, const int64_t *credits)
{
	struct db *db = db_get();
	struct db_stmt *st = db_prepare(db,
		"SELECT COALESCE(SUM(CASE WHEN finished_at > 0 THEN 1 ELSE 0 END), 0), COALESCE(SUM(passed), 0)"
		" FROM exam_attempts WHERE tenant_id = ? AND candidate_id = ? AND exam_id = ? AND id <> ?");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, a->candidate_id);
	db_bind_int(st, 3, a->exam_id);
	db_bind_int(st, 4, a->id);
	if (db_step(st) != DB_ROW)
		return ERR_INTERNAL;
	bool first = db_int(st, 0) == 0, first_pass = a->passed && db_int(st, 1) == 0;
	db_done(st);
	st = db_prepare(db, "SELECT academy FROM exam_schools WHERE tenant_id = ? AND school_id = ?");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, a->school_id);
	const char *academy = "";
	if (db_step(st) == DB_ROW) {
		academy = db_text_dup(st, 0, r->arena);
		db_done(st);
	}
	st = db_prepare(db,
		"INSERT INTO exam_stats_school (tenant_id, exam_id, academy, school_id, candidates, passed, attempts,"
		" score_sum, max_sum) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)"
		" ON CONFLICT (tenant_id, exam_id, academy, school_id) DO UPDATE SET"
		" candidates = exam_stats_school.candidates + excluded.candidates,"
		" passed = exam_stats_school.passed + excluded.passed, attempts = exam_stats_school.attempts + 1,"
		" score_sum = exam_stats_school.score_sum + excluded.score_sum,"
		" max_sum = exam_stats_school.max_sum + excluded.max_sum");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, a->exam_id);
	db_bind_text(st, 3, academy);
	db_bind_int(st, 4, a->school_id);
	db_bind_int(st, 5, first);
	db_bind_int(st, 6, first_pass);
	db_bind_int(st, 7, a->score);
	db_bind_int(st, 8, a->max_score);
	if (db_run(st) != 0)
		return ERR_INTERNAL;
	for (int i = 0; i < a->nquestions; i++) {
		st = db_prepare(db,
			"INSERT INTO exam_stats_question (tenant_id, exam_id, academy, school_id, question_id, answers,"
			" credit_sum) VALUES (?, ?, ?, ?, ?, 1, ?)"
			" ON CONFLICT (tenant_id, exam_id, academy, school_id, question_id) DO UPDATE SET"
			" answers = exam_stats_question.answers + 1,"
			" credit_sum = exam_stats_question.credit_sum + excluded.credit_sum");
		if (!st)
			return ERR_INTERNAL;
		db_bind_int(st, 1, r->tenant.id);
		db_bind_int(st, 2, a->exam_id);
		db_bind_text(st, 3, academy);
		db_bind_int(st, 4, a->school_id);
		db_bind_int(st, 5, a->questions[i]);
		db_bind_int(st, 6, credits[i]);
		if (db_run(st) != 0)
			return ERR_INTERNAL;
	}
	return 0;
}

/* Closes attempt a at time `at`, in one transaction; does nothing when
** another request closed it first. */
static int close_attempt(struct req *r, struct exam_attempt *a, int64_t at)
{
	struct db *db = db_get();
	if (!db || db_begin(db) != 0)
		return ERR_INTERNAL;
	int64_t *credits = arena_array(r->arena, (size_t)(a->nquestions ? a->nquestions : 1), sizeof *credits);
	struct db_stmt *st = db_prepare(db, "SELECT question_id, credit FROM exam_answers"
	                                    " WHERE tenant_id = ? AND attempt_id = ?");
	if (!st)
		goto fail;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, a->id);
	int64_t score = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t qid = db_int(st, 0), c = db_int(st, 1);
		for (int i = 0; i < a->nquestions; i++)
			if (a->questions[i] == qid) {
				credits[i] = c;
				score += c;
			}
	}
	if (rc < 0)
		goto fail;
	if (score < 0)
		score = 0;
	bool passed = a->max_score > 0 && score * 100 >= a->pass_pct * a->max_score;
	/* about 99 random bits: a collision is not worth a retry */
	char code[EXAM_VERIFY_LEN + 1] = "";
	if (passed)
		auth_random_code(code, EXAM_VERIFY_LEN);
	st = db_prepare(db, "UPDATE exam_attempts SET finished_at = ?, score = ?, passed = ?, verify_code = ?"
	                    " WHERE tenant_id = ? AND id = ? AND finished_at = 0");
	if (!st)
		goto fail;
	db_bind_int(st, 1, at);
	db_bind_int(st, 2, score);
	db_bind_int(st, 3, passed);
	db_bind_text(st, 4, passed ? code : NULL);
	db_bind_int(st, 5, r->tenant.id);
	db_bind_int(st, 6, a->id);
	if (db_run(st) != 0)
		goto fail;
	if (db_changes(st) == 0) { /* closed by another request meanwhile */
		db_rollback(db);
		char *unused;
		return attempt_row(r, a->id, a, &unused);
	}
	a->finished_at = at;
	a->score = score;
	a->passed = passed;
	a->verify_code = passed ? arena_strdup(r->arena, code) : NULL;
	if (add_stats(r, a, credits) != 0)
		goto fail;
	return db_commit(db) == 0 ? 0 : ERR_INTERNAL;
fail:
	db_rollback(db);
	return ERR_INTERNAL;
}

int exams_attempt_finish(struct req *r, struct exam_attempt *a)
{
	if (a->finished_at)
		return 0;
	int64_t now = clock_now();
	return close_attempt(r, a, now > a->deadline_at ? a->deadline_at : now);
}

/* Closes a if its time is up. */
static int close_if_expired(struct req *r, struct exam_attempt *a)
{
	if (a->finished_at || clock_now() <= a->deadline_at)
		return 0;
	return close_attempt(r, a, a->deadline_at);
}

/* ---- Entering ---- */

static int64_t failures(struct req *r, const char *key, int64_t now)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "SELECT COUNT(*) FROM exam_entry_failures WHERE tenant_id = ?"
	                                         " AND entry_key = ? AND at > ?") : NULL;
	if (!st)
		return 0;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_text(st, 2, key);
	db_bind_int(st, 3, now - ENTRY_WINDOW);
	int64_t n = db_step(st) == DB_ROW ? db_int(st, 0) : 0;
	db_done(st);
	return n;
}

static void record_failure(struct req *r, const char *key, int64_t now)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "INSERT INTO exam_entry_failures (tenant_id, entry_key, at)"
	                                         " VALUES (?, ?, ?)") : NULL;
	if (!st)
		return;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_text(st, 2, key);
	db_bind_int(st, 3, now);
	(void)db_run(st);
	/* forget old failures now and then */
	if ((now & 63) == 0 && (st = db_prepare(db, "DELETE FROM exam_entry_failures WHERE tenant_id = ? AND at < ?"))) {
		db_bind_int(st, 1, r->tenant.id);
		db_bind_int(st, 2, now - ENTRY_WINDOW);
		(void)db_run(st);
	}
}

struct session_row {
	int64_t id, school_id, exam_id, opens_at, closes_at;
	bool resit;
};

static int session_by_code(struct req *r, const char *code, struct session_row *s)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "SELECT id, school_id, exam_id, opens_at, closes_at, resit"
	                                         " FROM exam_sessions WHERE tenant_id = ? AND code = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_text(st, 2, code);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_NOT_FOUND : rc;
	s->id = db_int(st, 0);
	s->school_id = db_int(st, 1);
	s->exam_id = db_int(st, 2);
	s->opens_at = db_int(st, 3);
	s->closes_at = db_int(st, 4);
	s->resit = db_int(st, 5) != 0;
	db_done(st);
	return 0;
}

struct candidate_row {
	int64_t id, extra_time_pct;
	char *class_name;
};

static int candidate_by_code(struct req *r, int64_t school, const char *code, struct candidate_row *c)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "SELECT id, extra_time_pct, class_name FROM exam_candidates"
	                                         " WHERE tenant_id = ? AND school_id = ? AND code = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, school);
	db_bind_text(st, 3, code);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_NOT_FOUND : rc;
	c->id = db_int(st, 0);
	c->extra_time_pct = db_int(st, 1);
	c->class_name = db_text_dup(st, 2, r->arena);
	db_done(st);
	return 0;
}

static bool class_invited(struct req *r, int64_t session, const char *class_name)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "SELECT 1 FROM exam_session_classes WHERE tenant_id = ?"
	                                         " AND session_id = ? AND class_name = ?") : NULL;
	if (!st)
		return false;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, session);
	db_bind_text(st, 3, class_name);
	bool ok = db_step(st) == DB_ROW;
	db_done(st);
	return ok;
}

/* Passed attempts of the candidate at this exam, and running ones elsewhere. */
static int candidate_state(struct req *r, int64_t candidate, int64_t exam, int64_t now, bool *passed,
                           int64_t *running)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "SELECT id, passed, finished_at, deadline_at, exam_id FROM exam_attempts"
	                                         " WHERE tenant_id = ? AND candidate_id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, candidate);
	*passed = false;
	*running = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		/* this exam's certificate: another exam's (niveau 1 in 5e) does not count */
		*passed |= db_int(st, 1) != 0 && db_int(st, 4) == exam;
		if (db_int(st, 2) == 0 && db_int(st, 3) >= now)
			*running = db_int(st, 0);
	}
	return rc < 0 ? rc : 0;
}

static int set_token(struct req *r, int64_t attempt, char token[64])
{
	char hash[65];
	auth_random_token(token);
	auth_sha256_hex(token, hash);
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "UPDATE exam_attempts SET token_hash = ? WHERE tenant_id = ? AND id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_text(st, 1, hash);
	db_bind_int(st, 2, r->tenant.id);
	db_bind_int(st, 3, attempt);
	return db_run(st) == 0 ? 0 : ERR_INTERNAL;
}

static int existing_attempt(struct req *r, int64_t session, int64_t candidate, int64_t *id)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "SELECT id FROM exam_attempts WHERE tenant_id = ? AND session_id = ?"
	                                         " AND candidate_id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, session);
	db_bind_int(st, 3, candidate);
	int rc = db_step(st);
	*id = rc == DB_ROW ? db_int(st, 0) : 0;
	if (rc == DB_ROW)
		db_done(st);
	return rc < 0 ? rc : 0;
}

/* Resumes attempt id with a new secret, unless it is over. */
static int resume(struct req *r, int64_t id, int64_t *attempt_id, char token[64], struct err *e)
{
	struct exam_attempt a;
	char *hash;
	int rc = attempt_row(r, id, &a, &hash);
	if (rc == 0)
		rc = close_if_expired(r, &a);
	if (rc)
		return rc;
	if (a.finished_at)
		return err_set(e, ERR_CONFLICT, NULL, "%s",
		               _("Vous avez déjà passé l'épreuve de cette session : votre établissement vous donnera le résultat."));
	rc = set_token(r, id, token);
	if (rc)
		return rc;
	*attempt_id = id;
	return 0;
}

int exams_enter(struct req *r, const char *session_code, const char *candidate_code, int64_t *attempt_id,
                char token[64], struct err *e)
{
	int64_t now = clock_now();
	const char *ip_key = arena_printf(r->arena, "ip:%s", r->client_ip ? r->client_ip : "");
	char *scode = exams_code_normal(r->arena, session_code, EXAM_SESSION_CODE_LEN);
	char *ccode = exams_code_normal(r->arena, candidate_code, EXAM_CODE_LEN);
	const char *session_key = arena_printf(r->arena, "s:%s", scode ? scode : "?");
	if (failures(r, ip_key, now) >= ENTRY_MAX_PER_ADDRESS ||
	    (scode && failures(r, session_key, now) >= ENTRY_MAX_PER_SESSION))
		return err_set(e, ERR_THROTTLED, NULL, "%s",
		               _("Trop de codes erronés : attendez un quart d'heure, ou demandez vos codes au surveillant."));
	/* a code that cannot be one is said so (its form is printed on every
	** convocation: this tells nothing about the codes that exist) */
	if (!scode || !ccode) {
		record_failure(r, ip_key, now);
		return err_set(e, ERR_INVALID, NULL, "%s", !scode
		               ? _("Le code de la session a 6 lettres ou chiffres : vérifiez-le avec le surveillant.")
		               : _("Votre code personnel a 8 lettres ou chiffres, comme ABCD-EFGH (sans O, I, L, 0 ni 1) : "
		                   "vérifiez-le sur votre convocation."));
	}
	struct session_row s;
	struct candidate_row c;
	int rc = session_by_code(r, scode, &s);
	if (rc == 0)
		rc = candidate_by_code(r, s.school_id, ccode, &c);
	if (rc == ERR_NOT_FOUND) {
		record_failure(r, ip_key, now);
		if (scode)
			record_failure(r, session_key, now);
		return err_set(e, ERR_INVALID, NULL, "%s",
		               _("Le code de session ou le code personnel est incorrect. Vérifiez-les avec le surveillant."));
	}
	if (rc)
		return rc;
	if (!class_invited(r, s.id, c.class_name))
		return err_set(e, ERR_CONFLICT, NULL, "%s",
		               _("Votre classe n'est pas convoquée à cette session : vérifiez son code avec le surveillant."));
	int64_t existing;
	rc = existing_attempt(r, s.id, c.id, &existing);
	if (rc)
		return rc;
	if (existing)
		return resume(r, existing, attempt_id, token, e);
	if (now < s.opens_at)
		return err_set(e, ERR_CONFLICT, NULL, _("Cette session n'est pas encore ouverte : elle ouvre le %s."),
		               fmt_datetime(r->arena, s.opens_at));
	if (now > s.closes_at)
		return err_set(e, ERR_CONFLICT, NULL, "%s", _("Cette session est fermée."));
	bool passed;
	int64_t running;
	rc = candidate_state(r, c.id, s.exam_id, now, &passed, &running);
	if (rc)
		return rc;
	if (passed)
		return err_set(e, ERR_CONFLICT, NULL, "%s", _("Vous avez déjà obtenu cette attestation."));
	if (running)
		return err_set(e, ERR_CONFLICT, NULL, "%s",
		               _("Une autre épreuve est en cours pour vous : terminez-la d'abord."));
	struct exam x;
	rc = exams_get(r, s.exam_id, &x);
	if (rc)
		return rc;
	uint64_t seed = random_seed();
	int64_t *ids = arena_array(r->arena, EXAM_MAX_QUESTIONS, sizeof *ids);
	int n = questions_draw(r, x.categories, x.ncategories, (int)x.question_count, NULL, 0, seed, ids);
	if (n < 0)
		return n;
	if (n == 0)
		return err_set(e, ERR_CONFLICT, NULL, "%s", _("Cet examen n'a pas de questions : prévenez le surveillant."));
	int64_t limit = x.time_limit + x.time_limit * c.extra_time_pct / 100;
	char hash[65];
	auth_random_token(token);
	auth_sha256_hex(token, hash);
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"INSERT INTO exam_attempts (tenant_id, session_id, school_id, exam_id, candidate_id, token_hash, questions,"
		" seed, started_at, deadline_at, max_score, pass_pct) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		" RETURNING id") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, s.id);
	db_bind_int(st, 3, s.school_id);
	db_bind_int(st, 4, x.id);
	db_bind_int(st, 5, c.id);
	db_bind_text(st, 6, hash);
	db_bind_text(st, 7, str_ids_join(r->arena, ids, n));
	db_bind_int(st, 8, (int64_t)seed);
	db_bind_int(st, 9, now);
	db_bind_int(st, 10, now + limit);
	db_bind_int(st, 11, (int64_t)n * CREDIT_ONE);
	db_bind_int(st, 12, x.pass_pct);
	rc = db_step(st);
	if (rc == ERR_CONFLICT) { /* the same candidate entered twice at once */
		rc = existing_attempt(r, s.id, c.id, &existing);
		return rc ? rc : resume(r, existing, attempt_id, token, e);
	}
	if (rc != DB_ROW)
		return ERR_INTERNAL;
	*attempt_id = db_int(st, 0);
	db_done(st);
	return 0;
}

int exams_attempt_auth(struct req *r, int64_t id, const char *token, struct exam_attempt *out)
{
	if (!token || strlen(token) != AUTH_TOKEN_LEN - 1)
		return ERR_NOT_FOUND;
	char *stored;
	int rc = attempt_row(r, id, out, &stored);
	if (rc)
		return rc;
	char hash[65];
	auth_sha256_hex(token, hash);
	if (!auth_equal(hash, stored))
		return ERR_NOT_FOUND;
	return close_if_expired(r, out);
}

/* ---- Answers ---- */

/*
** Answers are written by group commit. In the spring peak, thousands of
** pupils save an answer every few seconds; each commit waits for its fsync
** (synchronous=FULL, about 1,500 a second here), so one commit per answer
** would cap the whole platform there. Instead a request queues its answer
** and is suspended (req_suspend()): one writer thread takes every answer
** queued so far, writes them in one transaction, and only then resumes
** their requests, which answer (the answer is durable when "saved" is
** said). Answers arriving meanwhile form the next group. As a suspended
** request holds no HTTP thread, a group can hold an answer of every
** connected pupil, not one per HTTP thread. Callers outside a request (the
** demo, inside its own transaction) write on their own connection.
*/
struct pending_answer {
	int64_t tenant_id, attempt_id, question_id, credit, at;
	const char *response;
	int rc;
	struct req *resume;          /* the suspended request */
	struct pending_answer *next;
};

static pthread_mutex_t group_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t group_queued = PTHREAD_COND_INITIALIZER;
static struct pending_answer *group_head, **group_tail = &group_head;
static pthread_once_t writer_once = PTHREAD_ONCE_INIT;
static bool writer_running;

/* Writes list (or only its first answer) in one transaction. */
static int write_answers(struct db *db, struct pending_answer *list, bool first_only)
{
	if (!db || db_begin(db) != 0)
		return ERR_INTERNAL;
	for (struct pending_answer *p = list; p; p = first_only ? NULL : p->next) {
		struct db_stmt *st = db_prepare(db,
			"INSERT INTO exam_answers (tenant_id, attempt_id, question_id, response, credit, answered_at)"
			" VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, attempt_id, question_id) DO UPDATE SET"
			" response = excluded.response, credit = excluded.credit, answered_at = excluded.answered_at");
		if (!st)
			goto fail;
		db_bind_int(st, 1, p->tenant_id);
		db_bind_int(st, 2, p->attempt_id);
		db_bind_int(st, 3, p->question_id);
		db_bind_text(st, 4, p->response);
		db_bind_int(st, 5, p->credit);
		db_bind_int(st, 6, p->at);
		if (db_run(st) != 0)
			goto fail;
	}
	return db_commit(db) == 0 ? 0 : ERR_INTERNAL;
fail:
	db_rollback(db);
	return ERR_INTERNAL;
}

static void *writer_main(void *unused)
{
	(void)unused;
	pthread_mutex_lock(&group_lock);
	for (;;) {
		while (!group_head)
			pthread_cond_wait(&group_queued, &group_lock);
		struct pending_answer *group = group_head;
		group_head = NULL;
		group_tail = &group_head;
		pthread_mutex_unlock(&group_lock);
		struct db *db = db_get();
		int rc = write_answers(db, group, false);
		if (rc && db) /* one bad answer must not cost the others theirs */
			log_warn("exams: a group of answers failed; writing them one by one");
		for (struct pending_answer *p = group; p;) {
			struct pending_answer *next = p->next; /* p is freed once resumed */
			p->rc = rc == 0 || !db ? rc : write_answers(db, p, true);
			req_resume(p->resume);
			p = next;
		}
		pthread_mutex_lock(&group_lock);
	}
	return NULL;
}

static void start_writer(void)
{
	pthread_t t;
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	writer_running = pthread_create(&t, &attr, writer_main, NULL) == 0;
	pthread_attr_destroy(&attr);
	if (!writer_running)
		log_error("exams: cannot start the answer writer; answers are written one by one");
}

/* Queues p for the writer, which resumes p->resume once p is written. */
static void queue_answer(struct pending_answer *p)
{
	pthread_once(&writer_once, start_writer);
	if (!writer_running) {
		p->rc = write_answers(db_get(), p, true);
		req_resume(p->resume);
		return;
	}
	pthread_mutex_lock(&group_lock);
	*group_tail = p;
	group_tail = &p->next;
	pthread_cond_signal(&group_queued);
	pthread_mutex_unlock(&group_lock);
}

/* Refuses an answer to question_id in a: not one of its questions, or the
** attempt is over. */
static int answer_allowed(const struct exam_attempt *a, int64_t question_id, int64_t now, struct err *e)
{
	bool in = false;
	for (int i = 0; i < a->nquestions && !in; i++)
		in = a->questions[i] == question_id;
	if (!in)
		return ERR_NOT_FOUND;
	if (a->finished_at || now > a->deadline_at)
		return err_set(e, ERR_CONFLICT, NULL, "%s",
		               a->finished_at && a->finished_at < a->deadline_at
		               ? _("L'épreuve est terminée : la réponse n'a pas été enregistrée.")
		               : _("Le temps est écoulé : la réponse n'a pas été enregistrée. Les réponses données "
		                   "avant la fin sont gardées."));
	return 0;
}

/* The answer to q given now, graded. */
static struct pending_answer answer_of(struct req *r, const struct exam_attempt *a, const struct question *q,
                                       const char *response, int64_t now)
{
	return (struct pending_answer){
		.tenant_id = r->tenant.id, .attempt_id = a->id, .question_id = q->id,
		.credit = question_credit(&q->q, response), .at = now, .response = response ? response : "",
	};
}

int exams_answer_save(struct req *r, struct exam_attempt *a, int64_t question_id, const char *response,
                      struct err *e)
{
	int64_t now = clock_now();
	int rc = answer_allowed(a, question_id, now, e);
	if (rc)
		return rc;
	struct question q;
	rc = questions_get(r, question_id, &q);
	if (rc)
		return rc;
	struct pending_answer p = answer_of(r, a, &q, response, now);
	return write_answers(db_get(), &p, true);
}

struct answer_later {
	struct pending_answer p;
	int (*then)(struct req *r, int rc, void *arg);
	void *arg;
};

static int answer_written(struct req *r, void *arg)
{
	struct answer_later *l = arg;
	return l->then(r, l->p.rc, l->arg);
}

int exams_answer_save_later(struct req *r, struct exam_attempt *a, const struct question *q,
                            const char *response, struct err *e,
                            int (*then)(struct req *r, int rc, void *arg), void *arg)
{
	int64_t now = clock_now();
	int rc = answer_allowed(a, q->id, now, e);
	if (rc)
		return rc;
	struct answer_later *l = arena_alloc(r->arena, sizeof *l);
	l->p = answer_of(r, a, q, response, now);
	l->p.resume = r;
	l->then = then;
	l->arg = arg;
	req_suspend(r, answer_written, l); /* before the writer can resume it */
	queue_answer(&l->p);
	return 0;
}

/* ---- For the school ---- */

int exams_attempt_for_school(struct req *r, int64_t id, struct exam_attempt *out)
{
	if (!(r->user.roles & ROLE_SCHOOL) || !r->user.school_id)
		return ERR_NOT_FOUND;
	int rc = attempt_row(r, id, out, NULL);
	if (rc)
		return rc;
	if (out->school_id != r->user.school_id)
		return ERR_NOT_FOUND;
	return close_if_expired(r, out);
}

/* Closes the attempts of a session whose time is up. */
static int close_session_expired(struct req *r, int64_t session_id)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "SELECT id FROM exam_attempts WHERE tenant_id = ? AND session_id = ?"
	                                         " AND finished_at = 0 AND deadline_at < ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, session_id);
	db_bind_int(st, 3, clock_now());
	int64_t ids[512];
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW && n < 512)
		ids[n++] = db_int(st, 0);
	if (rc == DB_ROW)
		db_done(st);
	for (int i = 0; i < n; i++) {
		struct exam_attempt a;
		if (attempt_row(r, ids[i], &a, NULL) == 0 && close_if_expired(r, &a) != 0)
			return ERR_INTERNAL;
	}
	return 0;
}

int exams_session_results(struct req *r, int64_t session_id, const char *class_name, struct exam_result **out)
{
	struct exam_session s;
	int rc = exams_session_get(r, session_id, &s);
	if (rc)
		return rc;
	rc = close_session_expired(r, session_id);
	if (rc)
		return rc;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT c.id, c.family_name, c.given_name, c.class_name, a.id, a.started_at, a.finished_at, a.deadline_at,"
		" a.score, a.max_score, a.passed, a.verify_code,"
		" (SELECT COUNT(*) FROM exam_attempts p WHERE p.tenant_id = c.tenant_id AND p.candidate_id = c.id"
		"  AND p.exam_id = ? AND p.passed = 1 AND p.session_id <> ?) FROM exam_candidates c"
		" LEFT JOIN exam_attempts a ON a.tenant_id = c.tenant_id AND a.session_id = ? AND a.candidate_id = c.id"
		" WHERE c.tenant_id = ? AND c.school_id = ? AND c.class_name = ? ORDER BY c.sort_key, c.id") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, s.exam_id);
	db_bind_int(st, 2, session_id);
	db_bind_int(st, 3, session_id);
	db_bind_int(st, 4, r->tenant.id);
	db_bind_int(st, 5, s.school_id);
	db_bind_text(st, 6, class_name ? class_name : "");
	size_t cap = 32;
	int n = 0;
	struct exam_result *list = arena_array(r->arena, cap, sizeof *list);
	while ((rc = db_step(st)) == DB_ROW) {
		list = arena_grow(r->arena, list, (size_t)n, &cap, sizeof *list);
		struct exam_result *x = &list[n++];
		x->candidate_id = db_int(st, 0);
		x->family_name = db_text_dup(st, 1, r->arena);
		x->given_name = db_text_dup(st, 2, r->arena);
		x->class_name = db_text_dup(st, 3, r->arena);
		x->attempt_id = db_is_null(st, 4) ? 0 : db_int(st, 4);
		x->started_at = db_int(st, 5);
		x->finished_at = db_int(st, 6);
		x->deadline_at = db_int(st, 7);
		x->score = db_int(st, 8);
		x->max_score = db_int(st, 9);
		x->passed = db_int(st, 10) != 0;
		x->verify_code = db_is_null(st, 11) ? NULL : db_text_dup(st, 11, r->arena);
		x->passed_before = db_int(st, 12) > 0;
		x->running = x->attempt_id && !x->finished_at;
		if (n >= EXAM_MAX_CANDIDATES) {
			db_done(st);
			rc = DB_DONE;
			break;
		}
	}
	if (rc < 0)
		return rc;
	*out = list;
	return n;
}

int exams_certificates(struct req *r, int64_t attempt_id, int64_t session_id, const char *class_name,
                       struct exam_certificate **out)
{
	if (!(r->user.roles & ROLE_SCHOOL) || !r->user.school_id)
		return ERR_NOT_FOUND;
	struct school sc;
	int rc = schools_get(r, r->user.school_id, &sc);
	if (rc)
		return rc;
	if (session_id) {
		rc = close_session_expired(r, session_id);
		if (rc)
			return rc;
	}
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT c.given_name, c.family_name, c.birth_date, c.class_name, x.title, a.finished_at, a.score,"
		" a.max_score, a.verify_code FROM exam_attempts a"
		" JOIN exam_candidates c ON c.tenant_id = a.tenant_id AND c.id = a.candidate_id"
		" JOIN exams x ON x.tenant_id = a.tenant_id AND x.id = a.exam_id"
		" WHERE a.tenant_id = ? AND a.school_id = ? AND a.passed = 1"
		" AND ((? > 0 AND a.id = ?) OR (? = 0 AND a.session_id = ? AND c.class_name = ?))"
		" ORDER BY c.sort_key, c.id") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, sc.id);
	db_bind_int(st, 3, attempt_id);
	db_bind_int(st, 4, attempt_id);
	db_bind_int(st, 5, attempt_id);
	db_bind_int(st, 6, session_id);
	db_bind_text(st, 7, class_name ? class_name : "");
	size_t cap = 32;
	int n = 0;
	struct exam_certificate *list = arena_array(r->arena, cap, sizeof *list);
	while ((rc = db_step(st)) == DB_ROW) {
		list = arena_grow(r->arena, list, (size_t)n, &cap, sizeof *list);
		struct exam_certificate *c = &list[n++];
		c->given_name = db_text_dup(st, 0, r->arena);
		c->family_name = db_text_dup(st, 1, r->arena);
		c->birth_date = db_text_dup(st, 2, r->arena);
		c->class_name = db_text_dup(st, 3, r->arena);
		c->exam_title = db_text_dup(st, 4, r->arena);
		c->finished_at = db_int(st, 5);
		c->score = db_int(st, 6);
		c->max_score = db_int(st, 7);
		c->verify_code = db_text_dup(st, 8, r->arena);
		c->school_name = sc.name;
		c->school_city = sc.city;
		if (n >= EXAM_MAX_CANDIDATES) {
			db_done(st);
			rc = DB_DONE;
			break;
		}
	}
	if (rc < 0)
		return rc;
	*out = list;
	return n;
}

/* ---- Verification ---- */

int exams_verify(struct req *r, const char *typed, struct exam_verification *out)
{
	char *code = exams_code_normal(r->arena, typed, EXAM_VERIFY_LEN);
	if (!code)
		return ERR_NOT_FOUND;
	struct db *db = db_get();
	/* not scoped by tenant: the random code names the certificate (exams.h) */
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT c.given_name, c.family_name, x.title, a.finished_at, a.passed FROM exam_attempts a"
		" JOIN exam_candidates c ON c.tenant_id = a.tenant_id AND c.id = a.candidate_id"
		" JOIN exams x ON x.tenant_id = a.tenant_id AND x.id = a.exam_id"
		" WHERE a.verify_code = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_text(st, 1, code);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_NOT_FOUND : rc;
	out->given_name = db_text_dup(st, 0, r->arena);
	out->family_name = db_text_dup(st, 1, r->arena);
	out->exam_title = db_text_dup(st, 2, r->arena);
	out->finished_at = db_int(st, 3);
	out->passed = db_int(st, 4) != 0;
	db_done(st);
	return 0;
}
