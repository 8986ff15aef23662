/*
** bench/srs_gen.c - spaced repetition at the operator's scale, written
** straight into the SQLite database of `cartable demo`.
**
**   srs_gen DB [--learners 26000] [--decks 40] [--cards 1000] [--tokens 1000]
**              [--seed S] [--out DIR]
**
** In the tenant of the demo operator it adds:
**   - --decks courses à la carte, each with a deck of --cards cards (a tenth
**     of the notes are cloze texts of two cards each, the rest front/back);
**   - --learners learners (password "demo", the hash of `eleve`), each
**     enrolled (active) in two of those courses: 2,000 cards each;
**   - a year of their reviews, simulated card by card with the FSRS
**     scheduler configured as the server configures it (desired retention
**     0.9, fuzz seeded per learner, a better rating never earlier): each
**     learner has sessions on some evenings (10-35% of days), sees one or
**     two new cards per session and reviews what is due, recalling with
**     the probability a "true" memory model of their own predicts (FSRS with
**     parameters drawn around the defaults); learning steps are repeated in
**     the same session. The log rows (state and memory before and after),
**     the final card states, each learner's position in each deck and the
**     cards' lapse counters are those the server would have written;
**   - `srs.lourd`, who follows --decks/2 courses (20,000 cards with the
**     defaults) and reviews every day, for the queue timing;
**   - `srs.optim`, whose log holds about 10,000 reviews, for the fit timing;
**   - an API token for --tokens learners, and in DIR/srs_ratings.tsv
**     ("token<TAB>card_id<TAB>version<TAB>rating") ratings the server will
**     accept (their cards due now, and new cards), interleaved between
**     learners; DIR/srs_accounts.txt gives the ids and tokens of srs.lourd
**     and srs.optim.
** Everything happens in one transaction; timings go to stderr.
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
#include "srs/fsrs.h"

#define GEN_NAME "srs_gen"
#include "gen_util.h"

static int64_t bits(double d)
{
	int64_t v;
	memcpy(&v, &d, sizeof v);
	return v;
}

#define N(a) ((int)(sizeof a / sizeof a[0]))

static const char *const subjects[] = {
	"Mathématiques", "Philosophie", "Histoire", "Géographie", "Physique-chimie", "SVT",
	"Anglais", "Espagnol", "Allemand", "Latin", "SES", "Français",
};
static const char *const stems[] = {
	"Définir", "Énoncer", "Donner la formule de", "Expliquer", "Citer un exemple de", "Dater",
};

/* ---- Simulation ---- */

struct review {
	int64_t at, card;
	int rating, elapsed, state_b, step_b, state_a, step_a;
	int64_t stab_b, diff_b, due_b, last_b, stab_a, diff_a, due_a;
};

struct state {
	int64_t card, deck;
	struct fsrs_card c;
	int reps, lapses;
};

struct learner {
	int64_t id;
	double p_active;          /* share of evenings with a session */
	int new_min, new_max;     /* new cards per session */
	int64_t *decks;           /* deck indexes */
	int ndecks;
};

struct deck {
	int64_t id, first_card;   /* cards are first_card .. first_card + ncards - 1, position k+1 */
	int ncards;
	int64_t *graded, *lapses; /* per card, all learners */
};

static struct deck *decks;
static int ndecks, ncards_per_deck;
static int64_t tenant, now;
#define DAYS 365

/* The scheduler as the server makes it (src/srs/common.c). */
static void server_scheduler(int64_t learner, struct fsrs_scheduler *s)
{
	fsrs_scheduler_init(s);
	s->desired_retention = 0.9;
	s->fuzz_seed = (uint64_t)tenant * 0x9E3779B97F4A7C15ull ^ (uint64_t)learner;
}

/* srs_schedule(): the four outcomes, a better rating never earlier. */
static void schedule(const struct fsrs_scheduler *s, const struct fsrs_card *c, int64_t t, int rating,
                     struct fsrs_card *after)
{
	struct fsrs_card out[4];
	if (fsrs_preview(s, c, t, out) != 0)
		die("fsrs_preview");
	for (int k = 1; k < 4; k++)
		if (out[k].due < out[k - 1].due)
			out[k].due = out[k - 1].due;
	*after = out[rating - 1];
}

struct sim {
	struct review *rv;
	size_t nrv, caprv;
	struct state *st;
	size_t nst, capst;
	int64_t session[DAYS];    /* start of the evening's session, 0: none */
	int64_t *cursor;          /* per deck of the learner: last position seen */
};

static void push_review(struct sim *m, const struct review *r)
{
	if (m->nrv == m->caprv) {
		m->caprv = m->caprv ? m->caprv * 2 : 4096;
		m->rv = realloc(m->rv, m->caprv * sizeof *m->rv);
		if (!m->rv)
			die("out of memory");
	}
	m->rv[m->nrv++] = *r;
}

/* The first session time at or after t (0: none within the year). */
static int64_t next_session(const struct sim *m, int64_t t, int64_t first_day)
{
	int d = (int)((t - first_day) / 86400);
	if (d < 0)
		d = 0;
	for (; d < DAYS; d++)
		if (m->session[d] && m->session[d] + 1800 >= t)
			return m->session[d] > t ? m->session[d] + rnd_int(1500) : t;
	return 0;
}

/* One card's year: introduced at t, reviewed at each session it is due. */
static void simulate_card(struct sim *m, const struct fsrs_scheduler *s, const struct fsrs_scheduler *truth,
                          struct deck *d, int k, int64_t t, int64_t first_day)
{
	int64_t card_id = d->first_card + k;
	struct fsrs_card c, mem;
	fsrs_card_init(&c, card_id, t);
	fsrs_card_init(&mem, card_id, t);
	int reps = 0, lapses = 0;
	double ease = 0.6 + 0.8 * rnd_unit(); /* some cards are harder than others */
	for (;;) {
		int rating;
		double u = rnd_unit();
		if (c.last_review == FSRS_NEVER) {
			rating = u < 0.2 * ease ? 1 : u < 0.3 ? 2 : u < 0.9 ? 3 : 4;
		} else {
			double r = fsrs_retrievability(truth, &mem, t);
			if (t - c.last_review < 86400)
				r = 0.85 + 0.1 * r;
			r = pow(r, ease);
			if (u >= r) {
				rating = 1;
			} else {
				double v = rnd_unit();
				rating = v < 0.15 ? 2 : v < 0.88 ? 3 : 4;
			}
		}
		struct fsrs_card after;
		schedule(s, &c, t, rating, &after);
		if (fsrs_review(truth, &mem, rating, t, &mem) != 0)
			die("fsrs_review");
		bool had = c.last_review != FSRS_NEVER;
		struct review r = {
			.at = t, .card = card_id, .rating = rating,
			.elapsed = had ? (int)((t - c.last_review) / 86400) : -1,
			.state_b = had ? c.state : 0, .step_b = had ? c.step : 0,
			.stab_b = bits(had ? c.stability : 0), .diff_b = bits(had ? c.difficulty : 0),
			.due_b = had ? c.due : t, .last_b = had ? c.last_review : 0,
			.state_a = after.state, .step_a = after.step, .stab_a = bits(after.stability),
			.diff_a = bits(after.difficulty), .due_a = after.due,
		};
		push_review(m, &r);
		if (had && c.state == FSRS_REVIEW) {
			d->graded[k]++;
			if (rating == 1) {
				d->lapses[k]++;
				lapses++;
			}
		}
		reps++;
		c = after;
		/* the next time the learner meets this card */
		int64_t next = c.due;
		if (c.state != FSRS_REVIEW && next - t < 1800) {
			next = next > t + 30 ? next : t + 30; /* same session: learning steps */
		} else {
			next = next_session(m, next, first_day);
		}
		if (!next || next > now - 60)
			break;
		t = next;
	}
	if (m->nst == m->capst) {
		m->capst = m->capst ? m->capst * 2 : 1024;
		m->st = realloc(m->st, m->capst * sizeof *m->st);
		if (!m->st)
			die("out of memory");
	}
	m->st[m->nst++] = (struct state){.card = card_id, .deck = d->id, .c = c, .reps = reps, .lapses = lapses};
}

static int by_time(const void *x, const void *y)
{
	const struct review *a = x, *b = y;
	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	return a->card < b->card ? -1 : a->card > b->card;
}

static int by_card(const void *x, const void *y)
{
	const struct state *a = x, *b = y;
	return a->card < b->card ? -1 : a->card > b->card;
}

static sqlite3_stmt *ins_review, *ins_state, *ins_cursor;
static long long total_reviews, total_states;

/* Simulates and writes one learner's year. */
static void simulate_learner(struct sim *m, const struct learner *l)
{
	struct fsrs_scheduler s, truth;
	server_scheduler(l->id, &s);
	fsrs_scheduler_init(&truth);
	truth.enable_fuzzing = false;
	for (int i = 0; i < 4; i++)
		truth.w[i] = fmin(100, fmax(0.01, fsrs_default_params[i] * (0.5 + rnd_unit())));
	truth.w[8] = fmin(fsrs_params_upper[8], fmax(fsrs_params_lower[8], fsrs_default_params[8] + rnd_unit() - 0.5));
	truth.w[20] = 0.1 + 0.4 * rnd_unit();
	m->nrv = m->nst = 0;
	int64_t first_day = now - (int64_t)DAYS * 86400;
	first_day -= first_day % 86400;
	for (int d = 0; d < DAYS; d++) {
		int64_t start = first_day + (int64_t)d * 86400 + 16 * 3600 + rnd_int(4 * 3600);
		m->session[d] = rnd_unit() < l->p_active && start < now - 3600 ? start : 0;
	}
	for (int i = 0; i < l->ndecks; i++)
		m->cursor[i] = 0;
	int next_deck = 0;
	for (int d = 0; d < DAYS; d++) {
		if (!m->session[d])
			continue;
		int fresh = l->new_min + rnd_int(l->new_max - l->new_min + 1);
		for (int k = 0; k < fresh; k++) {
			int di = next_deck++ % l->ndecks;
			struct deck *dk = &decks[l->decks[di]];
			if (m->cursor[di] >= dk->ncards)
				continue;
			int pos = (int)m->cursor[di]++;
			simulate_card(m, &s, &truth, dk, pos, m->session[d] + 20 * k + rnd_int(600), first_day);
		}
	}
	qsort(m->rv, m->nrv, sizeof *m->rv, by_time);
	for (size_t i = 0; i < m->nrv; i++) {
		const struct review *r = &m->rv[i];
		if (i && r->at == m->rv[i - 1].at && r->card == m->rv[i - 1].card)
			continue;
		int64_t deck = 0;
		for (int k = 0; k < l->ndecks && !deck; k++) {
			struct deck *dk = &decks[l->decks[k]];
			if (r->card >= dk->first_card && r->card < dk->first_card + dk->ncards)
				deck = dk->id;
		}
		sqlite3_stmt *st = ins_review;
		int64_t v[] = {tenant, l->id, r->at, r->card, deck, r->rating, r->elapsed, r->state_b, r->step_b,
		               r->stab_b, r->diff_b, r->due_b, r->last_b, r->state_a, r->step_a, r->stab_a,
		               r->diff_a, r->due_a};
		for (int c = 0; c < N(v); c++)
			sqlite3_bind_int64(st, c + 1, v[c]);
		run(st);
		total_reviews++;
	}
	qsort(m->st, m->nst, sizeof *m->st, by_card);
	for (size_t i = 0; i < m->nst; i++) {
		const struct state *x = &m->st[i];
		int64_t v[] = {tenant, l->id, x->card, x->deck, x->c.state, x->c.step, bits(x->c.stability),
		               bits(x->c.difficulty), x->c.due, x->c.last_review, x->reps, x->lapses};
		for (int c = 0; c < N(v); c++)
			sqlite3_bind_int64(ins_state, c + 1, v[c]);
		run(ins_state);
		total_states++;
	}
	for (int i = 0; i < l->ndecks; i++) {
		if (!m->cursor[i])
			continue;
		sqlite3_bind_int64(ins_cursor, 1, tenant);
		sqlite3_bind_int64(ins_cursor, 2, l->id);
		sqlite3_bind_int64(ins_cursor, 3, decks[l->decks[i]].id);
		sqlite3_bind_int64(ins_cursor, 4, m->cursor[i]);
		run(ins_cursor);
	}
}

/* ---- Accounts ---- */

static sqlite3_stmt *ins_account, *ins_role, *ins_enrol, *ins_token;
static char *hash;
static struct arena *A;

static int64_t add_learner(const char *login, const char *given, const char *family)
{
	sqlite3_bind_int64(ins_account, 1, tenant);
	bind_text(ins_account, 2, login);
	bind_text(ins_account, 3, hash);
	bind_text(ins_account, 4, given);
	bind_text(ins_account, 5, family);
	bind_text(ins_account, 6, text_fold(A, arena_printf(A, "%s %s %s", given, family, login)));
	sqlite3_bind_int64(ins_account, 7, now - DAYS * 86400LL);
	sqlite3_bind_int64(ins_account, 8, now - DAYS * 86400LL);
	int64_t id = run(ins_account);
	sqlite3_bind_int64(ins_role, 1, tenant);
	sqlite3_bind_int64(ins_role, 2, id);
	sqlite3_bind_int64(ins_role, 3, now - DAYS * 86400LL);
	run(ins_role);
	return id;
}

static void enrol(int64_t learner, int64_t course)
{
	sqlite3_bind_int64(ins_enrol, 1, tenant);
	sqlite3_bind_int64(ins_enrol, 2, learner);
	sqlite3_bind_int64(ins_enrol, 3, course);
	sqlite3_bind_int64(ins_enrol, 4, learner);
	sqlite3_bind_int64(ins_enrol, 5, now - DAYS * 86400LL);
	sqlite3_bind_int64(ins_enrol, 6, now - DAYS * 86400LL);
	run(ins_enrol);
}

static void token_for(int64_t learner, char token[44])
{
	char th[65];
	random_token(token);
	sha256_hex(token, th);
	sqlite3_bind_int64(ins_token, 1, tenant);
	sqlite3_bind_int64(ins_token, 2, learner);
	bind_text(ins_token, 3, th);
	sqlite3_bind_int64(ins_token, 4, now);
	run(ins_token);
}

int main(int argc, char **argv)
{
	const char *path = NULL, *out = ".";
	int nlearners = 26000, ntokens = 1000;
	ndecks = 40;
	ncards_per_deck = 1000;
	uint64_t seed = 20261130;
	for (int i = 1; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(argv[i], "--learners") == 0 && v)
			nlearners = atoi(argv[++i]);
		else if (strcmp(argv[i], "--decks") == 0 && v)
			ndecks = atoi(argv[++i]);
		else if (strcmp(argv[i], "--cards") == 0 && v)
			ncards_per_deck = atoi(argv[++i]);
		else if (strcmp(argv[i], "--tokens") == 0 && v)
			ntokens = atoi(argv[++i]);
		else if (strcmp(argv[i], "--seed") == 0 && v)
			seed = strtoull(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--out") == 0 && v)
			out = argv[++i];
		else if (!path && argv[i][0] != '-')
			path = argv[i];
		else {
			fprintf(stderr, "usage: srs_gen DB [--learners N] [--decks N] [--cards N] [--tokens N]"
			                " [--seed S] [--out DIR]\n");
			return 2;
		}
	}
	if (!path || nlearners < 1 || ndecks < 2 || ncards_per_deck < 10 || ncards_per_deck % 10)
		die("bad arguments");
	if (sodium_init() < 0)
		die("libsodium");
	rng_state = seed;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		die(path);
	exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF;"
	     " PRAGMA cache_size = -1000000; PRAGMA temp_store = MEMORY");
	double t0 = now_s();
	tenant = query_int("SELECT id FROM tenants WHERE is_operator = 1");
	int64_t author = query_int("SELECT id FROM accounts WHERE login = 'auteur'");
	if (tenant <= 0 || author <= 0)
		die("no demo operator: run `cartable demo` first");
	if (query_int("SELECT COUNT(*) FROM courses WHERE code LIKE 'SRS-%'") > 0)
		die("spaced repetition already generated in this database");
	sqlite3_stmt *st = prep("SELECT password_hash FROM accounts WHERE login = 'eleve'");
	if (sqlite3_step(st) != SQLITE_ROW)
		die("no account eleve");
	hash = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	now = (int64_t)time(NULL);
	A = arena_new();
	exec("BEGIN");

	/* ---- courses, decks, notes and cards ---- */
	int64_t unit_id = query_int("SELECT id FROM units WHERE tenant_id = (SELECT id FROM tenants"
	                            " WHERE is_operator = 1) ORDER BY position LIMIT 1 OFFSET 2");
	sqlite3_stmt *course = prep(
		"INSERT INTO courses (tenant_id, unit_id, code, title, level, summary, description_md,"
		" a_la_carte, price_cents, published, search_text, sort_key, created_at, updated_at, school_year)"
		" VALUES (?, ?, ?, ?, 'terminale', ?, '', 1, 0, 1, ?, ?, ?, ?, '2026-2027')");
	sqlite3_stmt *deck = prep(
		"INSERT INTO srs_decks (tenant_id, course_id, title, description_md, new_per_day, next_position,"
		" created_by, created_at, updated_at) VALUES (?, ?, ?, '', 20, ?, ?, ?, ?)");
	sqlite3_stmt *note = prep(
		"INSERT INTO srs_notes (tenant_id, deck_id, owner_id, kind, front_md, back_md, origin, created_by,"
		" created_at, updated_at) VALUES (?, ?, 0, ?, ?, ?, 'author', ?, ?, ?)");
	sqlite3_stmt *card = prep(
		"INSERT INTO srs_cards (tenant_id, deck_id, note_id, ord, owner_id, position) VALUES (?, ?, ?, ?, 0, ?)");
	decks = calloc((size_t)ndecks, sizeof *decks);
	int64_t *course_ids = calloc((size_t)ndecks, sizeof *course_ids);
	int64_t t_made = now - (DAYS + 30) * 86400LL;
	for (int i = 0; i < ndecks; i++) {
		const char *subject = subjects[i % N(subjects)];
		char code[32], title[128];
		snprintf(code, sizeof code, "SRS-%02d", i + 1);
		snprintf(title, sizeof title, "%s – cartes de révision %d", subject, i / N(subjects) + 1);
		sqlite3_bind_int64(course, 1, tenant);
		sqlite3_bind_int64(course, 2, unit_id);
		bind_text(course, 3, code);
		bind_text(course, 4, title);
		bind_text(course, 5, "Les notions à mémoriser, en cartes de révision.");
		bind_text(course, 6, text_fold(A, arena_printf(A, "%s %s", title, code)));
		bind_text(course, 7, text_fold(A, title));
		sqlite3_bind_int64(course, 8, t_made);
		sqlite3_bind_int64(course, 9, t_made);
		course_ids[i] = run(course);
		sqlite3_bind_int64(deck, 1, tenant);
		sqlite3_bind_int64(deck, 2, course_ids[i]);
		bind_text(deck, 3, title);
		sqlite3_bind_int64(deck, 4, ncards_per_deck + 1);
		sqlite3_bind_int64(deck, 5, author);
		sqlite3_bind_int64(deck, 6, t_made);
		sqlite3_bind_int64(deck, 7, t_made);
		decks[i].id = run(deck);
		decks[i].ncards = ncards_per_deck;
		decks[i].graded = calloc((size_t)ncards_per_deck, sizeof(int64_t));
		decks[i].lapses = calloc((size_t)ncards_per_deck, sizeof(int64_t));
		/* 80% front/back notes, then clozes of two cards: positions 1..ncards */
		int pos = 0, n = 0;
		while (pos < ncards_per_deck) {
			bool cloze = pos >= ncards_per_deck * 8 / 10;
			char front[256], back[256];
			if (cloze) {
				snprintf(front, sizeof front, "En %s, la notion n° {{c1::%d}} se rattache au chapitre {{c2::%d}}.",
				         subject, n + 1, n % 12 + 1);
				back[0] = 0;
			} else {
				snprintf(front, sizeof front, "%s la notion n° %d du cours de %s.", stems[n % N(stems)], n + 1, subject);
				snprintf(back, sizeof back, "Réponse attendue pour la notion n° %d : une définition de deux lignes.", n + 1);
			}
			sqlite3_bind_int64(note, 1, tenant);
			sqlite3_bind_int64(note, 2, decks[i].id);
			bind_text(note, 3, cloze ? "cloze" : "basic");
			bind_text(note, 4, front);
			bind_text(note, 5, back);
			sqlite3_bind_int64(note, 6, author);
			sqlite3_bind_int64(note, 7, t_made);
			sqlite3_bind_int64(note, 8, t_made);
			int64_t nid = run(note);
			for (int k = 0; k < (cloze ? 2 : 1); k++) {
				sqlite3_bind_int64(card, 1, tenant);
				sqlite3_bind_int64(card, 2, decks[i].id);
				sqlite3_bind_int64(card, 3, nid);
				sqlite3_bind_int64(card, 4, cloze ? k + 1 : 0);
				sqlite3_bind_int64(card, 5, ++pos);
				int64_t cid = run(card);
				if (pos == 1)
					decks[i].first_card = cid;
				else if (cid != decks[i].first_card + pos - 1)
					die("card ids are not consecutive");
			}
			n++;
		}
	}
	double t1 = now_s();
	fprintf(stderr, "srs_gen: %d decks of %d cards in %.1f s\n", ndecks, ncards_per_deck, t1 - t0);

	/* ---- learners and their year ---- */
	ins_account = prep(
		"INSERT INTO accounts (tenant_id, login, password_hash, given_name, family_name, email,"
		" school_class, lang, active, search_text, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, ?, NULL, '', 'fr', 1, ?, ?, ?)");
	ins_role = prep("INSERT INTO account_roles (tenant_id, account_id, role, granted_at)"
	                " VALUES (?, ?, 'learner', ?)");
	ins_enrol = prep(
		"INSERT INTO enrolments (tenant_id, learner_id, course_id, status, applied_by, created_at, updated_at)"
		" VALUES (?, ?, ?, 'active', ?, ?, ?)");
	ins_token = prep("INSERT INTO api_tokens (tenant_id, account_id, token_hash, label, created_at)"
	                 " VALUES (?, ?, ?, 'benchmark', ?)");
	ins_review = prep(
		"INSERT INTO srs_reviews (tenant_id, learner_id, reviewed_at, card_id, deck_id, rating,"
		" elapsed_days, state_before, step_before, stability_before, difficulty_before, due_before,"
		" last_review_before, state_after, step_after, stability_after, difficulty_after, due_after)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	ins_state = prep(
		"INSERT INTO srs_states (tenant_id, learner_id, card_id, deck_id, state, step, stability,"
		" difficulty, due, last_review, reps, lapses) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	ins_cursor = prep("INSERT INTO srs_learner_decks (tenant_id, learner_id, deck_id, new_cursor)"
	                  " VALUES (?, ?, ?, ?)");
	struct sim m = {0};
	m.cursor = calloc((size_t)ndecks, sizeof *m.cursor);
	int64_t *ids = calloc((size_t)nlearners, sizeof *ids);
	static const char *const given[] = {"Lina", "Hugo", "Inès", "Lucas", "Chloé", "Adam", "Jade", "Noé",
	                                    "Zoé", "Éloïse", "Maël", "Léa"};
	static const char *const family[] = {"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard",
	                                     "Petit", "Durand", "Leroy", "Moreau", "Simon", "Lefèvre"};
	for (int i = 0; i < nlearners; i++) {
		char login[32];
		snprintf(login, sizeof login, "srs.%05d", i + 1);
		struct learner l = {.p_active = 0.10 + 0.25 * rnd_unit(), .new_min = 1, .new_max = 2, .ndecks = 2};
		l.id = ids[i] = add_learner(login, given[rnd_int(N(given))], family[rnd_int(N(family))]);
		int64_t two[2] = {i % ndecks, (i * 7 + 3 + i / ndecks) % ndecks};
		if (two[1] == two[0])
			two[1] = (two[0] + 1) % ndecks;
		l.decks = two;
		for (int k = 0; k < 2; k++)
			enrol(l.id, course_ids[two[k]]);
		simulate_learner(&m, &l);
		if ((i + 1) % 2000 == 0)
			fprintf(stderr, "srs_gen: %d learners, %lld reviews, %lld card states (%.0f s)\n", i + 1,
			        total_reviews, total_states, now_s() - t1);
	}
	double t2 = now_s();
	long long normal_reviews = total_reviews, normal_states = total_states;

	/* the heavy learner: half the decks, every evening, forty new cards */
	int64_t *half = calloc((size_t)ndecks, sizeof *half);
	for (int k = 0; k < ndecks / 2; k++)
		half[k] = k;
	struct learner heavy = {.p_active = 1.0, .new_min = 40, .new_max = 48, .decks = half, .ndecks = ndecks / 2};
	heavy.id = add_learner("srs.lourd", "Camille", "Assidue");
	for (int k = 0; k < heavy.ndecks; k++)
		enrol(heavy.id, course_ids[k]);
	long long before = total_reviews, sbefore = total_states;
	simulate_learner(&m, &heavy);
	long long heavy_reviews = total_reviews - before, heavy_states = total_states - sbefore;
	/* about 10,000 reviews for the fit */
	int64_t five[5] = {5, 6, 7, 8, 9};
	struct learner optim = {.p_active = 0.65, .new_min = 3, .new_max = 4, .decks = five, .ndecks = 5};
	optim.id = add_learner("srs.optim", "Sacha", "Régulier");
	for (int k = 0; k < 5; k++)
		enrol(optim.id, course_ids[five[k]]);
	before = total_reviews;
	simulate_learner(&m, &optim);
	long long optim_reviews = total_reviews - before;

	/* lapse counters of the cards */
	sqlite3_stmt *counters = prep("UPDATE srs_cards SET graded_reviews = ?, lapses = ? WHERE id = ?");
	for (int i = 0; i < ndecks; i++)
		for (int k = 0; k < decks[i].ncards; k++)
			if (decks[i].graded[k]) {
				sqlite3_bind_int64(counters, 1, decks[i].graded[k]);
				sqlite3_bind_int64(counters, 2, decks[i].lapses[k]);
				sqlite3_bind_int64(counters, 3, decks[i].first_card + k);
				run(counters);
			}

	/* ---- tokens and ratings the server will accept ---- */
	FILE *acc = fopen(arena_printf(A, "%s/srs_accounts.txt", out), "w");
	FILE *rat = fopen(arena_printf(A, "%s/srs_ratings.tsv", out), "w");
	if (!acc || !rat)
		die("cannot write into --out");
	char token[44];
	token_for(heavy.id, token);
	fprintf(acc, "heavy\t%" PRId64 "\t%s\t%lld\t%lld\n", heavy.id, token, heavy_reviews, heavy_states);
	token_for(optim.id, token);
	fprintf(acc, "optim\t%" PRId64 "\t%s\t%lld\n", optim.id, token, optim_reviews);
	fclose(acc);
	if (ntokens > nlearners)
		ntokens = nlearners;
	sqlite3_stmt *due = prep("SELECT card_id, reps FROM srs_states WHERE tenant_id = ? AND learner_id = ?"
	                         " AND due <= ? ORDER BY due LIMIT 60");
	sqlite3_stmt *cur = prep("SELECT deck_id, new_cursor FROM srs_learner_decks WHERE tenant_id = ?"
	                         " AND learner_id = ?");
	struct line {
		char token[44];
		int64_t card, version;
	};
	int per = 150;
	struct line *lines = calloc((size_t)ntokens * (size_t)(per + 60), sizeof *lines);
	size_t nlines = 0;
	for (int t = 0; t < ntokens; t++) {
		int64_t learner = ids[(size_t)t * (size_t)nlearners / (size_t)ntokens];
		token_for(learner, token);
		sqlite3_bind_int64(due, 1, tenant);
		sqlite3_bind_int64(due, 2, learner);
		sqlite3_bind_int64(due, 3, now);
		while (sqlite3_step(due) == SQLITE_ROW) {
			struct line *ln = &lines[nlines++];
			memcpy(ln->token, token, sizeof token);
			ln->card = sqlite3_column_int64(due, 0);
			ln->version = sqlite3_column_int64(due, 1);
		}
		sqlite3_reset(due);
		/* new cards: after their position in each of their decks */
		sqlite3_bind_int64(cur, 1, tenant);
		sqlite3_bind_int64(cur, 2, learner);
		while (sqlite3_step(cur) == SQLITE_ROW) {
			int64_t did = sqlite3_column_int64(cur, 0), pos = sqlite3_column_int64(cur, 1);
			for (int i = 0; i < ndecks; i++) {
				if (decks[i].id != did)
					continue;
				for (int64_t p = pos; p < decks[i].ncards && p < pos + per / 2; p++) {
					struct line *ln = &lines[nlines++];
					memcpy(ln->token, token, sizeof token);
					ln->card = decks[i].first_card + p;
					ln->version = 0;
				}
			}
		}
		sqlite3_reset(cur);
	}
	/* interleave learners: shuffle */
	for (size_t i = nlines; i > 1; i--) {
		size_t j = rnd() % i;
		struct line x = lines[i - 1];
		lines[i - 1] = lines[j];
		lines[j] = x;
	}
	for (size_t i = 0; i < nlines; i++)
		fprintf(rat, "%s\t%" PRId64 "\t%" PRId64 "\t%d\n", lines[i].token, lines[i].card, lines[i].version,
		        i % 5 == 0 ? 2 : i % 11 == 0 ? 1 : 3);
	fclose(rat);
	exec("COMMIT");
	double t3 = now_s();
	exec("PRAGMA wal_checkpoint(TRUNCATE)");
	double t4 = now_s();
	fprintf(stderr,
	        "srs_gen: %d learners with %d cards each: %lld reviews, %lld card states (%.0f reviews and"
	        " %.0f cards seen per learner) in %.1f s\n"
	        "srs_gen: srs.lourd (%d decks, %d cards): %lld reviews, %lld card states; srs.optim: %lld reviews\n"
	        "srs_gen: %zu ratings for the benchmark from %d learners; total %.1f s (decks %.1f, learners %.1f,"
	        " the rest and commit %.1f, checkpoint %.1f)\n",
	        nlearners, 2 * ncards_per_deck, normal_reviews, normal_states,
	        (double)normal_reviews / nlearners, (double)normal_states / nlearners, t2 - t1,
	        heavy.ndecks, heavy.ndecks * ncards_per_deck, heavy_reviews, heavy_states, optim_reviews,
	        nlines, ntokens, t4 - t0, t1 - t0, t2 - t1, t3 - t2, t4 - t3);
	sqlite3_close(db);
	return 0;
}
