/*
** This file implements the homework pages of teachers, advisors and
** admins: an assignment's settings, its copies, the correction queue
** (oldest first), correcting a copy (start, annotated file, feedback,
** grade, return), reassigning it, and the turnaround report.
*/
#include <string.h>
#include <time.h>

#include "app/page.h"
#include "courses/courses.h"
#include "grades/grades.h"
#include "homework/doctype.h"
#include "homework/web.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "kernel/markdown.h"
#include "people/people.h"

static int error_page(struct req *r, int rc, const struct err *e)
{
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc == ERR_FORBIDDEN)
		return page_error(r, 403, _("Accès refusé"), e && e->msg[0] ? e->msg
		                  : _("Votre compte n'a pas accès à cette page."));
	if (rc == ERR_CONFLICT)
		return page_error(r, 409, _("Action impossible"), e->msg);
	return hw_internal_error(r);
}

/* ---- Settings ---- */

static const char *input_date(struct arena *a, int64_t t)
{
	if (!t)
		return "";
	time_t tt = (time_t)t;
	struct tm tm;
	char buf[16] = "";
	if (localtime_r(&tt, &tm))
		strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
	return arena_strdup(a, buf);
}

static const char *input_time(struct arena *a, int64_t t)
{
	if (!t)
		return "";
	time_t tt = (time_t)t;
	struct tm tm;
	char buf[8] = "";
	if (localtime_r(&tt, &tm))
		strftime(buf, sizeof buf, "%H:%M", &tm);
	return arena_strdup(a, buf);
}

static const struct option policies[] = {
	{"flag", N_("Acceptées et signalées en retard")},
	{"accept", N_("Acceptées sans signalement")},
	{"refuse", N_("Refusées après une date de fermeture")},
};

static int render_settings(struct req *r, int64_t id, const struct assignment_input *in,
                           const struct err *e)
{
	struct assignment a;
	int rc = homework_assignment_get(r, id, 0, &a);
	if (rc)
		return error_page(r, rc, NULL);
	if (!homework_can_configure(r, a.course_id))
		return page_forbidden(r);
	struct assignment_input cur = {
		.instructions_md = a.instructions_md,
		.opens = input_date(r->arena, a.opens_at),
		.due_date = input_date(r->arena, a.due_at), .due_time = input_time(r->arena, a.due_at),
		.cutoff_date = input_date(r->arena, a.cutoff_at),
		.cutoff_time = input_time(r->arena, a.cutoff_at),
		.max_grade = grades_format(r->arena, a.max_grade),
		.weight = grades_format(r->arena, a.weight),
		.accepts_file = a.accepts_file, .accepts_text = a.accepts_text, .resubmit = a.resubmit,
		.file_types = a.file_types, .late_policy = a.late_policy,
	};
	if (!in)
		in = &cur;
	if (e && e->code)
		r->status = e->code == ERR_INVALID ? 400 : 409;
	struct html *h = page_begin(r, arena_printf(r->arena, _("Régler : %s"), a.title));
	html_printf(h, "<p><a href=\"/devoirs/%lld\">%s</a></p><h1>%s</h1><p class=\"lead\">%s</p>",
	            (long long)id, _("← Le devoir"), arena_printf(r->arena, _("Régler : %s"), a.title),
	            a.course_title);
	if (!a.configured)
		html_printf(h, "<p>%s</p>", _("Ce devoir a encore ses réglages par défaut : pas de date "
		                              "limite, noté sur 20, coefficient 1, tous les types de fichiers."));
	form_errors(h, e);
	form_open(h, r, arena_printf(r->arena, "/devoirs/%lld/parametres", (long long)id), false);
	form_field(h, &(struct field_view){.name = "instructions_md", .label = _("Consignes (Markdown)"),
	                                   .type = "textarea", .value = in->instructions_md,
	                                   .hint = _("S'ajoutent au texte de l'élément du cours.")}, e);
	form_field(h, &(struct field_view){.name = "opens", .label = _("Ouvert à partir du"), .type = "date",
	                                   .value = in->opens,
	                                   .hint = _("Le temps majoré d'un élève est une part du temps entre l'ouverture et la date limite.")}, e);
	html_printf(h, "<fieldset><legend>%s</legend>", _("Date limite"));
	form_field(h, &(struct field_view){.name = "due_date", .label = _("Date"), .type = "date",
	                                   .value = in->due_date, .hint = _("Vide : pas de date limite.")}, e);
	form_field(h, &(struct field_view){.name = "due_time", .label = _("Heure"), .type = "time",
	                                   .value = in->due_time, .hint = _("Vide : 23 h 59.")}, e);
	html_printf(h, "</fieldset>");
	struct option pol[3];
	for (int i = 0; i < 3; i++)
		pol[i] = (struct option){policies[i].value, _(policies[i].label)};
	form_select(h, "late_policy", _("Copies en retard"), pol, 3, in->late_policy, e);
	html_printf(h, "<fieldset><legend>%s</legend>", _("Fermeture (si les copies en retard sont refusées)"));
	form_field(h, &(struct field_view){.name = "cutoff_date", .label = _("Date de fermeture"), .type = "date",
	                                   .value = in->cutoff_date, .hint = _("Vide : la date limite.")}, e);
	form_field(h, &(struct field_view){.name = "cutoff_time", .id = "cutoff_time", .label = _("Heure de fermeture"),
	                                   .type = "time", .value = in->cutoff_time}, e);
	html_printf(h, "</fieldset>");
	form_field(h, &(struct field_view){.name = "max_grade", .label = _("Noté sur"), .value = in->max_grade,
	                                   .hint = _("Par défaut 20.")}, e);
	form_field(h, &(struct field_view){.name = "weight", .label = _("Coefficient"), .value = in->weight,
	                                   .hint = _("Poids dans la moyenne du cours, par exemple 1, 2 ou 0,5.")}, e);
	html_printf(h, "<fieldset><legend>%s</legend>", _("La copie se rend"));
	form_checkbox(h, "accepts_file", _("en joignant un fichier"), in->accepts_file);
	form_checkbox(h, "accepts_text", _("en écrivant la réponse dans la page"), in->accepts_text);
	html_printf(h, "</fieldset><fieldset><legend>%s</legend>", _("Types de fichiers acceptés"));
	for (int i = 0; i < DOCTYPE_COUNT; i++) {
		unsigned t = 1u << i;
		html_printf(h, "<div class=\"field check\"><input type=\"checkbox\" id=\"f-type-%d\" "
		               "name=\"file_types\" value=\"%u\"%s><label for=\"f-type-%d\">%s</label></div>",
		            i, t, (in->file_types & t) ? " checked" : "", i, doctype_label((enum doctype)t));
	}
	html_printf(h, "</fieldset>");
	form_checkbox(h, "resubmit", _("L'élève peut remplacer sa copie tant que la correction n'a pas commencé"),
	              in->resubmit);
	form_close(h, _("Enregistrer les réglages"));
	return page_end(r, h);
}

/* GET /devoirs/{id}/parametres */
int homework_page_settings(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	return st ? st : render_settings(r, id, NULL, NULL);
}

/* POST /devoirs/{id}/parametres: instructions_md, opens, due_date, due_time,
** late_policy, cutoff_date, cutoff_time, max_grade, weight, accepts_file,
** accepts_text, file_types (repeated), resubmit */
int homework_page_settings_save(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	const char *types[8];
	int nt = req_form_all(r, "file_types", types, 8);
	unsigned set = 0;
	for (int i = 0; i < nt; i++) {
		int64_t v;
		if (str_to_int64(types[i], &v) && v > 0 && v <= DOCTYPE_ALL)
			set |= (unsigned)v;
	}
	struct assignment_input in = {
		.instructions_md = req_form(r, "instructions_md"), .opens = req_form(r, "opens"),
		.due_date = req_form(r, "due_date"), .due_time = req_form(r, "due_time"),
		.cutoff_date = req_form(r, "cutoff_date"), .cutoff_time = req_form(r, "cutoff_time"),
		.max_grade = req_form(r, "max_grade"), .weight = req_form(r, "weight"),
		.accepts_file = req_form(r, "accepts_file") != NULL,
		.accepts_text = req_form(r, "accepts_text") != NULL,
		.resubmit = req_form(r, "resubmit") != NULL,
		.file_types = set, .late_policy = req_form(r, "late_policy"),
	};
	struct err e = {0};
	int rc = homework_assignment_save(r, id, &in, &e);
	if (rc == ERR_INVALID)
		return render_settings(r, id, &in, &e);
	if (rc)
		return error_page(r, rc, &e);
	page_flash(r, "ok", _("Réglages du devoir enregistrés."));
	return reply_redirect(r, arena_printf(r->arena, "/devoirs/%lld", (long long)id));
}

/* ---- Copies of an assignment ---- */

/* GET /devoirs/{id}/copies */
int homework_page_copies(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct submission *s;
	int n = homework_copies(r, id, &s);
	if (n < 0)
		return error_page(r, n, NULL);
	struct assignment a;
	if (homework_assignment_get(r, id, 0, &a) != 0)
		return page_not_found(r);
	struct html *h = page_begin(r, arena_printf(r->arena, _("Copies : %s"), a.title));
	html_printf(h, "<p><a href=\"/devoirs/%lld\">%s</a></p><h1>%s</h1><p class=\"lead\">%s</p>",
	            (long long)id, _("← Le devoir"), arena_printf(r->arena, _("Copies : %s"), a.title),
	            a.course_title);
	int handed = 0, returned = 0;
	for (int i = 0; i < n; i++) {
		handed += s[i].id != 0;
		returned += s[i].returned_at != 0;
	}
	html_printf(h, "<p>%s</p>", arena_printf(r->arena, _("%d copie(s) rendue(s), %d corrigée(s), "
	                                                     "%d élève(s) sans copie."),
	                                         handed, returned, n - handed));
	if (n == 0) {
		html_printf(h, "<p class=\"empty\">%s</p>", _("Aucun élève ne suit ce cours."));
		return page_end(r, h);
	}
	html_printf(h, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th></tr></thead><tbody>",
	            _("Élèves et copies"), _("Élève"), _("Déposée le"), _("État"), _("Correcteur"),
	            _("Note"));
	for (int i = 0; i < n; i++) {
		html_printf(h, "<tr><td>%s</td><td>", s[i].learner_name);
		if (s[i].id) {
			html_printf(h, "<a href=\"/copies/%lld\">%s</a>", (long long)s[i].id,
			            fmt_datetime(r->arena, s[i].submitted_at));
			if (s[i].late)
				html_printf(h, " <span class=\"status hw-late\">%s</span>", _("en retard"));
			html_printf(h, "</td><td>");
			hw_status_tag(h, homework_submission_status(&s[i]));
		} else {
			html_printf(h, "—</td><td>%s", _("pas rendu"));
		}
		html_printf(h, "</td><td>%s</td><td>%s</td></tr>", s[i].teacher_name ? s[i].teacher_name : "",
		            s[i].returned_at && s[i].grade >= 0
		                    ? arena_printf(r->arena, "%s / %s", grades_format(r->arena, s[i].grade),
		                                   grades_format(r->arena, s[i].max_grade))
		                    : "");
	}
	html_printf(h, "</tbody></table>");
	return page_end(r, h);
}

/* ---- The queue ---- */

static int64_t query_int(struct req *r, const char *name, int64_t dflt)
{
	int64_t v;
	const char *s = req_query(r, name);
	return s && str_to_int64(s, &v) && v >= 0 ? v : dflt;
}

static void queue_table(struct html *h, struct req *r, const struct submission *s, int n,
                        const char *caption, bool with_teacher)
{
	static const char *const css[] = {"todo", "late", "closed", "submitted", "correcting",
	                                  "returned"};
	int64_t now = time(NULL);
	html_printf(h, "<table class=\"queue\"><caption>%s</caption><thead><tr>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>",
	            caption, _("Déposée le"), _("Attente"), _("Élève"), _("Devoir"), _("État"));
	if (with_teacher) /* markup in the format: %s arguments are escaped */
		html_printf(h, "<th scope=\"col\">%s</th>", _("Correcteur"));
	html_printf(h, "</tr></thead><tbody>");
	const char *late = _("rendu en retard");
#define QUEUE_LINE(tr, flag) tr "<td><a href=\"/corrections/%lld\">%s</a></td><td>%s</td><td>%s</td>" \
	"<td>%s <span class=\"meta\">%s</span></td><td><span class=\"status hw-%s\">%s</span>" flag "</td>"
	static const char line[] = QUEUE_LINE("<tr>", ""),
	                  line_late[] = QUEUE_LINE("<tr>", " <span class=meta>%s</span>"),
	                  line_bad[] = QUEUE_LINE("<tr class=bad>", ""),
	                  line_bad_late[] = QUEUE_LINE("<tr class=bad>", " <span class=meta>%s</span>");
	for (int i = 0; i < n; i++) {
		/* one call per line: this table is the teachers' busiest page */
		enum homework_status st = homework_submission_status(&s[i]);
		bool old = now - s[i].submitted_at > HOMEWORK_OVERDUE_DAYS * 86400;
		/* markup in the format (%s arguments are escaped): one for a late copy */
		html_printf(h, s[i].late ? (old ? line_bad_late : line_late) : old ? line_bad : line,
		            (long long)s[i].id, hw_datetime(r->arena, s[i].submitted_at),
		            hw_duration(r->arena, now - s[i].submitted_at), s[i].learner_name, s[i].title,
		            s[i].course_title, css[st], homework_status_label(st), late);
		if (with_teacher)
			html_printf(h, "<td>%s</td>", s[i].teacher_name ? s[i].teacher_name : _("personne"));
		html_printf(h, "</tr>");
	}
	html_printf(h, "</tbody></table>");
}

/* GET /corrections[?prof=&page=] - a teacher's queue, oldest copy first */
int homework_page_queue(struct req *r)
{
	bool manager = r->user.roles & (ROLE_ADMIN | ROLE_ADVISOR);
	int64_t teacher = manager ? query_int(r, "prof", 0) : r->user.id;
	if (!manager && !(r->user.roles & ROLE_TEACHER))
		return page_forbidden(r);
	int page = (int)query_int(r, "page", 1);
	if (page < 1 || page > 100000)
		page = 1;
	const int per = 25;
	struct submission *s;
	int n = homework_queue(r, teacher, (page - 1) * per, per + 1, &s);
	if (n < 0)
		return n == ERR_NOT_FOUND ? page_not_found(r) : hw_internal_error(r);
	int64_t pending = n, oldest = n ? s[0].submitted_at : 0;
	if (teacher && (page > 1 || n > per) && homework_queue_stats(r, teacher, &pending, &oldest) != 0)
		return hw_internal_error(r);
	struct html *h = page_begin(r, _("Copies à corriger"));
	html_printf(h, "<h1>%s</h1>", _("Copies à corriger"));
	if (manager) {
		struct person *t;
		int nt = people_search(r, NULL, ROLE_TEACHER, 0, 200, &t);
		html_printf(h, "<form class=\"filters\" method=\"get\" action=\"/corrections\">"
		               "<div class=\"field\"><label for=\"f-prof\">%s</label><select id=\"f-prof\" "
		               "name=\"prof\"><option value=\"0\">%s</option>",
		            _("File de"), _("Copies à attribuer (personne)"));
		for (int i = 0; i < nt; i++)
			html_printf(h, "<option value=\"%lld\"%s>%s %s</option>", (long long)t[i].id,
			            t[i].id == teacher ? " selected" : "", t[i].given_name, t[i].family_name);
		html_printf(h, "</select></div><div class=\"actions\"><button type=\"submit\">%s</button>"
		               "</div></form>", _("Afficher"));
	}
	if (teacher) {
		if (pending)
			html_printf(h, "<p class=\"lead\">%s</p>",
			            arena_printf(r->arena, _("%lld copie(s) en attente ; la plus ancienne a été déposée le %s."),
			                         (long long)pending, fmt_datetime(r->arena, oldest)));
	}
	html_printf(h, "<p><a href=\"/corrections/delais\">%s</a></p>", _("Délais de correction"));
	bool more = n > per;
	if (more)
		n = per;
	if (n == 0)
		html_printf(h, "<p class=\"empty\">%s</p>", _("Aucune copie en attente. Bravo !"));
	else
		queue_table(h, r, s, n, _("Copies en attente, la plus ancienne d'abord"), false);
	pager(h, r, "/corrections", manager ? arena_printf(r->arena, "prof=%lld", (long long)teacher) : "",
	      page, more);
	return page_end(r, h);
}

/* ---- Correcting a copy ---- */

struct correction_form {
	const char *grade, *feedback;
};

static int render_correction(struct req *r, int64_t id, const struct correction_form *f,
                             const struct err *e)
{
	struct submission s;
	struct assignment a;
	int rc = homework_submission_get(r, id, &s, &a);
	if (rc)
		return error_page(r, rc, NULL);
	if (e && e->code)
		r->status = e->code == ERR_INVALID ? 400 : e->code == ERR_TOO_LARGE ? 413 : 409;
	bool mine = s.teacher_id == r->user.id;
	struct html *h = page_begin(r, arena_printf(r->arena, _("Correction : %s"), s.title));
	html_printf(h, "<p><a href=\"/corrections\">%s</a></p><h1>%s</h1>", _("← Copies à corriger"),
	            arena_printf(r->arena, _("Correction : %s"), s.title));
	html_printf(h, "<p>");
	hw_status_tag(h, homework_submission_status(&s));
	html_printf(h, " %s</p>", s.teacher_name
	            ? arena_printf(r->arena, _("Attribuée à %s."), s.teacher_name)
	            : _("Attribuée à personne."));
	form_errors(h, e);
	hw_copy_facts(h, r, &s);
	if (s.file_sha256)
		html_printf(h, "<p><a class=\"button\" href=\"/copies/%lld/fichier\">%s</a></p>",
		            (long long)id, _("Ouvrir la copie"));
	if (s.text_answer[0])
		html_printf(h, "<h2>%s</h2><div class=\"answer\">%s</div>", _("Réponse écrite"), s.text_answer);
	if (s.returned_at) {
		hw_correction_view(h, r, &s);
		return page_end(r, h);
	}
	if (mine && !s.started_at) {
		html_printf(h, "<p>%s</p>", _("Tant que la correction n'a pas commencé, l'élève peut "
		                              "remplacer sa copie."));
		button_form(h, r, arena_printf(r->arena, "/corrections/%lld/commencer", (long long)id),
		            _("Commencer la correction"), "secondary");
	}
	if (mine) {
		html_printf(h, "<h2 id=\"corriger\">%s</h2>", _("Corriger"));
		form_open(h, r, arena_printf(r->arena, "/corrections/%lld", (long long)id), true);
		form_field(h, &(struct field_view){
			.name = "file", .label = _("Copie annotée (facultative)"), .type = "file",
			.accept = doctype_accept_attr(r->arena, DOCTYPE_ALL),
			.hint = s.annotated_sha256 ? arena_printf(r->arena, _("Déjà déposée : %s. Un nouveau fichier la remplace."), s.annotated_name)
			                           : _("PDF, JPEG, PNG, ODT ou DOCX.")}, e);
		form_field(h, &(struct field_view){
			.name = "feedback", .label = _("Appréciation (Markdown)"), .type = "textarea",
			.value = f ? f->feedback : s.feedback_md}, e);
		form_field(h, &(struct field_view){
			.name = "grade", .label = arena_printf(r->arena, _("Note sur %s"), grades_format(r->arena, a.max_grade)),
			.value = f ? f->grade : s.grade >= 0 ? grades_format(r->arena, s.grade) : "",
			.hint = _("Par exemple 14,5. Obligatoire pour rendre la copie.")}, e);
		html_printf(h, "<div class=\"actions\"><button type=\"submit\" name=\"action\" value=\"return\">%s"
		               "</button><button type=\"submit\" name=\"action\" value=\"draft\" class=\"secondary\">"
		               "%s</button></div></form>",
		            _("Rendre la copie corrigée"), _("Enregistrer sans rendre"));
	} else if (s.grade >= 0 || s.feedback_md[0]) {
		hw_correction_view(h, r, &s);
	}
	if (r->user.roles & (ROLE_ADMIN | ROLE_ADVISOR)) {
		int64_t *ids;
		char **names;
		int n = homework_teachers(r, s.course_id, &ids, &names);
		html_printf(h, "<h2>%s</h2>", _("Réattribuer"));
		if (n <= 0) {
			html_printf(h, "<p class=\"empty\">%s</p>", _("Ce cours n'a aucun enseignant."));
		} else {
			form_open(h, r, arena_printf(r->arena, "/corrections/%lld/attribuer", (long long)id), false);
			struct option *o = arena_array(r->arena, (size_t)n, sizeof *o);
			for (int i = 0; i < n; i++)
				o[i] = (struct option){arena_printf(r->arena, "%lld", (long long)ids[i]), names[i]};
			form_select(h, "teacher_id", _("Enseignant"), o, n,
			            arena_printf(r->arena, "%lld", (long long)s.teacher_id), e);
			form_close(h, _("Réattribuer la copie"));
		}
	}
	return page_end(r, h);
}

/* GET /corrections/{id} */
int homework_page_correction(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	return st ? st : render_correction(r, id, NULL, NULL);
}

/* POST /corrections/{id}/commencer */
int homework_page_start(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct err e = {0};
	int rc = homework_start(r, id, &e);
	if (rc)
		return error_page(r, rc, &e);
	page_flash(r, "ok", _("Correction commencée : l'élève ne peut plus remplacer sa copie."));
	return reply_redirect(r, arena_printf(r->arena, "/corrections/%lld", (long long)id));
}

/* POST /corrections/{id}: file, feedback, grade, action=return|draft (multipart) */
int homework_page_correct(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	const char *action = req_form(r, "action");
	struct correction_input in = {
		.grade = req_form(r, "grade"), .feedback_md = req_form(r, "feedback"),
		.annotated = req_upload(r, "file"),
		.give_back = !action || strcmp(action, "draft") != 0,
	};
	struct err e = {0};
	int rc = homework_correct(r, id, &in, &e);
	if (rc == ERR_INVALID || rc == ERR_TOO_LARGE) {
		struct correction_form f = {in.grade, in.feedback_md};
		return render_correction(r, id, &f, &e);
	}
	if (rc)
		return error_page(r, rc, &e);
	if (!in.give_back) {
		page_flash(r, "ok", _("Correction enregistrée ; la copie n'est pas encore rendue."));
		return reply_redirect(r, arena_printf(r->arena, "/corrections/%lld", (long long)id));
	}
	page_flash(r, "ok", _("Copie rendue : l'élève et sa famille sont prévenus."));
	return reply_redirect(r, "/corrections");
}

/* POST /corrections/{id}/attribuer: teacher_id */
int homework_page_reassign(struct req *r)
{
	int64_t id, teacher = 0;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	const char *t = req_form(r, "teacher_id");
	if (t && !str_to_int64(t, &teacher))
		teacher = 0;
	struct err e = {0};
	int rc = homework_reassign(r, id, teacher, &e);
	if (rc == ERR_INVALID)
		return render_correction(r, id, NULL, &e);
	if (rc)
		return error_page(r, rc, &e);
	page_flash(r, "ok", _("Copie réattribuée."));
	return reply_redirect(r, arena_printf(r->arena, "/corrections/%lld", (long long)id));
}

/* ---- Turnaround ---- */

static void line_row(struct html *h, struct req *r, const struct turnaround_line *l,
                     const char *href)
{
	html_printf(h, "<tr><th scope=\"row\">");
	if (href)
		html_printf(h, "<a href=\"%s\">%s</a>", href, l->name);
	else
		html_printf(h, "%s", l->name);
	html_printf(h, "</th><td>%lld</td><td%s>%lld</td><td>%lld</td><td>%s</td><td%s>%s</td></tr>",
	            (long long)l->pending, l->overdue ? " class=bad-text" : "", (long long)l->overdue,
	            (long long)l->returned, hw_duration(r->arena, l->median),
	            l->p90 > HOMEWORK_OVERDUE_DAYS * 86400 ? " class=bad-text" : "",
	            hw_duration(r->arena, l->p90));
}

static void lines_table(struct html *h, struct req *r, const char *caption, const char *first,
                        const struct turnaround_line *l, int n, const char *param, int days)
{
	html_printf(h, "<table class=\"turnaround\"><caption>%s</caption><thead><tr><th scope=\"col\">%s"
	               "</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
	            caption, first, _("En attente"),
	            arena_printf(r->arena, _("Depuis plus de %d jours"), HOMEWORK_OVERDUE_DAYS),
	            _("Rendues sur la période"), _("Délai médian"), _("90e centile"));
	for (int i = 0; i < n; i++)
		line_row(h, r, &l[i], param ? arena_printf(r->arena, "/corrections/delais?jours=%d&%s=%lld",
		                                           days, param, (long long)l[i].id) : NULL);
	html_printf(h, "</tbody></table>");
}

/* GET /corrections/delais[?jours=30&cours=&prof=] */
int homework_page_turnaround(struct req *r)
{
	int days = (int)query_int(r, "jours", 30);
	if (days < 1 || days > 3660)
		days = 30;
	int64_t course = query_int(r, "cours", 0), teacher = query_int(r, "prof", 0);
	int64_t now = time(NULL);
	struct turnaround_report rep;
	int rc = homework_turnaround(r, now - (int64_t)days * 86400, now + 1, course, teacher, &rep);
	if (rc)
		return error_page(r, rc, NULL);
	struct html *h = page_begin(r, _("Délais de correction"));
	html_printf(h, "<p><a href=\"/corrections\">%s</a></p><h1>%s</h1>", _("← Copies à corriger"),
	            _("Délais de correction"));
	html_printf(h, "<p class=\"lead\">%s</p>",
	            arena_printf(r->arena, _("Objectif : chaque copie rendue en %d jours au plus. Le délai va du dépôt de la copie à son retour corrigé."),
	                         HOMEWORK_OVERDUE_DAYS));
	static const int choices[] = {7, 30, 90, 365};
	html_printf(h, "<form class=\"filters\" method=\"get\" action=\"/corrections/delais\">"
	               "<div class=\"field\"><label for=\"f-jours\">%s</label><select id=\"f-jours\" name=\"jours\">",
	            _("Période"));
	for (int i = 0; i < 4; i++)
		html_printf(h, "<option value=\"%d\"%s>%s</option>", choices[i], choices[i] == days ? " selected" : "",
		            arena_printf(r->arena, _("%d derniers jours"), choices[i]));
	html_printf(h, "</select></div>");
	if (course)
		html_printf(h, "<input type=\"hidden\" name=\"cours\" value=\"%lld\">", (long long)course);
	if (teacher)
		html_printf(h, "<input type=\"hidden\" name=\"prof\" value=\"%lld\">", (long long)teacher);
	html_printf(h, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>", _("Afficher"));
	if (course || teacher)
		html_printf(h, "<p><a href=\"/corrections/delais?jours=%d\">%s</a></p>", days,
		            _("Tout afficher"));
	html_printf(h, "<dl class=\"facts\"><dt>%s</dt><dd>%lld</dd><dt>%s</dt><dd>%lld</dd><dt>%s</dt>"
	               "<dd>%lld</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd></dl>",
	            _("Copies en attente"), (long long)rep.all.pending,
	            arena_printf(r->arena, _("En attente depuis plus de %d jours"), HOMEWORK_OVERDUE_DAYS),
	            (long long)rep.all.overdue, _("Rendues sur la période"), (long long)rep.all.returned,
	            _("Délai médian"), hw_duration(r->arena, rep.all.median),
	            _("90e centile"), hw_duration(r->arena, rep.all.p90));
	lines_table(h, r, _("Par cours"), _("Cours"), rep.courses, rep.ncourses, "cours", days);
	bool manager = r->user.roles & (ROLE_ADMIN | ROLE_ADVISOR);
	lines_table(h, r, _("Par enseignant"), _("Enseignant"), rep.teachers, rep.nteachers,
	            manager ? "prof" : NULL, days);
	html_printf(h, "<h2>%s</h2>", arena_printf(r->arena, _("Copies en attente depuis plus de %d jours"),
	                                          HOMEWORK_OVERDUE_DAYS));
	if (rep.noverdue == 0)
		html_printf(h, "<p class=\"empty\">%s</p>", _("Aucune. Bravo !"));
	else
		queue_table(h, r, rep.overdue, rep.noverdue, _("À traiter, la plus ancienne d'abord"), true);
	return page_end(r, h);
}
