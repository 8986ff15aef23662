/*
** This file implements the organisation's page of the certification
** exams: the exams defined (categories of the bank they draw from, number
** of questions, time limit, pass mark), a form to define one, and the way
** to the statistics per academy.
*/
#include <string.h>

#include "app/page.h"
#include "exams/web.h"
#include "kernel/i18n.h"
#include "questions/questions.h"

static int render_admin(struct req *r, const struct err *e)
{
	struct exam *x;
	int n = exams_list(r, true, &x);
	struct question_category *cats;
	int nc = questions_categories(r, &cats);
	if (n < 0 || nc < 0)
		return page_internal_error(r);
	if (e && e->code)
		r->status = e->code == ERR_CONFLICT ? 409 : 400;
	struct html *h = page_begin(r, _("Examens de certification"));
	html_printf(h, "<h1>%s</h1><p><a href=\"/examens/statistiques\">%s</a> · <a href=\"/banque\">%s</a></p>",
	            _("Examens de certification"), _("Statistiques par académie"), _("Banque de questions"));
	if (n == 0)
		html_printf(h, "<p class=\"empty\">%s</p>", _("Aucun examen défini."));
	else {
		html_printf(h, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		            _("Examens"), _("Code"), _("Titre"), _("Questions"), _("Durée"), _("Seuil de réussite"));
		for (int i = 0; i < n; i++)
			html_printf(h, "<tr><td>%s</td><td>%s</td><td>%lld</td><td>%s</td><td>%lld %%</td></tr>", x[i].code,
			            x[i].title, (long long)x[i].question_count,
			            arena_printf(r->arena, _("%lld min"), (long long)(x[i].time_limit / 60)), (long long)x[i].pass_pct);
		html_printf(h, "</tbody></table>");
	}
	if (!exams_can_define(r))
		return page_end(r, h);
	html_printf(h, "<h2>%s</h2>", _("Définir un examen"));
	form_open(h, r, "/examens/gestion", false);
	form_errors(h, e);
	form_field(h, &(struct field_view){.name = "code", .label = _("Code (ASSR1, ASSR2...)"), .value = req_form(r, "code"),
	                                   .required = true}, e);
	form_field(h, &(struct field_view){.name = "title", .label = _("Titre"), .value = req_form(r, "title"),
	                                   .required = true}, e);
	form_field(h, &(struct field_view){.name = "question_count", .type = "number", .label = _("Nombre de questions tirées"),
	                                   .value = req_form(r, "question_count") ? req_form(r, "question_count") : "20"}, e);
	form_field(h, &(struct field_view){.name = "time_limit", .type = "number", .label = _("Durée en minutes"),
	                                   .value = req_form(r, "time_limit") ? req_form(r, "time_limit") : "20"}, e);
	form_field(h, &(struct field_view){.name = "pass_pct", .type = "number", .label = _("Seuil de réussite (% des points)"),
	                                   .value = req_form(r, "pass_pct") ? req_form(r, "pass_pct") : "50"}, e);
	html_printf(h, "<fieldset><legend>%s</legend>", _("Catégories de la banque où tirer les questions"));
	for (int i = 0; i < nc; i++)
		html_printf(h, "<div class=\"field check\"><input type=\"checkbox\" id=\"f-cat-%d\" name=\"categories\" "
		               "value=\"%lld\"><label for=\"f-cat-%d\">%s (%lld)</label></div>",
		            i, (long long)cats[i].id, i, cats[i].path, (long long)cats[i].questions);
	html_printf(h, "</fieldset>");
	form_close(h, _("Définir l'examen"));
	return page_end(r, h);
}

/* GET /examens/gestion */
int exams_page_admin(struct req *r)
{
	return render_admin(r, NULL);
}

/* POST /examens/gestion: code, title, question_count, time_limit, pass_pct, categories (repeated) */
int exams_page_exam_create(struct req *r)
{
	const char *cs[200];
	int ncs = req_form_all(r, "categories", cs, 200);
	int64_t cats[200];
	int k = 0;
	for (int i = 0; i < ncs; i++)
		if (str_to_int64(cs[i], &cats[k]))
			k++;
	struct exam_input in = {
		.code = req_form(r, "code"), .title = req_form(r, "title"), .question_count = req_form(r, "question_count"),
		.time_limit_minutes = req_form(r, "time_limit"), .pass_pct = req_form(r, "pass_pct"),
		.categories = cats, .ncategories = k,
	};
	struct err e = {0};
	int64_t id;
	int rc = exams_create(r, &in, &id, &e);
	if (rc == ERR_INVALID || rc == ERR_CONFLICT)
		return render_admin(r, &e);
	if (rc == ERR_FORBIDDEN)
		return page_forbidden(r);
	if (rc)
		return page_internal_error(r);
	page_flash(r, "ok", _("L'examen est défini : les établissements peuvent planifier leurs sessions."));
	return reply_redirect(r, "/examens/gestion");
}
