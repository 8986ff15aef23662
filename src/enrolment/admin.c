/*
** This file implements the staff pages of enrolment: the review queue of
** documents, the list of enrolments with filters, and its CSV export.
*/
#include <string.h>

#include "app/page.h"
#include "catalogue/catalogue.h"
#include "catalogue/web.h"
#include "enrolment/enrolment.h"
#include "enrolment/web.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"

#define PAGE_SIZE 50

static struct enrolment_filter filter_from_query(struct req *r, int page)
{
	const char *status = req_query(r, "statut");
	return (struct enrolment_filter){
		.status = status && *status ? status : NULL,
		.q = req_query(r, "q"),
		.offset = (page - 1) * PAGE_SIZE,
		.limit = PAGE_SIZE + 1,
	};
}

/* GET /admin/inscriptions?statut=&q=&page= */
int enrolment_page_admin(struct req *r)
{
	int page = catalogue_page_number(r);
	struct enrolment_filter f = filter_from_query(r, page);
	struct enrolment *e;
	int n = enrolment_search(r, &f, &e);
	struct enrolment_doc *d;
	int nd = enrolment_review_queue(r, 100, &d);
	if (n < 0 || nd < 0)
		return page_internal_error(r);
	struct html *h = page_begin(r, _("Inscriptions"));
	html_printf(h, "<h1>%s</h1>", _("Inscriptions"));
	html_printf(h, "<h2>%s</h2>", _("Pièces à examiner"));
	if (nd == 0) {
		html_printf(h, "<p class=\"empty\">%s</p>", _("Aucune pièce en attente."));
	} else {
		html_printf(h, "<table><caption class=\"visually-hidden\">%s</caption><thead><tr>"
		               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		               "<th scope=\"col\">%s</th></tr></thead><tbody>",
		            _("Pièces à examiner, les plus anciennes d'abord"), _("Reçue le"),
		            _("Apprenant"), _("Formation"), _("Pièce"));
		for (int i = 0; i < nd; i++)
			html_printf(h, "<tr><td>%s</td><td>%s</td><td>%s</td><td><a href=\"/inscriptions/%lld#pieces\">"
			               "%s</a></td></tr>",
			            fmt_datetime(r->arena, d[i].uploaded_at), d[i].learner_name, d[i].title,
			            (long long)d[i].enrolment_id, d[i].requirement_title);
		html_printf(h, "</tbody></table>");
	}
	html_printf(h, "<h2>%s</h2>", _("Toutes les inscriptions"));
	html_printf(h, "<form class=\"filters\" method=\"get\" action=\"/admin/inscriptions\" role=\"search\">"
	               "<div class=\"field\"><label for=\"f-q\">%s</label><input id=\"f-q\" name=\"q\" "
	               "type=\"search\" value=\"%s\"></div>",
	            _("Apprenant (nom ou identifiant)"), f.q ? f.q : "");
	static const char *const codes[] = {"submitted", "active", "suspended", "completed", "cancelled"};
	struct option opts[6] = {{"", _("Tous les états")}};
	for (int i = 0; i < 5; i++)
		opts[i + 1] = (struct option){codes[i], enrolment_status_label(codes[i])};
	form_select(h, "statut", _("État"), opts, 6, f.status, NULL);
	html_printf(h, "<button type=\"submit\">%s</button></form>", _("Filtrer"));
	const char *query = arena_printf(r->arena, "statut=%s&q=%s",
	                                 url_encode(r->arena, f.status ? f.status : ""),
	                                 url_encode(r->arena, f.q ? f.q : ""));
	html_printf(h, "<p><a href=\"/admin/inscriptions.csv?%s\">%s</a></p>", query,
	            _("Exporter cette liste (CSV)"));
	if (n == 0)
		html_printf(h, "<p class=\"empty\">%s</p>", _("Aucune inscription ne correspond."));
	else
		enrolment_table(h, r, e, n > PAGE_SIZE ? PAGE_SIZE : n, true);
	pager(h, r, "/admin/inscriptions", query, page, n > PAGE_SIZE);
	return page_end(r, h);
}

/* GET /admin/inscriptions.csv?statut=&q= */
int enrolment_page_admin_csv(struct req *r)
{
	struct enrolment_filter f = filter_from_query(r, 1);
	struct sb out;
	sb_init(&out, r->arena, 64 * 1024);
	int n = enrolment_csv(r, &f, &out);
	if (n < 0)
		return page_internal_error(r);
	req_add_header(r, "Content-Disposition", "attachment; filename=\"inscriptions.csv\"");
	req_add_header(r, "Cache-Control", "private, no-store");
	return reply_body(r, 200, "text/csv; charset=utf-8", out.buf, out.len);
}
