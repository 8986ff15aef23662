/*
** Unit tests of the spaced-repetition service (src/srs/srs.h) on a real
** SQLite database: deck rules and retention bounds, the daily queue (due
** cards first, most overdue first, then new cards in the deck's order
** within the daily limit), who sees what (own cards, courses not followed,
** other tenants, hidden decks), cloze edits keeping history, repeats and
** undo, the property "a better rating never gives a shorter interval"
** through the service, GIFT import, the optimizer recovering parameters
** through its job, statistics and the cards learners fail most.
*/
#include "test.h"

#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "catalogue/catalogue.h"
#include "courses/courses.h"
#include "enrolment/enrolment.h"
#include "kernel/db.h"
#include "kernel/i18n.h"
#include "kernel/jobs.h"
#include "people/people.h"
#include "questions/questions.h"
#include "srs/internal.h"
#include "srs/optimizer.h"
#include "srs/srs.h"
#include "tenants/tenants.h"

static char dir[64];
static struct arena *A;
static struct req R;

struct world {
	int64_t id, unit, admin, author, teacher, learner, learner2, learner3, course, course2;
	int64_t deck, deck2;
};
static struct world W, W2;

#define T0 INT64_C(1772445600) /* 2026-03-02 10:00 UTC, 11:00 in Paris */

static void in(struct world *w)
{
	R.tenant = (struct tenant_ref){.id = w->id, .slug = w == &W ? "t1" : "t2", .name = "T",
	                               .is_operator = w == &W};
}

static void as(int64_t id, unsigned roles)
{
	R.user = (struct user){.id = id, .roles = roles, .login = "x", .display_name = "X"};
}

static int64_t person(struct world *w, const char *login, unsigned roles)
{
	struct err e = {0};
	int64_t id = 0;
	struct person_input p = {.login = login, .given_name = "Prénom", .family_name = login, .roles = roles};
	CHECK_INT(people_create_in(&R, w->id, &p, &id, &e), 0);
	return id;
}

static int64_t course(struct world *w, const char *code)
{
	struct err e = {0};
	int64_t id = 0;
	struct course_input c = {.code = code, .title = code, .price = "0", .unit_id = w->unit,
	                         .a_la_carte = true, .published = true};
	CHECK_INT(catalogue_course_save(&R, 0, &c, &id, &e), 0);
	return id;
}

static void enrol(int64_t learner, int64_t course_id)
{
	struct err e = {0};
	int64_t id;
	CHECK_INT(enrolment_apply(&R, learner, 0, course_id, NULL, &id, &e), 0);
}

static void world(struct world *w, const char *slug, bool op)
{
	CHECK_INT(tenants_create_raw(slug, slug, NULL, op, &w->id), 0);
	in(w);
	CHECK_INT(units_create_raw(w->id, "u", "Unité", 0, &w->unit), 0);
	char login[64];
#define LOGIN(s) (snprintf(login, sizeof login, "%s.%s", slug, s), login)
	w->admin = person(w, LOGIN("admin"), ROLE_ADMIN);
	w->author = person(w, LOGIN("auteur"), ROLE_AUTHOR);
	w->teacher = person(w, LOGIN("prof"), ROLE_TEACHER);
	w->learner = person(w, LOGIN("eleve"), ROLE_LEARNER);
	w->learner2 = person(w, LOGIN("eleve2"), ROLE_LEARNER);
	w->learner3 = person(w, LOGIN("eleve3"), ROLE_LEARNER);
	as(w->admin, ROLE_ADMIN);
	w->course = course(w, "C1");
	w->course2 = course(w, "C2");
	enrol(w->learner, w->course);
	enrol(w->learner2, w->course);
	enrol(w->learner3, w->course);
	struct err e = {0};
	CHECK_INT(courses_staff_add(&R, w->course, LOGIN("prof"), "teacher", &e), 0);
#undef LOGIN
	as(w->author, ROLE_AUTHOR);
	CHECK_INT(srs_deck_create(&R, w->course, "Paquet 1", &w->deck, &e), 0);
	CHECK_INT(srs_deck_create(&R, w->course2, "Paquet 2", &w->deck2, &e), 0);
}

static void settings(int64_t deck, const char *ret, const char *lo, const char *hi, const char *per_day,
                     bool published, int expect)
{
	struct err e = {0};
	struct srs_deck_input d = {.title = "Paquet", .retention = ret, .retention_min = lo,
	                           .retention_max = hi, .new_per_day = per_day, .published = published};
	CHECK_INT(srs_deck_update(&R, deck, &d, &e), expect);
}

/* Adds a note; fills cards[] with its card ids in cloze order. */
static int64_t note(int64_t deck, const char *kind, const char *front, const char *back, int64_t *cards)
{
	struct err e = {0};
	struct srs_note_input n = {.kind = kind, .front_md = front, .back_md = back};
	int64_t id = 0;
	int made = 0;
	int rc = srs_note_add(&R, deck, &n, &id, &made, &e);
	if (rc)
		fprintf(stderr, "note: %d %s\n", rc, e.msg);
	CHECK_INT(rc, 0);
	if (cards) {
		struct db_stmt *st = db_prepare(db_get(),
			"SELECT id FROM srs_cards WHERE tenant_id = ? AND note_id = ? AND active = 1 ORDER BY ord");
		db_bind_int(st, 1, R.tenant.id);
		db_bind_int(st, 2, id);
		int k = 0;
		while (db_step(st) == DB_ROW)
			cards[k++] = db_int(st, 0);
	}
	return id;
}

static int review(int64_t card, int rating, int64_t version, int64_t now, struct srs_review_result *res)
{
	struct err e = {0};
	struct srs_review_result tmp;
	return srs_review(&R, card, rating, version, now, res ? res : &tmp, &e);
}

static int64_t sql_int(const char *sql, int64_t a, int64_t b)
{
	struct db_stmt *st = db_prepare(db_get(), sql);
	db_bind_int(st, 1, a);
	db_bind_int(st, 2, b);
	int64_t v = db_step(st) == DB_ROW ? db_int(st, 0) : -1;
	db_done(st);
	return v;
}

/* ---- Tests ---- */

TEST(retention_as_typed)
{
	static const struct {
		const char *s;
		int v;
	} ok[] = {{"0.9", 900}, {"0,85", 850}, {"90", 900}, {"90 %", 900}, {"87,5 %", 875}, {"875", 875},
	          {" 95%", 950}, {"0.975", 975}, {"99,9", 999}, {"1,5", 15}};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		int v = 0;
		CHECK(srs_retention_parse(ok[i].s, &v));
		CHECK_INT(v, ok[i].v);
	}
	/* (1,5 is read as 1.5 %: a number, refused later by the deck's bounds) */
	static const char *const bad[] = {"", "abc", "1000", "0", "-5", "0.9.1", "90 %%", "9O", "100,5", " "};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int v = 0;
		CHECK(!srs_retention_parse(bad[i], &v));
	}
}

TEST(deck_rules_and_bounds)
{
	in(&W);
	struct err e = {0};
	int64_t id = 0;
	/* only authors and admins make and set decks */
	as(W.learner, ROLE_LEARNER);
	CHECK_INT(srs_deck_create(&R, W.course, NULL, &id, &e), ERR_FORBIDDEN);
	CHECK_INT(srs_deck_create(&R, W.course2, NULL, &id, &e), ERR_NOT_FOUND);
	as(W.teacher, ROLE_TEACHER);
	settings(W.deck, "90", "80", "95", "20", true, ERR_FORBIDDEN);
	as(W.author, ROLE_AUTHOR);
	CHECK_INT(srs_deck_create(&R, W.course, "Encore", &id, &e), ERR_CONFLICT);
	CHECK_INT(id, W.deck);
	settings(W.deck, "90", "60", "95", "20", true, ERR_INVALID);  /* under the floor */
	settings(W.deck, "90", "80", "99,5", "20", true, ERR_INVALID); /* over the ceiling */
	settings(W.deck, "90", "90", "85", "20", true, ERR_INVALID);  /* min > max */
	settings(W.deck, "97", "80", "95", "20", true, ERR_INVALID);  /* outside its bounds */
	settings(W.deck, "90", "80", "95", "501", true, ERR_INVALID);
	settings(W.deck, "90", "80", "95", "deux", true, ERR_INVALID);
	settings(W.deck, "0,9", "80 %", "0.95", "20", true, 0);
	/* a learner's own retention, within the bounds */
	as(W.learner, ROLE_LEARNER);
	CHECK_INT(srs_learner_retention_set(&R, W.deck, "97", &e), ERR_INVALID);
	CHECK_STR(e.field, "retention");
	CHECK_INT(srs_learner_retention_set(&R, W.deck, "0,88", &e), 0);
	CHECK_INT(srs_learner_retention_set(&R, W.deck2, "90", &e), ERR_NOT_FOUND); /* not followed */
	struct srs_deck d;
	CHECK_INT(srs_deck_get(&R, W.deck, T0, &d), 0);
	CHECK_INT(d.access, COURSE_LEARNER);
	CHECK_INT(d.my_retention, 880);
	/* narrower bounds bring the learner's choice within them */
	as(W.author, ROLE_AUTHOR);
	settings(W.deck, "92", "90", "95", "20", true, 0);
	as(W.learner, ROLE_LEARNER);
	CHECK_INT(srs_deck_get(&R, W.deck, T0, &d), 0);
	CHECK_INT(d.my_retention, 900);
	CHECK_INT(d.retention, 920);
	CHECK_INT(srs_learner_retention_set(&R, W.deck, "", &e), 0);
	CHECK_INT(srs_deck_get(&R, W.deck, T0, &d), 0);
	CHECK_INT(d.my_retention, 0);
	/* staff who do not edit add no card; the teacher sees the deck as staff */
	as(W.teacher, ROLE_TEACHER);
	struct srs_note_input n = {.kind = "basic", .front_md = "Q", .back_md = "R"};
	int made;
	CHECK_INT(srs_note_add(&R, W.deck, &n, &id, &made, &e), ERR_FORBIDDEN);
	CHECK_INT(srs_deck_get(&R, W.deck, T0, &d), 0);
	CHECK_INT(d.access, COURSE_STAFF);
	as(W.author, ROLE_AUTHOR);
	settings(W.deck, "90", "80", "95", "20", true, 0);
}

/* A deck of 5 basic cards with 3 new a day: new cards in order, within
** the limit counted per day; then due cards first, most overdue first. */
TEST(queue_due_first_then_new_within_the_limit)
{
	in(&W);
	as(W.author, ROLE_AUTHOR);
	int64_t deck;
	struct err e = {0};
	int64_t c3 = course(&W, "C3");
	as(W.admin, ROLE_ADMIN);
	enrol(W.learner, c3);
	as(W.author, ROLE_AUTHOR);
	CHECK_INT(srs_deck_create(&R, c3, "Ordre", &deck, &e), 0);
	settings(deck, "90", "80", "95", "3", true, 0);
	int64_t c[5];
	for (int i = 0; i < 5; i++) {
		char q[32];
		snprintf(q, sizeof q, "Question %d", i + 1);
		note(deck, "basic", q, "Réponse", &c[i]);
	}
	as(W.learner, ROLE_LEARNER);
	struct srs_queue q;
	CHECK_INT(srs_queue_build(&R, deck, T0, 50, &q), 0);
	CHECK_INT(q.due, 0);
	CHECK_INT(q.fresh, 3);
	CHECK_INT(q.ncards, 3);
	for (int i = 0; i < 3 && i < q.ncards; i++) {
		CHECK_INT(q.cards[i].card_id, c[i]);
		CHECK(q.cards[i].is_new);
		CHECK_INT(q.cards[i].version, 0);
		for (int k = 1; k < 4; k++)
			CHECK(q.cards[i].next_due[k] >= q.cards[i].next_due[k - 1]);
	}
	CHECK_STR(q.cards[0].front_md, "Question 1");
	/* the preview is exactly what a rating gives */
	struct srs_review_result res;
	CHECK_INT(review(c[0], FSRS_GOOD, 0, T0, &res), 0);
	CHECK_INT(res.after.due, q.cards[0].next_due[2]);
	CHECK_INT(review(c[1], FSRS_AGAIN, 0, T0 + 5, &res), 0);
	CHECK_INT(res.after.due, q.cards[1].next_due[0] + 5);
	CHECK_INT(review(c[2], FSRS_EASY, 0, T0 + 10, &res), 0);
	CHECK_INT(res.after.state, FSRS_REVIEW);
	/* three new cards seen today: no more today; the learning ones are
	** just ahead (within SRS_LEARN_AHEAD), Again's first */
	CHECK_INT(srs_queue_build(&R, deck, T0 + 20, 50, &q), 0);
	CHECK_INT(q.fresh, 0);
	CHECK_INT(q.due, 2);
	CHECK_INT(q.ncards, 2);
	if (q.ncards == 2) {
		CHECK_INT(q.cards[0].card_id, c[1]);
		CHECK_INT(q.cards[1].card_id, c[0]);
		CHECK(!q.cards[0].is_new);
		CHECK_INT(q.cards[0].version, 1);
	}
	/* two days later: the overdue learning cards first, then the two last new ones */
	CHECK_INT(srs_queue_build(&R, deck, T0 + 2 * 86400, 50, &q), 0);
	CHECK_INT(q.due, 2);
	CHECK_INT(q.fresh, 2);
	CHECK_INT(q.ncards, 4);
	if (q.ncards == 4) {
		CHECK_INT(q.cards[0].card_id, c[1]);
		CHECK_INT(q.cards[1].card_id, c[0]);
		CHECK_INT(q.cards[2].card_id, c[3]);
		CHECK_INT(q.cards[3].card_id, c[4]);
	}
	/* a limit of 1 card still counts everything */
	CHECK_INT(srs_queue_build(&R, deck, T0 + 2 * 86400, 1, &q), 0);
	CHECK_INT(q.ncards, 1);
	CHECK_INT(q.due + q.fresh, 4);
	/* a card of another deck is not in this deck's queue, but in the whole one */
	CHECK_INT(srs_queue_build(&R, W.deck2, T0, 50, &q), ERR_NOT_FOUND);
	int64_t due = srs_due_today(&R, W.learner);
	CHECK(due >= 2);
}

TEST(who_sees_what)
{
	in(&W);
	as(W.author, ROLE_AUTHOR);
	int64_t deck_card[1], other[1];
	note(W.deck, "basic", "Carte du paquet", "R", deck_card);
	note(W.deck2, "basic", "Carte d'un cours non suivi", "R", other);
	/* a learner's own card is theirs alone */
	as(W.learner, ROLE_LEARNER);
	int64_t own[1];
	int64_t own_note = note(W.deck, "basic", "Ma carte", "Mon verso", own);
	struct srs_note nt;
	CHECK_INT(srs_note_get(&R, own_note, &nt), 0);
	CHECK_INT(nt.owner_id, W.learner);
	CHECK_STR(nt.origin, "learner");
	struct srs_note *list;
	CHECK_INT(srs_notes_list(&R, W.deck, true, 0, 50, &list), 1);
	CHECK_INT(review(own[0], FSRS_GOOD, 0, T0, NULL), 0);
	CHECK_INT(review(other[0], FSRS_GOOD, 0, T0, NULL), ERR_NOT_FOUND);
	struct srs_deck d;
	CHECK_INT(srs_deck_get(&R, W.deck2, T0, &d), ERR_NOT_FOUND);
	as(W.learner2, ROLE_LEARNER);
	CHECK_INT(srs_note_get(&R, own_note, &nt), ERR_NOT_FOUND);
	CHECK_INT(review(own[0], FSRS_GOOD, 0, T0, NULL), ERR_NOT_FOUND);
	struct err e = {0};
	struct srs_note_input edit = {.front_md = "pris", .back_md = "pris"};
	CHECK_INT(srs_note_update(&R, own_note, &edit, &e), ERR_NOT_FOUND);
	CHECK_INT(srs_notes_list(&R, W.deck, true, 0, 50, &list), 0);
	struct srs_queue q;
	CHECK_INT(srs_queue_build(&R, W.deck, T0, 500, &q), 0);
	for (int i = 0; i < q.ncards; i++)
		CHECK(q.cards[i].card_id != own[0]);
	/* staff do not see learners' own cards either */
	as(W.teacher, ROLE_TEACHER);
	CHECK_INT(srs_note_get(&R, own_note, &nt), ERR_NOT_FOUND);
	CHECK_INT(srs_notes_list(&R, W.deck, false, 0, 500, &list) >= 1, 1);
	/* another tenant: nothing exists */
	in(&W2);
	as(W2.learner, ROLE_LEARNER);
	CHECK_INT(srs_deck_get(&R, W.deck, T0, &d), ERR_NOT_FOUND);
	CHECK_INT(review(deck_card[0], FSRS_GOOD, 0, T0, NULL), ERR_NOT_FOUND);
	CHECK_INT(srs_note_get(&R, own_note, &nt), ERR_NOT_FOUND);
	struct srs_undo_result u;
	CHECK_INT(srs_undo(&R, 0, 0, T0, &u, &e), ERR_NOT_FOUND);
	as(W2.author, ROLE_AUTHOR);
	settings(W.deck, "90", "80", "95", "20", true, ERR_NOT_FOUND);
	/* a hidden deck is not the learners' */
	in(&W);
	as(W.author, ROLE_AUTHOR);
	settings(W.deck, "90", "80", "95", "20", false, 0);
	as(W.learner, ROLE_LEARNER);
	CHECK_INT(srs_deck_get(&R, W.deck, T0, &d), ERR_NOT_FOUND);
	CHECK_INT(review(deck_card[0], FSRS_GOOD, 0, T0, NULL), ERR_NOT_FOUND);
	CHECK_INT(srs_queue_build(&R, W.deck, T0, 50, &q), ERR_NOT_FOUND);
	CHECK_INT(srs_queue_build(&R, 0, T0, 500, &q), 0);
	for (int i = 0; i < q.ncards; i++)
		CHECK(q.cards[i].deck_id != W.deck);
	as(W.author, ROLE_AUTHOR);
	settings(W.deck, "90", "80", "95", "20", true, 0);
	/* ratings are 1 to 4 */
	as(W.learner, ROLE_LEARNER);
	CHECK_INT(review(deck_card[0], 0, 0, T0, NULL), ERR_INVALID);
	CHECK_INT(review(deck_card[0], 5, 0, T0, NULL), ERR_INVALID);
}

TEST(cloze_edit_keeps_history)
{
	in(&W);
	as(W.author, ROLE_AUTHOR);
	int64_t cards[3] = {0};
	int64_t nid = note(W.deck2, "cloze", "{{c1::Paris}} et {{c2::Rome}}", "", cards);
	CHECK(cards[0] && cards[1] && !cards[2]);
	as(W.admin, ROLE_ADMIN);
	enrol(W.learner, W.course2);
	as(W.learner, ROLE_LEARNER);
	struct srs_review_result r1;
	CHECK_INT(review(cards[0], FSRS_EASY, 0, T0, &r1), 0);
	as(W.author, ROLE_AUTHOR);
	struct err e = {0};
	struct srs_note_input edit = {.front_md = "{{c1::Paris}}, capitale, et {{c3::Madrid}}"};
	CHECK_INT(srs_note_update(&R, nid, &edit, &e), 0);
	int64_t c3 = sql_int("SELECT id FROM srs_cards WHERE note_id = ? AND ord = 3 AND tenant_id = ?", nid, W.id);
	CHECK(c3 > 0);
	CHECK_INT(sql_int("SELECT active FROM srs_cards WHERE id = ? AND tenant_id = ?", cards[1], W.id), 0);
	CHECK_INT(sql_int("SELECT active FROM srs_cards WHERE id = ? AND tenant_id = ?", cards[0], W.id), 1);
	/* the learner's memory of card 1 is untouched */
	CHECK_INT(sql_int("SELECT reps FROM srs_states WHERE card_id = ? AND learner_id = ?", cards[0], W.learner), 1);
	CHECK_INT(sql_int("SELECT due FROM srs_states WHERE card_id = ? AND learner_id = ?", cards[0], W.learner),
	          r1.after.due);
	as(W.learner, ROLE_LEARNER);
	struct srs_queue q;
	CHECK_INT(srs_queue_build(&R, W.deck2, T0 + 60, 50, &q), 0);
	bool has3 = false;
	for (int i = 0; i < q.ncards; i++) {
		CHECK(q.cards[i].card_id != cards[1]);
		if (q.cards[i].card_id == c3) {
			has3 = true;
			CHECK(q.cards[i].is_new);
			CHECK_INT(q.cards[i].ord, 3);
		}
	}
	CHECK(has3);
	CHECK_INT(review(cards[1], FSRS_GOOD, 0, T0 + 60, NULL), ERR_NOT_FOUND); /* inactive */
	/* number 2 comes back: the same card, with what the learner had */
	as(W.author, ROLE_AUTHOR);
	edit.front_md = "{{c1::Paris}} {{c2::Rome}} {{c3::Madrid}}";
	CHECK_INT(srs_note_update(&R, nid, &edit, &e), 0);
	CHECK_INT(sql_int("SELECT active FROM srs_cards WHERE id = ? AND tenant_id = ?", cards[1], W.id), 1);
	CHECK_INT(sql_int("SELECT COUNT(*) FROM srs_cards WHERE note_id = ? AND tenant_id = ?", nid, W.id), 3);
	/* a cloze text without a cloze is refused; so is changing nothing into nothing */
	edit.front_md = "plus de trou";
	CHECK_INT(srs_note_update(&R, nid, &edit, &e), ERR_INVALID);
	CHECK_STR(e.field, "front");
	CHECK_INT(srs_note_delete(&R, nid, &e), 0);
	CHECK_INT(sql_int("SELECT COUNT(*) FROM srs_cards WHERE note_id = ? AND tenant_id = ? AND active = 1", nid, W.id), 0);
	/* the log stays */
	CHECK_INT(sql_int("SELECT COUNT(*) FROM srs_reviews WHERE card_id = ? AND learner_id = ?", cards[0], W.learner), 1);
}

TEST(repeats_conflicts_and_undo)
{
	in(&W);
	as(W.author, ROLE_AUTHOR);
	int64_t c[1];
	note(W.deck, "basic", "Répété", "R", c);
	as(W.learner2, ROLE_LEARNER);
	struct srs_review_result a, b;
	struct err e = {0};
	int64_t t = T0 + 3600;
	CHECK_INT(review(c[0], FSRS_GOOD, 0, t, &a), 0);
	CHECK(!a.repeat);
	CHECK_INT(a.version, 1);
	/* the same version again: counted once */
	CHECK_INT(review(c[0], FSRS_GOOD, 0, t + 1, &b), 0);
	CHECK(b.repeat);
	CHECK_INT(b.after.due, a.after.due);
	CHECK_INT(b.version, 1);
	/* the same version with another rating: refused */
	CHECK_INT(srs_review(&R, c[0], FSRS_EASY, 0, t + 2, &b, &e), ERR_CONFLICT);
	/* without a version: the same rating within the window is a repeat */
	CHECK_INT(review(c[0], FSRS_GOOD, -1, t + 3, &b), 0);
	CHECK(b.repeat);
	CHECK_INT(sql_int("SELECT COUNT(*) FROM srs_reviews WHERE card_id = ? AND learner_id = ?", c[0], W.learner2), 1);
	/* a card not due is refused; in its learning step (10 min) it may be rated ahead */
	CHECK_INT(review(c[0], FSRS_GOOD, 1, t + 60, &b), 0);
	CHECK(!b.repeat);
	CHECK_INT(b.after.state, FSRS_REVIEW);
	CHECK_INT(srs_review(&R, c[0], FSRS_GOOD, 2, t + 120, &b, &e), ERR_CONFLICT);
	/* undo, twice with the same review named: one undo */
	int64_t lc, lat;
	int lr;
	CHECK_INT(srs_last_review(&R, t + 130, &lc, &lat, &lr), 1);
	CHECK_INT(lc, c[0]);
	CHECK_INT(lat, t + 60);
	struct srs_undo_result u;
	CHECK_INT(srs_undo(&R, lc, lat, t + 130, &u, &e), 0);
	CHECK_INT(u.restored.state, FSRS_LEARNING);
	CHECK_INT(u.restored.due, a.after.due);
	CHECK_INT(srs_undo(&R, lc, lat, t + 131, &u, &e), ERR_CONFLICT);
	CHECK_INT(sql_int("SELECT reps FROM srs_states WHERE card_id = ? AND learner_id = ?", c[0], W.learner2), 1);
	/* the same rating again gives the same result as before the undo */
	CHECK_INT(review(c[0], FSRS_GOOD, 1, t + 60, &b), 0);
	CHECK_INT(b.after.due, t + 60 + (b.after.due - (t + 60)));
	/* undoing the first rating makes the card new again, first in the queue */
	CHECK_INT(srs_undo(&R, 0, 0, t + 200, &u, &e), 0);
	CHECK_INT(srs_undo(&R, 0, 0, t + 200, &u, &e), 0);
	CHECK(u.was_new);
	CHECK_INT(sql_int("SELECT COUNT(*) FROM srs_states WHERE card_id = ? AND learner_id = ?", c[0], W.learner2), 0);
	struct srs_queue q;
	CHECK_INT(srs_queue_build(&R, W.deck, t + 300, 500, &q), 0);
	bool back = false;
	for (int i = 0; i < q.ncards; i++)
		back |= q.cards[i].card_id == c[0] && q.cards[i].is_new;
	CHECK(back);
	CHECK_INT(srs_undo(&R, 0, 0, t + 300, &u, &e), ERR_NOT_FOUND);
	/* too old to undo */
	CHECK_INT(review(c[0], FSRS_GOOD, 0, t + 400, &b), 0);
	CHECK_INT(srs_undo(&R, 0, 0, t + 400 + SRS_UNDO_WINDOW + 1, &u, &e), ERR_NOT_FOUND);
}

/* ---- a better rating never gives a shorter interval ---- */

static uint64_t rng = 88172645463325252ull;

static double unit(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (double)(rng >> 11) * 0x1.0p-53;
}

TEST(better_rating_never_shorter_through_the_service)
{
	in(&W);
	as(W.author, ROLE_AUTHOR);
	int64_t cards[24];
	for (int i = 0; i < 24; i++) {
		char q[32];
		snprintf(q, sizeof q, "Propriété %d", i);
		note(W.deck, "basic", q, "R", &cards[i]);
	}
	as(W.learner3, ROLE_LEARNER);
	int checked = 0;
	int64_t clock = T0;
	for (int i = 0; i < 24; i++) {
		/* undo takes back the learner's latest review: time only goes forward */
		int64_t t = clock + (int64_t)(unit() * 5 * 86400), version = 0;
		for (int step = 0; step < 7; step++) {
			int64_t due[4];
			struct srs_review_result res;
			struct err e = {0};
			for (int rating = 1; rating <= 4; rating++) {
				CHECK_INT(srs_review(&R, cards[i], rating, version, t, &res, &e), 0);
				due[rating - 1] = res.after.due;
				struct srs_undo_result u;
				CHECK_INT(srs_undo(&R, cards[i], t, t, &u, &e), 0);
			}
			for (int k = 1; k < 4; k++) {
				CHECK(due[k] >= due[k - 1]);
				checked++;
			}
			double u = unit();
			int rating = u < 0.15 ? 1 : u < 0.25 ? 2 : u < 0.9 ? 3 : 4;
			CHECK_INT(srs_review(&R, cards[i], rating, version, t, &res, &e), 0);
			version = res.version;
			int64_t ivl = res.after.due - t;
			t = res.after.due + (res.after.state == FSRS_REVIEW ? (int64_t)(unit() * 1.5 * (double)ivl) : 0);
		}
		clock = t;
	}
	CHECK_INT(checked, 24 * 7 * 3);
	/* the card counters agree with the log, undos included */
	CHECK_INT(sql_int("SELECT COUNT(*) FROM srs_cards c WHERE c.tenant_id = ? AND c.deck_id = ? AND"
	                  " c.graded_reviews <> (SELECT COUNT(*) FROM srs_reviews r WHERE r.card_id = c.id"
	                  " AND r.state_before = 2)", W.id, W.deck), 0);
	CHECK_INT(sql_int("SELECT COUNT(*) FROM srs_cards c WHERE c.tenant_id = ? AND c.deck_id = ? AND"
	                  " c.lapses <> (SELECT COUNT(*) FROM srs_reviews r WHERE r.card_id = c.id"
	                  " AND r.state_before = 2 AND r.rating = 1)", W.id, W.deck), 0);
	CHECK(sql_int("SELECT SUM(graded_reviews) FROM srs_cards WHERE tenant_id = ? AND deck_id = ?", W.id, W.deck) > 50);
}

TEST(the_cards_learners_fail_most)
{
	in(&W);
	as(W.teacher, ROLE_TEACHER);
	struct srs_lapse_card *lc;
	int n = srs_lapse_cards(&R, W.deck, 1, 10, &lc);
	CHECK(n > 0);
	for (int i = 1; i < n; i++)
		CHECK(lc[i].lapses * lc[i - 1].reviews <= lc[i - 1].lapses * lc[i].reviews);
	if (n > 0)
		CHECK(lc[0].excerpt && strncmp(lc[0].excerpt, "Propriété", strlen("Propriété")) == 0);
	as(W.learner, ROLE_LEARNER);
	CHECK_INT(srs_lapse_cards(&R, W.deck, 1, 10, &lc), ERR_NOT_FOUND);
}

TEST(gift_questions_become_cards)
{
	in(&W);
	as(W.author, ROLE_AUTHOR);
	int64_t deck;
	struct err e = {0};
	int64_t c4 = course(&W, "C4");
	CHECK_INT(srs_deck_create(&R, c4, NULL, &deck, &e), 0);
	const char *gift =
		"::Capitale:: Quelle est la capitale de l'Italie ? {=Rome ~Milan ~Turin}\n\n"
		"Le soleil se lève à l'est. {T}\n\n"
		"La dérivée de exp est {=exp} elle-même.\n\n"
		"Associez. {=chat -> miaou =chien -> ouaf}\n\n"
		"Racontez vos vacances. {}\n\n"
		"Combien font 2 + 2 ? {#4}\n";
	struct srs_import_result res;
	CHECK_INT(srs_import_gift(&R, deck, gift, &res, &e), 0);
	CHECK_INT(res.questions, 6);
	CHECK_INT(res.skipped, 1);
	CHECK_INT(res.notes, 6);      /* 1 + 1 + 1 + 2 + 1 */
	CHECK_INT(res.cards, 6);
	CHECK_INT(sql_int("SELECT COUNT(*) FROM srs_notes WHERE tenant_id = ? AND deck_id = ? AND kind = 'cloze'", W.id, deck), 1);
	CHECK_INT(sql_int("SELECT COUNT(*) FROM srs_notes WHERE tenant_id = ? AND deck_id = ? AND origin = 'gift'", W.id, deck), 6);
	/* a file with an error creates nothing, and says where */
	CHECK_INT(srs_import_gift(&R, deck, "Bonne question {=oui ~non}\n\nMauvaise {=a ~b\n", &res, &e), ERR_INVALID);
	CHECK(strstr(e.msg, "3") != NULL);
	CHECK_INT(sql_int("SELECT COUNT(*) FROM srs_notes WHERE tenant_id = ? AND deck_id = ?", W.id, deck), 6);
	as(W.teacher, ROLE_TEACHER);
	CHECK_INT(srs_import_gift(&R, deck, gift, &res, &e), ERR_NOT_FOUND); /* not their course */
	CHECK_INT(srs_import_gift(&R, W.deck, gift, &res, &e), ERR_FORBIDDEN);
}

TEST(question_bank_becomes_cards)
{
	in(&W);
	as(W.author, ROLE_AUTHOR);
	struct err e = {0};
	struct question_import qi;
	const char *gift = "$CATEGORY: Révisions/Capitales\n\n"
		"Quelle est la capitale de l'Espagne ? {=Madrid ~Lisbonne ~Porto}\n\n"
		"La Loire se jette dans l'Atlantique. {T}\n\n"
		"Racontez un voyage. {}\n";
	CHECK_INT(questions_import(&R, gift, strlen(gift), NULL, true, &qi, &e), 0);
	struct question_category *cats;
	int nc = questions_categories(&R, &cats);
	int64_t cat = 0;
	for (int i = 0; i < nc; i++)
		if (strcmp(cats[i].path, "Révisions/Capitales") == 0)
			cat = cats[i].id;
	CHECK(cat > 0);
	int64_t deck, c5 = course(&W, "C5");
	CHECK_INT(srs_deck_create(&R, c5, NULL, &deck, &e), 0);
	struct srs_import_result res;
	CHECK_INT(srs_import_bank(&R, deck, cat, &res, &e), 0);
	CHECK_INT(res.questions, 3);
	CHECK_INT(res.notes, 2);
	CHECK_INT(res.skipped, 1);
	CHECK_INT(res.already, 0);
	CHECK_INT(sql_int("SELECT COUNT(*) FROM srs_notes WHERE tenant_id = ? AND deck_id = ? AND origin = 'question'"
	                  " AND source_id > 0", W.id, deck), 2);
	/* a second time, only what is new */
	CHECK_INT(srs_import_bank(&R, deck, cat, &res, &e), 0);
	CHECK_INT(res.already, 2);
	CHECK_INT(res.notes, 0);
	CHECK_INT(srs_import_bank(&R, deck, 999999, &res, &e), ERR_NOT_FOUND);
	as(W.learner, ROLE_LEARNER);
	CHECK_INT(srs_import_bank(&R, deck, cat, &res, &e), ERR_NOT_FOUND);
	in(&W2);
	as(W2.author, ROLE_AUTHOR);
	CHECK_INT(srs_import_bank(&R, W2.deck, cat, &res, &e), ERR_NOT_FOUND); /* another tenant's category */
}

/* ---- the optimizer through its job ---- */

static size_t simulate(const double *w, struct fsrs_review_log *logs, size_t cap, int64_t first_card)
{
	struct fsrs_scheduler s;
	fsrs_scheduler_init(&s);
	CHECK_INT(fsrs_scheduler_set_params(&s, w, FSRS_NPARAMS), 0);
	size_t n = 0;
	for (int64_t id = first_card; n < cap; id++) {
		int64_t t = T0 - 400 * 86400 + (int64_t)(unit() * 100 * 86400);
		struct fsrs_card c;
		fsrs_card_init(&c, id, t);
		for (int k = 0; k < 10 && n < cap; k++) {
			int rating;
			double u = unit();
			if (c.last_review == FSRS_NEVER || t - c.last_review < 86400)
				rating = u < 0.15 ? 1 : u < 0.25 ? 2 : u < 0.9 ? 3 : 4;
			else if (u >= fsrs_retrievability(&s, &c, t))
				rating = FSRS_AGAIN;
			else {
				double v = unit();
				rating = v < 0.15 ? 2 : v < 0.85 ? 3 : 4;
			}
			logs[n++] = (struct fsrs_review_log){id, t, rating};
			CHECK_INT(fsrs_review(&s, &c, rating, t, &c), 0);
			int64_t interval = c.due - t;
			t = c.due;
			if (c.state == FSRS_REVIEW)
				t += (int64_t)(unit() * 1.5 * (double)interval);
		}
	}
	return n;
}

/* Writes a simulated log as learner_id's reviews of deck. */
static void store_log(int64_t learner, int64_t deck, const struct fsrs_review_log *logs, size_t n)
{
	struct db *db = db_get();
	CHECK_INT(db_begin(db), 0);
	for (size_t i = 0; i < n; i++) {
		struct db_stmt *st = db_prepare(db,
			"INSERT INTO srs_reviews (tenant_id, learner_id, reviewed_at, card_id, deck_id, rating,"
			" elapsed_days, state_before, step_before, stability_before, difficulty_before, due_before,"
			" last_review_before, state_after, step_after, stability_after, difficulty_after, due_after)"
			" VALUES (?, ?, ?, ?, ?, ?, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0)");
		db_bind_int(st, 1, R.tenant.id);
		db_bind_int(st, 2, learner);
		db_bind_int(st, 3, logs[i].reviewed_at);
		db_bind_int(st, 4, logs[i].card_id);
		db_bind_int(st, 5, deck);
		db_bind_int(st, 6, logs[i].rating);
		CHECK_INT(db_run(st), 0);
	}
	CHECK_INT(db_commit(db), 0);
}

#define N_SIM 20000
static struct fsrs_review_log sim[N_SIM];

TEST(optimizer_recovers_parameters_through_the_job)
{
	in(&W2);
	double truth[FSRS_NPARAMS];
	memcpy(truth, fsrs_default_params, sizeof truth);
	truth[0] = 0.6;
	truth[1] = 2.0;
	truth[2] = 4.0;
	truth[3] = 12.0;
	truth[8] = 1.5;
	truth[11] = 2.2;
	truth[20] = 0.35;
	size_t n = simulate(truth, sim, N_SIM, 1000000);
	store_log(W2.learner, W2.deck, sim, n);
	as(W2.learner, ROLE_LEARNER);
	struct err e = {0};
	int64_t fit, again;
	CHECK_INT(srs_fit_request(&R, 0, &fit, &e), 0);
	CHECK_INT(srs_fit_request(&R, 0, &again, &e), ERR_CONFLICT);
	CHECK_INT(again, fit);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_INT(jobs_run_due(), 1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	struct srs_fit *f;
	CHECK_INT(srs_fits_list(&R, 0, 5, &f), 1);
	CHECK_INT(f[0].id, fit);
	CHECK_INT(f[0].status, SRS_FIT_DONE);
	CHECK_INT(f[0].outcome, FSRS_OPT_FITTED);
	CHECK_INT(f[0].n_reviews, (int64_t)n);
	CHECK(f[0].held_out);
	CHECK(f[0].n_test > 1000);
	CHECK(f[0].loss_fitted < f[0].loss_default);
	printf("srs fit job: %zu reviews in %.2f s; held-out log loss %.4f -> %.4f; w2 %.3f (truth %.1f),"
	       " w8 %.3f (truth %.1f), w20 %.3f (truth %.2f)\n", n,
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9,
	       f[0].loss_default, f[0].loss_fitted, f[0].w[2], truth[2], f[0].w[8], truth[8], f[0].w[20], truth[20]);
	/* the parameters the log determines best move towards the truth */
	static const int identified[] = {2, 8, 20};
	for (size_t k = 0; k < 3; k++) {
		int i = identified[k];
		CHECK(fabs(f[0].w[i] - truth[i]) < fabs(fsrs_default_params[i] - truth[i]));
	}
	/* and are the learner's from now on */
	double w[FSRS_NPARAMS];
	CHECK_INT(srs_params_of(&R, W2.learner, W2.deck, w), 2);
	CHECK(memcmp(w, f[0].w, sizeof w) == 0);
	/* another learner's log is not read; theirs is too short: defaults kept */
	as(W2.learner2, ROLE_LEARNER);
	store_log(W2.learner2, W2.deck, sim, 300);
	CHECK_INT(srs_fit_request(&R, 0, &fit, &e), 0);
	CHECK_INT(jobs_run_due(), 1);
	CHECK_INT(srs_fits_list(&R, 0, 5, &f), 1);
	CHECK_INT(f[0].outcome, FSRS_OPT_TOO_FEW_REVIEWS);
	CHECK_INT(f[0].n_reviews, 300);
	CHECK_INT(srs_params_of(&R, W2.learner2, W2.deck, w), 0);
	/* the course's fit reads its learners' reviews of the deck (staff only) */
	CHECK_INT(srs_fit_request(&R, W2.deck, &fit, &e), ERR_FORBIDDEN);
	as(W2.teacher, ROLE_TEACHER);
	CHECK_INT(srs_fit_request(&R, W2.deck, &fit, &e), 0);
	CHECK_INT(jobs_run_due(), 1);
	CHECK_INT(srs_fits_list(&R, W2.deck, 5, &f), 1);
	CHECK_INT(f[0].n_reviews, (int64_t)n + 300);
	CHECK_INT(f[0].outcome, FSRS_OPT_FITTED);
	CHECK_INT(srs_params_of(&R, W2.learner3, W2.deck, w), 1);
	in(&W);
	as(W.teacher, ROLE_TEACHER);
	CHECK_INT(srs_fits_list(&R, W2.deck, 5, &f), ERR_NOT_FOUND);
}

TEST(statistics_of_a_learner)
{
	in(&W2);
	as(W2.author, ROLE_AUTHOR);
	int64_t c[3];
	for (int i = 0; i < 3; i++)
		note(W2.deck, "basic", "Stat", "R", &c[i]);
	as(W2.learner3, ROLE_LEARNER);
	int64_t now = T0 + 20 * 86400;
	/* three days in a row up to today, then known cards seen again */
	for (int d = 2; d >= 0; d--)
		CHECK_INT(review(c[d], FSRS_EASY, 0, now - d * 86400 - 60, NULL), 0);
	struct srs_review_result res;
	int64_t t = now - 2 * 86400 - 60;
	int64_t due = sql_int("SELECT due FROM srs_states WHERE card_id = ? AND learner_id = ?", c[2], W2.learner3);
	CHECK(due > t);
	struct srs_stats s;
	CHECK_INT(srs_stats_learner(&R, now, &s), 0);
	CHECK_INT(s.total_reviews, 3);
	CHECK_INT(s.cards_seen, 3);
	CHECK_INT(s.streak, 3);
	CHECK(s.reviewed_today);
	CHECK_INT(s.reviews_per_day[SRS_STATS_DAYS - 1], 1);
	CHECK_INT(s.reviews_per_day[SRS_STATS_DAYS - 2], 1);
	CHECK_INT(s.reviews_per_day[SRS_STATS_DAYS - 3], 1);
	CHECK_INT(s.graded, 0);
	int64_t upcoming = 0;
	for (int i = 0; i < SRS_STATS_DAYS; i++)
		upcoming += s.due_per_day[i];
	CHECK_INT(upcoming, 3);
	/* recall of known cards: one Again, one Good, at their due time */
	CHECK_INT(review(c[2], FSRS_AGAIN, 1, due, &res), 0);
	int64_t due1 = sql_int("SELECT due FROM srs_states WHERE card_id = ? AND learner_id = ?", c[1], W2.learner3);
	CHECK_INT(review(c[1], FSRS_GOOD, 1, due1, &res), 0);
	CHECK_INT(srs_stats_learner(&R, due1 > due ? due1 : due, &s), 0);
	CHECK_INT(s.graded, 2);
	CHECK_INT(s.recalled, 1);
	CHECK_INT(s.desired, 900);
	CHECK_INT(s.ndecks, 1);
	CHECK_INT(s.decks[0].reviews, 2);
}

int main(void)
{
	setenv("TZ", "Europe/Paris", 1);
	tzset();
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(dir, sizeof dir, "%s/cartable-srs-XXXXXX", base);
	if (!mkdtemp(dir))
		return 1;
	char path[128];
	snprintf(path, sizeof path, "%s/t.db", dir);
	if (db_setup(path) != 0 || db_migrate() != 0)
		return 1;
	i18n_init();
	srs_setup();
	A = arena_new();
	R.arena = A;
	world(&W, "t1", true);
	world(&W2, "t2", false);
	RUN(retention_as_typed);
	RUN(deck_rules_and_bounds);
	RUN(queue_due_first_then_new_within_the_limit);
	RUN(who_sees_what);
	RUN(cloze_edit_keeps_history);
	RUN(repeats_conflicts_and_undo);
	RUN(better_rating_never_shorter_through_the_service);
	RUN(the_cards_learners_fail_most);
	RUN(gift_questions_become_cards);
	RUN(question_bank_becomes_cards);
	RUN(optimizer_recovers_parameters_through_the_job);
	RUN(statistics_of_a_learner);
	arena_free(A);
	db_shutdown();
	char cmd[160];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	TEST_END();
}
