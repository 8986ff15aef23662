/*
** This file implements the learners' pages of quizzes: a quiz with its
** attempts, one question per page (each answer saved by its own request,
** without JavaScript), the summary before finishing, and the result with
** the review the quiz allows. Time left is the server's.
*/
#include <string.h>

#include "app/app.h"
#include "app/page.h"
#include "enrolment/enrolment.h"
#include "grades/grades.h"
#include "kernel/clock.h"
#include "kernel/files.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "kernel/markdown.h"
#include "questions/questions.h"
#include "quizzes/web.h"

char *quiz_time_left(struct arena *a, int64_t s)
{
	if (s < 0)
		s = 0;
	if (s >= 3600)
		return arena_printf(a, _("%lld h %02lld min"), (long long)(s / 3600), (long long)(s % 3600 / 60));
	if (s >= 60)
		return arena_printf(a, _("%lld min %02lld s"), (long long)(s / 60), (long long)(s % 60));
	return arena_printf(a, _("%lld s"), (long long)s);
}

static const char *grade_text(struct req *r, int64_t grade, int64_t max)
{
	if (grade < 0)
		return _("—");
	return arena_printf(r->arena, "%s / %s", grades_format(r->arena, grade), grades_format(r->arena, max));
}

/* ---- The quiz ---- */

/* GET /quiz/{id} */
int quiz_page_show(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct quiz q;
	int rc = quiz_get(r, id, &q);
	if (rc)
		return rc == ERR_NOT_FOUND ? page_not_found(r) : page_internal_error(r);
	bool learner = (r->user.roles & ROLE_LEARNER) != 0;
	struct quiz_attempt *at = NULL;
	int n = learner ? quiz_attempts_of(r, id, r->user.id, &at) : 0;
	if (n < 0)
		n = 0; /* not following the course: no attempts to show */
	struct html *h = page_begin(r, q.title);
	html_printf(h, "<p><a href=\"/mes-cours/%lld\">← %s</a></p><h1>%s</h1>", (long long)q.course_id,
	            q.course_title, q.title);
	html_printf(h, "<section class=\"prose\">");
	html_raw_trusted(h, markdown_to_html(r->arena, q.intro_md));
	html_printf(h, "</section><dl class=\"facts\">");
	html_printf(h, "<dt>%s</dt><dd>%d</dd>", _("Questions"), q.question_count);
	/* a learner with extra time (enrolment accommodations) is told their own */
	struct accommodation acc = {0};
	if (learner && q.time_limit && enrolment_follows(r, r->user.id, q.course_id, &acc) && acc.extra_time_pct > 0)
		html_printf(h, "<dt>%s</dt><dd>%s</dd>", _("Durée"),
		            arena_printf(r->arena, _("%s, pour vous %s avec votre temps supplémentaire"),
		                         quiz_time_left(r->arena, q.time_limit),
		                         quiz_time_left(r->arena, q.time_limit + q.time_limit * acc.extra_time_pct / 100)));
	else
		html_printf(h, "<dt>%s</dt><dd>%s</dd>", _("Durée"),
		            q.time_limit ? quiz_time_left(r->arena, q.time_limit) : _("sans limite"));
	html_printf(h, "<dt>%s</dt><dd>%s</dd>", _("Tentatives permises"),
	            q.max_attempts ? arena_printf(r->arena, "%lld", (long long)q.max_attempts) : _("illimitées"));
	if (q.opens_at)
		html_printf(h, "<dt>%s</dt><dd>%s</dd>", _("Ouverture"), fmt_datetime(r->arena, q.opens_at));
	if (q.closes_at)
		html_printf(h, "<dt>%s</dt><dd>%s</dd>", _("Fermeture"), fmt_datetime(r->arena, q.closes_at));
	html_printf(h, "<dt>%s</dt><dd>%s</dd></dl>", _("Correction"),
	            q.review == QUIZ_REVIEW_NEVER ? _("la note seulement")
	            : q.review == QUIZ_REVIEW_AFTER ? _("les bonnes réponses après chaque tentative")
	                                            : _("les bonnes réponses après la fermeture"));
	if (n > 0) {
		html_printf(h, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		            _("Vos tentatives"), _("Tentative"), _("Commencée le"), _("État"), _("Note"));
		for (int i = 0; i < n; i++)
			html_printf(h, "<tr><td><a href=\"/quiz/tentatives/%lld\">%lld</a></td><td>%s</td><td>%s</td>"
			               "<td>%s</td></tr>",
			            (long long)at[i].id, (long long)at[i].number, fmt_datetime(r->arena, at[i].started_at),
			            quiz_attempt_status_label(&at[i]), grade_text(r, at[i].grade, q.max_grade));
		html_printf(h, "</tbody></table>");
	}
	if (learner && q.published) {
		bool running = false;
		for (int i = 0; i < n; i++)
			running |= !at[i].finished_at;
		bool left = !q.max_attempts || n < q.max_attempts;
		if (running || left) {
			form_open(h, r, arena_printf(r->arena, "/quiz/%lld/commencer", (long long)id), false);
			form_close(h, running ? _("Reprendre la tentative en cours")
			                      : n ? _("Faire une nouvelle tentative") : _("Commencer le quiz"));
		} else
			html_printf(h, "<p>%s</p>", _("Vous avez utilisé toutes vos tentatives."));
	}
	if (quiz_can_configure(r, q.course_id))
		html_printf(h, "<p><a class=\"button\" href=\"/quiz/%lld/parametres\">%s</a> "
		               "<a href=\"/quiz/%lld/tentatives\">%s</a></p>",
		            (long long)id, _("Paramètres et questions"), (long long)id, _("Tentatives des apprenants"));
	return page_end(r, h);
}

/* POST /quiz/{id}/commencer */
int quiz_page_start(struct req *r)
{
	int64_t id, attempt;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct err e = {0};
	int rc = quiz_attempt_start(r, id, &attempt, &e);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc == ERR_CONFLICT) {
		page_flash(r, "error", e.msg);
		return reply_redirect(r, arena_printf(r->arena, "/quiz/%lld", (long long)id));
	}
	if (rc)
		return page_internal_error(r);
	return reply_redirect(r, arena_printf(r->arena, "/quiz/tentatives/%lld/questions/1", (long long)attempt));
}

/* ---- One attempt ---- */

static const char *media_url(struct req *r, int64_t attempt, const struct question *q)
{
	if (!q->media_sha256)
		return NULL;
	return arena_printf(r->arena, "/quiz/tentatives/%lld/media/%lld", (long long)attempt, (long long)q->id);
}

static void time_box(struct html *h, struct req *r, const struct quiz_attempt *a)
{
	if (!a->deadline_at)
		return;
	int64_t left = a->deadline_at - clock_now();
	/* static/timer.js counts down and says the data-say-* texts */
	html_printf(h, "<p class=\"timer\" data-left=\"%lld\" data-say-5=\"%s\" data-say-1=\"%s\" data-say-0=\"%s\">"
	               "%s <strong>%s</strong> (%s %s)</p><script src=\"/static/timer.js?v=%s\" defer></script>",
	            (long long)(left > 0 ? left : 0), _("Plus que 5 minutes."), _("Plus qu'une minute."),
	            _("Le temps est écoulé. Les réponses enregistrées avant la fin comptent."),
	            _("Temps restant :"), quiz_time_left(r->arena, left), _("fin à"),
	            fmt_datetime(r->arena, a->deadline_at), app_static_version());
}

/* The questions' numbers. On a question page (in_form) they are submit
** buttons of its form, so that going to another question saves the answer
** on the page first; elsewhere they are links. */
static void question_nav(struct html *h, const struct quiz_attempt *a, int current, bool in_form)
{
	html_printf(h, "<nav class=\"qnav\" aria-label=\"%s\"><ol>", _("Questions de la tentative"));
	for (int i = 0; i < a->nquestions; i++) {
		const char *state = a->answered[i] ? _("(répondue)") : _("(sans réponse)");
		if (in_form)
			html_printf(h, "<li><button type=\"submit\" name=\"go\" value=\"%d\"%s>%d<span class=\"visually-hidden\"> %s</span>"
			               "%s</button></li>",
			            i + 1, i + 1 == current ? " aria-current=page" : "", i + 1, state, a->answered[i] ? " ✓" : "");
		else
			html_printf(h, "<li><a href=\"/quiz/tentatives/%lld/questions/%d\">%d<span class=\"visually-hidden\"> %s</span>"
			               "%s</a></li>",
			            (long long)a->id, i + 1, i + 1, state, a->answered[i] ? " ✓" : "");
	}
	html_printf(h, "</ol></nav>");
}

static int render_question(struct req *r, int64_t aid, int n, const struct err *e)
{
	struct quiz_attempt a;
	struct quiz q;
	int rc = quiz_attempt_get(r, aid, &a, &q);
	if (rc)
		return rc == ERR_NOT_FOUND ? page_not_found(r) : page_internal_error(r);
	if (a.learner_id != r->user.id || n < 1 || n > a.nquestions)
		return page_not_found(r);
	if (a.finished_at && !(e && e->code))
		return reply_redirect(r, arena_printf(r->arena, "/quiz/tentatives/%lld", (long long)aid));
	struct question qq;
	rc = questions_get(r, a.questions[n - 1], &qq);
	if (rc)
		return page_internal_error(r);
	if (e && e->code)
		r->status = e->code == ERR_CONFLICT ? 409 : 400;
	const char *title = arena_printf(r->arena, _("%s — question %d sur %d"), q.title, n, a.nquestions);
	struct html *h = page_begin(r, title);
	html_printf(h, "<p><a href=\"/quiz/%lld\">← %s</a></p><h1>%s</h1>", (long long)q.item_id, q.title,
	            arena_printf(r->arena, _("Question %d sur %d"), n, a.nquestions));
	form_errors(h, e);
	if (a.finished_at) {
		html_printf(h, "<p><a class=\"button\" href=\"/quiz/tentatives/%lld\">%s</a></p>", (long long)aid,
		            _("Voir le résultat"));
		return page_end(r, h);
	}
	time_box(h, r, &a);
	form_open(h, r, arena_printf(r->arena, "/quiz/tentatives/%lld/questions/%d", (long long)aid, n), false);
	question_render(h, r, &qq, &(struct question_view){.field = "r", .media_url = media_url(r, aid, &qq),
	                                                    .seed = a.seed, .shuffle = q.shuffle,
	                                                    .response = a.responses[n - 1]});
	html_printf(h, "<div class=\"actions\">");
	if (n < a.nquestions)
		html_printf(h, "<button type=\"submit\" name=\"go\" value=\"next\">%s</button>",
		            _("Enregistrer et question suivante"));
	html_printf(h, "<button type=\"submit\" name=\"go\" value=\"summary\"%s>%s</button>",
	            n < a.nquestions ? " class=secondary" : "", _("Enregistrer et voir le récapitulatif"));
	if (n > 1)
		html_printf(h, "<button type=\"submit\" name=\"go\" value=\"prev\" class=\"secondary\">%s</button>",
		            _("Enregistrer et question précédente"));
	html_printf(h, "</div>");
	question_nav(h, &a, n, true);
	html_printf(h, "</form>");
	return page_end(r, h);
}

static int question_number(struct req *r, int64_t *aid, int *n)
{
	int st = route_id_or_reply(r, "id", aid);
	if (st)
		return st;
	int64_t v;
	if (!str_to_int64(req_param(r, "n"), &v) || v < 1 || v > QUIZ_MAX_QUESTIONS)
		return page_not_found(r);
	*n = (int)v;
	return 0;
}

/* GET /quiz/tentatives/{id}/questions/{n} */
int quiz_page_question(struct req *r)
{
	int64_t aid;
	int n;
	int st = question_number(r, &aid, &n);
	return st ? st : render_question(r, aid, n, NULL);
}

/* POST /quiz/tentatives/{id}/questions/{n}: r (r0, r1... for matching), go=next|prev|summary|<question number> */
int quiz_page_answer(struct req *r)
{
	int64_t aid;
	int n;
	int st = question_number(r, &aid, &n);
	if (st)
		return st;
	struct quiz_attempt a;
	int rc = quiz_attempt_get(r, aid, &a, NULL);
	if (rc)
		return rc == ERR_NOT_FOUND ? page_not_found(r) : page_internal_error(r);
	if (a.learner_id != r->user.id || n > a.nquestions)
		return page_not_found(r);
	struct question q;
	if (questions_get(r, a.questions[n - 1], &q) != 0)
		return page_internal_error(r);
	struct err e = {0};
	if (a.finished_at) { /* the time ran out, or it was handed in: nothing more */
		if (a.deadline_at && a.finished_at == a.deadline_at)
			err_set(&e, ERR_CONFLICT, NULL, "%s",
			        _("Le temps est écoulé : la réponse n'a pas été enregistrée. Les réponses données "
			          "avant la fin sont gardées."));
		else
			err_set(&e, ERR_CONFLICT, NULL, "%s",
			        _("Cette tentative est terminée : la réponse n'a pas été enregistrée."));
		return render_question(r, aid, n, &e);
	}
	const char *resp;
	rc = question_response_from_form(r, &q.q, "r", &resp, &e);
	if (rc == 0)
		rc = quiz_answer_save(r, aid, q.id, resp, &e);
	if (rc == ERR_INVALID || rc == ERR_CONFLICT)
		return render_question(r, aid, n, &e);
	if (rc)
		return rc == ERR_NOT_FOUND ? page_not_found(r) : page_internal_error(r);
	const char *go = req_form(r, "go");
	int64_t to;
	if (str_to_int64(go, &to) && to >= 1 && to <= a.nquestions)
		return reply_redirect(r, arena_printf(r->arena, "/quiz/tentatives/%lld/questions/%lld", (long long)aid, (long long)to));
	if (str_eq(go, "prev") && n > 1)
		return reply_redirect(r, arena_printf(r->arena, "/quiz/tentatives/%lld/questions/%d", (long long)aid, n - 1));
	if (str_eq(go, "next") && n < a.nquestions)
		return reply_redirect(r, arena_printf(r->arena, "/quiz/tentatives/%lld/questions/%d", (long long)aid, n + 1));
	return reply_redirect(r, arena_printf(r->arena, "/quiz/tentatives/%lld", (long long)aid));
}

/* The teacher's form for an essay; e: the refusal of what they just sent
** for this question, shown with what they typed. */
static void grading_form(struct html *h, struct req *r, const struct quiz_attempt *a, int i, const struct err *e)
{
	form_open(h, r, arena_printf(r->arena, "/quiz/tentatives/%lld/corriger", (long long)a->id), false);
	form_errors(h, e);
	html_printf(h, "<input type=\"hidden\" name=\"question_id\" value=\"%lld\">", (long long)a->questions[i]);
	const char *id = arena_printf(r->arena, "points-%d", i);
	const char *cid = arena_printf(r->arena, "comment-%d", i);
	const char *points = a->credits[i] >= 0 ? grades_format(r->arena, a->credits[i] / 100) : "";
	const char *comment = a->comments[i];
	if (e) {
		points = req_form(r, "points") ? req_form(r, "points") : "";
		comment = req_form(r, "comment") ? req_form(r, "comment") : "";
	}
	form_field(h, &(struct field_view){.name = "points", .id = id, .label = _("Points (0 à 1)"), .value = points}, e);
	form_field(h, &(struct field_view){.name = "comment", .id = cid, .type = "textarea",
	                                   .label = _("Commentaire pour l'apprenant"), .value = comment}, e);
	form_close(h, _("Enregistrer la correction"));
}

/* GET /quiz/tentatives/{id}: the summary while it runs, the result after */
int quiz_page_attempt(struct req *r)
{
	int64_t aid;
	int st = route_id_or_reply(r, "id", &aid);
	return st ? st : quiz_render_attempt(r, aid, 0, NULL);
}

int quiz_render_attempt(struct req *r, int64_t aid, int64_t refused_question, const struct err *e)
{
	struct quiz_attempt a;
	struct quiz q;
	int rc = quiz_attempt_get(r, aid, &a, &q);
	if (rc)
		return rc == ERR_NOT_FOUND ? page_not_found(r) : page_internal_error(r);
	if (e)
		r->status = 422;
	bool mine = a.learner_id == r->user.id;
	const char *title = arena_printf(r->arena, _("%s — tentative %lld"), q.title, (long long)a.number);
	struct html *h = page_begin(r, title);
	html_printf(h, "<p><a href=\"/quiz/%lld\">← %s</a></p><h1>%s</h1>", (long long)q.item_id, q.title, title);
	if (!mine)
		html_printf(h, "<p class=\"meta\">%s</p>", a.learner_name);
	if (!a.finished_at) {
		time_box(h, r, &a);
		int answered = 0;
		for (int i = 0; i < a.nquestions; i++)
			answered += a.answered[i];
		html_printf(h, "<p>%s</p>", arena_printf(r->arena, _("%d question(s) répondue(s) sur %d."), answered,
		                                         a.nquestions));
		if (mine) {
			question_nav(h, &a, 0, false);
			form_open(h, r, arena_printf(r->arena, "/quiz/tentatives/%lld/terminer", (long long)aid), false);
			form_close(h, _("Terminer et rendre la tentative"));
		}
		return page_end(r, h);
	}
	html_printf(h, "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>", _("État"),
	            quiz_attempt_status_label(&a), _("Note"), grade_text(r, a.grade, q.max_grade));
	html_printf(h, "<dt>%s</dt><dd>%s</dd></dl>", _("Points"),
	            arena_printf(r->arena, "%s / %s", grades_format(r->arena, (a.score < 0 ? 0 : a.score) / 100),
	                         grades_format(r->arena, a.max_score / 100)));
	bool right = quiz_show_right(r, &q, &a);
	bool staff = quiz_can_configure(r, q.course_id) || (r->user.roles & (ROLE_ADVISOR | ROLE_ADMIN)) ||
	             ((r->user.roles & ROLE_TEACHER) && !mine);
	if (!right && q.review == QUIZ_REVIEW_CLOSED)
		html_printf(h, "<p>%s</p>", _("Les bonnes réponses seront visibles après la fermeture du quiz."));
	for (int i = 0; i < a.nquestions; i++) {
		struct question qq;
		if (questions_get(r, a.questions[i], &qq) != 0)
			continue;
		html_printf(h, "<section class=\"reviewed\"><h2>%s</h2><div class=\"qtext\">",
		            arena_printf(r->arena, _("Question %d"), i + 1));
		question_text_html(h, r, qq.q.text, qq.q.format);
		html_printf(h, "</div>");
		int64_t credit = a.credits[i];
		if (!a.answered[i])
			credit = 0;
		question_review(h, r, &qq, a.responses[i], credit, right);
		if (a.comments[i][0])
			html_printf(h, "<p><strong>%s</strong> %s</p>", _("Commentaire de l'enseignant :"), a.comments[i]);
		if (staff && !mine && question_needs_teacher(&qq.q) && a.answered[i])
			grading_form(h, r, &a, i, a.questions[i] == refused_question ? e : NULL);
		html_printf(h, "</section>");
	}
	return page_end(r, h);
}

/* POST /quiz/tentatives/{id}/terminer */
int quiz_page_finish(struct req *r)
{
	int64_t aid;
	int st = route_id_or_reply(r, "id", &aid);
	if (st)
		return st;
	struct err e = {0};
	int rc = quiz_attempt_finish(r, aid, &e);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc)
		return page_internal_error(r);
	page_flash(r, "ok", _("Tentative rendue."));
	return reply_redirect(r, arena_printf(r->arena, "/quiz/tentatives/%lld", (long long)aid));
}

/* GET /quiz/tentatives/{id}/media/{qid} */
int quiz_page_media(struct req *r)
{
	int64_t aid, qid;
	int st = route_id_or_reply(r, "id", &aid);
	if (!st)
		st = route_id_or_reply(r, "qid", &qid);
	if (st)
		return st;
	struct quiz_attempt a;
	if (quiz_attempt_get(r, aid, &a, NULL) != 0)
		return page_not_found(r);
	bool in = false;
	for (int i = 0; i < a.nquestions; i++)
		in |= a.questions[i] == qid;
	struct question q;
	if (!in || questions_get(r, qid, &q) != 0 || !q.media_sha256)
		return page_not_found(r);
	req_add_header(r, "Cache-Control", "private, max-age=3600");
	return reply_file_inline(r, files_path(r->arena, q.media_sha256), q.media_type, q.media_name);
}
