/*
** This file implements the pages of announcements: the list a person
** sees, one announcement, publishing (admins for the tenant or a unit,
** course staff for their course) and deleting.
*/
#include <string.h>

#include "app/page.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "kernel/markdown.h"
#include "news/news.h"
#include "news/web.h"

#define PAGE_SIZE 10

static int page_number(struct req *r)
{
	int64_t page = 1;
	const char *p = req_query(r, "page");
	if (p && (!str_to_int64(p, &page) || page < 1 || page > 10000))
		page = 1;
	return (int)page;
}

static const char *where(struct req *r, const struct news_item *n)
{
	if (str_eq(n->scope, "unit"))
		return arena_printf(r->arena, _("Pôle %s"), n->where);
	if (str_eq(n->scope, "course"))
		return arena_printf(r->arena, _("Cours %s"), n->where);
	return _("Tout l'établissement");
}

static void meta(struct html *h, struct req *r, const struct news_item *n)
{
	html_printf(h, "<p class=\"meta\">%s · <time datetime=\"%s\">%s</time> · %s</p>",
	            where(r, n), fmt_iso(r->arena, n->published_at),
	            fmt_date(r->arena, n->published_at), n->author_name);
}

/* GET /actualites[?page=] */
int news_page_list(struct req *r)
{
	int page = page_number(r);
	struct news_item *n;
	int count = news_list(r, (page - 1) * PAGE_SIZE, PAGE_SIZE + 1, &n);
	struct news_target *t;
	int nt = news_targets(r, &t);
	if (count < 0 || nt < 0)
		return page_internal_error(r);
	struct html *h = page_begin(r, _("Actualités"));
	html_printf(h, "<h1>%s</h1><ul class=\"actions\">", _("Actualités"));
	if (nt > 0)
		html_printf(h, "<li><a class=\"button\" href=\"/actualites/nouvelle\">%s</a></li>",
		            _("Publier une annonce"));
	html_printf(h, "<li><a href=\"/forums\">%s</a></li></ul>", _("Forums de mes cours"));
	if (count == 0)
		html_printf(h, "<p class=\"empty\">%s</p>", _("Aucune annonce pour l'instant."));
	for (int i = 0; i < count && i < PAGE_SIZE; i++) {
		html_printf(h, "<article class=\"news\"><h2><a href=\"/actualites/%lld\">%s</a></h2>",
		            (long long)n[i].id, n[i].title);
		meta(h, r, &n[i]);
		html_printf(h, "<div class=\"prose\">");
		html_raw_trusted(h, markdown_to_html(r->arena, n[i].body_md));
		html_printf(h, "</div></article>");
	}
	pager(h, r, "/actualites", "", page, count > PAGE_SIZE);
	return page_end(r, h);
}

/* GET /actualites/{id} */
int news_page_show(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct news_item n;
	int rc = news_get(r, id, &n);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc)
		return page_internal_error(r);
	struct html *h = page_begin(r, n.title);
	html_printf(h, "<p><a href=\"/actualites\">%s</a></p><h1>%s</h1>", _("← Actualités"), n.title);
	meta(h, r, &n);
	html_printf(h, "<div class=\"prose\">");
	html_raw_trusted(h, markdown_to_html(r->arena, n.body_md));
	html_printf(h, "</div>");
	if (n.deletable)
		button_form(h, r, arena_printf(r->arena, "/actualites/%lld/supprimer", (long long)id),
		            _("Supprimer cette annonce"), "danger");
	return page_end(r, h);
}

static int render_new(struct req *r, const struct err *e)
{
	struct news_target *t;
	int nt = news_targets(r, &t);
	if (nt < 0)
		return page_internal_error(r);
	if (nt == 0)
		return page_forbidden(r);
	if (e && e->code)
		r->status = e->code == ERR_FORBIDDEN ? 403 : 400;
	struct html *h = page_begin(r, _("Publier une annonce"));
	html_printf(h, "<p><a href=\"/actualites\">%s</a></p><h1>%s</h1>", _("← Actualités"),
	            _("Publier une annonce"));
	form_open(h, r, "/actualites", false);
	form_errors(h, e);
	struct option *o = arena_array(r->arena, (size_t)nt, sizeof *o);
	for (int i = 0; i < nt; i++)
		o[i] = (struct option){t[i].value, t[i].label};
	form_select(h, "cible", _("Pour qui"), o, nt, req_form(r, "cible"), e);
	form_field(h, &(struct field_view){.name = "titre", .label = _("Titre"), .required = true,
	                                   .value = req_form(r, "titre")}, e);
	form_field(h, &(struct field_view){.name = "texte", .label = _("Texte"), .type = "textarea",
	                                   .required = true,
	                                   .hint = _("Mise en forme Markdown : **gras**, *italique*, "
	                                             "listes avec « - », liens [texte](https://...)."),
	                                   .value = req_form(r, "texte")}, e);
	form_close(h, _("Publier"));
	return page_end(r, h);
}

/* GET /actualites/nouvelle */
int news_page_new(struct req *r)
{
	return render_new(r, NULL);
}

/* POST /actualites: cible, titre, texte */
int news_page_publish(struct req *r)
{
	struct news_input in = {.target = req_form(r, "cible"), .title = req_form(r, "titre"),
	                        .body_md = req_form(r, "texte")};
	struct err e = {0};
	int64_t id;
	int rc = news_publish(r, &in, &id, &e);
	if (rc == ERR_INTERNAL)
		return page_internal_error(r);
	if (rc)
		return render_new(r, &e);
	page_flash(r, "ok", _("L'annonce est publiée."));
	return reply_redirect(r, arena_printf(r->arena, "/actualites/%lld", (long long)id));
}

/* POST /actualites/{id}/supprimer */
int news_page_delete(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	int rc = news_delete(r, id);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc)
		return page_internal_error(r);
	page_flash(r, "ok", _("L'annonce est supprimée."));
	return reply_redirect(r, "/actualites");
}
