/*
** This file implements the homework pages of learners and guardians: the
** list of homework with due dates and statuses, an assignment with its
** hand-in form, handing in, the copy with its receipt and correction, and
** the files of a copy. Pieces the staff pages reuse are at the top.
*/
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/page.h"
#include "courses/courses.h"
#include "grades/grades.h"
#include "homework/doctype.h"
#include "homework/web.h"
#include "kernel/files.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "kernel/markdown.h"
#include "people/people.h"

/* ---- Shared pieces ---- */

int hw_internal_error(struct req *r)
{
	return page_error(r, 500, _("Erreur"), _("Erreur interne. Réessayez dans un instant."));
}

void hw_status_tag(struct html *h, enum homework_status s)
{
	static const char *const css[] = {"todo", "late", "closed", "submitted", "correcting",
	                                  "returned"};
	html_printf(h, "<span class=\"status hw-%s\">%s</span>", css[s], homework_status_label(s));
}

char *hw_when(struct arena *a, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char hms[16] = "";
	if (localtime_r(&tt, &tm))
		strftime(hms, sizeof hms, "%H:%M:%S", &tm);
	return arena_printf(a, _("%s à %s"), fmt_date(a, t), hms);
}

static void two(char *p, int v)
{
	p[0] = (char)('0' + v / 10 % 10);
	p[1] = (char)('0' + v % 10);
}

char *hw_datetime(struct arena *a, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!localtime_r(&tt, &tm))
		return fmt_datetime(a, t);
	int y = tm.tm_year + 1900;
	if (y < 1000 || y > 9999)
		return fmt_datetime(a, t);
	char *p = arena_alloc(a, 17);
	if (i18n_lang() == LANG_EN) { /* as fmt_datetime(): "2026-11-29 14:05" */
		two(p, y / 100);
		two(p + 2, y % 100);
		p[4] = '-';
		two(p + 5, tm.tm_mon + 1);
		p[7] = '-';
		two(p + 8, tm.tm_mday);
		p[10] = ' ';
		two(p + 11, tm.tm_hour);
		p[13] = ':';
		two(p + 14, tm.tm_min);
	} else { /* "29/11/2026 14h05" */
		two(p, tm.tm_mday);
		p[2] = '/';
		two(p + 3, tm.tm_mon + 1);
		p[5] = '/';
		two(p + 6, y / 100);
		two(p + 8, y % 100);
		p[10] = ' ';
		two(p + 11, tm.tm_hour);
		p[13] = 'h';
		two(p + 14, tm.tm_min);
	}
	p[16] = 0;
	return p;
}

char *hw_duration(struct arena *a, int64_t s)
{
	if (s < 0)
		return arena_strdup(a, "—");
	int64_t d = s / 86400, hh = (s % 86400) / 3600, mm = (s % 3600) / 60;
	if (d)
		return arena_printf(a, _("%lld j %lld h"), (long long)d, (long long)hh);
	if (hh)
		return arena_printf(a, _("%lld h %lld min"), (long long)hh, (long long)mm);
	return arena_printf(a, _("%lld min"), (long long)mm);
}

static char *size_text(struct arena *a, int64_t bytes)
{
	if (bytes < 1024 * 1024)
		return arena_printf(a, _("%lld Ko"), (long long)((bytes + 1023) / 1024));
	return arena_printf(a, _("%lld,%lld Mo"), (long long)(bytes / (1024 * 1024)),
	                    (long long)(bytes % (1024 * 1024) * 10 / (1024 * 1024)));
}

void hw_copy_facts(struct html *h, struct req *r, const struct submission *s)
{
	html_printf(h, "<dl class=\"facts receipt\">");
	if (s->learner_name)
		html_printf(h, "<dt>%s</dt><dd>%s</dd>", _("Élève"), s->learner_name);
	html_printf(h, "<dt>%s</dt><dd>%s — %s</dd>", _("Devoir"), s->title, s->course_title);
	html_printf(h, "<dt>%s</dt><dd><time datetime=\"%s\">%s</time>", _("Déposée le"),
	            fmt_iso(r->arena, s->submitted_at), hw_when(r->arena, s->submitted_at));
	if (s->late)
		html_printf(h, " <span class=\"status hw-late\">%s</span>", _("en retard"));
	html_printf(h, "</dd>");
	if (s->version > 1)
		html_printf(h, "<dt>%s</dt><dd>%lld</dd>", _("Version"), (long long)s->version);
	if (s->file_sha256)
		html_printf(h, "<dt>%s</dt><dd><a href=\"/copies/%lld/fichier\">%s</a> (%s)</dd>",
		            _("Fichier"), (long long)s->id, s->file_name, size_text(r->arena, s->file_size));
	html_printf(h, "<dt>%s</dt><dd><code class=\"sha\">%s</code></dd></dl>",
	            _("Empreinte SHA-256"), s->sha256);
}

void hw_correction_view(struct html *h, struct req *r, const struct submission *s)
{
	html_printf(h, "<section class=\"correction\" aria-labelledby=\"corr\"><h2 id=\"corr\">%s</h2>",
	            s->returned_at ? _("Correction") : _("Correction en cours (pas encore rendue)"));
	html_printf(h, "<dl class=\"facts\">");
	if (s->grade >= 0)
		html_printf(h, "<dt>%s</dt><dd class=\"grade\">%s / %s</dd>", _("Note"),
		            grades_format(r->arena, s->grade), grades_format(r->arena, s->max_grade));
	if (s->returned_at)
		html_printf(h, "<dt>%s</dt><dd>%s</dd>", _("Rendue le"), hw_when(r->arena, s->returned_at));
	if (s->teacher_name)
		html_printf(h, "<dt>%s</dt><dd>%s</dd>", _("Correcteur"), s->teacher_name);
	if (s->annotated_sha256)
		html_printf(h, "<dt>%s</dt><dd><a href=\"/copies/%lld/corrige\">%s</a> (%s)</dd>",
		            _("Copie annotée"), (long long)s->id, s->annotated_name,
		            size_text(r->arena, s->annotated_size));
	html_printf(h, "</dl>");
	if (s->feedback_md && s->feedback_md[0]) {
		html_printf(h, "<h3>%s</h3><div class=\"prose feedback\">", _("Appréciation"));
		html_raw_trusted(h, markdown_to_html(r->arena, s->feedback_md));
		html_printf(h, "</div>");
	}
	html_printf(h, "</section>");
}

/* The upload limit, in megabytes (--upload-limit-mb). */
static int limit_mb(void)
{
	return (int)(app.upload_limit / (1024 * 1024));
}

/* The learner whose homework is shown: ?eleve= (guardians, staff), else 0. */
static int64_t learner_param(struct req *r)
{
	int64_t id = 0;
	const char *v = req_query(r, "eleve");
	if (!v || !str_to_int64(v, &id) || id < 0)
		return 0;
	return id;
}

static const char *learner_suffix(struct req *r, int64_t learner)
{
	return learner ? arena_printf(r->arena, "?eleve=%lld", (long long)learner) : "";
}

/* "30/11/2026 23h59", with a word on extra time when it moved. */
static void due_cell(struct html *h, struct req *r, const struct assignment *a)
{
	int64_t due = a->learner_due_at ? a->learner_due_at : a->due_at;
	if (!due) {
		html_printf(h, "<span class=\"meta\">%s</span>", _("pas de date limite"));
		return;
	}
	if (due == a->due_at) {
		html_printf(h, "%s", hw_datetime(r->arena, due));
		return;
	}
	html_printf(h, "%s <span class=\"meta\">", hw_datetime(r->arena, due));
	html_printf(h, _("(temps majoré de %lld %%)"), (long long)a->extra_time_pct);
	html_printf(h, "</span>");
}

/* ---- The list ---- */

static int list_table(struct html *h, struct req *r, int64_t learner, const char *caption,
                      bool own)
{
	struct homework_row *rows;
	int n = homework_for_learner(r, learner, &rows);
	if (n < 0)
		return n;
	if (n == 0) {
		html_printf(h, "<p class=\"empty\">%s</p>", _("Aucun devoir pour l'instant."));
		return 0;
	}
	html_printf(h, "<table class=\"homework\"><caption>%s</caption><thead><tr><th scope=\"col\">%s"
	               "</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th></tr></thead><tbody>",
	            caption, _("Devoir"), _("Cours"), _("À rendre avant le"), _("État"), _("Note"));
	static const char *const css[] = {"todo", "late", "closed", "submitted", "correcting",
	                                  "returned"};
	const char *suffix = own ? "" : learner_suffix(r, learner);
	const char *late = _("rendu en retard");
	for (int i = 0; i < n; i++) {
		const struct homework_row *w = &rows[i];
		html_printf(h, "<tr><td><a href=\"/devoirs/%lld%s\">%s</a></td><td>%s</td><td>",
		            (long long)w->a.item_id, suffix, w->a.title, w->a.course_title);
		due_cell(h, r, &w->a);
		bool flag = w->s.id && w->s.late;
		/* markup in the format: %s arguments are escaped */
		html_printf(h, flag ? "</td><td><span class=\"status hw-%s\">%s</span> <span class=meta>%s</span></td><td>"
		                    : "</td><td><span class=\"status hw-%s\">%s</span></td><td>",
		            css[w->status], homework_status_label(w->status), late);
		if (w->s.grade >= 0)
			html_printf(h, "<a href=\"/copies/%lld\">%s / %s</a>", (long long)w->s.id,
			            grades_format(r->arena, w->s.grade), grades_format(r->arena, w->s.max_grade));
		html_printf(h, "</td></tr>");
	}
	html_printf(h, "</tbody></table>");
	return 0;
}

/* GET /devoirs[?eleve=] - a learner's homework, or each child's for a guardian */
int homework_page_list(struct req *r)
{
	int64_t learner = learner_param(r);
	struct html *h = page_begin(r, _("Devoirs"));
	html_printf(h, "<h1>%s</h1>", _("Devoirs"));
	bool shown = false;
	if (learner && learner != r->user.id) {
		struct person p;
		if (people_get(r, learner, &p) != 0)
			return page_not_found(r);
		const char *who = arena_printf(r->arena, "%s %s", p.given_name, p.family_name);
		int rc = list_table(h, r, learner, arena_printf(r->arena, _("Devoirs de %s"), who), false);
		if (rc == ERR_NOT_FOUND)
			return page_not_found(r);
		if (rc)
			return hw_internal_error(r);
		return page_end(r, h);
	}
	if (r->user.roles & ROLE_LEARNER) {
		if (list_table(h, r, r->user.id, _("Vos devoirs, par date limite"), true) != 0)
			return hw_internal_error(r);
		shown = true;
	}
	if (r->user.roles & ROLE_GUARDIAN) {
		struct person *kids;
		int k = people_children(r, r->user.id, &kids);
		for (int i = 0; i < k; i++) {
			const char *who = arena_printf(r->arena, "%s %s", kids[i].given_name, kids[i].family_name);
			html_printf(h, "<h2>%s</h2>", who);
			if (list_table(h, r, kids[i].id, arena_printf(r->arena, _("Devoirs de %s"), who),
			               false) != 0)
				return hw_internal_error(r);
		}
		if (k <= 0)
			html_printf(h, "<p class=\"empty\">%s</p>", _("Aucun enfant n'est rattaché à votre compte."));
		shown = true;
	}
	if (r->user.roles & (ROLE_TEACHER | ROLE_ADVISOR | ROLE_ADMIN)) {
		html_printf(h, "<p><a class=\"button\" href=\"/corrections\">%s</a></p>",
		            _("Copies à corriger"));
		shown = true;
	}
	if (!shown)
		html_printf(h, "<p class=\"empty\">%s</p>", _("Votre compte n'a pas de devoirs."));
	return page_end(r, h);
}

/* ---- An assignment ---- */

static const char *policy_text(struct req *r, const struct assignment *a)
{
	if (strcmp(a->late_policy, "accept") == 0)
		return _("Les copies en retard sont acceptées.");
	if (strcmp(a->late_policy, "refuse") == 0) {
		int64_t cut = a->learner_cutoff_at ? a->learner_cutoff_at
		                                   : a->cutoff_at ? a->cutoff_at : a->due_at;
		if (!cut)
			return _("Les copies en retard sont refusées.");
		return arena_printf(r->arena, _("Les copies sont refusées après le %s."),
		                    fmt_datetime(r->arena, cut));
	}
	return _("Les copies en retard sont acceptées, et signalées comme en retard.");
}

static void assignment_facts(struct html *h, struct req *r, const struct assignment *a)
{
	html_printf(h, "<dl class=\"facts\"><dt>%s</dt><dd>", _("À rendre avant le"));
	due_cell(h, r, a);
	html_printf(h, "</dd><dt>%s</dt><dd>", _("Se rend"));
	if (a->accepts_file)
		html_printf(h, "%s", arena_printf(r->arena, _("en fichier (%s, %d Mo au plus)"),
		                                  doctype_list(r->arena, a->file_types),
		                                  limit_mb()));
	if (a->accepts_file && a->accepts_text)
		html_printf(h, " %s ", _("ou"));
	if (a->accepts_text)
		html_printf(h, "%s", _("en écrivant la réponse"));
	html_printf(h, "</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>", _("Retard"),
	            policy_text(r, a), _("Barème"),
	            arena_printf(r->arena, _("noté sur %s, coefficient %s"),
	                         grades_format(r->arena, a->max_grade), grades_format(r->arena, a->weight)));
	html_printf(h, "<dt>%s</dt><dd>%s</dd></dl>", _("Remplacement"),
	            a->resubmit ? _("Vous pouvez remplacer votre copie tant que sa correction n'a pas commencé.")
	                        : _("Une seule remise : la copie ne peut pas être remplacée."));
}

static void hand_in_form(struct html *h, struct req *r, const struct assignment *a,
                         const struct submission *s, enum homework_status st, const struct err *e,
                         const char *text)
{
	bool can = st == HW_TODO || st == HW_LATE || (st == HW_SUBMITTED && a->resubmit);
	if (!can) {
		if (st == HW_CLOSED)
			html_printf(h, "<p class=\"flash error\">%s</p>",
			            _("La date limite est passée : ce devoir n'accepte plus de copie."));
		else if (st == HW_CORRECTING)
			html_printf(h, "<p>%s</p>", _("Votre copie est en cours de correction."));
		return;
	}
	html_printf(h, "<h2 id=\"rendre\">%s</h2>", s->id ? _("Remplacer ma copie") : _("Rendre mon devoir"));
	if (st == HW_LATE)
		html_printf(h, "<p class=\"flash error\">%s</p>",
		            strcmp(a->late_policy, "accept") == 0
		                    ? _("La date limite est passée, mais ce devoir accepte encore les copies.")
		                    : _("La date limite est passée : votre copie sera signalée en retard."));
	form_open(h, r, arena_printf(r->arena, "/devoirs/%lld/rendu", (long long)a->item_id), true);
	if (a->accepts_file)
		form_field(h, &(struct field_view){
			.name = "file", .label = _("Votre copie (fichier)"), .type = "file",
			.accept = doctype_accept_attr(r->arena, a->file_types),
			.hint = arena_printf(r->arena, _("%s ; %d Mo au plus. Le type est vérifié d'après le contenu du fichier."),
			                     doctype_list(r->arena, a->file_types), limit_mb())}, e);
	if (a->accepts_text)
		form_field(h, &(struct field_view){
			.name = "text", .label = _("Votre réponse"), .type = "textarea", .value = text,
			.hint = _("50 000 caractères au plus.")}, e);
	form_close(h, s->id ? _("Remplacer ma copie") : _("Rendre mon devoir"));
}

static int render_assignment(struct req *r, int64_t id, int64_t learner, const struct err *e,
                             const char *text)
{
	struct assignment a;
	int rc = homework_assignment_get(r, id, learner, &a);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc)
		return hw_internal_error(r);
	enum course_access acc = courses_access(r, a.course_id, learner);
	int64_t who = learner ? learner : (acc == COURSE_LEARNER ? r->user.id : 0);
	struct submission s = {.grade = -1};
	if (who && homework_submission_of(r, id, who, &s) != 0)
		return hw_internal_error(r);
	if (e && e->code) {
		switch (e->code) {
		case ERR_INVALID: r->status = 400; break;
		case ERR_FORBIDDEN: r->status = 403; break;
		case ERR_CONFLICT: r->status = 409; break;
		case ERR_TOO_LARGE: r->status = 413; break;
		default: r->status = 400; break;
		}
	}
	struct html *h = page_begin(r, a.title);
	html_printf(h, "<p><a href=\"/devoirs%s\">%s</a> · <a href=\"/mes-cours/%lld%s\">%s</a></p>",
	            learner_suffix(r, learner), _("← Devoirs"), (long long)a.course_id,
	            learner_suffix(r, learner), a.course_title);
	html_printf(h, "<h1>%s</h1>", a.title);
	assignment_facts(h, r, &a);
	if (a.intro_md[0] || a.instructions_md[0]) {
		html_printf(h, "<section class=\"prose\" aria-labelledby=\"consignes\"><h2 id=\"consignes\">%s</h2>",
		            _("Consignes"));
		html_raw_trusted(h, markdown_to_html(r->arena, a.intro_md));
		html_raw_trusted(h, markdown_to_html(r->arena, a.instructions_md));
		html_printf(h, "</section>");
	}
	int64_t now = time(NULL);
	if (who) {
		enum homework_status st;
		if (s.id)
			st = homework_submission_status(&s);
		else {
			int64_t due = a.learner_due_at ? a.learner_due_at : a.due_at;
			int64_t cut = a.learner_cutoff_at ? a.learner_cutoff_at : due;
			st = !due || now <= due ? HW_TODO
			     : strcmp(a.late_policy, "refuse") == 0 && now > cut ? HW_CLOSED : HW_LATE;
		}
		html_printf(h, "<h2>%s</h2>", who == r->user.id ? _("Ma copie") : _("Sa copie"));
		form_errors(h, e);
		html_printf(h, "<p>");
		hw_status_tag(h, st);
		html_printf(h, "</p>");
		if (s.id) {
			hw_copy_facts(h, r, &s);
			html_printf(h, "<p><a class=\"button\" href=\"/copies/%lld\">%s</a></p>", (long long)s.id,
			            s.returned_at ? _("Voir la correction") : _("Voir le reçu de dépôt"));
		}
		if (acc == COURSE_LEARNER && who == r->user.id)
			hand_in_form(h, r, &a, &s, st, e, text);
	}
	if (acc >= COURSE_STAFF) {
		html_printf(h, "<h2>%s</h2><ul>", _("Pour l'équipe"));
		if (homework_can_configure(r, a.course_id))
			html_printf(h, "<li><a href=\"/devoirs/%lld/parametres\">%s</a></li>", (long long)id,
			            _("Régler le devoir (date limite, barème, types de fichiers...)"));
		if ((r->user.roles & (ROLE_TEACHER | ROLE_ADVISOR | ROLE_ADMIN)))
			html_printf(h, "<li><a href=\"/devoirs/%lld/copies\">%s</a></li>", (long long)id,
			            _("Copies des élèves"));
		html_printf(h, "</ul>");
	}
	return page_end(r, h);
}

/* GET /devoirs/{id}[?eleve=] */
int homework_page_assignment(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	return st ? st : render_assignment(r, id, learner_param(r), NULL, NULL);
}

/* POST /devoirs/{id}/rendu: file and/or text (multipart) */
int homework_page_submit(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct submission s;
	struct err e = {0};
	const char *text = req_form(r, "text");
	int rc = homework_submit(r, id, req_upload(r, "file"), text, &s, &e);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc == ERR_INTERNAL)
		return hw_internal_error(r);
	if (rc)
		return render_assignment(r, id, 0, &e, text);
	page_flash(r, "ok", arena_printf(r->arena, _("Copie reçue le %s. Gardez ce reçu."),
	                                 hw_when(r->arena, s.submitted_at)));
	return reply_redirect(r, arena_printf(r->arena, "/copies/%lld", (long long)s.id));
}

/* ---- A copy ---- */

/* GET /copies/{id} - receipt, answer and (once returned) correction */
int homework_page_copy(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct submission s;
	struct assignment a;
	int rc = homework_submission_get(r, id, &s, &a);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc)
		return hw_internal_error(r);
	bool own = s.learner_id == r->user.id;
	struct html *h = page_begin(r, arena_printf(r->arena, _("Copie : %s"), s.title));
	html_printf(h, "<p><a href=\"/devoirs/%lld%s\">%s</a></p>", (long long)s.item_id,
	            own ? "" : learner_suffix(r, s.learner_id), _("← Le devoir"));
	html_printf(h, "<h1>%s</h1>", arena_printf(r->arena, _("Copie : %s"), s.title));
	html_printf(h, "<p>");
	hw_status_tag(h, homework_submission_status(&s));
	html_printf(h, "</p><section aria-labelledby=\"recu\"><h2 id=\"recu\">%s</h2>",
	            _("Reçu de dépôt"));
	html_printf(h, "<p>%s</p>", _("Votre copie est enregistrée sur le serveur. L'empreinte "
	                              "SHA-256 identifie exactement le fichier reçu."));
	hw_copy_facts(h, r, &s);
	html_printf(h, "</section>");
	if (s.text_answer[0]) {
		html_printf(h, "<h2>%s</h2><div class=\"answer\">%s</div>", _("Réponse écrite"), s.text_answer);
	}
	if (s.returned_at || (s.grade >= 0 || s.feedback_md[0] || s.annotated_sha256))
		hw_correction_view(h, r, &s);
	struct submission *v;
	int nv = s.version > 1 ? homework_versions(r, id, &v) : 0;
	if (nv > 1) {
		html_printf(h, "<h2>%s</h2><ol class=\"history\">", _("Versions déposées"));
		for (int i = 0; i < nv; i++)
			html_printf(h, "<li>%s — %s <code class=\"sha\">%s</code></li>",
			            hw_when(r->arena, v[i].submitted_at),
			            v[i].file_name ? v[i].file_name : _("réponse écrite"), v[i].sha256);
		html_printf(h, "</ol>");
	}
	if (s.teacher_id == r->user.id && !s.returned_at)
		html_printf(h, "<p><a class=\"button\" href=\"/corrections/%lld\">%s</a></p>", (long long)id,
		            _("Corriger cette copie"));
	return page_end(r, h);
}

static int copy_file(struct req *r, bool annotated)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct submission s;
	if (homework_submission_get(r, id, &s, NULL) != 0)
		return page_not_found(r);
	const char *sha = annotated ? s.annotated_sha256 : s.file_sha256;
	if (!sha)
		return page_not_found(r);
	req_add_header(r, "Cache-Control", "private, no-store");
	return reply_file_inline(r, files_path(r->arena, sha),
	                         annotated ? s.annotated_type : s.file_type,
	                         annotated ? s.annotated_name : s.file_name);
}

/* GET /copies/{id}/fichier - the learner's file */
int homework_page_copy_file(struct req *r)
{
	return copy_file(r, false);
}

/* GET /copies/{id}/corrige - the annotated copy, once returned */
int homework_page_copy_annotated(struct req *r)
{
	return copy_file(r, true);
}
