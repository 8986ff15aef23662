/*
** bench/exam_gen.c - the road-safety certificates at the national scale,
** added to a database holding the demo (its ASSR exams and question bank).
**
**   exam_gen DB [--schools 13000] [--candidates 2000000] [--live 20000]
**               [--live-schools 500] [--saves 4] [--seed S] [--out DIR]
**
** In the tenant of the demo operator it adds:
**   - --schools partner schools in the 30 academies (weighted by size),
**     each registered for the exams;
**   - --candidates pupils in their classes (four of 5e, four of 3e), each
**     with a personal code; last spring's sessions (ASSR1 for the 5e,
**     ASSR2 for the 3e) and one finished attempt per pupil, scored from a
**     difficulty per question, passed when at half the points (with its
**     verification code), and the statistics counters those attempts made
**     (per school, per school and question). The answers of those past
**     attempts are not stored one by one: nothing reads them any more;
**   - an open session in --live-schools schools and --live running
**     attempts in them (started now, a day to go), whose secrets it knows;
**   - a staff account `bench.ecole` (password demo) of the first school,
**     which is in the largest academy and whose 3e A class of 30 all
**     passed: the certificate benchmark prints it.
** It writes into --out, for bench/exam_load.lua ("METHOD<TAB>path<TAB>
** header<TAB>body" lines, attempts interleaved):
**   - exam_pages.tsv: GET /examen/epreuve/N with the attempt's cookie, one
**     line per live attempt, N going round its questions;
**   - exam_api.tsv: GET /api/v1/exam/attempts/{id} with its X-Exam-Token;
**   - exam_saves.tsv: PUT /api/v1/exam/attempts/{id}/answers/{qid} of
**     --saves questions of each live attempt (a choice or true);
**   - practice.tsv: GET of the public practice's question pages (series
**     of 10 questions of the bank, no cookie);
** and exam_bench.env (the session and class for certificates, the largest
** academy, the ids of the running attempts).
**
** Indexes of the big tables are dropped during the load and built again
** after, exactly as the migrations wrote them.
*/
#include <math.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kernel/arena.h"
#include "kernel/text.h"

#define GEN_NAME "exam_gen"
#include "gen_util.h"

/* Steps st; false on a unique violation (the caller draws again). */
static bool try_run(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE) {
		sqlite3_clear_bindings(st);
		return true;
	}
	if (rc == SQLITE_CONSTRAINT)
		return false;
	die(sqlite3_sql(st));
	return false;
}

#define N(a) ((int)(sizeof a / sizeof a[0]))

/* The 30 academies of metropolitan France and overseas, weighted roughly by pupils. */
static const struct {
	const char *name;
	int weight;
} academies[] = {
	{"Versailles", 110}, {"Créteil", 100}, {"Lille", 85}, {"Lyon", 70}, {"Aix-Marseille", 65},
	{"Toulouse", 60}, {"Nantes", 60}, {"Bordeaux", 55}, {"Montpellier", 50}, {"Rennes", 50},
	{"Grenoble", 55}, {"Nancy-Metz", 42}, {"Strasbourg", 36}, {"Rouen", 34}, {"Paris", 40},
	{"Nice", 34}, {"Orléans-Tours", 45}, {"Normandie", 20}, {"Amiens", 33}, {"Dijon", 28},
	{"Clermont-Ferrand", 22}, {"Poitiers", 27}, {"Besançon", 19}, {"Reims", 22},
	{"Limoges", 10}, {"Corse", 5}, {"La Réunion", 24}, {"Guadeloupe", 7}, {"Martinique", 6},
	{"Guyane", 8},
};
static const char *const given_names[] = {
	"Léo", "Jade", "Louis", "Emma", "Gabriel", "Louise", "Raphaël", "Alice", "Arthur", "Chloé",
	"Jules", "Inès", "Adam", "Léa", "Lucas", "Mia", "Maël", "Zoé", "Noah", "Ambre", "Hugo",
	"Anna", "Aïssata", "Mohamed", "Élise", "Théo", "Nour", "Sacha", "Lina", "Yanis",
};
static const char *const family_names[] = {
	"Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau",
	"Laurent", "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David", "Bertrand", "Morel",
	"Fournier", "Girard", "N'Diaye", "Nguyen", "Fontaine", "Garcia", "Mercier", "Boyer",
};
static const char code_alphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

static void code(char *out, int len)
{
	for (int i = 0; i < len; i++)
		out[i] = code_alphabet[rnd() % (sizeof code_alphabet - 1)];
	out[len] = 0;
}

struct question {
	int64_t id;
	char type[16];
	double ease;          /* chance that a pupil gets it right */
};

struct exam {
	int64_t id;
	int count, pass_pct;
	int64_t time_limit;
};

/* Saves and drops the indexes of a table; index_restore() builds them again. */
static char *saved_indexes[32];
static int nsaved;

static void index_drop(const char *table)
{
	char sql[512];
	snprintf(sql, sizeof sql, "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = '%s'"
	                          " AND sql IS NOT NULL", table);
	sqlite3_stmt *st = prep(sql);
	char names[16][64];
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW && n < 16) {
		snprintf(names[n++], 64, "%s", (const char *)sqlite3_column_text(st, 0));
		saved_indexes[nsaved++] = strdup((const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	for (int i = 0; i < n; i++) {
		snprintf(sql, sizeof sql, "DROP INDEX %.63s", names[i]);
		exec(sql);
	}
}

static void index_restore(void)
{
	for (int i = 0; i < nsaved; i++)
		exec(saved_indexes[i]);
}

int main(int argc, char **argv)
{
	const char *path = NULL, *out = ".";
	int nschools = 13000, nlive = 20000, nlive_schools = 500, nsaves = 4;
	long ncand = 2000000;
	uint64_t seed = 20260615;
	for (int i = 1; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(argv[i], "--schools") == 0 && v)
			nschools = atoi(argv[++i]);
		else if (strcmp(argv[i], "--candidates") == 0 && v)
			ncand = atol(argv[++i]);
		else if (strcmp(argv[i], "--live") == 0 && v)
			nlive = atoi(argv[++i]);
		else if (strcmp(argv[i], "--live-schools") == 0 && v)
			nlive_schools = atoi(argv[++i]);
		else if (strcmp(argv[i], "--saves") == 0 && v)
			nsaves = atoi(argv[++i]);
		else if (strcmp(argv[i], "--seed") == 0 && v)
			seed = strtoull(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--out") == 0 && v)
			out = argv[++i];
		else if (argv[i][0] != '-' && !path)
			path = argv[i];
		else {
			fprintf(stderr, "usage: exam_gen DB [--schools N] [--candidates N] [--live N]"
			                " [--live-schools N] [--saves N] [--seed S] [--out DIR]\n");
			return 2;
		}
	}
	if (!path || nschools < 1 || ncand < nschools || nlive_schools < 1 || nlive_schools > nschools || nsaves < 1 ||
	    sodium_init() < 0) {
		fprintf(stderr, "usage: exam_gen DB ...\n");
		return 2;
	}
	rng_state = seed;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		die(path);
	exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF;"
	     " PRAGMA cache_size = -800000; PRAGMA temp_store = MEMORY");
	double t0 = now_s();
	int64_t tenant = query_int("SELECT id FROM tenants WHERE is_operator = 1");
	int64_t admin = query_int("SELECT id FROM accounts WHERE login = 'admin'");
	if (tenant <= 0 || admin <= 0)
		die("no demo operator: run `cartable demo` first");
	if (query_int("SELECT COUNT(*) FROM schools WHERE uai LIKE '9%'") > 0)
		die("exams already generated in this database");
	struct exam ex[2];
	const char *codes[2] = {"ASSR1", "ASSR2"};
	char categories[64] = "";
	for (int e = 0; e < 2; e++) {
		sqlite3_stmt *st = prep("SELECT id, question_count, pass_pct, time_limit, categories FROM exams"
		                        " WHERE tenant_id = ? AND code = ?");
		sqlite3_bind_int64(st, 1, tenant);
		bind_text(st, 2, codes[e]);
		if (sqlite3_step(st) != SQLITE_ROW)
			die("no ASSR exams: the demo is missing");
		ex[e].id = sqlite3_column_int64(st, 0);
		ex[e].count = (int)sqlite3_column_int64(st, 1);
		ex[e].pass_pct = (int)sqlite3_column_int64(st, 2);
		ex[e].time_limit = sqlite3_column_int64(st, 3);
		snprintf(categories, sizeof categories, "%s", (const char *)sqlite3_column_text(st, 4));
		sqlite3_finalize(st);
	}
	struct question qs[200];
	int nq = 0;
	sqlite3_stmt *st = prep("SELECT id, type FROM questions WHERE tenant_id = ? AND category_id = ?"
	                        " AND archived = 0 AND type <> 'description' ORDER BY id");
	sqlite3_bind_int64(st, 1, tenant);
	sqlite3_bind_int64(st, 2, atoll(categories));
	while (sqlite3_step(st) == SQLITE_ROW && nq < 200) {
		qs[nq].id = sqlite3_column_int64(st, 0);
		snprintf(qs[nq].type, sizeof qs[nq].type, "%s", (const char *)sqlite3_column_text(st, 1));
		qs[nq].ease = 0.4 + 0.55 * rnd_unit();
		nq++;
	}
	sqlite3_finalize(st);
	if (nq < ex[1].count)
		die("too few questions in the ASSR category");
	st = prep("SELECT password_hash FROM accounts WHERE login = 'etablissement'");
	if (sqlite3_step(st) != SQLITE_ROW)
		die("no account etablissement");
	char *hash = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	int64_t now = (int64_t)time(NULL), spring = now - 200 * 86400;
	struct arena *a = arena_new();
	exec("BEGIN");

	/* ---- schools ---- */
	int total_weight = 0;
	for (int i = 0; i < N(academies); i++)
		total_weight += academies[i].weight;
	int biggest = 0;
	for (int i = 1; i < N(academies); i++)
		if (academies[i].weight > academies[biggest].weight)
			biggest = i;
	int64_t *school = calloc((size_t)nschools, sizeof *school);
	int64_t *first_cand = calloc((size_t)nschools, sizeof *first_cand); /* a school's candidates follow */
	int *school_academy = calloc((size_t)nschools, sizeof *school_academy);
	sqlite3_stmt *ins_school = prep("INSERT INTO schools (tenant_id, name, uai, city, academy, created_at)"
	                                " VALUES (?, ?, ?, ?, ?, ?)");
	sqlite3_stmt *ins_reg = prep("INSERT INTO exam_schools (tenant_id, school_id, academy, contact_name,"
	                             " contact_email, registered_by, registered_at) VALUES (?, ?, ?, ?, '', ?, ?)");
	for (int s = 0; s < nschools; s++) {
		int w = rnd_int(total_weight), k = 0;
		while (w >= academies[k].weight)
			w -= academies[k++].weight;
		if (s == 0) /* the staff member's statistics show the largest academy */
			k = biggest;
		school_academy[s] = k;
		char name[96], uai[16];
		snprintf(name, sizeof name, "Collège %s %s n° %d", family_names[rnd_int(N(family_names))],
		         academies[k].name, s + 1);
		snprintf(uai, sizeof uai, "9%06d%c", s, 'A' + s % 26);
		sqlite3_bind_int64(ins_school, 1, tenant);
		bind_text(ins_school, 2, name);
		bind_text(ins_school, 3, uai);
		bind_text(ins_school, 4, academies[k].name);
		bind_text(ins_school, 5, academies[k].name);
		sqlite3_bind_int64(ins_school, 6, spring);
		school[s] = run(ins_school);
		sqlite3_bind_int64(ins_reg, 1, tenant);
		sqlite3_bind_int64(ins_reg, 2, school[s]);
		bind_text(ins_reg, 3, academies[k].name);
		bind_text(ins_reg, 4, "Secrétariat");
		sqlite3_bind_int64(ins_reg, 5, admin);
		sqlite3_bind_int64(ins_reg, 6, spring);
		run(ins_reg);
	}
	/* the staff member of the first school, for the certificates */
	st = prep("INSERT INTO accounts (tenant_id, login, password_hash, given_name, family_name, school_id,"
	          " school_class, lang, active, search_text, created_at, updated_at)"
	          " VALUES (?, 'bench.ecole', ?, 'Banc', 'Essai', ?, '', 'fr', 1, 'banc essai bench ecole', ?, ?)");
	sqlite3_bind_int64(st, 1, tenant);
	bind_text(st, 2, hash);
	sqlite3_bind_int64(st, 3, school[0]);
	sqlite3_bind_int64(st, 4, spring);
	sqlite3_bind_int64(st, 5, spring);
	int64_t staff = run(st);
	sqlite3_finalize(st);
	st = prep("INSERT INTO account_roles (tenant_id, account_id, role, granted_by, granted_at)"
	          " VALUES (?, ?, 'school', ?, ?)");
	sqlite3_bind_int64(st, 1, tenant);
	sqlite3_bind_int64(st, 2, staff);
	sqlite3_bind_int64(st, 3, admin);
	sqlite3_bind_int64(st, 4, spring);
	run(st);
	sqlite3_finalize(st);
	fprintf(stderr, "exam_gen: %d schools (%.1fs)\n", nschools, now_s() - t0);

	/* ---- candidates, last spring's sessions and attempts ---- */
	index_drop("exam_candidates");
	index_drop("exam_attempts");
	sqlite3_stmt *ins_cand = prep(
		"INSERT INTO exam_candidates (tenant_id, school_id, class_name, family_name, given_name, birth_date,"
		" sort_key, code, extra_time_pct, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	sqlite3_stmt *ins_sess = prep(
		"INSERT INTO exam_sessions (tenant_id, school_id, exam_id, code, title, opens_at, closes_at, supervisors,"
		" resit, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'Mme Surveillante', 0, ?, ?)");
	sqlite3_stmt *ins_class = prep("INSERT INTO exam_session_classes (tenant_id, session_id, class_name)"
	                               " VALUES (?, ?, ?)");
	sqlite3_stmt *ins_att = prep(
		"INSERT INTO exam_attempts (tenant_id, session_id, school_id, exam_id, candidate_id, token_hash, questions,"
		" seed, started_at, deadline_at, finished_at, score, max_score, pass_pct, passed, verify_code)"
		" VALUES (?, ?, ?, ?, ?, 'x', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	sqlite3_stmt *ins_sstat = prep(
		"INSERT INTO exam_stats_school (tenant_id, exam_id, academy, school_id, candidates, passed, attempts,"
		" score_sum, max_sum) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	sqlite3_stmt *ins_qstat = prep(
		"INSERT INTO exam_stats_question (tenant_id, exam_id, academy, school_id, question_id, answers,"
		" credit_sum) VALUES (?, ?, ?, ?, ?, ?, ?)");
	static const char *const classes[8] = {"5e A", "5e B", "5e C", "5e D", "3e A", "3e B", "3e C", "3e D"};
	long made = 0, passed_total = 0;
	int64_t bench_session = 0;
	int64_t *q_answers = calloc((size_t)nq * 2, sizeof *q_answers), *q_credit = calloc((size_t)nq * 2, sizeof *q_credit);
	for (int s = 0; s < nschools; s++) {
		long quota = ncand / nschools + (s < ncand % nschools ? 1 : 0);
		int64_t sess[2];
		for (int e = 0; e < 2; e++) {
			for (;;) {
				char c[8];
				code(c, 6);
				sqlite3_bind_int64(ins_sess, 1, tenant);
				sqlite3_bind_int64(ins_sess, 2, school[s]);
				sqlite3_bind_int64(ins_sess, 3, ex[e].id);
				bind_text(ins_sess, 4, c);
				bind_text(ins_sess, 5, e ? "ASSR2 — 3e" : "ASSR1 — 5e");
				sqlite3_bind_int64(ins_sess, 6, spring);
				sqlite3_bind_int64(ins_sess, 7, spring + 14 * 86400);
				sqlite3_bind_int64(ins_sess, 8, admin);
				sqlite3_bind_int64(ins_sess, 9, spring - 86400);
				if (try_run(ins_sess))
					break;
			}
			sess[e] = sqlite3_last_insert_rowid(db);
			for (int k = 0; k < 4; k++) {
				sqlite3_bind_int64(ins_class, 1, tenant);
				sqlite3_bind_int64(ins_class, 2, sess[e]);
				bind_text(ins_class, 3, classes[e * 4 + k]);
				run(ins_class);
			}
		}
		if (s == 0)
			bench_session = sess[1];
		memset(q_answers, 0, sizeof *q_answers * (size_t)nq * 2);
		memset(q_credit, 0, sizeof *q_credit * (size_t)nq * 2);
		int64_t st_cand[2] = {0, 0}, st_pass[2] = {0, 0}, st_score[2] = {0, 0}, st_max[2] = {0, 0};
		for (long i = 0; i < quota; i++) {
			/* the first school's 3e A is 30 pupils who all passed (the certificates) */
			int cls = s == 0 && i < 30 ? 4 : (int)(i % 8);
			if (s == 0 && i >= 30 && cls == 4) /* and no one else */
				cls = 5;
			int e = cls / 4;
			const char *g = given_names[rnd_int(N(given_names))], *f = family_names[rnd_int(N(family_names))];
			char birth[16], c[12];
			snprintf(birth, sizeof birth, "%d-%02d-%02d", e ? 2010 : 2012, 1 + rnd_int(12), 1 + rnd_int(28));
			int64_t cand;
			for (;;) {
				code(c, 8);
				sqlite3_bind_int64(ins_cand, 1, tenant);
				sqlite3_bind_int64(ins_cand, 2, school[s]);
				bind_text(ins_cand, 3, classes[cls]);
				bind_text(ins_cand, 4, f);
				bind_text(ins_cand, 5, g);
				bind_text(ins_cand, 6, birth);
				bind_text(ins_cand, 7, text_fold(a, arena_printf(a, "%s %s", f, g)));
				bind_text(ins_cand, 8, c);
				sqlite3_bind_int64(ins_cand, 9, rnd_int(30) == 0 ? 33 : 0);
				sqlite3_bind_int64(ins_cand, 10, spring - 86400);
				if (try_run(ins_cand))
					break;
			}
			cand = sqlite3_last_insert_rowid(db);
			if (i == 0)
				first_cand[s] = cand;
			/* the attempt: questions drawn, each right with its ease */
			int n = ex[e].count, pick[64], got = 0;
			char list[512] = "";
			size_t len = 0;
			int64_t score = 0;
			bool all_right = s == 0 && i < 30;
			while (got < n) {
				int q = rnd_int(nq);
				bool dup = false;
				for (int k = 0; k < got; k++)
					dup |= pick[k] == q;
				if (dup)
					continue;
				pick[got++] = q;
				int64_t credit = all_right || rnd_unit() < qs[q].ease ? 10000 : 0;
				score += credit;
				q_answers[e * nq + q]++;
				q_credit[e * nq + q] += credit;
				len += (size_t)snprintf(list + len, sizeof list - len, "%s%lld", len ? "," : "", (long long)qs[q].id);
			}
			int64_t max = (int64_t)n * 10000;
			bool passed = score * 100 >= ex[e].pass_pct * max;
			int64_t started = spring + rnd_int(14 * 86400);
			char verify[24];
			code(verify, 20);
			sqlite3_bind_int64(ins_att, 1, tenant);
			sqlite3_bind_int64(ins_att, 2, sess[e]);
			sqlite3_bind_int64(ins_att, 3, school[s]);
			sqlite3_bind_int64(ins_att, 4, ex[e].id);
			sqlite3_bind_int64(ins_att, 5, cand);
			bind_text(ins_att, 6, list);
			sqlite3_bind_int64(ins_att, 7, (int64_t)(rnd() & 0x3FFFFFFFFFFFFFFFull));
			sqlite3_bind_int64(ins_att, 8, started);
			sqlite3_bind_int64(ins_att, 9, started + ex[e].time_limit);
			sqlite3_bind_int64(ins_att, 10, started + ex[e].time_limit / 2 + rnd_int((int)ex[e].time_limit / 2));
			sqlite3_bind_int64(ins_att, 11, score);
			sqlite3_bind_int64(ins_att, 12, max);
			sqlite3_bind_int64(ins_att, 13, ex[e].pass_pct);
			sqlite3_bind_int64(ins_att, 14, passed);
			if (passed)
				bind_text(ins_att, 15, verify);
			else
				sqlite3_bind_null(ins_att, 15);
			run(ins_att);
			st_cand[e]++;
			st_pass[e] += passed;
			st_score[e] += score;
			st_max[e] += max;
			passed_total += passed;
			made++;
			if ((made & 0xFFFF) == 0) {
				arena_free(a);
				a = arena_new();
			}
		}
		const char *acad = academies[school_academy[s]].name;
		for (int e = 0; e < 2; e++) {
			sqlite3_bind_int64(ins_sstat, 1, tenant);
			sqlite3_bind_int64(ins_sstat, 2, ex[e].id);
			bind_text(ins_sstat, 3, acad);
			sqlite3_bind_int64(ins_sstat, 4, school[s]);
			sqlite3_bind_int64(ins_sstat, 5, st_cand[e]);
			sqlite3_bind_int64(ins_sstat, 6, st_pass[e]);
			sqlite3_bind_int64(ins_sstat, 7, st_cand[e]);
			sqlite3_bind_int64(ins_sstat, 8, st_score[e]);
			sqlite3_bind_int64(ins_sstat, 9, st_max[e]);
			run(ins_sstat);
			for (int q = 0; q < nq; q++) {
				if (!q_answers[e * nq + q])
					continue;
				sqlite3_bind_int64(ins_qstat, 1, tenant);
				sqlite3_bind_int64(ins_qstat, 2, ex[e].id);
				bind_text(ins_qstat, 3, acad);
				sqlite3_bind_int64(ins_qstat, 4, school[s]);
				sqlite3_bind_int64(ins_qstat, 5, qs[q].id);
				sqlite3_bind_int64(ins_qstat, 6, q_answers[e * nq + q]);
				sqlite3_bind_int64(ins_qstat, 7, q_credit[e * nq + q]);
				run(ins_qstat);
			}
		}
		if ((s + 1) % 1000 == 0)
			fprintf(stderr, "exam_gen: %d schools, %ld candidates and attempts (%.1fs)\n", s + 1, made, now_s() - t0);
	}

	/* ---- the June peak: open sessions and running attempts ---- */
	struct live {
		int64_t id;
		char token[44];
		int pick[64];
	} *lv = calloc((size_t)nlive, sizeof *lv);
	sqlite3_stmt *ins_live = prep(
		"INSERT INTO exam_attempts (tenant_id, session_id, school_id, exam_id, candidate_id, token_hash,"
		" questions, seed, started_at, deadline_at, max_score, pass_pct) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	int live_per_school = (nlive + nlive_schools - 1) / nlive_schools, live = 0, n = ex[1].count;
	for (int k = 0; k < nlive_schools && live < nlive; k++) {
		int s = 1 + (int)((int64_t)k * (nschools - 1) / nlive_schools);
		int64_t sess;
		for (;;) {
			char c[8];
			code(c, 6);
			sqlite3_bind_int64(ins_sess, 1, tenant);
			sqlite3_bind_int64(ins_sess, 2, school[s]);
			sqlite3_bind_int64(ins_sess, 3, ex[1].id);
			bind_text(ins_sess, 4, c);
			bind_text(ins_sess, 5, "ASSR2 — juin");
			sqlite3_bind_int64(ins_sess, 6, now - 3600);
			sqlite3_bind_int64(ins_sess, 7, now + 30 * 86400);
			sqlite3_bind_int64(ins_sess, 8, admin);
			sqlite3_bind_int64(ins_sess, 9, now - 86400);
			if (try_run(ins_sess))
				break;
		}
		sess = sqlite3_last_insert_rowid(db);
		for (int c = 4; c < 8; c++) {
			sqlite3_bind_int64(ins_class, 1, tenant);
			sqlite3_bind_int64(ins_class, 2, sess);
			bind_text(ins_class, 3, classes[c]);
			run(ins_class);
		}
		/* the pupils of 3e (i % 8 >= 4, see above): the indexes are not there yet */
		long quota = ncand / nschools + (s < ncand % nschools ? 1 : 0);
		int64_t ids[512];
		int nids = 0;
		for (long i = 0; i < quota && nids < live_per_school && nids < 512; i++)
			if (i % 8 >= 4)
				ids[nids++] = first_cand[s] + i;
		for (int i = 0; i < nids && live < nlive; i++, live++) {
			/* live attempts ask questions a benchmark can answer blindly */
			struct live *l = &lv[live];
			int got = 0;
			char list[512] = "";
			size_t len = 0;
			while (got < n) {
				int q = rnd_int(nq);
				bool dup = false, ok = strcmp(qs[q].type, "multichoice") == 0 || strcmp(qs[q].type, "truefalse") == 0;
				for (int j = 0; j < got; j++)
					dup |= l->pick[j] == q;
				if (dup || !ok)
					continue;
				l->pick[got++] = q;
				len += (size_t)snprintf(list + len, sizeof list - len, "%s%lld", len ? "," : "", (long long)qs[q].id);
			}
			char th[65];
			for (int j = 0; j < 43; j++)
				l->token[j] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"[rnd() % 64];
			l->token[43] = 0;
			sha256_hex(l->token, th);
			sqlite3_bind_int64(ins_live, 1, tenant);
			sqlite3_bind_int64(ins_live, 2, sess);
			sqlite3_bind_int64(ins_live, 3, school[s]);
			sqlite3_bind_int64(ins_live, 4, ex[1].id);
			sqlite3_bind_int64(ins_live, 5, ids[i]);
			bind_text(ins_live, 6, th);
			bind_text(ins_live, 7, list);
			sqlite3_bind_int64(ins_live, 8, (int64_t)(rnd() & 0x3FFFFFFFFFFFFFFFull));
			sqlite3_bind_int64(ins_live, 9, now);
			sqlite3_bind_int64(ins_live, 10, now + 86400);
			sqlite3_bind_int64(ins_live, 11, (int64_t)n * 10000);
			sqlite3_bind_int64(ins_live, 12, 50);
			l->id = run(ins_live);
		}
	}
	sqlite3_finalize(ins_live);
	fprintf(stderr, "exam_gen: %d running attempts in %d open sessions (%.1fs)\n", live, nlive_schools, now_s() - t0);
	if (live < nlive)
		fprintf(stderr, "exam_gen: warning: %d running attempts asked, too few 3e pupils in %d schools\n", nlive,
		        nlive_schools);
	char p[512];
	snprintf(p, sizeof p, "%s/exam_pages.tsv", out);
	FILE *pages = fopen(p, "w");
	snprintf(p, sizeof p, "%s/exam_api.tsv", out);
	FILE *api = fopen(p, "w");
	snprintf(p, sizeof p, "%s/exam_saves.tsv", out);
	FILE *saves = fopen(p, "w");
	if (!pages || !api || !saves)
		die("cannot write into --out");
	for (int i = 0; i < live; i++) {
		fprintf(pages, "GET\t/examen/epreuve/%d\tCookie: cartable_examen=%lld.%s\t\n", 1 + i % n,
		        (long long)lv[i].id, lv[i].token);
		fprintf(api, "GET\t/api/v1/exam/attempts/%lld\tX-Exam-Token: %s\t\n", (long long)lv[i].id, lv[i].token);
	}
	/* round j saves question (i + j) % n of every attempt i */
	for (int j = 0; j < nsaves && j < n; j++)
		for (int i = 0; i < live; i++) {
			int q = lv[i].pick[(i + j) % n];
			fprintf(saves, "PUT\t/api/v1/exam/attempts/%lld/answers/%lld\tX-Exam-Token: %s\t%s\n",
			        (long long)lv[i].id, (long long)qs[q].id, lv[i].token,
			        strcmp(qs[q].type, "truefalse") == 0 ? "{\"value\":true}" : "{\"choices\":[0]}");
		}
	if (fclose(pages) || fclose(api) || fclose(saves))
		die("cannot write into --out");
	int64_t live_first = live ? lv[0].id : 0, live_last = live ? lv[live - 1].id : 0;
	free(lv);
	exec("COMMIT");
	fprintf(stderr, "exam_gen: building the indexes again\n");
	index_restore();
	exec("ANALYZE");

	/* ---- files for the benchmark ---- */
	snprintf(p, sizeof p, "%s/practice.tsv", out);
	FILE *practice = fopen(p, "w");
	for (int i = 0; practice && i < 2000; i++) {
		char series[256] = "";
		size_t len = 0;
		int pick[10], got = 0;
		while (got < 10) {
			int q = rnd_int(nq);
			bool dup = false;
			for (int j = 0; j < got; j++)
				dup |= pick[j] == q;
			if (dup)
				continue;
			pick[got++] = q;
			len += (size_t)snprintf(series + len, sizeof series - len, "%s%lld", len ? "." : "", (long long)qs[q].id);
		}
		fprintf(practice, "GET\t/entrainement/question?q=%s&i=%d&ok=0\t\t\n", series, 1 + i % 10);
	}
	if (practice)
		fclose(practice);
	snprintf(p, sizeof p, "%s/exam_bench.env", out);
	FILE *env = fopen(p, "w");
	if (env) {
		fprintf(env, "CERT_SESSION=%lld\nCERT_CLASS='3e A'\nACADEMY='%s'\nLIVE_FIRST=%lld\nLIVE_LAST=%lld\n",
		        (long long)bench_session, academies[biggest].name, (long long)live_first, (long long)live_last);
		fclose(env);
	}
	fprintf(stderr, "exam_gen: %ld candidates, %ld passed (%.1f %%), %d live attempts, done in %.1fs\n", made,
	        passed_total, 100.0 * (double)passed_total / (double)(made ? made : 1), live, now_s() - t0);
	arena_free(a);
	sqlite3_close(db);
	return 0;
}
