/*
** This file implements the grade pages and API: a learner's grades across
** courses (learners, guardians for each child, staff), a course's gradebook
** for its teachers, their CSV exports, and GET /api/v1/grades.
*/
#include <string.h>

#include "app/page.h"
#include "courses/courses.h"
#include "grades/grades.h"
#include "grades/web.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "kernel/json.h"
#include "people/people.h"

static int internal_error(struct req *r)
{
	return page_error(r, 500, _("Erreur"), _("Erreur interne. Réessayez dans un instant."));
}

static int64_t query_id(struct req *r, const char *name)
{
	int64_t v;
	const char *s = req_query(r, name);
	return s && str_to_int64(s, &v) && v > 0 ? v : 0;
}

static const char *grade_or_dash(struct arena *a, int64_t v)
{
	return v < 0 ? "—" : grades_format(a, v);
}

static void learner_block(struct html *h, struct req *r, const struct learner_grades *g,
                          bool heading)
{
	if (heading)
		html_printf(h, "<h2>%s</h2>", g->name);
	html_printf(h, "<p class=\"lead\">%s <strong>%s</strong></p>", _("Moyenne générale :"),
	            g->average < 0 ? _("pas encore de note")
	                           : arena_printf(r->arena, "%s / 20", grades_format(r->arena, g->average)));
	if (g->ncourses == 0)
		html_printf(h, "<p class=\"empty\">%s</p>", _("Aucun cours suivi."));
	for (int c = 0; c < g->ncourses; c++) {
		const struct course_grades *cg = &g->courses[c];
		html_printf(h, "<table class=\"grades\"><caption>%s — %s %s</caption>", cg->course_title,
		            _("moyenne"), cg->average < 0 ? "—"
		            : arena_printf(r->arena, "%s / 20", grades_format(r->arena, cg->average)));
		if (cg->ngrades == 0) {
			html_printf(h, "<tbody><tr><td class=\"empty\">%s</td></tr></tbody></table>",
			            _("Pas encore de note dans ce cours."));
			continue;
		}
		html_printf(h, "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		            _("Évaluation"), _("Note"), _("Coefficient"), _("Date"));
		for (int k = 0; k < cg->ngrades; k++) {
			const struct grade *gr = &cg->grades[k];
			html_printf(h, "<tr><th scope=\"row\">");
			if (gr->link[0])
				html_printf(h, "<a href=\"%s\">%s</a>", gr->link, gr->title);
			else
				html_printf(h, "%s", gr->title);
			html_printf(h, "</th><td>%s / %s</td><td>%s</td><td>%s</td></tr>",
			            grades_format(r->arena, gr->grade), grades_format(r->arena, gr->max_grade),
			            grades_format(r->arena, gr->weight), fmt_date(r->arena, gr->graded_at));
		}
		html_printf(h, "</tbody></table>");
	}
	html_printf(h, "<p><a href=\"/notes/export?eleve=%lld\">%s</a></p>", (long long)g->learner_id,
	            _("Télécharger ces notes (CSV)"));
}

/* GET /notes[?eleve=] - grades of a learner, of each child, or the courses
** a teacher grades */
int grades_page_mine(struct req *r)
{
	int64_t learner = query_id(r, "eleve");
	struct html *h = page_begin(r, _("Notes"));
	html_printf(h, "<h1>%s</h1>", _("Notes"));
	struct learner_grades g;
	if (learner) {
		int rc = grades_learner(r, learner, &g);
		if (rc == ERR_NOT_FOUND)
			return page_not_found(r);
		if (rc)
			return internal_error(r);
		learner_block(h, r, &g, true);
		return page_end(r, h);
	}
	bool shown = false;
	if (r->user.roles & ROLE_LEARNER) {
		if (grades_learner(r, r->user.id, &g) != 0)
			return internal_error(r);
		learner_block(h, r, &g, false);
		shown = true;
	}
	if (r->user.roles & ROLE_GUARDIAN) {
		struct person *kids;
		int k = people_children(r, r->user.id, &kids);
		for (int i = 0; i < k; i++) {
			if (grades_learner(r, kids[i].id, &g) != 0)
				return internal_error(r);
			learner_block(h, r, &g, true);
		}
		shown = true;
	}
	if (r->user.roles & ROLE_TEACHER) {
		struct course_summary *c;
		int n = courses_for_staff(r, &c);
		if (n < 0)
			return internal_error(r);
		html_printf(h, "<h2>%s</h2>", _("Carnets de notes de mes cours"));
		if (n == 0)
			html_printf(h, "<p class=\"empty\">%s</p>", _("Aucun cours pour l'instant."));
		else
			html_printf(h, "<ul>");
		for (int i = 0; i < n; i++)
			html_printf(h, "<li><a href=\"/notes/cours/%lld\">%s</a></li>", (long long)c[i].id, c[i].title);
		if (n > 0)
			html_printf(h, "</ul>");
		shown = true;
	}
	if (!shown)
		html_printf(h, "<p class=\"empty\">%s</p>", _("Votre compte n'a pas de notes à afficher."));
	return page_end(r, h);
}

/* GET /notes/cours/{id} - the gradebook: learners × assessments */
int grades_page_course(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct gradebook g;
	int rc = grades_course(r, id, &g);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc)
		return internal_error(r);
	const char *title = arena_printf(r->arena, _("Carnet de notes : %s"), g.course_title);
	struct html *h = page_begin(r, title);
	html_printf(h, "<p><a href=\"/notes\">%s</a></p><h1>%s</h1>", _("← Notes"), title);
	html_printf(h, "<p><a class=\"button\" href=\"/notes/cours/%lld/export\">%s</a></p>",
	            (long long)id, _("Exporter (CSV)"));
	if (g.nrows == 0) {
		html_printf(h, "<p class=\"empty\">%s</p>", _("Aucun élève ne suit ce cours."));
		return page_end(r, h);
	}
	html_printf(h, "<div class=\"scroll\"><table class=\"gradebook\"><caption>%s</caption><thead><tr>"
	               "<th scope=\"col\">%s</th>",
	            _("Notes des élèves ; la moyenne est ramenée sur 20 et pondérée par les coefficients"),
	            _("Élève"));
	for (int j = 0; j < g.nitems; j++)
		html_printf(h, "<th scope=\"col\">%s <span class=\"meta\">%s</span></th>", g.items[j].title,
		            arena_printf(r->arena, _("sur %s, coef. %s"), grades_format(r->arena, g.items[j].max_grade),
		                         grades_format(r->arena, g.items[j].weight)));
	html_printf(h, "<th scope=\"col\">%s</th></tr></thead><tbody>", _("Moyenne / 20"));
	for (int i = 0; i < g.nrows; i++) {
		const struct gradebook_row *row = &g.rows[i];
		html_printf(h, "<tr><th scope=\"row\"><a href=\"/notes?eleve=%lld\">%s %s</a></th>",
		            (long long)row->learner_id, row->family_name, row->given_name);
		for (int j = 0; j < g.nitems; j++)
			html_printf(h, "<td>%s</td>", grade_or_dash(r->arena, row->grades[j]));
		html_printf(h, "<td><strong>%s</strong></td></tr>", grade_or_dash(r->arena, row->average));
	}
	html_printf(h, "</tbody><tfoot><tr><th scope=\"row\">%s</th>", _("Moyenne de la classe"));
	for (int j = 0; j < g.nitems; j++)
		html_printf(h, "<td>%s</td>", grade_or_dash(r->arena, g.item_average[j]));
	html_printf(h, "<td><strong>%s</strong></td></tr></tfoot></table></div>",
	            grade_or_dash(r->arena, g.average));
	return page_end(r, h);
}

static int send_csv(struct req *r, struct sb *out, const char *name)
{
	req_add_header(r, "Content-Disposition",
	               arena_printf(r->arena, "attachment; filename=\"%s\"", name));
	req_add_header(r, "Cache-Control", "private, no-store");
	return reply_body(r, 200, "text/csv; charset=utf-8", out->buf, out->len);
}

/* GET /notes/cours/{id}/export - the gradebook as CSV */
int grades_page_course_csv(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct gradebook g;
	int rc = grades_course(r, id, &g);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc)
		return internal_error(r);
	struct sb out;
	sb_init(&out, r->arena, 4096);
	grades_course_csv(r, &g, &out);
	return send_csv(r, &out, arena_printf(r->arena, "notes-%s.csv", g.course_code));
}

/* GET /notes/export[?eleve=] - a learner's grades as CSV */
int grades_page_learner_csv(struct req *r)
{
	int64_t learner = query_id(r, "eleve");
	struct learner_grades g;
	int rc = grades_learner(r, learner ? learner : r->user.id, &g);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc)
		return internal_error(r);
	struct sb out;
	sb_init(&out, r->arena, 4096);
	grades_learner_csv(r, &g, &out);
	return send_csv(r, &out, "notes.csv");
}

/* ---- API ---- */

/* GET /api/v1/grades[?learner_id=] -> a learner's grades per course, with
** averages (hundredths on /20) */
int grades_api_learner(struct req *r)
{
	int64_t learner = r->user.id;
	const char *v = req_query(r, "learner_id");
	if (v && (!str_to_int64(v, &learner) || learner <= 0))
		return reply_json_error(r, 400, "invalid", _("« learner_id » est un entier positif."));
	struct learner_grades g;
	int rc = grades_learner(r, learner, &g);
	if (rc == ERR_NOT_FOUND)
		return reply_json_error(r, 404, "not_found", _("Apprenant introuvable."));
	if (rc)
		return reply_json_error(r, 500, "internal", _("Erreur interne."));
	json_t *courses = json_array();
	for (int c = 0; c < g.ncourses; c++) {
		const struct course_grades *cg = &g.courses[c];
		json_t *list = json_array();
		for (int k = 0; k < cg->ngrades; k++) {
			const struct grade *gr = &cg->grades[k];
			json_array_append_new(list, json_pack("{s:I,s:s,s:I,s:I,s:I,s:s,s:s}",
				"item_id", (json_int_t)gr->item_id, "title", gr->title,
				"grade_hundredths", (json_int_t)gr->grade,
				"max_grade_hundredths", (json_int_t)gr->max_grade,
				"weight_hundredths", (json_int_t)gr->weight,
				"graded_at", fmt_iso(r->arena, gr->graded_at), "link", gr->link));
		}
		json_array_append_new(courses, json_pack("{s:I,s:s,s:o,s:o}",
			"id", (json_int_t)cg->course_id, "title", cg->course_title,
			"average_hundredths", cg->average >= 0 ? json_integer(cg->average) : json_null(),
			"grades", list));
	}
	return reply_json(r, 200, json_pack("{s:I,s:s,s:o,s:o}", "learner_id", (json_int_t)g.learner_id,
		"name", g.name, "average_hundredths", g.average >= 0 ? json_integer(g.average) : json_null(),
		"courses", courses));
}

/* GET /api/v1/courses/{id}/grades -> the gradebook of a course */
int grades_api_course(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct gradebook g;
	int rc = grades_course(r, id, &g);
	if (rc == ERR_NOT_FOUND)
		return reply_json_error(r, 404, "not_found", _("Cours introuvable."));
	if (rc)
		return reply_json_error(r, 500, "internal", _("Erreur interne."));
	json_t *items = json_array();
	for (int j = 0; j < g.nitems; j++)
		json_array_append_new(items, json_pack("{s:I,s:s,s:I,s:s,s:I,s:I,s:o}",
			"id", (json_int_t)g.items[j].id, "source", g.items[j].source,
			"source_id", (json_int_t)g.items[j].source_id, "title", g.items[j].title,
			"max_grade_hundredths", (json_int_t)g.items[j].max_grade,
			"weight_hundredths", (json_int_t)g.items[j].weight,
			"average_hundredths", g.item_average[j] >= 0 ? json_integer(g.item_average[j]) : json_null()));
	json_t *rows = json_array();
	for (int i = 0; i < g.nrows; i++) {
		json_t *grades = json_array();
		for (int j = 0; j < g.nitems; j++)
			json_array_append_new(grades, g.rows[i].grades[j] >= 0 ? json_integer(g.rows[i].grades[j])
			                                                        : json_null());
		json_array_append_new(rows, json_pack("{s:I,s:s,s:s,s:s,s:o,s:o}",
			"learner_id", (json_int_t)g.rows[i].learner_id, "given_name", g.rows[i].given_name,
			"family_name", g.rows[i].family_name, "login", g.rows[i].login,
			"grades_hundredths", grades,
			"average_hundredths", g.rows[i].average >= 0 ? json_integer(g.rows[i].average) : json_null()));
	}
	return reply_json(r, 200, json_pack("{s:I,s:s,s:o,s:o,s:o}", "course_id", (json_int_t)g.course_id,
		"title", g.course_title, "items", items, "learners", rows,
		"average_hundredths", g.average >= 0 ? json_integer(g.average) : json_null()));
}
