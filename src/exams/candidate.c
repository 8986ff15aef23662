/*
** This file implements the candidates' pages: entering with the session
** code and the personal code, one question per page (each answer saved by
** its own request, without JavaScript), the summary, finishing, the
** result, and the public verification of a certificate. A candidate has no
** account: the secret of their attempt, in a session cookie, is what lets
** them in; the clock is the server's.
*/
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/page.h"
#include "exams/web.h"
#include "kernel/files.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "questions/questions.h"

/* ---- The attempt of this browser ---- */

/* Reads the cookie "<id>.<secret>" into the attempt it opens; ERR_NOT_FOUND. */
static int cookie_attempt(struct req *r, struct exam_attempt *a)
{
	const char *c = req_cookie(r, EXAM_TOKEN_COOKIE);
	const char *dot = c ? strchr(c, '.') : NULL;
	if (!dot)
		return ERR_NOT_FOUND;
	int64_t id;
	if (!str_to_int64(arena_strndup(r->arena, c, (size_t)(dot - c)), &id) || id <= 0)
		return ERR_NOT_FOUND;
	return exams_attempt_auth(r, id, dot + 1, a);
}

/* The attempt of the cookie, or the entrance page (status returned). */
static int attempt_or_entrance(struct req *r, struct exam_attempt *a)
{
	int rc = cookie_attempt(r, a);
	if (rc == ERR_NOT_FOUND && req_cookie(r, EXAM_TOKEN_COOKIE)) {
		/* this browser had an attempt whose secret no longer opens it: the
		** candidate entered again on another device */
		page_flash(r, "error", str_eq(r->method, "POST")
		           ? _("Votre épreuve a été reprise sur un autre appareil : cette page ne peut plus "
		               "enregistrer de réponses, et la dernière n'a pas été enregistrée. Pour continuer ici, "
		               "entrez de nouveau vos codes : l'autre appareil sera arrêté à son tour.")
		           : _("Votre épreuve a été reprise sur un autre appareil. Pour continuer ici, entrez de "
		               "nouveau vos codes : l'autre appareil sera arrêté à son tour."));
		return reply_redirect(r, "/examen");
	}
	if (rc == ERR_NOT_FOUND) {
		page_flash(r, "error", _("Entrez d'abord le code de la session et votre code personnel."));
		return reply_redirect(r, "/examen");
	}
	if (rc)
		return page_internal_error(r);
	return 0;
}

static void timer(struct html *h, struct req *r, const struct exam_attempt *a)
{
	int64_t left = exams_time_left(a);
	/* static/timer.js counts down and says the data-say-* texts */
	html_printf(h, "<p class=\"timer\" data-left=\"%lld\" data-say-5=\"%s\" data-say-1=\"%s\" data-say-0=\"%s\">"
	               "%s <strong>%s</strong> (%s %s)</p><script src=\"/static/timer.js?v=%s\" defer></script>",
	            (long long)left, _("Plus que 5 minutes."), _("Plus qu'une minute."),
	            _("Le temps est écoulé. Les réponses enregistrées avant la fin comptent."),
	            _("Temps restant :"), arena_printf(r->arena, left >= 60 ? _("%lld min %02lld s") : _("%lld s"),
	                                                 (long long)(left >= 60 ? left / 60 : left), (long long)(left % 60)),
	            _("fin à"), fmt_datetime(r->arena, a->deadline_at), app_static_version());
}

/* The questions' numbers. On a question page (in_form) they are submit
** buttons of its form: going to another question saves the answer on the
** page first, as the other buttons do, so a choice made and not yet saved
** is not lost; elsewhere they are links. */
static void nav(struct html *h, const struct exam_attempt *a, int current, bool in_form)
{
	html_printf(h, "<nav class=\"qnav\" aria-label=\"%s\"><ol>", _("Questions de l'épreuve"));
	for (int i = 0; i < a->nquestions; i++) {
		if (in_form)
			html_printf(h, "<li><button type=\"submit\" name=\"go\" value=\"%d\"%s>%d<span class=\"visually-hidden\"> %s</span>%s</button></li>",
			            i + 1, i + 1 == current ? " aria-current=page" : "", i + 1,
			            a->answered[i] ? _("(répondue)") : _("(sans réponse)"), a->answered[i] ? " ✓" : "");
		else
			html_printf(h, "<li><a href=\"/examen/epreuve/%d\">%d<span class=\"visually-hidden\"> %s</span>%s</a></li>",
			            i + 1, i + 1, a->answered[i] ? _("(répondue)") : _("(sans réponse)"), a->answered[i] ? " ✓" : "");
	}
	html_printf(h, "</ol></nav>");
}

/* ---- Entrance ---- */

static int render_entrance(struct req *r, const struct err *e)
{
	struct html *h = page_begin(r, _("Passer l'épreuve"));
	html_printf(h, "<h1>%s</h1>", _("Passer l'épreuve"));
	struct exam_attempt a;
	/* no "resume" link: on a school's shared computer the next pupil would
	** land in the exam of the one before; the codes resume it */
	if (!(e && e->code) && cookie_attempt(r, &a) == 0 && !a.finished_at)
		html_printf(h, "<div class=\"flash ok\" role=\"status\"><p>%s</p></div>",
		            _("Une épreuve est en cours sur cet ordinateur : pour la reprendre, entrez à nouveau "
		              "le code de la session et votre code personnel."));
	html_printf(h, "<p>%s</p>",
	            _("Le surveillant vous donne le code de la session. Votre code personnel est sur votre "
	              "convocation. Les lettres peuvent être tapées en minuscules ; il n'y a ni O ni I ni L, "
	              "ni 0 ni 1."));
	form_open(h, r, "/examen", false);
	form_errors(h, e);
	form_field(h, &(struct field_view){.name = "session_code", .label = _("Code de la session"),
	                                   .value = req_form(r, "session_code"), .autocomplete = "off",
	                                   .required = true}, NULL);
	form_field(h, &(struct field_view){.name = "candidate_code", .label = _("Votre code personnel"),
	                                   .hint = _("Huit caractères, par exemple ABCD-EFGH."), .autocomplete = "off",
	                                   .required = true}, NULL);
	form_close(h, _("Commencer l'épreuve"));
	html_printf(h, "<p>%s</p>", _("Page fermée, connexion coupée ? Entrez de nouveau vos codes : vous retrouvez votre "
	                              "épreuve là où vous l'aviez laissée, avec vos réponses enregistrées. Le temps, lui, "
	                              "continue de passer."));
	html_printf(h, "<p><a href=\"/entrainement\">%s</a></p>", _("S'entraîner sans compte, avant l'épreuve"));
	return page_end(r, h);
}

/* GET /examen */
int exams_page_entrance(struct req *r)
{
	return render_entrance(r, NULL);
}

/* POST /examen: session_code, candidate_code */
int exams_page_enter(struct req *r)
{
	struct err e = {0};
	int64_t id;
	char token[64];
	int rc = exams_enter(r, req_form(r, "session_code"), req_form(r, "candidate_code"), &id, token, &e);
	if (rc == ERR_INVALID || rc == ERR_CONFLICT || rc == ERR_THROTTLED) {
		r->status = rc == ERR_INVALID ? 400 : rc == ERR_CONFLICT ? 409 : 429;
		return render_entrance(r, &e);
	}
	if (rc)
		return page_internal_error(r);
	req_set_cookie(r, EXAM_TOKEN_COOKIE, arena_printf(r->arena, "%lld.%s", (long long)id, token), 0);
	return reply_redirect(r, "/examen/epreuve/1");
}

/* ---- Questions ---- */

static int question_n(struct req *r, int *n)
{
	int64_t v;
	if (!str_to_int64(req_param(r, "n"), &v) || v < 1 || v > EXAM_MAX_QUESTIONS)
		return page_not_found(r);
	*n = (int)v;
	return 0;
}

static int render_question(struct req *r, struct exam_attempt *a, int n, const struct err *e)
{
	if (n > a->nquestions)
		return page_not_found(r);
	if (exams_attempt_answers(r, a) != 0)
		return page_internal_error(r);
	struct question q;
	if (questions_get(r, a->questions[n - 1], &q) != 0)
		return page_internal_error(r);
	if (e && e->code)
		r->status = e->code == ERR_CONFLICT ? 409 : 400;
	const char *title = arena_printf(r->arena, _("Question %d sur %d"), n, a->nquestions);
	struct html *h = page_begin(r, title);
	html_printf(h, "<p class=\"meta\">%s · %s</p><h1>%s</h1>", a->exam_title, a->candidate_name, title);
	form_errors(h, e);
	if (a->finished_at) {
		html_printf(h, "<p><a class=\"button\" href=\"/examen/resultat\">%s</a></p>", _("Voir le résultat"));
		return page_end(r, h);
	}
	timer(h, r, a);
	form_open(h, r, arena_printf(r->arena, "/examen/epreuve/%d", n), false);
	const char *media = q.media_sha256 ? arena_printf(r->arena, "/examen/media/%lld", (long long)q.id) : NULL;
	question_render(h, r, &q, &(struct question_view){.field = "r", .media_url = media, .seed = a->seed,
	                                                  .shuffle = true, .response = a->responses[n - 1]});
	html_printf(h, "<div class=\"actions\">");
	if (n < a->nquestions)
		html_printf(h, "<button type=\"submit\" name=\"go\" value=\"next\">%s</button>",
		            _("Enregistrer et question suivante"));
	html_printf(h, "<button type=\"submit\" name=\"go\" value=\"summary\"%s>%s</button>",
	            n < a->nquestions ? " class=secondary" : "", _("Enregistrer et voir le récapitulatif"));
	if (n > 1)
		html_printf(h, "<button type=\"submit\" name=\"go\" value=\"prev\" class=\"secondary\">%s</button>",
		            _("Enregistrer et question précédente"));
	html_printf(h, "</div>");
	nav(h, a, n, true);
	html_printf(h, "</form>");
	return page_end(r, h);
}

/* GET /examen/epreuve/{n} */
int exams_page_question(struct req *r)
{
	int n;
	int st = question_n(r, &n);
	if (st)
		return st;
	struct exam_attempt a;
	st = attempt_or_entrance(r, &a);
	if (st)
		return st;
	if (a.finished_at)
		return reply_redirect(r, "/examen/resultat");
	return render_question(r, &a, n, NULL);
}

struct saved_page {
	int n, nquestions;
};

/* Where a candidate goes once question n is saved: the question chosen. */
static int go_on(struct req *r, int n, int nquestions)
{
	const char *go = req_form(r, "go");
	int64_t to;
	if (str_to_int64(go, &to) && to >= 1 && to <= nquestions)
		return reply_redirect(r, arena_printf(r->arena, "/examen/epreuve/%lld", (long long)to));
	if (str_eq(go, "prev") && n > 1)
		return reply_redirect(r, arena_printf(r->arena, "/examen/epreuve/%d", n - 1));
	if (str_eq(go, "next") && n < nquestions)
		return reply_redirect(r, arena_printf(r->arena, "/examen/epreuve/%d", n + 1));
	return reply_redirect(r, "/examen/epreuve");
}

/* The second half of exams_page_answer(), once the answer is on disk. */
static int page_answer_saved(struct req *r, int rc, void *arg)
{
	struct saved_page *s = arg;
	return rc ? page_internal_error(r) : go_on(r, s->n, s->nquestions);
}

/* POST /examen/epreuve/{n}: r (r0, r1... for matching), go=next|prev|summary|<question number> */
int exams_page_answer(struct req *r)
{
	int n;
	int st = question_n(r, &n);
	if (st)
		return st;
	struct exam_attempt a;
	st = attempt_or_entrance(r, &a);
	if (st)
		return st;
	if (n > a.nquestions)
		return page_not_found(r);
	struct err e = {0};
	int rc;
	if (a.finished_at) /* time up (closed just now) or finished: refused whatever was sent */
		rc = exams_answer_save(r, &a, a.questions[n - 1], "", &e);
	else {
		struct question q;
		if (questions_get(r, a.questions[n - 1], &q) != 0)
			return page_internal_error(r);
		const char *resp;
		rc = question_response_from_form(r, &q.q, "r", &resp, &e);
		if (rc == 0) {
			struct saved_page *s = arena_alloc(r->arena, sizeof *s);
			s->n = n;
			s->nquestions = a.nquestions;
			rc = exams_answer_save_later(r, &a, &q, resp, &e, page_answer_saved, s);
			if (rc == 0)
				return REPLY_LATER; /* page_answer_saved() answers once it is on disk */
		}
	}
	if (rc == ERR_INVALID || rc == ERR_CONFLICT)
		return render_question(r, &a, n, &e);
	return rc == ERR_NOT_FOUND ? page_not_found(r) : page_internal_error(r);
}

/* GET /examen/epreuve: the summary */
int exams_page_summary(struct req *r)
{
	struct exam_attempt a;
	int st = attempt_or_entrance(r, &a);
	if (st)
		return st;
	if (a.finished_at)
		return reply_redirect(r, "/examen/resultat");
	if (exams_attempt_answers(r, &a) != 0)
		return page_internal_error(r);
	int answered = 0;
	for (int i = 0; i < a.nquestions; i++)
		answered += a.answered[i];
	struct html *h = page_begin(r, _("Récapitulatif"));
	html_printf(h, "<p class=\"meta\">%s · %s</p><h1>%s</h1>", a.exam_title, a.candidate_name, _("Récapitulatif"));
	timer(h, r, &a);
	html_printf(h, "<p>%s</p>", arena_printf(r->arena, _("%d question(s) répondue(s) sur %d."), answered, a.nquestions));
	if (answered < a.nquestions)
		html_printf(h, "<p>%s</p>", _("Les questions sans réponse comptent zéro. Vous pouvez y revenir tant que le temps n'est pas écoulé."));
	nav(h, &a, 0, false);
	form_open(h, r, "/examen/terminer", false);
	form_close(h, _("Terminer l'épreuve"));
	return page_end(r, h);
}

/* POST /examen/terminer */
int exams_page_finish(struct req *r)
{
	struct exam_attempt a;
	int st = attempt_or_entrance(r, &a);
	if (st)
		return st;
	if (exams_attempt_finish(r, &a) != 0)
		return page_internal_error(r);
	return reply_redirect(r, "/examen/resultat");
}

/* GET /examen/resultat */
int exams_page_result(struct req *r)
{
	struct exam_attempt a;
	int st = attempt_or_entrance(r, &a);
	if (st)
		return st;
	if (!a.finished_at)
		return reply_redirect(r, "/examen/epreuve");
	struct html *h = page_begin(r, _("Résultat de l'épreuve"));
	html_printf(h, "<p class=\"meta\">%s · %s</p><h1>%s</h1>", a.exam_title, a.candidate_name, _("Résultat de l'épreuve"));
	html_printf(h, "<div class=\"flash %s\" role=\"status\"><p><strong>%s</strong></p><p>%s</p></div>",
	            a.passed ? "ok" : "error", a.passed ? _("Épreuve réussie : bravo !") : _("Épreuve non réussie."),
	            arena_printf(r->arena, _("Score : %s (il fallait %lld %% des points)."),
	                         exams_score_text(r->arena, a.score, a.max_score), (long long)a.pass_pct));
	html_printf(h, "<p>%s</p>", a.passed
	            ? _("Votre établissement vous remettra l'attestation.")
	            : _("Votre établissement vous proposera une session de rattrapage. Entraînez-vous d'ici là."));
	html_printf(h, "<p><a href=\"/entrainement\">%s</a></p>", _("S'entraîner"));
	/* on a school's shared computer, the next pupil must not find this result */
	form_open(h, r, "/examen/quitter", false);
	html_printf(h, "<p>%s</p>", _("Sur un ordinateur de l'établissement, quittez l'épreuve pour laisser la place au "
	                              "candidat suivant : ce résultat ne sera plus affiché ici."));
	form_close(h, _("Quitter"));
	return page_end(r, h);
}

/* POST /examen/quitter: this browser forgets its attempt (the attempt
** itself is untouched; entering the codes again finds it) */
int exams_page_leave(struct req *r)
{
	req_set_cookie(r, EXAM_TOKEN_COOKIE, "", -1);
	page_flash(r, "ok", _("Vous avez quitté l'épreuve : l'ordinateur est prêt pour le candidat suivant."));
	return reply_redirect(r, "/examen");
}

/* GET /examen/media/{qid} */
int exams_page_media(struct req *r)
{
	int64_t qid;
	int st = route_id_or_reply(r, "qid", &qid);
	if (st)
		return st;
	struct exam_attempt a;
	if (cookie_attempt(r, &a) != 0)
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

/* ---- Verification ---- */

/* GET /verify[?code=] */
int exams_page_verify_form(struct req *r)
{
	const char *code = req_query(r, "code");
	if (code && *code) {
		char *c = exams_code_normal(r->arena, code, EXAM_VERIFY_LEN);
		return reply_redirect(r, arena_printf(r->arena, "/verify/%s", url_encode(r->arena, c ? c : code)));
	}
	struct html *h = page_begin(r, _("Vérifier une attestation"));
	html_printf(h, "<h1>%s</h1><p>%s</p>", _("Vérifier une attestation"),
	            _("Lisez le code QR de l'attestation, ou tapez son code de vérification."));
	html_printf(h, "<form method=\"get\" action=\"/verify\">");
	form_field(h, &(struct field_view){.name = "code", .label = _("Code de vérification"), .autocomplete = "off",
	                                   .required = true}, NULL);
	html_printf(h, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>", _("Vérifier"));
	return page_end(r, h);
}

/* GET /verify/{code}: name, exam, date and result; nothing else */
int exams_page_verify(struct req *r)
{
	struct exam_verification v;
	req_add_header(r, "X-Robots-Tag", "noindex");
	int rc = exams_verify(r, req_param(r, "code"), &v);
	if (rc == ERR_NOT_FOUND) {
		r->status = 404;
		struct html *h = page_begin(r, _("Attestation introuvable"));
		html_printf(h, "<h1>%s</h1><div class=\"flash error\" role=\"alert\"><p>%s</p></div>"
		               "<p><a href=\"/verify\">%s</a></p>",
		            _("Attestation introuvable"),
		            _("Aucune attestation ne correspond à ce code. Vérifiez qu'il est complet."),
		            _("Taper un autre code de vérification"));
		return page_end(r, h);
	}
	if (rc)
		return page_internal_error(r);
	struct html *h = page_begin(r, _("Attestation vérifiée"));
	html_printf(h, "<h1>%s</h1><div class=\"flash ok\" role=\"status\"><p>%s</p></div>", _("Attestation vérifiée"),
	            _("Cette attestation a bien été délivrée."));
	html_printf(h, "<dl class=\"facts\"><dt>%s</dt><dd>%s %s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
	               "<dt>%s</dt><dd>%s</dd></dl>",
	            _("Nom"), v.given_name, v.family_name, _("Attestation"), v.exam_title, _("Date"),
	            fmt_date(r->arena, v.finished_at), _("Résultat"), v.passed ? _("réussie") : _("non réussie"));
	return page_end(r, h);
}
