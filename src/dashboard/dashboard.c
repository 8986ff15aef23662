/*
** This file implements the dashboard (dashboard.h): one section per thing
** a person needs to see first, each written by a small function that asks
** one feature.
*/
#include "dashboard/dashboard.h"

#include <string.h>

#include "courses/courses.h"
#include "kernel/i18n.h"
#include "notices/notices.h"
#include "people/people.h"

/* Courses of a learner with progress and the next thing to do. */
static void learner_courses(struct html *h, struct req *r, int64_t learner, const char *heading)
{
	struct course_summary *c;
	int n = courses_for_learner(r, learner, &c);
	html_printf(h, "<section class=\"panel\"><h2>%s</h2>", heading);
	if (n <= 0) {
		html_printf(h, "<p class=\"empty\">%s</p></section>", _("Aucun cours suivi pour l'instant."));
		return;
	}
	const char *suffix = learner == r->user.id ? ""
	                                          : arena_printf(r->arena, "?eleve=%lld", (long long)learner);
	html_printf(h, "<ul class=\"progress-list\">");
	for (int i = 0; i < n; i++) {
		int pct = c[i].items ? c[i].done * 100 / c[i].items : 0;
		html_printf(h, "<li><a href=\"/mes-cours/%lld%s\">%s</a> <progress max=\"100\" value=\"%d\">"
		               "%d %%</progress> <span class=\"meta\">%s</span></li>",
		            (long long)c[i].id, suffix, c[i].title, pct, arena_printf(r->arena, _("%d %%"), pct),
		            arena_printf(r->arena, _("%d sur %d"), c[i].done, c[i].items));
	}
	html_printf(h, "</ul></section>");
}

static void staff_courses(struct html *h, struct req *r)
{
	struct course_summary *c;
	int n = courses_for_staff(r, &c);
	html_printf(h, "<section class=\"panel\"><h2>%s</h2>", _("Mes cours"));
	if (n <= 0) {
		html_printf(h, "<p class=\"empty\">%s</p></section>",
		            _("Vous ne faites partie de l'équipe d'aucun cours."));
		return;
	}
	html_printf(h, "<ul>");
	for (int i = 0; i < n; i++)
		html_printf(h, "<li><a href=\"/mes-cours/%lld\">%s</a></li>", (long long)c[i].id, c[i].title);
	html_printf(h, "</ul></section>");
}

static void notices_panel(struct html *h, struct req *r)
{
	struct notice *n;
	int count = notices_list(r, 0, 5, &n);
	int64_t unread = notices_unread(r);
	html_printf(h, "<section class=\"panel\"><h2>%s</h2>", _("Dernières notifications"));
	if (count <= 0) {
		html_printf(h, "<p class=\"empty\">%s</p></section>", _("Rien de nouveau."));
		return;
	}
	html_printf(h, "<ul>");
	for (int i = 0; i < count; i++) {
		bool local = n[i].link[0] == '/' && n[i].link[1] != '/';
		html_printf(h, "<li>%s", n[i].read_at ? "" : "● ");
		if (local)
			html_printf(h, "<a href=\"%s\">%s</a>", n[i].link, n[i].title);
		else
			html_printf(h, "%s", n[i].title);
		html_printf(h, "</li>");
	}
	html_printf(h, "</ul><p><a href=\"/notifications\">%s</a>%s</p></section>",
	            _("Toutes les notifications"),
	            unread ? arena_printf(r->arena, _(" (%lld non lues)"), (long long)unread) : "");
}

void dashboard_render(struct html *h, struct req *r)
{
	html_printf(h, "<h1>%s</h1><p class=\"lead\">%s, %s.</p><div class=\"dashboard\">",
	            _("Tableau de bord"), _("Bonjour"), r->user.display_name);
	if (r->user.roles & ROLE_LEARNER)
		learner_courses(h, r, r->user.id, _("Mes cours"));
	if (r->user.roles & ROLE_GUARDIAN) {
		struct person *kids;
		int k = people_children(r, r->user.id, &kids);
		for (int i = 0; i < k; i++)
			learner_courses(h, r, kids[i].id,
			                arena_printf(r->arena, _("Cours de %s"), kids[i].given_name));
	}
	if (r->user.roles & (ROLE_TEACHER | ROLE_ADVISOR))
		staff_courses(h, r);
	notices_panel(h, r);
	html_printf(h, "</div>");
}
