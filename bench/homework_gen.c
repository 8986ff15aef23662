/*
** bench/homework_gen.c - adds homework at the operator's scale to a database
** filled by bench/gen.c (accounts, programmes, enrolments).
**
**   homework_gen DB [--courses 1000] [--submissions 1000000] [--teachers 1100]
**                   [--sessions 200] [--handins 3000] [--seed S] [--out DIR]
**
** In the tenant of the demo operator it adds:
**   - --teachers teacher accounts (password "demo", the hash of `eleve`);
**   - --courses courses, each with two sections of lessons and four
**     published homework items with their settings (due dates over the
**     school year, some /10, coefficients 1 to 3), one teacher each (a tenth
**     have two), and five of them in each programme (programme_courses), so
**     every active enrolment follows five courses and twenty assignments;
**   - --submissions copies of those assignments by the learners following
**     them, in time order over the past year (so one teacher's copies are
**     scattered through the table, as in real life), each with its version
**     row, allocated to a teacher of the course; copies older than a few
**     days are returned with a grade, feedback and a turnaround drawn from a
**     log-normal law (median 2.5 days), recent ones wait in the queues; the
**     grades go to the gradebook (grade_items, grades).
** It writes into --out: hw_teachers.txt (logins of --sessions teachers with
** copies waiting), hw_learners.txt (--sessions learners with homework) and
** hw_handin.tsv ("token<TAB>assignment id" for --handins assignments not
** handed in yet, with an API token made for each learner, for the hand-in
** benchmark).
*/
#include <inttypes.h>
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

#define GEN_NAME "homework_gen"
#include "gen_util.h"

#define N(a) ((int)(sizeof a / sizeof a[0]))

static const char *const subjects[] = {
	"Français", "Mathématiques", "Histoire-géographie", "Anglais", "Espagnol", "Allemand",
	"Physique-chimie", "Sciences de la vie et de la Terre", "Philosophie", "Sciences économiques",
	"Technologie", "Éducation musicale", "Arts plastiques", "Latin", "Grec ancien",
	"Biochimie", "Nutrition", "Droit", "Management", "Comptabilité", "Cybersécurité",
	"Communication", "Puériculture", "Cuisine", "Didactique du FLE",
};
static const char *const levels[] = {
	"CP", "CE1", "CE2", "CM1", "CM2", "Sixième", "Cinquième", "Quatrième", "Troisième",
	"Seconde", "Première", "Terminale", "BTS 1re année", "BTS 2e année", "Adultes",
};
static const char *const homework_titles[] = {
	"Devoir 1 — Mise en route", "Devoir 2 — Approfondissement", "Devoir 3 — Synthèse",
	"Devoir 4 — Entraînement à l'examen",
};
static const char *const given[] = {
	"Karim", "Claire", "Nadia", "Paul", "Hélène", "Julien", "Sophie", "Marc", "Isabelle",
	"Thomas", "Élodie", "François", "Aïcha", "Benoît", "Céline", "Hugo", "Anne", "Yves",
};
static const char *const family[] = {
	"Benali", "Dubois", "Roux", "Lefèvre", "Garnier", "Faure", "Morel", "Girard", "Mercier",
	"Blanc", "Guérin", "Chevalier", "Lambert", "Fontaine", "Rousseau", "Vincent", "Nguyen",
	"Diallo", "Perrin", "Moulin",
};
static const char *const feedbacks[] = {
	"Bon travail, méthode claire.", "Des erreurs de calcul : reprenez la correction.",
	"Copie soignée, raisonnement complet.", "Attention à la rédaction des réponses.",
	"Très bien. Continuez ainsi !", "Revoir la leçon avant le prochain devoir.",
};

struct course {
	int64_t id;
	char *title;
	int64_t teacher[2];
	int nteachers;
	int64_t items[4];     /* homework items */
	int64_t due[4], opens[4];
	int64_t grade_item[4];
	int64_t max[4];
};

struct copy {
	int64_t submitted, learner;
	int course, item;     /* course index, item index 0..3 */
};

static int by_submitted(const void *x, const void *y)
{
	const struct copy *a = x, *b = y;
	return a->submitted < b->submitted ? -1 : a->submitted > b->submitted;
}

int main(int argc, char **argv)
{
	const char *path = NULL, *out = ".";
	int ncourses = 1000, nteachers = 1100, nsessions = 200, nhandins = 3000;
	long nsub = 1000000;
	uint64_t seed = 20261130;
	for (int i = 1; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(argv[i], "--courses") == 0 && v)
			ncourses = atoi(argv[++i]);
		else if (strcmp(argv[i], "--submissions") == 0 && v)
			nsub = atol(argv[++i]);
		else if (strcmp(argv[i], "--teachers") == 0 && v)
			nteachers = atoi(argv[++i]);
		else if (strcmp(argv[i], "--sessions") == 0 && v)
			nsessions = atoi(argv[++i]);
		else if (strcmp(argv[i], "--handins") == 0 && v)
			nhandins = atoi(argv[++i]);
		else if (strcmp(argv[i], "--seed") == 0 && v)
			seed = strtoull(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--out") == 0 && v)
			out = argv[++i];
		else if (argv[i][0] != '-' && !path)
			path = argv[i];
		else {
			fprintf(stderr, "usage: homework_gen DB [--courses N] [--submissions N] [--teachers N]"
			                " [--sessions N] [--handins N] [--seed S] [--out DIR]\n");
			return 2;
		}
	}
	if (!path || ncourses < 1 || nteachers < 1 || nsub < 0 || sodium_init() < 0) {
		fprintf(stderr, "usage: homework_gen DB ...\n");
		return 2;
	}
	rng_state = seed;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		die(path);
	exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF;"
	     " PRAGMA cache_size = -400000; PRAGMA temp_store = MEMORY");
	double t0 = now_s();
	int64_t tenant = query_int("SELECT id FROM tenants WHERE is_operator = 1");
	int64_t admin = query_int("SELECT id FROM accounts WHERE login = 'admin'");
	if (tenant <= 0 || admin <= 0)
		die("no demo operator: run `cartable demo` and bench/gen first");
	if (query_int("SELECT COUNT(*) FROM courses WHERE code LIKE 'HW-%'") > 0)
		die("homework already generated in this database");
	sqlite3_stmt *st = prep("SELECT password_hash FROM accounts WHERE login = 'eleve'");
	if (sqlite3_step(st) != SQLITE_ROW)
		die("no account eleve");
	char *hash = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	int64_t now = (int64_t)time(NULL), year_ago = now - 365 * 86400;
	struct arena *a = arena_new();
	exec("BEGIN");

	/* ---- teachers ---- */
	int64_t *teachers = calloc((size_t)nteachers, sizeof *teachers);
	sqlite3_stmt *acc = prep(
		"INSERT INTO accounts (tenant_id, login, password_hash, given_name, family_name, email,"
		" school_class, lang, active, search_text, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?, '', 'fr', 1, ?, ?, ?)");
	sqlite3_stmt *role = prep("INSERT INTO account_roles (tenant_id, account_id, role, granted_by,"
	                          " granted_at) VALUES (?, ?, 'teacher', ?, ?)");
	for (int i = 0; i < nteachers; i++) {
		const char *g = given[rnd_int(N(given))], *f = family[rnd_int(N(family))];
		char login[64], email[96];
		snprintf(login, sizeof login, "enseignant.%04d", i + 1);
		snprintf(email, sizeof email, "%s@enseignants.example.org", login);
		sqlite3_bind_int64(acc, 1, tenant);
		bind_text(acc, 2, login);
		bind_text(acc, 3, hash);
		bind_text(acc, 4, g);
		bind_text(acc, 5, f);
		bind_text(acc, 6, email);
		bind_text(acc, 7, text_fold(a, arena_printf(a, "%s %s %s %s", g, f, login, email)));
		sqlite3_bind_int64(acc, 8, year_ago);
		sqlite3_bind_int64(acc, 9, year_ago);
		teachers[i] = run(acc);
		sqlite3_bind_int64(role, 1, tenant);
		sqlite3_bind_int64(role, 2, teachers[i]);
		sqlite3_bind_int64(role, 3, admin);
		sqlite3_bind_int64(role, 4, year_ago);
		run(role);
	}

	/* ---- courses, their content, staff and settings ---- */
	struct course *courses = calloc((size_t)ncourses, sizeof *courses);
	int64_t units[6];
	int nunits = 0;
	st = prep("SELECT id FROM units WHERE tenant_id = ? ORDER BY position LIMIT 6");
	sqlite3_bind_int64(st, 1, tenant);
	while (sqlite3_step(st) == SQLITE_ROW && nunits < 6)
		units[nunits++] = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_stmt *course = prep(
		"INSERT INTO courses (tenant_id, unit_id, code, title, level, summary, description_md,"
		" a_la_carte, price_cents, published, search_text, sort_key, created_at, updated_at,"
		" school_year) VALUES (?, ?, ?, ?, '', ?, '', 0, 0, 1, ?, ?, ?, ?, '2026-2027')");
	sqlite3_stmt *section = prep("INSERT INTO course_sections (tenant_id, course_id, title, position)"
	                             " VALUES (?, ?, ?, ?)");
	sqlite3_stmt *item = prep(
		"INSERT INTO course_items (tenant_id, course_id, section_id, kind, title, body_md, url,"
		" position, published, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, '', ?, 1, ?, ?)");
	sqlite3_stmt *staff = prep("INSERT INTO course_staff (tenant_id, course_id, account_id, role)"
	                           " VALUES (?, ?, ?, 'teacher')");
	sqlite3_stmt *assign = prep(
		"INSERT INTO assignments (tenant_id, item_id, course_id, instructions_md, opens_at, due_at,"
		" max_grade, weight, accepts_file, accepts_text, file_types, late_policy, cutoff_at,"
		" resubmit, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, 31, ?, 0, 1, ?, ?)");
	sqlite3_stmt *gitem = prep(
		"INSERT INTO grade_items (tenant_id, course_id, source, source_id, title, max_grade, weight,"
		" created_at) VALUES (?, ?, 'homework', ?, ?, ?, ?, ?)");
	for (int c = 0; c < ncourses; c++) {
		struct course *k = &courses[c];
		const char *subj = subjects[c % N(subjects)], *lvl = levels[(c / N(subjects)) % N(levels)];
		char code[32];
		snprintf(code, sizeof code, "HW-%04d", c + 1);
		const char *title = arena_printf(a, "%s – %s (groupe %d)", subj, lvl, c / (N(subjects) * N(levels)) + 1);
		sqlite3_bind_int64(course, 1, tenant);
		sqlite3_bind_int64(course, 2, units[c % (nunits ? nunits : 1)]);
		bind_text(course, 3, code);
		bind_text(course, 4, title);
		bind_text(course, 5, "Cours en ligne avec devoirs corrigés.");
		bind_text(course, 6, text_fold(a, arena_printf(a, "%s %s", title, code)));
		bind_text(course, 7, text_fold(a, title));
		sqlite3_bind_int64(course, 8, year_ago);
		sqlite3_bind_int64(course, 9, year_ago);
		k->id = run(course);
		k->title = strdup(title);
		k->nteachers = chance(0.1) ? 2 : 1;
		for (int t = 0; t < k->nteachers; t++) {
			k->teacher[t] = teachers[(c + t * 577) % nteachers];
			sqlite3_bind_int64(staff, 1, tenant);
			sqlite3_bind_int64(staff, 2, k->id);
			sqlite3_bind_int64(staff, 3, k->teacher[t]);
			run(staff);
		}
		int pos = 0, hw = 0;
		for (int s = 0; s < 2; s++) {
			sqlite3_bind_int64(section, 1, tenant);
			sqlite3_bind_int64(section, 2, k->id);
			bind_text(section, 3, s == 0 ? "Premier semestre" : "Second semestre");
			sqlite3_bind_int64(section, 4, s);
			int64_t sec = run(section);
			for (int i = 0; i < 5; i++) {
				bool homework = i == 2 || i == 4;
				sqlite3_bind_int64(item, 1, tenant);
				sqlite3_bind_int64(item, 2, k->id);
				sqlite3_bind_int64(item, 3, sec);
				bind_text(item, 4, homework ? "homework" : "lesson");
				bind_text(item, 5, homework ? homework_titles[hw] : arena_printf(a, "Leçon %d", pos + 1));
				bind_text(item, 6, homework ? "Rédigez vos réponses et déposez votre copie."
				                       : "## Ce qu'il faut retenir\n\nUne leçon du cours.");
				sqlite3_bind_int64(item, 7, pos++);
				sqlite3_bind_int64(item, 8, year_ago);
				sqlite3_bind_int64(item, 9, year_ago);
				int64_t id = run(item);
				if (!homework)
					continue;
				/* four due dates over the year, the last ones still ahead */
				k->items[hw] = id;
				k->opens[hw] = year_ago + (int64_t)hw * 110 * 86400 + rnd_int(20) * 86400;
				k->due[hw] = k->opens[hw] + (14 + rnd_int(14)) * 86400;
				k->max[hw] = chance(0.15) ? 1000 : 2000;
				int64_t weight = 100 * (1 + rnd_int(3));
				sqlite3_bind_int64(assign, 1, tenant);
				sqlite3_bind_int64(assign, 2, id);
				sqlite3_bind_int64(assign, 3, k->id);
				bind_text(assign, 4, "Une seule copie, nom et prénom en haut de la page.");
				sqlite3_bind_int64(assign, 5, k->opens[hw]);
				sqlite3_bind_int64(assign, 6, k->due[hw]);
				sqlite3_bind_int64(assign, 7, k->max[hw]);
				sqlite3_bind_int64(assign, 8, weight);
				sqlite3_bind_int64(assign, 9, chance(0.2));
				bind_text(assign, 10, chance(0.8) ? "flag" : "accept");
				sqlite3_bind_int64(assign, 11, k->teacher[0]);
				sqlite3_bind_int64(assign, 12, year_ago);
				run(assign);
				sqlite3_bind_int64(gitem, 1, tenant);
				sqlite3_bind_int64(gitem, 2, k->id);
				sqlite3_bind_int64(gitem, 3, id);
				bind_text(gitem, 4, homework_titles[hw]);
				sqlite3_bind_int64(gitem, 5, k->max[hw]);
				sqlite3_bind_int64(gitem, 6, weight);
				sqlite3_bind_int64(gitem, 7, year_ago);
				k->grade_item[hw] = run(gitem);
				hw++;
			}
		}
	}
	fprintf(stderr, "homework_gen: %d teachers, %d courses (%.1f s)\n", nteachers, ncourses, now_s() - t0);

	/* ---- five courses in each programme that has none ---- */
	int64_t *progs = NULL;
	int nprogs = 0, cap = 0;
	st = prep("SELECT id FROM programmes p WHERE tenant_id = ? AND NOT EXISTS (SELECT 1 FROM"
	          " programme_courses pc WHERE pc.tenant_id = p.tenant_id AND pc.programme_id = p.id)"
	          " ORDER BY id");
	sqlite3_bind_int64(st, 1, tenant);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (nprogs == cap) {
			cap = cap ? cap * 2 : 256;
			progs = realloc(progs, sizeof *progs * (size_t)cap);
		}
		progs[nprogs++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	sqlite3_stmt *pc = prep("INSERT INTO programme_courses (tenant_id, programme_id, course_id, position)"
	                        " VALUES (?, ?, ?, ?)");
	for (int p = 0; p < nprogs; p++)
		for (int k = 0; k < 5; k++) {
			sqlite3_bind_int64(pc, 1, tenant);
			sqlite3_bind_int64(pc, 2, progs[p]);
			sqlite3_bind_int64(pc, 3, courses[(p * 5 + k) % ncourses].id);
			sqlite3_bind_int64(pc, 4, k);
			run(pc);
		}

	/* ---- who follows what: active enrolments in those programmes ---- */
	struct follower {
		int64_t learner;
		int first;   /* index of the programme's first course */
		int64_t since;
	} *fol = NULL;
	int nfol = 0;
	cap = 0;
	st = prep("SELECT e.learner_id, e.programme_id, e.created_at FROM enrolments e"
	          " WHERE e.tenant_id = ? AND e.status = 'active' AND e.programme_id IS NOT NULL ORDER BY e.id");
	sqlite3_bind_int64(st, 1, tenant);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t prog = sqlite3_column_int64(st, 1);
		int lo = 0, hi = nprogs - 1, idx = -1; /* progs are sorted */
		while (lo <= hi) {
			int mid = (lo + hi) / 2;
			if (progs[mid] == prog) {
				idx = mid;
				break;
			}
			if (progs[mid] < prog)
				lo = mid + 1;
			else
				hi = mid - 1;
		}
		if (idx < 0)
			continue;
		if (nfol == cap) {
			cap = cap ? cap * 2 : 4096;
			fol = realloc(fol, sizeof *fol * (size_t)cap);
		}
		fol[nfol++] = (struct follower){sqlite3_column_int64(st, 0), (idx * 5) % ncourses,
		                                sqlite3_column_int64(st, 2)};
	}
	sqlite3_finalize(st);
	long pairs = (long)nfol * 20;
	if (pairs == 0)
		die("no active enrolment in a programme: run bench/gen first");
	double p_submit = (double)nsub / (double)pairs * 1.04;
	if (p_submit > 0.97)
		p_submit = 0.97;
	fprintf(stderr, "homework_gen: %d active enrolments, %ld assignments to hand in, p=%.2f\n",
	        nfol, pairs, p_submit);

	/* ---- copies, in time order ---- */
	struct copy *copies = malloc(sizeof *copies * (size_t)(nsub + 1000));
	long ncopies = 0;
	FILE *handin = fopen(arena_printf(a, "%s/hw_handin.tsv", out), "w");
	FILE *lfile = fopen(arena_printf(a, "%s/hw_learners.txt", out), "w");
	if (!handin || !lfile)
		die("cannot write into --out");
	sqlite3_stmt *tok = prep("INSERT INTO api_tokens (tenant_id, account_id, token_hash, label,"
	                         " created_at) VALUES (?, ?, ?, 'benchmark', ?)");
	sqlite3_stmt *login_of = prep("SELECT login FROM accounts WHERE id = ?");
	int nfree = 0, nlearn = 0;
	for (int f = 0; f < nfol && ncopies < nsub; f++) {
		int handed = 0;
		int64_t open_items[20];
		int nopen = 0;
		for (int k = 0; k < 5; k++) {
			int ci = (fol[f].first + k) % ncourses;
			struct course *co = &courses[ci];
			for (int h = 0; h < 4; h++) {
				bool due_past = co->due[h] < now;
				if (ncopies < nsub && co->opens[h] < now && chance(due_past ? p_submit : p_submit * 0.9)) {
					int64_t lo = co->opens[h] > fol[f].since ? co->opens[h] : fol[f].since;
					int64_t hi = co->due[h] + 5 * 86400;
					if (hi > now - 600)
						hi = now - 600;
					if (lo >= hi)
						lo = hi - 86400;
					copies[ncopies++] = (struct copy){lo + (int64_t)(rnd_unit() * (double)(hi - lo)),
					                                  fol[f].learner, ci, h};
					handed++;
				} else {
					open_items[nopen++] = co->items[h];
				}
			}
		}
		/* learners kept for the pages and the hand-in benchmark */
		if (handed >= 4 && nlearn < nsessions) {
			sqlite3_bind_int64(login_of, 1, fol[f].learner);
			if (sqlite3_step(login_of) == SQLITE_ROW)
				fprintf(lfile, "%s\n", sqlite3_column_text(login_of, 0));
			sqlite3_reset(login_of);
			nlearn++;
		} else if (nopen && nfree < nhandins && f % 3 == 0) {
			char token[44], th[65];
			random_token(token);
			sha256_hex(token, th);
			sqlite3_bind_int64(tok, 1, tenant);
			sqlite3_bind_int64(tok, 2, fol[f].learner);
			bind_text(tok, 3, th);
			sqlite3_bind_int64(tok, 4, now);
			run(tok);
			for (int i = 0; i < nopen && nfree < nhandins; i++, nfree++)
				fprintf(handin, "%s\t%" PRId64 "\n", token, open_items[i]);
		}
	}
	fclose(handin);
	fclose(lfile);
	qsort(copies, (size_t)ncopies, sizeof *copies, by_submitted);

	sqlite3_stmt *sub = prep(
		"INSERT INTO submissions (tenant_id, item_id, course_id, learner_id, version, sha256,"
		" file_sha256, file_name, file_type, file_size, text_answer, submitted_at, due_at, late,"
		" teacher_id, allocated_at, started_at, returned_at, turnaround, grade, max_grade,"
		" feedback_md, corrected_by) VALUES (?, ?, ?, ?, 1, ?, ?, 'copie.pdf', 'application/pdf', ?,"
		" '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	sqlite3_stmt *ver = prep(
		"INSERT INTO submission_versions (tenant_id, submission_id, version, sha256, file_sha256,"
		" file_name, file_type, file_size, text_answer, submitted_at, late)"
		" VALUES (?, ?, 1, ?, ?, 'copie.pdf', 'application/pdf', ?, '', ?, ?)");
	sqlite3_stmt *grade = prep(
		"INSERT INTO grades (tenant_id, learner_id, course_id, grade_item_id, grade, max_grade, link,"
		" graded_by, graded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	sqlite3_stmt *queue = prep(
		"INSERT INTO correction_queue (tenant_id, teacher_id, submitted_at, submission_id, item_id,"
		" course_id, learner_id, learner_name, title, course_title, late, started_at)"
		" SELECT ?, ?, ?, ?, ?, ?, id, given_name || ' ' || family_name, ?, ?, ?, ? FROM accounts"
		" WHERE id = ?");
	long pending = 0;
	for (long i = 0; i < ncopies; i++) {
		struct copy *cp = &copies[i];
		struct course *co = &courses[cp->course];
		int64_t teacher = co->teacher[co->nteachers == 2 ? rnd_int(2) : 0];
		/* log-normal turnaround: median 2.5 days, a long tail */
		int64_t turn = (int64_t)(2.5 * 86400 * exp(0.75 * sqrt(-2 * log(rnd_unit() + 1e-12)) *
		                                            cos(2 * M_PI * rnd_unit())));
		if (turn < 3600)
			turn = 3600 + rnd_int(7200);
		int64_t returned = cp->submitted + turn;
		bool back = returned < now;
		int64_t started = back ? returned - rnd_int(3600) : chance(0.3) ? cp->submitted + 3600 : 0;
		int64_t g = back ? co->max[cp->item] * (30 + rnd_int(70)) / 100 : -1;
		char sha[65];
		for (int k = 0; k < 64; k++)
			sha[k] = "0123456789abcdef"[rnd() % 16];
		sha[64] = 0;
		int64_t size = 200000 + rnd_int(1800000);
		bool late = cp->submitted > co->due[cp->item] && chance(0.9);
		sqlite3_bind_int64(sub, 1, tenant);
		sqlite3_bind_int64(sub, 2, co->items[cp->item]);
		sqlite3_bind_int64(sub, 3, co->id);
		sqlite3_bind_int64(sub, 4, cp->learner);
		bind_text(sub, 5, sha);
		bind_text(sub, 6, sha);
		sqlite3_bind_int64(sub, 7, size);
		sqlite3_bind_int64(sub, 8, cp->submitted);
		sqlite3_bind_int64(sub, 9, co->due[cp->item]);
		sqlite3_bind_int64(sub, 10, late);
		sqlite3_bind_int64(sub, 11, teacher);
		sqlite3_bind_int64(sub, 12, cp->submitted);
		sqlite3_bind_int64(sub, 13, started);
		sqlite3_bind_int64(sub, 14, back ? returned : 0);
		sqlite3_bind_int64(sub, 15, back ? turn : 0);
		if (back) {
			sqlite3_bind_int64(sub, 16, g);
			bind_text(sub, 18, feedbacks[rnd_int(N(feedbacks))]);
			sqlite3_bind_int64(sub, 19, teacher);
		} else {
			sqlite3_bind_null(sub, 16);
			bind_text(sub, 18, "");
			sqlite3_bind_null(sub, 19);
			pending++;
		}
		sqlite3_bind_int64(sub, 17, co->max[cp->item]);
		int64_t id = run(sub);
		sqlite3_bind_int64(ver, 1, tenant);
		sqlite3_bind_int64(ver, 2, id);
		bind_text(ver, 3, sha);
		bind_text(ver, 4, sha);
		sqlite3_bind_int64(ver, 5, size);
		sqlite3_bind_int64(ver, 6, cp->submitted);
		sqlite3_bind_int64(ver, 7, late);
		run(ver);
		if (!back) {
			sqlite3_bind_int64(queue, 1, tenant);
			sqlite3_bind_int64(queue, 2, teacher);
			sqlite3_bind_int64(queue, 3, cp->submitted);
			sqlite3_bind_int64(queue, 4, id);
			sqlite3_bind_int64(queue, 5, co->items[cp->item]);
			sqlite3_bind_int64(queue, 6, co->id);
			bind_text(queue, 7, homework_titles[cp->item]);
			bind_text(queue, 8, co->title);
			sqlite3_bind_int64(queue, 9, late);
			sqlite3_bind_int64(queue, 10, started);
			sqlite3_bind_int64(queue, 11, cp->learner);
			run(queue);
		}
		if (back) {
			sqlite3_bind_int64(grade, 1, tenant);
			sqlite3_bind_int64(grade, 2, cp->learner);
			sqlite3_bind_int64(grade, 3, co->id);
			sqlite3_bind_int64(grade, 4, co->grade_item[cp->item]);
			sqlite3_bind_int64(grade, 5, g);
			sqlite3_bind_int64(grade, 6, co->max[cp->item]);
			bind_text(grade, 7, arena_printf(a, "/copies/%" PRId64, id));
			sqlite3_bind_int64(grade, 8, teacher);
			sqlite3_bind_int64(grade, 9, returned);
			run(grade);
		}
		if (i % 100000 == 0) {
			arena_free(a);
			a = arena_new();
		}
	}
	exec("COMMIT");

	/* teachers with copies waiting, most first: the correction-queue benchmark */
	FILE *tfile = fopen(arena_printf(a, "%s/hw_teachers.txt", out), "w");
	if (!tfile)
		die("cannot write into --out");
	st = prep("SELECT a.login, COUNT(*) FROM correction_queue q JOIN accounts a ON a.id = q.teacher_id"
	          " WHERE q.tenant_id = ? GROUP BY a.login ORDER BY 2 DESC LIMIT ?");
	sqlite3_bind_int64(st, 1, tenant);
	sqlite3_bind_int64(st, 2, nsessions);
	while (sqlite3_step(st) == SQLITE_ROW)
		fprintf(tfile, "%s\n", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	fclose(tfile);
	/* no ANALYZE: the server runs without statistics, so does the benchmark */
	fprintf(stderr, "homework_gen: %ld copies (%ld waiting), %d hand-ins prepared, in %.1f s\n",
	        ncopies, pending, nfree, now_s() - t0);
	sqlite3_close(db);
	arena_free(a);
	return 0;
}
