/*
** This file implements the forum pages: the forums of a person's courses,
** a course's threads with the form to start one, a thread with its posts
** and the reply form, hiding (staff) and reporting (learners) a post, and
** the staff's list of reports.
*/
#include <string.h>

#include "app/page.h"
#include "kernel/csrf.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "kernel/markdown.h"
#include "news/news.h"
#include "news/web.h"

#define PAGE_SIZE 30

static void status_for(struct req *r, const struct err *e)
{
	if (e && e->code)
		r->status = e->code == ERR_NOT_FOUND ? 404 : e->code == ERR_CONFLICT ? 409 : 400;
}

static int ids_or_reply(struct req *r, const char *a, int64_t *x, const char *b, int64_t *y)
{
	int st = route_id_or_reply(r, a, x);
	if (!st && b)
		st = route_id_or_reply(r, b, y);
	return st;
}

/* GET /forums: the forums of the courses one follows or teaches */
int forum_page_list(struct req *r)
{
	struct forum_course *f;
	int n = forum_courses(r, &f);
	if (n < 0)
		return page_internal_error(r);
	struct html *h = page_begin(r, _("Forums"));
	html_printf(h, "<p><a href=\"/actualites\">%s</a></p><h1>%s</h1>", _("← Actualités"),
	            _("Forums de mes cours"));
	if (n == 0) {
		html_printf(h, "<p class=\"empty\">%s</p>",
		            _("Vous ne suivez ni n'enseignez aucun cours : aucun forum à afficher."));
		return page_end(r, h);
	}
	html_printf(h, "<ul class=\"results\">");
	for (int i = 0; i < n; i++) {
		html_printf(h, "<li><h2><a href=\"/forums/%lld\">%s</a></h2><p class=\"meta\">%s",
		            (long long)f[i].id, f[i].title,
		            arena_printf(r->arena, _("%lld sujet(s)"), (long long)f[i].threads));
		if (f[i].open_reports)
			html_printf(h, " · <a href=\"/forums/%lld/signalements\">%s</a>", (long long)f[i].id,
			            arena_printf(r->arena, _("%lld signalement(s) à traiter"),
			                         (long long)f[i].open_reports));
		html_printf(h, "</p></li>");
	}
	html_printf(h, "</ul>");
	return page_end(r, h);
}

static int render_course(struct req *r, int64_t course, const struct err *e)
{
	int64_t page = 1;
	const char *p = req_query(r, "page");
	if (p && (!str_to_int64(p, &page) || page < 1 || page > 10000))
		page = 1;
	struct forum_thread *t;
	int n = forum_threads(r, course, (int)(page - 1) * PAGE_SIZE, PAGE_SIZE + 1, &t);
	if (n == ERR_NOT_FOUND)
		return page_not_found(r);
	if (n < 0)
		return page_internal_error(r);
	struct forum_course *mine;
	int nm = forum_courses(r, &mine);
	const char *title = "";
	bool moderator = forum_role(r, course) == FORUM_MODERATOR;
	for (int i = 0; i < nm; i++)
		if (mine[i].id == course)
			title = mine[i].title;
	if (!title[0] && n > 0)
		title = t[0].course_title;
	status_for(r, e);
	const char *h1 = title[0] ? arena_printf(r->arena, _("Forum : %s"), title) : _("Forum du cours");
	struct html *h = page_begin(r, h1);
	html_printf(h, "<p><a href=\"/forums\">%s</a></p><h1>%s</h1>", _("← Forums"), h1);
	if (moderator)
		html_printf(h, "<p><a href=\"/forums/%lld/signalements\">%s</a></p>", (long long)course,
		            _("Messages signalés"));
	if (n == 0 && page == 1)
		html_printf(h, "<p class=\"empty\">%s</p>",
		            _("Aucun sujet pour l'instant. Posez la première question !"));
	else {
		html_printf(h, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th>"
		               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		               "</tr></thead><tbody>",
		            _("Sujets, les plus actifs d'abord"), _("Sujet"), _("Auteur"), _("Messages"),
		            _("Dernier message"));
		for (int i = 0; i < n && i < PAGE_SIZE; i++)
			html_printf(h, "<tr><td><a href=\"/forums/%lld/sujets/%lld\">%s</a></td><td>%s</td>"
			               "<td>%lld</td><td>%s</td></tr>",
			            (long long)course, (long long)t[i].id, t[i].title, t[i].author_name,
			            (long long)t[i].posts, fmt_datetime(r->arena, t[i].last_post_at));
		html_printf(h, "</tbody></table>");
		pager(h, r, arena_printf(r->arena, "/forums/%lld", (long long)course), "", (int)page,
		      n > PAGE_SIZE);
	}
	html_printf(h, "<h2>%s</h2>", _("Nouveau sujet"));
	form_open(h, r, arena_printf(r->arena, "/forums/%lld/sujets", (long long)course), false);
	form_errors(h, e);
	form_field(h, &(struct field_view){.name = "titre", .label = _("Titre du sujet"),
	                                   .required = true, .value = req_form(r, "titre")}, e);
	form_field(h, &(struct field_view){.name = "texte", .label = _("Message"), .type = "textarea",
	                                   .required = true,
	                                   .hint = _("Mise en forme Markdown possible."),
	                                   .value = req_form(r, "texte")}, e);
	form_close(h, _("Publier le sujet"));
	return page_end(r, h);
}

/* GET /forums/{id}[?page=]: the course's threads */
int forum_page_course(struct req *r)
{
	int64_t course;
	int st = route_id_or_reply(r, "id", &course);
	return st ? st : render_course(r, course, NULL);
}

/* POST /forums/{id}/sujets: titre, texte */
int forum_page_thread_create(struct req *r)
{
	int64_t course;
	int st = route_id_or_reply(r, "id", &course);
	if (st)
		return st;
	struct err e = {0};
	int64_t id;
	int rc = forum_thread_create(r, course, req_form(r, "titre"), req_form(r, "texte"), &id, &e);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc == ERR_INTERNAL)
		return page_internal_error(r);
	if (rc)
		return render_course(r, course, &e);
	page_flash(r, "ok", _("Votre sujet est publié."));
	return reply_redirect(r, arena_printf(r->arena, "/forums/%lld/sujets/%lld", (long long)course,
	                                      (long long)id));
}

static void post_actions(struct html *h, struct req *r, int64_t course, const struct forum_post *p,
                         enum forum_role role)
{
	if (role == FORUM_MODERATOR) {
		const char *action = arena_printf(r->arena, "/forums/%lld/messages/%lld/masquer",
		                                  (long long)course, (long long)p->id);
		html_printf(h, "<form method=\"post\" action=\"%s\" class=\"inline\">", action);
		html_printf(h, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", csrf_token(r));
		html_printf(h, "<input type=\"hidden\" name=\"masquer\" value=\"%s\">"
		               "<button type=\"submit\" class=\"secondary\">%s</button></form>",
		            p->hidden ? "0" : "1",
		            p->hidden ? _("Rendre visible de nouveau") : _("Masquer ce message"));
		return;
	}
	if (role != FORUM_MEMBER || p->author_id == r->user.id || p->hidden)
		return;
	if (p->reported_by_me) {
		html_printf(h, "<p class=\"meta\">%s</p>", _("Vous avez signalé ce message à l'équipe."));
		return;
	}
	const char *action = arena_printf(r->arena, "/forums/%lld/messages/%lld/signaler",
	                                  (long long)course, (long long)p->id);
	html_printf(h, "<details><summary>%s</summary>", _("Signaler ce message à l'équipe"));
	form_open(h, r, action, false);
	form_field(h, &(struct field_view){.name = "motif",
	                                   .id = arena_printf(r->arena, "motif-%lld", (long long)p->id),
	                                   .label = _("Motif (facultatif)")}, NULL);
	form_close(h, _("Signaler"));
	html_printf(h, "</details>");
}

static int render_thread(struct req *r, int64_t course, int64_t tid, const struct err *e)
{
	struct forum_thread t;
	struct forum_post *p;
	int n = forum_thread_get(r, course, tid, &t, &p);
	if (n == ERR_NOT_FOUND)
		return page_not_found(r);
	if (n < 0)
		return page_internal_error(r);
	enum forum_role role = forum_role(r, course);
	status_for(r, e);
	struct html *h = page_begin(r, t.title);
	html_printf(h, "<p><a href=\"/forums/%lld\">%s</a></p><h1>%s</h1><p class=\"meta\">%s</p>",
	            (long long)course, arena_printf(r->arena, _("← Forum : %s"), t.course_title),
	            t.title, arena_printf(r->arena, _("Sujet ouvert par %s le %s"), t.author_name,
	                                  fmt_date(r->arena, t.created_at)));
	html_printf(h, "<ol class=\"thread\">");
	for (int i = 0; i < n; i++) {
		html_printf(h, "<li id=\"message-%lld\"><article class=\"mail%s\"><h2 class=\"post-head\">%s "
		               "<span class=\"meta\">— <time datetime=\"%s\">%s</time></span></h2>",
		            (long long)p[i].id, p[i].hidden ? " hidden-post" : "", p[i].author_name,
		            fmt_iso(r->arena, p[i].created_at), fmt_datetime(r->arena, p[i].created_at));
		if (!p[i].body_md)
			html_printf(h, "<p class=\"empty\">%s</p>", _("Message masqué par l'équipe."));
		else {
			if (p[i].hidden)
				html_printf(h, "<p><span class=\"tag\">%s</span></p>",
				            _("Masqué : les élèves voient « message masqué par l'équipe »"));
			if (p[i].open_reports)
				html_printf(h, "<p><span class=\"tag\">%s</span></p>",
				            arena_printf(r->arena, _("Signalé %lld fois"), (long long)p[i].open_reports));
			html_printf(h, "<div class=\"prose\">");
			html_raw_trusted(h, markdown_to_html(r->arena, p[i].body_md));
			html_printf(h, "</div>");
		}
		post_actions(h, r, course, &p[i], role);
		html_printf(h, "</article></li>");
	}
	html_printf(h, "</ol><h2>%s</h2>", _("Répondre"));
	form_open(h, r, arena_printf(r->arena, "/forums/%lld/sujets/%lld", (long long)course,
	                             (long long)tid), false);
	form_errors(h, e);
	form_field(h, &(struct field_view){.name = "texte", .label = _("Votre réponse"),
	                                   .type = "textarea", .required = true,
	                                   .hint = _("Mise en forme Markdown possible."),
	                                   .value = e && e->code ? req_form(r, "texte") : NULL}, e);
	form_close(h, _("Publier la réponse"));
	return page_end(r, h);
}

/* GET /forums/{id}/sujets/{tid} */
int forum_page_thread(struct req *r)
{
	int64_t course, tid;
	int st = ids_or_reply(r, "id", &course, "tid", &tid);
	return st ? st : render_thread(r, course, tid, NULL);
}

/* POST /forums/{id}/sujets/{tid}: texte */
int forum_page_reply(struct req *r)
{
	int64_t course, tid, pid;
	int st = ids_or_reply(r, "id", &course, "tid", &tid);
	if (st)
		return st;
	struct err e = {0};
	int rc = forum_reply(r, course, tid, req_form(r, "texte"), &pid, &e);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc == ERR_INTERNAL)
		return page_internal_error(r);
	if (rc)
		return render_thread(r, course, tid, &e);
	page_flash(r, "ok", _("Votre réponse est publiée."));
	return reply_redirect(r, arena_printf(r->arena, "/forums/%lld/sujets/%lld#message-%lld",
	                                      (long long)course, (long long)tid, (long long)pid));
}

/* POST /forums/{id}/messages/{pid}/masquer: masquer=1|0 (staff) */
int forum_page_hide(struct req *r)
{
	int64_t course, pid, tid;
	int st = ids_or_reply(r, "id", &course, "pid", &pid);
	if (st)
		return st;
	const char *m = req_form(r, "masquer");
	bool hide = !m || strcmp(m, "0") != 0;
	int rc = forum_post_hide(r, course, pid, hide, &tid);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc)
		return page_internal_error(r);
	page_flash(r, "ok", hide ? _("Le message est masqué.") : _("Le message est de nouveau visible."));
	return reply_redirect(r, arena_printf(r->arena, "/forums/%lld/sujets/%lld#message-%lld",
	                                      (long long)course, (long long)tid, (long long)pid));
}

/* POST /forums/{id}/messages/{pid}/signaler: motif (learners) */
int forum_page_report(struct req *r)
{
	int64_t course, pid, tid = 0;
	int st = ids_or_reply(r, "id", &course, "pid", &pid);
	if (st)
		return st;
	struct err e = {0};
	int rc = forum_post_report(r, course, pid, req_form(r, "motif"), &tid, &e);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc == ERR_INTERNAL)
		return page_internal_error(r);
	if (rc)
		return tid ? render_thread(r, course, tid, &e) : page_not_found(r);
	page_flash(r, "ok", _("Merci : le message est signalé à l'équipe pédagogique."));
	return reply_redirect(r, arena_printf(r->arena, "/forums/%lld/sujets/%lld#message-%lld",
	                                      (long long)course, (long long)tid, (long long)pid));
}

/* GET /forums/{id}/signalements (staff) */
int forum_page_reports(struct req *r)
{
	int64_t course;
	int st = route_id_or_reply(r, "id", &course);
	if (st)
		return st;
	struct forum_report *f;
	int n = forum_reports(r, course, &f);
	if (n == ERR_NOT_FOUND)
		return page_not_found(r);
	if (n < 0)
		return page_internal_error(r);
	struct html *h = page_begin(r, _("Messages signalés"));
	html_printf(h, "<p><a href=\"/forums/%lld\">%s</a></p><h1>%s</h1>", (long long)course,
	            _("← Forum du cours"), _("Messages signalés"));
	if (n == 0) {
		html_printf(h, "<p class=\"empty\">%s</p>", _("Aucun signalement à traiter."));
		return page_end(r, h);
	}
	html_printf(h, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th></tr></thead><tbody>",
	            _("Signalements à traiter, les plus anciens d'abord"), _("Message"), _("Signalé par"),
	            _("Motif"), _("Date"), _("Actions"));
	for (int i = 0; i < n; i++) {
		html_printf(h, "<tr><td><a href=\"/forums/%lld/sujets/%lld#message-%lld\">%s</a>"
		               "<p class=\"meta\">%s %s</p></td><td>%s</td><td>%s</td><td>%s</td><td>",
		            (long long)course, (long long)f[i].thread_id, (long long)f[i].post_id,
		            f[i].thread_title, _("Message de"), f[i].post_author, f[i].reporter_name,
		            f[i].reason[0] ? f[i].reason : _("(sans motif)"),
		            fmt_datetime(r->arena, f[i].created_at));
		if (!f[i].post_hidden) {
			html_printf(h, "<form method=\"post\" action=\"/forums/%lld/messages/%lld/masquer\" "
			               "class=\"inline\"><input type=\"hidden\" name=\"csrf\" value=\"%s\">"
			               "<input type=\"hidden\" name=\"masquer\" value=\"1\">"
			               "<button type=\"submit\" class=\"secondary\">%s</button></form> ",
			            (long long)course, (long long)f[i].post_id, csrf_token(r),
			            _("Masquer le message"));
		}
		button_form(h, r, arena_printf(r->arena, "/forums/%lld/signalements/%lld/traiter",
		                               (long long)course, (long long)f[i].id),
		            _("Classer sans suite"), "secondary");
		html_printf(h, "</td></tr>");
	}
	html_printf(h, "</tbody></table>");
	return page_end(r, h);
}

/* POST /forums/{id}/signalements/{rid}/traiter (staff) */
int forum_page_resolve(struct req *r)
{
	int64_t course, rid;
	int st = ids_or_reply(r, "id", &course, "rid", &rid);
	if (st)
		return st;
	int rc = forum_report_resolve(r, course, rid);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc)
		return page_internal_error(r);
	page_flash(r, "ok", _("Le signalement est classé."));
	return reply_redirect(r, arena_printf(r->arena, "/forums/%lld/signalements", (long long)course));
}
