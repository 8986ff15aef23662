/*
** This file implements the public practice: anyone, without an account,
** answers series of ten questions drawn from the categories of the bank
** open to practice (the same questions the exams draw from), and sees after
** each answer whether it was right, with the explanations. Nothing is kept:
** the series travels in the page's address and form (question ids, where
** one is, points so far), so there is no personal data and nothing to
** clean up; a visitor who edits the address only fools themselves.
*/
#include <stdlib.h>
#include <string.h>

#include "app/page.h"
#include "exams/web.h"
#include "grades/grades.h"
#include "kernel/auth.h"
#include "kernel/i18n.h"
#include "questions/questions.h"

#define SERIES 10

/* ---- The series in the address ---- */

struct series {
	int64_t ids[SERIES];
	int n, i;              /* questions, and the current one (1-based) */
	int64_t points;        /* hundredths of a point so far */
	const char *q;         /* "12.45.78" */
	uint64_t seed;
};

static bool series_read(struct req *r, const char *q, const char *i, const char *ok, struct series *s)
{
	memset(s, 0, sizeof *s);
	if (!q || strlen(q) > 300)
		return false;
	uint64_t h = 1469598103934665603ull;
	for (const char *p = q; *p;) {
		char *end;
		long long v = strtoll(p, &end, 10);
		if (end == p || v <= 0 || s->n == SERIES)
			return false;
		s->ids[s->n++] = v;
		if (*end && *end != '.')
			return false;
		p = *end ? end + 1 : end;
	}
	for (const char *p = q; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	int64_t iv, pv;
	if (!s->n || !str_to_int64(i, &iv) || iv < 1 || iv > s->n || !str_to_int64(ok, &pv) || pv < 0 ||
	    pv > 100 * SERIES)
		return false;
	s->i = (int)iv;
	s->points = pv;
	s->q = q;
	s->seed = h;
	return true;
}

/* The question at position i of the series, if open to practice. */
static int practice_question(struct req *r, const struct series *s, struct question *q)
{
	if (questions_get(r, s->ids[s->i - 1], q) != 0 || q->archived)
		return ERR_NOT_FOUND;
	struct question_category c;
	if (questions_category_get(r, q->category_id, &c) != 0 || !c.practice)
		return ERR_NOT_FOUND;
	return 0;
}

/* ---- Pages ---- */

/* GET /entrainement[?c=CATEGORY]: the categories; with c, a new series */
int exams_page_practice(struct req *r)
{
	struct question_category *c;
	int n = questions_practice_categories(r, &c);
	if (n < 0)
		return page_internal_error(r);
	const char *cat = req_query(r, "c");
	int64_t cid;
	if (cat && str_to_int64(cat, &cid)) {
		for (int i = 0; i < n; i++)
			if (c[i].id == cid) {
				char tok[AUTH_TOKEN_LEN];
				auth_random_token(tok);
				uint64_t seed = 0;
				for (const char *p = tok; *p; p++)
					seed = seed * 131 + (unsigned char)*p;
				int64_t ids[SERIES];
				int k = questions_draw(r, &cid, 1, SERIES, NULL, 0, seed, ids);
				if (k <= 0)
					break;
				struct sb sb;
				sb_init(&sb, r->arena, 128);
				for (int j = 0; j < k; j++)
					sb_printf(&sb, "%s%lld", j ? "." : "", (long long)ids[j]);
				return reply_redirect(r, arena_printf(r->arena, "/entrainement/question?q=%s&i=1&ok=0", sb.buf));
			}
		return page_not_found(r);
	}
	struct html *h = page_begin(r, _("S'entraîner"));
	html_printf(h, "<h1>%s</h1><p class=\"lead\">%s</p>", _("S'entraîner"),
	            _("Des séries de dix questions, tirées des mêmes questions que l'épreuve. Sans compte : rien "
	              "n'est enregistré, ni vos réponses ni votre nom."));
	if (n == 0)
		html_printf(h, "<p class=\"empty\">%s</p>", _("Aucune série d'entraînement n'est ouverte pour l'instant."));
	else {
		html_printf(h, "<ul class=\"cards\">");
		for (int i = 0; i < n; i++)
			html_printf(h, "<li><a href=\"/entrainement?c=%lld\">%s</a><p>%s</p></li>", (long long)c[i].id,
			            c[i].path, arena_printf(r->arena, _("%lld question(s)"), (long long)c[i].questions));
		html_printf(h, "</ul>");
	}
	html_printf(h, "<p><a href=\"/examen\">%s</a></p>", _("Passer l'épreuve avec les codes de votre établissement"));
	return page_end(r, h);
}

static void progress(struct html *h, struct req *r, const struct series *s)
{
	html_printf(h, "<p class=\"meta\">%s</p>",
	            arena_printf(r->arena, _("Question %d sur %d · %s point(s) jusqu'ici"), s->i, s->n,
	                         grades_format(r->arena, s->points)));
}

/* GET /entrainement/question?q=&i=&ok= */
int exams_page_practice_question(struct req *r)
{
	struct series s;
	if (!series_read(r, req_query(r, "q"), req_query(r, "i"), req_query(r, "ok"), &s))
		return page_not_found(r);
	struct question q;
	if (practice_question(r, &s, &q) != 0)
		return page_not_found(r);
	struct html *h = page_begin(r, arena_printf(r->arena, _("Entraînement — question %d sur %d"), s.i, s.n));
	html_printf(h, "<p><a href=\"/entrainement\">%s</a></p><h1>%s</h1>", _("← Entraînement"),
	            arena_printf(r->arena, _("Question %d sur %d"), s.i, s.n));
	progress(h, r, &s);
	form_open(h, r, "/entrainement/question", false);
	html_printf(h, "<input type=\"hidden\" name=\"q\" value=\"%s\"><input type=\"hidden\" name=\"i\" value=\"%d\">"
	               "<input type=\"hidden\" name=\"ok\" value=\"%lld\">", s.q, s.i, (long long)s.points);
	const char *media = q.media_sha256 ? arena_printf(r->arena, "/banque/questions/%lld/media", (long long)q.id) : NULL;
	question_render(h, r, &q, &(struct question_view){.field = "r", .media_url = media, .seed = s.seed, .shuffle = true});
	form_close(h, _("Valider ma réponse"));
	return page_end(r, h);
}

/* POST /entrainement/question: q, i, ok, r */
int exams_page_practice_answer(struct req *r)
{
	struct series s;
	if (!series_read(r, req_form(r, "q"), req_form(r, "i"), req_form(r, "ok"), &s))
		return page_not_found(r);
	struct question q;
	if (practice_question(r, &s, &q) != 0)
		return page_not_found(r);
	struct err e = {0};
	const char *resp;
	if (question_response_from_form(r, &q.q, "r", &resp, &e) != 0) {
		page_flash(r, "error", e.msg);
		return reply_redirect(r, arena_printf(r->arena, "/entrainement/question?q=%s&i=%d&ok=%lld", s.q, s.i,
		                                      (long long)s.points));
	}
	int64_t credit = question_credit(&q.q, resp);
	int64_t points = s.points + (credit > 0 ? (credit + 50) / 100 : 0);
	struct html *h = page_begin(r, arena_printf(r->arena, _("Entraînement — question %d sur %d"), s.i, s.n));
	html_printf(h, "<p><a href=\"/entrainement\">%s</a></p><h1>%s</h1>", _("← Entraînement"),
	            arena_printf(r->arena, _("Question %d sur %d"), s.i, s.n));
	html_printf(h, "<div class=\"flash %s\" role=\"status\"><p>%s</p></div>", credit >= CREDIT_ONE ? "ok" : "error",
	            credit >= CREDIT_ONE ? _("Bonne réponse !") : credit > 0 ? _("Réponse en partie juste.")
	                                                                      : _("Ce n'est pas la bonne réponse."));
	html_printf(h, "<div class=\"qtext\">");
	question_text_html(h, r, q.q.text, q.q.format);
	html_printf(h, "</div>");
	question_review(h, r, &q, resp, credit, true);
	if (s.i < s.n)
		html_printf(h, "<p><a class=\"button\" href=\"/entrainement/question?q=%s&amp;i=%d&amp;ok=%lld\">%s</a></p>",
		            s.q, s.i + 1, (long long)points, _("Question suivante"));
	else
		html_printf(h, "<h2>%s</h2><p>%s</p><p><a class=\"button\" href=\"/entrainement\">%s</a></p>",
		            _("Série terminée"),
		            arena_printf(r->arena, _("Vous avez obtenu %s point(s) sur %d."), grades_format(r->arena, points), s.n),
		            _("Une autre série"));
	return page_end(r, h);
}
