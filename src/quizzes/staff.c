/*
** This file implements the staff's pages of quizzes: the settings (time,
** attempts, dates, review, grade) and the questions (a question of the
** bank, or a number drawn from a category), every learner's attempts, and
** the grading of essays.
*/
#include <string.h>

#include "app/page.h"
#include "grades/grades.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "questions/questions.h"
#include "quizzes/web.h"

static const char *date_of(struct req *r, int64_t t)
{
	return t ? fmt_date(r->arena, t) : "";
}

static const char *hm_of(struct req *r, int64_t t)
{
	if (!t)
		return "";
	const char *dt = fmt_datetime(r->arena, t); /* "29/11/2026 14:05" */
	size_t n = strlen(dt);
	return n >= 5 ? dt + n - 5 : "";
}

static int render_settings(struct req *r, int64_t id, const struct err *e)
{
	struct quiz q;
	int rc = quiz_get(r, id, &q);
	if (rc)
		return rc == ERR_NOT_FOUND ? page_not_found(r) : page_internal_error(r);
	if (!quiz_can_configure(r, q.course_id))
		return page_not_found(r);
	if (e && e->code)
		r->status = 400;
	struct html *h = page_begin(r, arena_printf(r->arena, _("Paramètres : %s"), q.title));
	html_printf(h, "<p><a href=\"/quiz/%lld\">← %s</a></p><h1>%s</h1>", (long long)id, q.title,
	            arena_printf(r->arena, _("Paramètres : %s"), q.title));
	bool settings_err = e && e->code && e->field && !str_eq(e->field, "count") &&
	                    !str_eq(e->field, "category_id") && !str_eq(e->field, "question_id");
	form_open(h, r, arena_printf(r->arena, "/quiz/%lld/parametres", (long long)id), false);
	form_errors(h, settings_err ? e : NULL);
	const char *v;
	v = settings_err ? req_form(r, "time_limit") : arena_printf(r->arena, "%lld", (long long)(q.time_limit / 60));
	form_field(h, &(struct field_view){.name = "time_limit", .type = "number", .label = _("Durée en minutes"),
	                                   .hint = _("0 : sans limite. Le temps supplémentaire accordé à un apprenant s'y ajoute."),
	                                   .value = v}, e);
	v = settings_err ? req_form(r, "max_attempts") : arena_printf(r->arena, "%lld", (long long)q.max_attempts);
	form_field(h, &(struct field_view){.name = "max_attempts", .type = "number", .label = _("Tentatives permises"),
	                                   .hint = _("0 : illimitées. La meilleure note compte."), .value = v}, e);
	form_field(h, &(struct field_view){.name = "opens", .label = _("Ouverture (JJ/MM/AAAA, facultative)"),
	                                   .value = settings_err ? req_form(r, "opens") : date_of(r, q.opens_at)}, e);
	form_field(h, &(struct field_view){.name = "opens_time", .label = _("Heure d'ouverture (HH:MM)"),
	                                   .value = settings_err ? req_form(r, "opens_time") : hm_of(r, q.opens_at)}, e);
	form_field(h, &(struct field_view){.name = "closes", .label = _("Fermeture (JJ/MM/AAAA, facultative)"),
	                                   .value = settings_err ? req_form(r, "closes") : date_of(r, q.closes_at)}, e);
	form_field(h, &(struct field_view){.name = "closes_time", .label = _("Heure de fermeture (HH:MM)"),
	                                   .value = settings_err ? req_form(r, "closes_time") : hm_of(r, q.closes_at)}, e);
	struct option reviews[] = {
		{"after", _("Après chaque tentative")},
		{"closed", _("Après la fermeture du quiz")},
		{"never", _("Jamais (la note seulement)")},
	};
	form_select(h, "review", _("Montrer les bonnes réponses"), reviews, 3, quiz_review_code(q.review), e);
	form_field(h, &(struct field_view){.name = "max_grade", .label = _("Note sur"),
	                                   .value = settings_err ? req_form(r, "max_grade") : grades_format(r->arena, q.max_grade)}, e);
	form_field(h, &(struct field_view){.name = "weight", .label = _("Coefficient"),
	                                   .value = settings_err ? req_form(r, "weight") : grades_format(r->arena, q.weight)}, e);
	form_checkbox(h, "shuffle", _("Mélanger les réponses à chaque tentative"), q.shuffle);
	form_close(h, _("Enregistrer les paramètres"));

	html_printf(h, "<h2>%s</h2>", _("Questions"));
	if (q.nslots == 0)
		html_printf(h, "<p class=\"empty\">%s</p>", _("Aucune question pour l'instant."));
	else
		html_printf(h, "<ol>");
	for (int i = 0; i < q.nslots; i++) {
		const struct quiz_slot *s = &q.slots[i];
		html_printf(h, "<li>");
		if (s->question_id)
			html_printf(h, "%s <a href=\"/banque/questions/%lld\">%s</a> ", _("Question :"),
			            (long long)s->question_id, s->label);
		else
			html_printf(h, "%s ", arena_printf(r->arena, _("%lld question(s) tirée(s) au hasard de « %s »"),
			                                   (long long)s->count, s->label));
		button_form(h, r, arena_printf(r->arena, "/quiz/%lld/questions/%d/retirer", (long long)id, s->position),
		            _("Retirer"), "secondary");
		html_printf(h, "</li>");
	}
	if (q.nslots)
		html_printf(h, "</ol>");
	bool slot_err = e && e->code && !settings_err;
	html_printf(h, "<h3>%s</h3>", _("Tirer des questions au hasard d'une catégorie"));
	struct question_category *cats;
	int nc = questions_categories(r, &cats);
	struct option *opts = arena_array(r->arena, (size_t)(nc > 0 ? nc : 1), sizeof *opts);
	for (int i = 0; i < nc; i++)
		opts[i] = (struct option){arena_printf(r->arena, "%lld", (long long)cats[i].id),
		                          arena_printf(r->arena, "%s (%lld)", cats[i].path, (long long)cats[i].questions)};
	form_open(h, r, arena_printf(r->arena, "/quiz/%lld/questions", (long long)id), false);
	form_errors(h, slot_err ? e : NULL);
	form_select(h, "category_id", _("Catégorie de la banque"), opts, nc > 0 ? nc : 0, req_form(r, "category_id"), e);
	form_field(h, &(struct field_view){.name = "count", .type = "number", .label = _("Nombre de questions"),
	                                   .value = "5"}, e);
	form_close(h, _("Ajouter le tirage"));
	html_printf(h, "<h3>%s</h3>", _("Ajouter une question précise"));
	form_open(h, r, arena_printf(r->arena, "/quiz/%lld/questions", (long long)id), false);
	form_field(h, &(struct field_view){.name = "question_id", .type = "number", .label = _("Numéro de la question"),
	                                   .hint = _("Le numéro figure dans l'adresse de la question, dans la banque.")}, e);
	form_close(h, _("Ajouter la question"));
	html_printf(h, "<p><a href=\"/banque\">%s</a></p>", _("Ouvrir la banque de questions"));
	return page_end(r, h);
}

/* GET /quiz/{id}/parametres */
int quiz_page_settings(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	return st ? st : render_settings(r, id, NULL);
}

/* POST /quiz/{id}/parametres: time_limit, max_attempts, opens, opens_time,
** closes, closes_time, review, max_grade, weight, shuffle */
int quiz_page_settings_save(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct quiz_settings_input in = {
		.time_limit_minutes = req_form(r, "time_limit"), .max_attempts = req_form(r, "max_attempts"),
		.review = req_form(r, "review"), .opens = req_form(r, "opens"), .opens_time = req_form(r, "opens_time"),
		.closes = req_form(r, "closes"), .closes_time = req_form(r, "closes_time"),
		.max_grade = req_form(r, "max_grade"), .weight = req_form(r, "weight"),
		.shuffle = str_eq(req_form(r, "shuffle"), "1"),
	};
	struct err e = {0};
	int rc = quiz_settings_save(r, id, &in, &e);
	if (rc == ERR_NOT_FOUND || rc == ERR_FORBIDDEN)
		return page_not_found(r);
	if (rc == ERR_INVALID)
		return render_settings(r, id, &e);
	if (rc)
		return page_internal_error(r);
	page_flash(r, "ok", _("Les paramètres du quiz sont enregistrés."));
	return reply_redirect(r, arena_printf(r->arena, "/quiz/%lld/parametres", (long long)id));
}

/* POST /quiz/{id}/questions: category_id and count, or question_id */
int quiz_page_slot_add(struct req *r)
{
	int64_t id, qid = 0, cat = 0, count = 1;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	const char *qs = req_form(r, "question_id");
	struct err e = {0};
	if (qs && *qs) {
		if (!str_to_int64(qs, &qid) || qid <= 0) {
			err_set(&e, ERR_INVALID, "question_id", "%s", _("Aucune question de la banque n'a ce numéro."));
			return render_settings(r, id, &e);
		}
	} else if (!str_to_int64(req_form(r, "category_id"), &cat) || !str_to_int64(req_form(r, "count"), &count)) {
		err_set(&e, ERR_INVALID, "count", "%s", _("Choisissez une catégorie et un nombre de questions."));
		return render_settings(r, id, &e);
	}
	int rc = quiz_slot_add(r, id, qid, cat, count, &e);
	if (rc == ERR_NOT_FOUND || rc == ERR_FORBIDDEN)
		return page_not_found(r);
	if (rc == ERR_INVALID)
		return render_settings(r, id, &e);
	if (rc)
		return page_internal_error(r);
	page_flash(r, "ok", _("Les questions sont ajoutées au quiz."));
	return reply_redirect(r, arena_printf(r->arena, "/quiz/%lld/parametres", (long long)id));
}

/* POST /quiz/{id}/questions/{pos}/retirer */
int quiz_page_slot_remove(struct req *r)
{
	int64_t id, pos;
	int st = route_id_or_reply(r, "id", &id);
	if (!st)
		st = route_id_or_reply(r, "pos", &pos);
	if (st)
		return st;
	int rc = quiz_slot_remove(r, id, (int)pos);
	if (rc == ERR_NOT_FOUND || rc == ERR_FORBIDDEN)
		return page_not_found(r);
	if (rc)
		return page_internal_error(r);
	return reply_redirect(r, arena_printf(r->arena, "/quiz/%lld/parametres", (long long)id));
}

/* GET /quiz/{id}/tentatives */
int quiz_page_attempts(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct quiz q;
	int rc = quiz_get(r, id, &q);
	struct quiz_attempt *a;
	int n = rc ? rc : quiz_attempts_all(r, id, &a);
	if (n == ERR_NOT_FOUND)
		return page_not_found(r);
	if (n < 0)
		return page_internal_error(r);
	struct html *h = page_begin(r, arena_printf(r->arena, _("Tentatives : %s"), q.title));
	html_printf(h, "<p><a href=\"/quiz/%lld\">← %s</a></p><h1>%s</h1>", (long long)id, q.title,
	            arena_printf(r->arena, _("Tentatives : %s"), q.title));
	if (n == 0) {
		html_printf(h, "<p class=\"empty\">%s</p>", _("Aucune tentative pour l'instant."));
		return page_end(r, h);
	}
	html_printf(h, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
	            _("Tentatives des apprenants, rédactions à corriger d'abord"), _("Apprenant"), _("Tentative"),
	            _("Commencée le"), _("État"), _("Note"));
	for (int i = 0; i < n; i++)
		html_printf(h, "<tr><td>%s</td><td><a href=\"/quiz/tentatives/%lld\">%lld</a></td><td>%s</td>"
		               "<td>%s</td><td>%s</td></tr>",
		            a[i].learner_name, (long long)a[i].id, (long long)a[i].number,
		            fmt_datetime(r->arena, a[i].started_at), quiz_attempt_status_label(&a[i]),
		            a[i].grade >= 0 ? arena_printf(r->arena, "%s / %s", grades_format(r->arena, a[i].grade),
		                                           grades_format(r->arena, q.max_grade)) : _("—"));
	html_printf(h, "</tbody></table>");
	return page_end(r, h);
}

/* POST /quiz/tentatives/{id}/corriger: question_id, points (0 to 1), comment */
int quiz_page_grade(struct req *r)
{
	int64_t aid, qid, hundredths;
	int st = route_id_or_reply(r, "id", &aid);
	if (st)
		return st;
	struct err e = {0};
	if (!str_to_int64(req_form(r, "question_id"), &qid))
		return page_not_found(r);
	int rc;
	if (!grades_parse(req_form(r, "points"), &hundredths))
		rc = err_set(&e, ERR_INVALID, "points", "%s", _("Les points vont de 0 à 1."));
	else
		rc = quiz_grade_essay(r, aid, qid, hundredths * 100, req_form(r, "comment"), &e);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc == ERR_INVALID || rc == ERR_CONFLICT)
		return quiz_render_attempt(r, aid, qid, &e); /* with what was typed */
	if (rc)
		return page_internal_error(r);
	page_flash(r, "ok", _("La correction est enregistrée."));
	return reply_redirect(r, arena_printf(r->arena, "/quiz/tentatives/%lld", (long long)aid));
}
