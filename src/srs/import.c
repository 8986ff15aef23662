/*
** This file implements turning questions into cards (srs.h): Moodle GIFT
** text read by gift_parse() (srs_import_gift()), or a category of the
** question bank (srs_import_bank(), through questions.h), written as deck
** notes through srs_note_add(), all in one transaction.
*/
#include "srs/srs.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "courses/courses.h"
#include "kernel/db.h"
#include "kernel/i18n.h"
#include "kernel/str.h"
#include "questions/questions.h"
#include "quizzes/gift.h"

#define IMPORT_MAX_NOTES 2000

static const char *number(struct arena *a, double v)
{
	char *s = arena_printf(a, "%.10g", v);
	if (i18n_lang() != LANG_EN)
		for (char *p = s; *p; p++)
			if (*p == '.')
				*p = ',';
	return s;
}

/* The right answers of a question, one per line ("- a"), or NULL. */
static const char *right_answers(struct arena *a, const struct gift_question *q)
{
	struct sb sb;
	sb_init(&sb, a, 128);
	int n = 0;
	for (size_t i = 0; i < q->nanswers; i++) {
		const struct gift_answer *ans = &q->answers[i];
		if (ans->fraction <= 0)
			continue;
		const char *text = ans->text;
		if (q->type == GIFT_NUMERICAL) {
			if (ans->num_kind == GIFT_NUM_VALUE)
				text = ans->tolerance > 0
					? arena_printf(a, "%s (± %s)", number(a, ans->value), number(a, ans->tolerance))
					: number(a, ans->value);
			else if (ans->num_kind == GIFT_NUM_RANGE)
				text = arena_printf(a, _("entre %s et %s"), number(a, ans->min), number(a, ans->max));
			else
				continue;
		}
		if (!text || !*text)
			continue;
		sb_printf(&sb, "%s%s", n ? "\n" : "", text);
		n++;
	}
	if (n == 0)
		return NULL;
	if (n == 1)
		return sb.buf;
	/* several: a list */
	struct sb list;
	sb_init(&list, a, sb.len + 16);
	const char *p = sb.buf;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		sb_adds(&list, "- ");
		sb_add(&list, p, len);
		sb_adds(&list, "\n");
		p += len + (nl ? 1 : 0);
	}
	return list.buf;
}

static const char *with_feedback(struct arena *a, const char *answer, const char *feedback)
{
	if (!feedback || !*feedback)
		return answer;
	return arena_printf(a, "%s\n\n%s", answer, feedback);
}

/* Replaces the first "_____" of text with a cloze of answer. */
static const char *as_cloze(struct arena *a, const char *text, const char *answer)
{
	const char *gap = strstr(text, "_____");
	if (!gap || strstr(answer, "}}") || strstr(answer, "::") || strchr(answer, '\n'))
		return NULL;
	return arena_printf(a, "%.*s{{c1::%s}}%s", (int)(gap - text), text, answer, gap + 5);
}

/* The notes one question makes, added to the deck; `base` gives their
** origin, source and image. */
static int import_question(struct req *r, int64_t deck_id, const struct gift_question *q,
                           const struct srs_note_input *base, struct srs_import_result *res,
                           struct err *e)
{
	struct arena *a = r->arena;
	struct srs_note_input in = *base;
	in.kind = "basic";
	int64_t id;
	int cards;
	if (q->type == GIFT_ESSAY || q->type == GIFT_DESCRIPTION) {
		res->skipped++;
		return 0;
	}
	if (q->type == GIFT_MATCHING) {
		int made = 0;
		for (size_t i = 0; i < q->npairs; i++) {
			if (!q->pairs[i].left || !*q->pairs[i].left)
				continue;
			in.front_md = *q->text ? arena_printf(a, "%s\n\n**%s**", q->text, q->pairs[i].left)
			                       : q->pairs[i].left;
			in.back_md = q->pairs[i].right;
			int rc = srs_note_add(r, deck_id, &in, &id, &cards, e);
			if (rc)
				return rc;
			res->notes++;
			res->cards += cards;
			made++;
		}
		if (!made)
			res->skipped++;
		return 0;
	}
	const char *answer;
	if (q->type == GIFT_TRUEFALSE)
		answer = q->correct ? _("Vrai") : _("Faux");
	else
		answer = right_answers(a, q);
	if (!answer || !*q->text) {
		res->skipped++;
		return 0;
	}
	const char *cloze = NULL;
	if (q->type != GIFT_TRUEFALSE && q->type != GIFT_NUMERICAL && !strchr(answer, '\n'))
		cloze = as_cloze(a, q->text, answer);
	if (cloze) {
		in.kind = "cloze";
		in.front_md = cloze;
		in.back_md = q->general_feedback;
	} else {
		in.front_md = q->text;
		in.back_md = with_feedback(a, answer, q->general_feedback);
	}
	int rc = srs_note_add(r, deck_id, &in, &id, &cards, e);
	if (rc)
		return rc;
	res->notes++;
	res->cards += cards;
	return 0;
}

int srs_import_gift(struct req *r, int64_t deck_id, const char *text, struct srs_import_result *res,
                    struct err *e)
{
	memset(res, 0, sizeof *res);
	struct srs_deck deck;
	int rc = srs_deck_get(r, deck_id, 0, &deck);
	if (rc)
		return rc;
	if (deck.access != COURSE_EDITOR)
		return err_set(e, ERR_FORBIDDEN, NULL, "%s", _("Seuls les auteurs importent des questions."));
	if (str_empty(text))
		return err_set(e, ERR_INVALID, "gift", "%s", _("Collez des questions au format GIFT."));
	struct gift_doc *doc = NULL;
	rc = gift_parse(text, strlen(text), &doc);
	if (rc == GIFT_ERR_SYNTAX && doc && doc->nerrors) {
		const struct gift_error *g = &doc->errors[0];
		res->error = g->line ? arena_printf(r->arena, _("ligne %d : %s"), g->line, g->message)
		                     : arena_strdup(r->arena, g->message);
		gift_doc_free(doc);
		return err_set(e, ERR_INVALID, "gift", "%s", res->error);
	}
	if (rc != 0 || !doc) {
		gift_doc_free(doc);
		return ERR_INTERNAL;
	}
	if (doc->nquestions > IMPORT_MAX_NOTES) {
		gift_doc_free(doc);
		return err_set(e, ERR_INVALID, "gift", _("%d questions au plus par import."), IMPORT_MAX_NOTES);
	}
	struct db *db = db_get();
	if (!db || db_begin(db) != 0) {
		gift_doc_free(doc);
		return ERR_INTERNAL;
	}
	res->questions = (int)doc->nquestions;
	for (size_t i = 0; i < doc->nquestions && rc == 0; i++) {
		rc = import_question(r, deck_id, &doc->questions[i], &(struct srs_note_input){.origin = "gift"},
		                     res, e);
		if (rc && doc->questions[i].line && e->code == ERR_INVALID) {
			char msg[sizeof e->msg];
			snprintf(msg, sizeof msg, "%s", e->msg);
			err_set(e, ERR_INVALID, "gift", _("Question de la ligne %d : %s"), doc->questions[i].line, msg);
		}
	}
	gift_doc_free(doc);
	if (rc) {
		db_rollback(db);
		memset(res, 0, sizeof *res);
		return rc;
	}
	return db_commit(db) == 0 ? 0 : ERR_INTERNAL;
}

/* Has a question already been turned into cards of this deck? */
static int already_in(struct db *db, struct req *r, int64_t deck_id, int64_t question_id)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT id FROM srs_notes WHERE tenant_id = ? AND deck_id = ? AND source_id = ? AND deleted_at = 0"
		" LIMIT 1");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, deck_id);
	db_bind_int(st, 3, question_id);
	int rc = db_step(st);
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : ERR_INTERNAL;
}

int srs_import_bank(struct req *r, int64_t deck_id, int64_t category_id, struct srs_import_result *res,
                    struct err *e)
{
	memset(res, 0, sizeof *res);
	struct srs_deck deck;
	int rc = srs_deck_get(r, deck_id, 0, &deck);
	if (rc)
		return rc;
	if (deck.access != COURSE_EDITOR || !questions_can_edit(r))
		return err_set(e, ERR_FORBIDDEN, NULL, "%s", _("Seuls les auteurs importent des questions."));
	struct question_category cat;
	rc = questions_category_get(r, category_id, &cat);
	if (rc)
		return rc;
	struct question *qs;
	int n = questions_in_category(r, category_id, false, &qs);
	if (n < 0)
		return n;
	if (n > IMPORT_MAX_NOTES)
		return err_set(e, ERR_INVALID, "category", _("%d questions au plus par import."), IMPORT_MAX_NOTES);
	struct db *db = db_get();
	if (!db || db_begin(db) != 0)
		return ERR_INTERNAL;
	res->questions = n;
	for (int i = 0; i < n && rc == 0; i++) {
		int had = already_in(db, r, deck_id, qs[i].id);
		if (had < 0) {
			rc = ERR_INTERNAL;
			break;
		}
		if (had) {
			res->already++;
			continue;
		}
		struct srs_note_input base = {.origin = "question", .source_id = qs[i].id};
		if (qs[i].media_sha256 && qs[i].media_type && str_starts(qs[i].media_type, "image/")) {
			base.image_sha256 = qs[i].media_sha256;
			base.image_type = qs[i].media_type;
			base.image_alt = qs[i].media_alt && *qs[i].media_alt ? qs[i].media_alt
			                                                    : _("Illustration de la question");
		}
		rc = import_question(r, deck_id, &qs[i].q, &base, res, e);
		if (rc && e->code == ERR_INVALID) {
			char msg[sizeof e->msg];
			snprintf(msg, sizeof msg, "%s", e->msg);
			err_set(e, ERR_INVALID, "category", _("Question n° %lld : %s"), (long long)qs[i].id, msg);
		}
	}
	if (rc) {
		db_rollback(db);
		memset(res, 0, sizeof *res);
		return rc;
	}
	return db_commit(db) == 0 ? 0 : ERR_INTERNAL;
}
