/*
** This file implements the notification pages and API: the list, marking
** read, and the mail preference.
*/
#include <string.h>

#include "app/page.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "kernel/json.h"
#include "notices/notices.h"
#include "notices/web.h"

#define PAGE_SIZE 30

static int page_number(struct req *r)
{
	int64_t page = 1;
	const char *p = req_query(r, "page");
	if (p && (!str_to_int64(p, &page) || page < 1 || page > 10000))
		page = 1;
	return (int)page;
}

/* A notice's link is shown only when it is a local path. */
static bool local(const char *link)
{
	return link && link[0] == '/' && link[1] != '/' && link[1] != '\\';
}

static int render(struct req *r, const struct err *e)
{
	int page = page_number(r);
	struct notice *n;
	int count = notices_list(r, (page - 1) * PAGE_SIZE, PAGE_SIZE + 1, &n);
	if (count < 0)
		return page_internal_error(r);
	if (e && e->code)
		r->status = 400;
	struct html *h = page_begin(r, _("Notifications"));
	html_printf(h, "<h1>%s</h1>", _("Notifications"));
	if (count == 0)
		html_printf(h, "<p class=\"empty\">%s</p>", _("Aucune notification."));
	else {
		button_form(h, r, "/notifications/lues", _("Tout marquer comme lu"), "secondary");
		html_printf(h, "<ul class=\"notices\">");
	}
	for (int i = 0; i < count && i < PAGE_SIZE; i++) {
		html_printf(h, "<li class=\"%s\"><time>%s</time> ", n[i].read_at ? "read" : "unread",
		            fmt_datetime(r->arena, n[i].created_at));
		if (!n[i].read_at)
			html_printf(h, "<strong>%s</strong> ", _("Nouveau :"));
		if (local(n[i].link))
			html_printf(h, "<a href=\"%s\">%s</a>", n[i].link, n[i].title);
		else
			html_printf(h, "%s", n[i].title);
		if (!n[i].read_at) {
			html_printf(h, " ");
			button_form(h, r, arena_printf(r->arena, "/notifications/%lld/lue", (long long)n[i].id),
			            _("Marquer comme lu"), "secondary");
		}
		html_printf(h, "</li>");
	}
	if (count)
		html_printf(h, "</ul>");
	pager(h, r, "/notifications", "", page, count > PAGE_SIZE);
	html_printf(h, "<h2>%s</h2>", _("Recevoir les notifications par e-mail"));
	form_open(h, r, "/notifications/preference", false);
	form_errors(h, e);
	struct option opts[] = {
		{"each", _("À chaque notification")},
		{"digest", _("Un résumé par jour")},
		{"none", _("Jamais")},
	};
	form_select(h, "mode", _("Fréquence"), opts, 3, notices_preference(r), e);
	form_close(h, _("Enregistrer"));
	if (!r->user.email)
		html_printf(h, "<p class=\"hint\">%s</p>",
		            _("Votre compte n'a pas d'adresse e-mail : les notifications restent ici."));
	return page_end(r, h);
}

/* GET /notifications */
int notices_page_list(struct req *r)
{
	return render(r, NULL);
}

/* POST /notifications/lues */
int notices_page_read_all(struct req *r)
{
	if (notices_mark_read(r, 0) != 0)
		return page_internal_error(r);
	return reply_redirect(r, "/notifications");
}

/* POST /notifications/{id}/lue */
int notices_page_read(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	if (notices_mark_read(r, id) != 0)
		return page_internal_error(r);
	return reply_redirect(r, "/notifications");
}

/* POST /notifications/preference: mode=each|digest|none */
int notices_page_preference(struct req *r)
{
	struct err e = {0};
	int rc = notices_set_preference(r, req_form(r, "mode"), &e);
	if (rc == ERR_INTERNAL)
		return page_internal_error(r);
	if (rc)
		return render(r, &e);
	page_flash(r, "ok", _("Votre préférence est enregistrée."));
	return reply_redirect(r, "/notifications");
}

/* GET /api/v1/notifications[?page=] -> {"unread", "notifications":[...], "has_more"} */
int notices_api_list(struct req *r)
{
	int page = page_number(r);
	struct notice *n;
	int count = notices_list(r, (page - 1) * PAGE_SIZE, PAGE_SIZE + 1, &n);
	if (count < 0)
		return reply_json_error(r, 500, "internal", _("Erreur interne."));
	json_t *arr = json_array();
	for (int i = 0; i < count && i < PAGE_SIZE; i++)
		json_array_append_new(arr, json_pack("{s:I,s:s,s:s,s:s,s:s,s:o}",
			"id", (json_int_t)n[i].id, "kind", n[i].kind, "title", n[i].title, "link", n[i].link,
			"created_at", fmt_iso(r->arena, n[i].created_at),
			"read_at", n[i].read_at ? json_string(fmt_iso(r->arena, n[i].read_at)) : json_null()));
	return reply_json(r, 200, json_pack("{s:I,s:o,s:b}", "unread", (json_int_t)notices_unread(r),
	                                    "notifications", arr, "has_more", count > PAGE_SIZE));
}
