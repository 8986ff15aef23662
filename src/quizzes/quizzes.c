/*
** This file implements the settings of quizzes (quizzes.h): reading a quiz
** item with its settings and slots, who may configure it, saving the
** settings, and adding or removing slots (a question of the bank, or a
** number of questions drawn from a category).
*/
#include "quizzes/quizzes.h"

#include <string.h>
#include <time.h>

#include "agenda/agenda.h"
#include "courses/courses.h"
#include "grades/grades.h"
#include "kernel/audit.h"
#include "kernel/db.h"
#include "kernel/i18n.h"
#include "questions/questions.h"

const char *quiz_review_code(enum quiz_review v)
{
	return v == QUIZ_REVIEW_NEVER ? "never" : v == QUIZ_REVIEW_CLOSED ? "closed" : "after";
}

static enum quiz_review review_from(const char *s)
{
	return str_eq(s, "never") ? QUIZ_REVIEW_NEVER : str_eq(s, "closed") ? QUIZ_REVIEW_CLOSED
	                                                                  : QUIZ_REVIEW_AFTER;
}

bool quiz_can_configure(struct req *r, int64_t course_id)
{
	if (r->user.roles & (ROLE_ADMIN | ROLE_AUTHOR))
		return true;
	return (r->user.roles & ROLE_TEACHER) && courses_is_staff(r, course_id, r->user.id);
}

static int read_slots(struct req *r, struct quiz *q)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "SELECT position, question_id, category_id, count"
	                                         " FROM quiz_slots WHERE tenant_id = ? AND item_id = ?"
	                                         " ORDER BY position") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, q->item_id);
	q->slots = arena_array(r->arena, QUIZ_MAX_QUESTIONS, sizeof *q->slots);
	int rc;
	while ((rc = db_step(st)) == DB_ROW && q->nslots < QUIZ_MAX_QUESTIONS) {
		struct quiz_slot *s = &q->slots[q->nslots++];
		s->position = (int)db_int(st, 0);
		s->question_id = db_int(st, 1);
		s->category_id = db_int(st, 2);
		s->count = s->question_id ? 1 : db_int(st, 3);
	}
	if (rc == DB_ROW)
		db_done(st);
	else if (rc < 0)
		return rc;
	for (int i = 0; i < q->nslots; i++) {
		struct quiz_slot *s = &q->slots[i];
		if (s->question_id) {
			struct question qq;
			s->label = questions_get(r, s->question_id, &qq) == 0
			           ? (qq.q.title && *qq.q.title ? qq.q.title : qq.q.text) : _("(question supprimée)");
		} else {
			struct question_category c;
			s->label = questions_category_get(r, s->category_id, &c) == 0 ? c.path : _("(catégorie supprimée)");
		}
		q->question_count += (int)s->count;
	}
	return 0;
}

int quiz_get(struct req *r, int64_t item_id, struct quiz *out)
{
	return quiz_get_for(r, item_id, 0, out);
}

int quiz_get_for(struct req *r, int64_t item_id, int64_t learner_id, struct quiz *out)
{
	memset(out, 0, sizeof *out);
	struct course_item it;
	int rc = courses_item_get(r, item_id, learner_id == r->user.id ? 0 : learner_id, &it);
	if (rc)
		return rc;
	if (strcmp(it.kind, "quiz") != 0)
		return ERR_NOT_FOUND;
	out->item_id = item_id;
	out->course_id = it.course_id;
	out->title = it.title;
	out->intro_md = it.body_md;
	out->published = it.published;
	out->max_attempts = 1;
	out->review = QUIZ_REVIEW_AFTER;
	out->max_grade = 2000;
	out->weight = 100;
	out->shuffle = true;
	struct course_outline o;
	out->course_title = courses_outline(r, it.course_id, learner_id == r->user.id ? 0 : learner_id, &o) == 0
	                    ? o.title : "";
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "SELECT time_limit, max_attempts, review, opens_at, closes_at,"
	                                         " max_grade, weight, shuffle FROM quizzes"
	                                         " WHERE tenant_id = ? AND item_id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, item_id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		out->configured = true;
		out->time_limit = db_int(st, 0);
		out->max_attempts = db_int(st, 1);
		out->review = review_from(db_text(st, 2));
		out->opens_at = db_int(st, 3);
		out->closes_at = db_int(st, 4);
		out->max_grade = db_int(st, 5);
		out->weight = db_int(st, 6);
		out->shuffle = db_int(st, 7) != 0;
		db_done(st);
	} else if (rc < 0)
		return rc;
	return read_slots(r, out);
}

static bool when(const char *date, const char *hm, int64_t *out)
{
	*out = 0;
	if (!date || str_empty(date))
		return true;
	return agenda_local_time(date, hm && *hm ? hm : NULL, out);
}

int quiz_settings_save(struct req *r, int64_t item_id, const struct quiz_settings_input *in,
                       struct err *e)
{
	struct quiz q;
	int rc = quiz_get(r, item_id, &q);
	if (rc)
		return rc;
	if (!quiz_can_configure(r, q.course_id))
		return err_set(e, ERR_FORBIDDEN, NULL, "%s", _("Réservé à l'équipe du cours et aux auteurs."));
	int64_t minutes = 0, attempts = 0, opens, closes, max_grade, weight;
	if (in->time_limit_minutes && !str_empty(in->time_limit_minutes) &&
	    (!str_to_int64(in->time_limit_minutes, &minutes) || minutes < 0 || minutes > 24 * 60))
		return err_set(e, ERR_INVALID, "time_limit", "%s",
		               _("La durée est un nombre de minutes entre 0 (sans limite) et 1440."));
	if (!in->max_attempts || !str_to_int64(in->max_attempts, &attempts) || attempts < 0 || attempts > 100)
		return err_set(e, ERR_INVALID, "max_attempts", "%s",
		               _("Le nombre de tentatives est un entier entre 0 (illimité) et 100."));
	if (!when(in->opens, in->opens_time, &opens))
		return err_set(e, ERR_INVALID, "opens", "%s", _("La date d'ouverture n'est pas une date JJ/MM/AAAA."));
	if (!when(in->closes, in->closes_time, &closes))
		return err_set(e, ERR_INVALID, "closes", "%s", _("La date de fermeture n'est pas une date JJ/MM/AAAA."));
	if (opens && closes && closes <= opens)
		return err_set(e, ERR_INVALID, "closes", "%s", _("Le quiz doit fermer après son ouverture."));
	if (!grades_parse(in->max_grade, &max_grade) || max_grade <= 0)
		return err_set(e, ERR_INVALID, "max_grade", "%s", _("La note maximale est un nombre positif, par exemple 20."));
	if (!grades_parse(in->weight, &weight))
		return err_set(e, ERR_INVALID, "weight", "%s", _("Le coefficient est un nombre, par exemple 1 ou 0,5."));
	const char *review = in->review;
	if (!str_eq(review, "never") && !str_eq(review, "after") && !str_eq(review, "closed"))
		return err_set(e, ERR_INVALID, "review", "%s", _("Choisissez quand les réponses sont montrées."));
	struct db *db = db_get();
	if (!db || db_begin(db) != 0)
		return ERR_INTERNAL;
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO quizzes (tenant_id, item_id, course_id, time_limit, max_attempts, review, opens_at,"
		" closes_at, max_grade, weight, shuffle, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		" ON CONFLICT (tenant_id, item_id) DO UPDATE SET time_limit = excluded.time_limit,"
		" max_attempts = excluded.max_attempts, review = excluded.review, opens_at = excluded.opens_at,"
		" closes_at = excluded.closes_at, max_grade = excluded.max_grade, weight = excluded.weight,"
		" shuffle = excluded.shuffle, updated_at = excluded.updated_at");
	if (!st)
		goto fail;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, item_id);
	db_bind_int(st, 3, q.course_id);
	db_bind_int(st, 4, minutes * 60);
	db_bind_int(st, 5, attempts);
	db_bind_text(st, 6, review);
	db_bind_int(st, 7, opens);
	db_bind_int(st, 8, closes);
	db_bind_int(st, 9, max_grade);
	db_bind_int(st, 10, weight);
	db_bind_int(st, 11, in->shuffle);
	db_bind_int(st, 12, (int64_t)time(NULL));
	if (db_run(st) != 0 || grades_item_update(r, "quiz", item_id, q.title, max_grade, weight) != 0)
		goto fail;
	audit_record(r, "quiz.settings", "course_item", item_id, "");
	return db_commit(db);
fail:
	db_rollback(db);
	return ERR_INTERNAL;
}

int quiz_slot_add(struct req *r, int64_t item_id, int64_t question_id, int64_t category_id, int64_t count,
                  struct err *e)
{
	struct quiz q;
	int rc = quiz_get(r, item_id, &q);
	if (rc)
		return rc;
	if (!quiz_can_configure(r, q.course_id))
		return err_set(e, ERR_FORBIDDEN, NULL, "%s", _("Réservé à l'équipe du cours et aux auteurs."));
	if (question_id) {
		struct question qq;
		if (questions_get(r, question_id, &qq) != 0)
			return err_set(e, ERR_INVALID, "question_id", "%s", _("Aucune question de la banque n'a ce numéro."));
		count = 1;
		category_id = 0;
	} else {
		struct question_category c;
		if (questions_category_get(r, category_id, &c) != 0)
			return err_set(e, ERR_INVALID, "category_id", "%s", _("Choisissez une catégorie de la banque."));
		if (count < 1 || count > 100)
			return err_set(e, ERR_INVALID, "count", "%s", _("Tirez entre 1 et 100 questions."));
		if (count > c.questions)
			return err_set(e, ERR_INVALID, "count", _("Cette catégorie n'a que %lld question(s)."),
			               (long long)c.questions);
	}
	if (q.question_count + count > QUIZ_MAX_QUESTIONS)
		return err_set(e, ERR_INVALID, "count", _("Un quiz a %d questions au plus."), QUIZ_MAX_QUESTIONS);
	int next = q.nslots ? q.slots[q.nslots - 1].position + 1 : 1;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "INSERT INTO quiz_slots (tenant_id, item_id, position,"
	                                         " question_id, category_id, count) VALUES (?, ?, ?, ?, ?, ?)") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, item_id);
	db_bind_int(st, 3, next);
	db_bind_int(st, 4, question_id);
	db_bind_int(st, 5, category_id);
	db_bind_int(st, 6, count);
	return db_run(st) == 0 ? 0 : ERR_INTERNAL;
}

int quiz_slot_remove(struct req *r, int64_t item_id, int position)
{
	struct quiz q;
	int rc = quiz_get(r, item_id, &q);
	if (rc)
		return rc;
	if (!quiz_can_configure(r, q.course_id))
		return ERR_FORBIDDEN;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "DELETE FROM quiz_slots WHERE tenant_id = ? AND item_id = ?"
	                                         " AND position = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, item_id);
	db_bind_int(st, 3, position);
	if (db_run(st) != 0)
		return ERR_INTERNAL;
	return db_changes(st) ? 0 : ERR_NOT_FOUND;
}

/* ---- For teachers ---- */

int quizzes_to_grade(struct req *r, struct quiz_to_grade **out)
{
	struct db *db = db_get();
	/* from the person's courses down, by indexes: no scan of every attempt */
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT i.id, i.title, c.title, COUNT(*) FROM course_staff s"
		" JOIN courses c ON c.tenant_id = s.tenant_id AND c.id = s.course_id"
		" JOIN course_items i ON i.tenant_id = s.tenant_id AND i.course_id = s.course_id AND i.kind = 'quiz'"
		" JOIN quiz_attempts a ON a.tenant_id = i.tenant_id AND a.item_id = i.id AND a.to_grade > 0"
		" AND a.finished_at > 0"
		" WHERE s.tenant_id = ? AND s.account_id = ?"
		" GROUP BY i.id, i.title, c.title ORDER BY MIN(a.finished_at), i.id LIMIT 50") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, r->user.id);
	struct quiz_to_grade *list = arena_array(r->arena, 50, sizeof *list);
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW && n < 50) {
		list[n].item_id = db_int(st, 0);
		list[n].title = db_text_dup(st, 1, r->arena);
		list[n].course_title = db_text_dup(st, 2, r->arena);
		list[n].attempts = db_int(st, 3);
		n++;
	}
	if (rc == DB_ROW)
		db_done(st);
	if (rc < 0)
		return rc;
	*out = list;
	return n;
}
