/*
** This file implements the forum of each course (news.h): threads, posts,
** hiding by the staff, reports by learners and their notification. Names
** and titles are read with read-only joins (docs/architecture.md).
*/
#include <string.h>
#include <time.h>

#include "catalogue/catalogue.h"
#include "courses/courses.h"
#include "kernel/audit.h"
#include "kernel/db.h"
#include "kernel/i18n.h"
#include "kernel/text.h"
#include "news/news.h"
#include "notices/notices.h"

#define REASON_MAX 500

enum forum_role forum_role(struct req *r, int64_t course_id)
{
	switch (courses_access(r, course_id, 0)) {
	case COURSE_STAFF:
		return FORUM_MODERATOR;
	case COURSE_EDITOR: /* admins moderate; authors write courses, not forums */
		return (r->user.roles & ROLE_ADMIN) || courses_is_staff(r, course_id, r->user.id)
		               ? FORUM_MODERATOR
		               : FORUM_NONE;
	case COURSE_LEARNER:
		return FORUM_MEMBER;
	default:
		return FORUM_NONE;
	}
}

static int64_t count_of(struct req *r, const char *sql, int64_t course_id)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, sql) : NULL;
	if (!st)
		return 0;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, course_id);
	int64_t n = db_step(st) == DB_ROW ? db_int(st, 0) : 0;
	db_done(st);
	return n;
}

int forum_courses(struct req *r, struct forum_course **out)
{
	struct course_summary *cs;
	int n = 0;
	struct forum_course *f = arena_array(r->arena, 401, sizeof *f);
	if (r->user.roles & ROLE_LEARNER) {
		int k = courses_for_learner(r, r->user.id, &cs);
		if (k < 0)
			return ERR_INTERNAL;
		for (int i = 0; i < k && n < 200; i++)
			f[n++] = (struct forum_course){.id = cs[i].id, .title = cs[i].title};
	}
	int k = courses_for_staff(r, &cs);
	if (k < 0)
		return ERR_INTERNAL;
	for (int i = 0; i < k && n < 400; i++)
		f[n++] = (struct forum_course){.id = cs[i].id, .title = cs[i].title, .moderator = true};
	for (int i = 0; i < n; i++) {
		f[i].threads = count_of(r, "SELECT COUNT(*) FROM forum_threads WHERE tenant_id = ?"
		                           " AND course_id = ?", f[i].id);
		if (f[i].moderator)
			f[i].open_reports = count_of(r, "SELECT COUNT(*) FROM forum_reports WHERE tenant_id = ?"
			                                " AND course_id = ? AND resolved_at IS NULL", f[i].id);
	}
	*out = f;
	return n;
}

static void read_thread(struct req *r, struct db_stmt *st, struct forum_thread *t)
{
	t->id = db_int(st, 0);
	t->course_id = db_int(st, 1);
	t->author_id = db_int(st, 2);
	t->title = db_text_dup(st, 3, r->arena);
	t->author_name = arena_printf(r->arena, "%s %s", db_text(st, 4), db_text(st, 5));
	t->created_at = db_int(st, 6);
	t->last_post_at = db_int(st, 7);
	t->posts = db_int(st, 8);
	t->course_title = db_text_dup(st, 9, r->arena);
}

#define THREAD_SELECT \
	"SELECT t.id, t.course_id, t.author_id, t.title, a.given_name, a.family_name, t.created_at," \
	" t.last_post_at, t.posts, c.title FROM forum_threads t" \
	" JOIN accounts a ON a.tenant_id = t.tenant_id AND a.id = t.author_id" \
	" JOIN courses c ON c.tenant_id = t.tenant_id AND c.id = t.course_id"

int forum_threads(struct req *r, int64_t course_id, int offset, int limit,
                  struct forum_thread **out)
{
	if (forum_role(r, course_id) == FORUM_NONE)
		return ERR_NOT_FOUND;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, THREAD_SELECT
		" WHERE t.tenant_id = ? AND t.course_id = ? ORDER BY t.last_post_at DESC, t.id DESC"
		" LIMIT ? OFFSET ?") : NULL;
	if (!st || limit < 1 || limit > 200)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, course_id);
	db_bind_int(st, 3, limit);
	db_bind_int(st, 4, offset);
	struct forum_thread *t = arena_array(r->arena, (size_t)limit, sizeof *t);
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW && n < limit)
		read_thread(r, st, &t[n++]);
	if (rc == DB_ROW)
		db_done(st);
	*out = t;
	return rc == DB_ROW || rc == DB_DONE ? n : ERR_INTERNAL;
}

static int thread_of(struct req *r, int64_t course_id, int64_t thread_id, struct forum_thread *t)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, THREAD_SELECT
		" WHERE t.tenant_id = ? AND t.course_id = ? AND t.id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, course_id);
	db_bind_int(st, 3, thread_id);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL;
	read_thread(r, st, t);
	db_done(st);
	return 0;
}

int forum_thread_get(struct req *r, int64_t course_id, int64_t thread_id, struct forum_thread *t,
                     struct forum_post **posts)
{
	enum forum_role role = forum_role(r, course_id);
	if (role == FORUM_NONE)
		return ERR_NOT_FOUND;
	int rc = thread_of(r, course_id, thread_id, t);
	if (rc)
		return rc;
	struct db *db = db_get();
	struct db_stmt *st = db_prepare(db,
		"SELECT p.id, p.author_id, a.given_name, a.family_name, p.body_md, p.created_at,"
		" CASE WHEN p.hidden_at IS NULL THEN 0 ELSE 1 END,"
		" (SELECT COUNT(*) FROM forum_reports f WHERE f.tenant_id = p.tenant_id AND f.post_id = p.id"
		"  AND f.reporter_id = ?),"
		" (SELECT COUNT(*) FROM forum_reports f WHERE f.tenant_id = p.tenant_id AND f.post_id = p.id"
		"  AND f.resolved_at IS NULL)"
		" FROM forum_posts p JOIN accounts a ON a.tenant_id = p.tenant_id AND a.id = p.author_id"
		" WHERE p.tenant_id = ? AND p.thread_id = ? ORDER BY p.id LIMIT 2000");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->user.id);
	db_bind_int(st, 2, r->tenant.id);
	db_bind_int(st, 3, thread_id);
	struct forum_post *p = arena_array(r->arena, 2000, sizeof *p);
	int n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		p[n].id = db_int(st, 0);
		p[n].thread_id = thread_id;
		p[n].author_id = db_int(st, 1);
		p[n].author_name = arena_printf(r->arena, "%s %s", db_text(st, 2), db_text(st, 3));
		p[n].hidden = db_int(st, 6) != 0;
		/* a hidden text never leaves here for those who may not see it */
		p[n].body_md = p[n].hidden && role != FORUM_MODERATOR ? NULL : db_text_dup(st, 4, r->arena);
		p[n].created_at = db_int(st, 5);
		p[n].reported_by_me = db_int(st, 7) != 0;
		p[n].open_reports = role == FORUM_MODERATOR ? db_int(st, 8) : 0;
		n++;
	}
	if (rc != DB_DONE)
		return ERR_INTERNAL;
	*posts = p;
	return n;
}

static int check_body(struct req *r, const char *body, const char **out, struct err *e)
{
	const char *b = body ? str_trim(r->arena, body) : "";
	*out = b;
	if (!*b)
		return err_set(e, ERR_INVALID, "texte", "%s", _("Écrivez votre message."));
	if (!text_is_clean(b, true) || utf8_length(b) > NEWS_BODY_MAX)
		return err_set(e, ERR_INVALID, "texte", "%s",
		               _("Le message fait 20 000 caractères au plus, sans caractère de contrôle."));
	return 0;
}

/* Inserts a post and counts it in its thread, inside the caller's transaction. */
static int insert_post(struct req *r, struct db *db, int64_t course_id, int64_t thread_id,
                       const char *body, int64_t now, int64_t *post_id)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO forum_posts (tenant_id, course_id, thread_id, author_id, body_md, created_at)"
		" VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, course_id);
	db_bind_int(st, 3, thread_id);
	db_bind_int(st, 4, r->user.id);
	db_bind_text(st, 5, body);
	db_bind_int(st, 6, now);
	if (db_step(st) != DB_ROW)
		return ERR_INTERNAL;
	if (post_id)
		*post_id = db_int(st, 0);
	db_done(st);
	st = db_prepare(db, "UPDATE forum_threads SET posts = posts + 1, last_post_at = ?"
	                    " WHERE tenant_id = ? AND id = ?");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, r->tenant.id);
	db_bind_int(st, 3, thread_id);
	return db_run(st) == 0 ? 0 : ERR_INTERNAL;
}

int forum_thread_create(struct req *r, int64_t course_id, const char *title, const char *body_md,
                        int64_t *id, struct err *e)
{
	if (forum_role(r, course_id) == FORUM_NONE)
		return err_set(e, ERR_NOT_FOUND, NULL, "%s", _("Forum introuvable."));
	const char *t = title ? str_trim(r->arena, title) : "";
	if (!*t || !text_is_clean(t, false) || utf8_length(t) > NEWS_TITLE_MAX)
		return err_set(e, ERR_INVALID, "titre", "%s",
		               _("Indiquez le titre du sujet (200 caractères au plus)."));
	const char *body;
	int rc = check_body(r, body_md, &body, e);
	if (rc)
		return rc;
	struct db *db = db_get();
	if (!db || db_begin(db) != 0)
		return ERR_INTERNAL;
	int64_t now = time(NULL);
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO forum_threads (tenant_id, course_id, title, author_id, created_at, last_post_at)"
		" VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
	if (!st)
		goto fail;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, course_id);
	db_bind_text(st, 3, t);
	db_bind_int(st, 4, r->user.id);
	db_bind_int(st, 5, now);
	db_bind_int(st, 6, now);
	if (db_step(st) != DB_ROW)
		goto fail;
	*id = db_int(st, 0);
	db_done(st);
	if (insert_post(r, db, course_id, *id, body, now, NULL) != 0 || db_commit(db) != 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return ERR_INTERNAL;
}

int forum_reply(struct req *r, int64_t course_id, int64_t thread_id, const char *body_md,
                int64_t *post_id, struct err *e)
{
	struct forum_thread t;
	if (forum_role(r, course_id) == FORUM_NONE)
		return err_set(e, ERR_NOT_FOUND, NULL, "%s", _("Forum introuvable."));
	int rc = thread_of(r, course_id, thread_id, &t);
	if (rc)
		return rc == ERR_NOT_FOUND ? err_set(e, rc, NULL, "%s", _("Sujet introuvable.")) : rc;
	const char *body;
	rc = check_body(r, body_md, &body, e);
	if (rc)
		return rc;
	struct db *db = db_get();
	if (!db || db_begin(db) != 0)
		return ERR_INTERNAL;
	if (insert_post(r, db, course_id, thread_id, body, time(NULL), post_id) != 0)
		goto fail;
	if (t.author_id != r->user.id &&
	    notices_notify(r, t.author_id, "forum.reply",
	                   arena_printf(r->arena, _("Nouvelle réponse à votre sujet « %s »"), t.title),
	                   arena_printf(r->arena, "/forums/%lld/sujets/%lld", (long long)course_id,
	                                (long long)thread_id)) != 0)
		goto fail;
	if (db_commit(db) != 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return ERR_INTERNAL;
}

/* The thread and author of a post of course_id, or ERR_NOT_FOUND. */
static int post_of(struct req *r, int64_t course_id, int64_t post_id, int64_t *thread_id,
                   int64_t *author_id)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT thread_id, author_id FROM forum_posts WHERE tenant_id = ? AND course_id = ?"
		" AND id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, course_id);
	db_bind_int(st, 3, post_id);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL;
	*thread_id = db_int(st, 0);
	*author_id = db_int(st, 1);
	db_done(st);
	return 0;
}

int forum_post_hide(struct req *r, int64_t course_id, int64_t post_id, bool hidden,
                    int64_t *thread_id)
{
	if (forum_role(r, course_id) != FORUM_MODERATOR)
		return ERR_NOT_FOUND;
	int64_t author;
	int rc = post_of(r, course_id, post_id, thread_id, &author);
	if (rc)
		return rc;
	struct db *db = db_get();
	if (db_begin(db) != 0)
		return ERR_INTERNAL;
	int64_t now = time(NULL);
	struct db_stmt *st = db_prepare(db,
		"UPDATE forum_posts SET hidden_at = ?, hidden_by = ? WHERE tenant_id = ? AND id = ?");
	if (!st)
		goto fail;
	if (hidden) {
		db_bind_int(st, 1, now);
		db_bind_int(st, 2, r->user.id);
	} else {
		db_bind_null(st, 1);
		db_bind_null(st, 2);
	}
	db_bind_int(st, 3, r->tenant.id);
	db_bind_int(st, 4, post_id);
	if (db_run(st) != 0)
		goto fail;
	if (hidden) {
		st = db_prepare(db, "UPDATE forum_reports SET resolved_at = ?, resolved_by = ?"
		                    " WHERE tenant_id = ? AND post_id = ? AND resolved_at IS NULL");
		if (!st)
			goto fail;
		db_bind_int(st, 1, now);
		db_bind_int(st, 2, r->user.id);
		db_bind_int(st, 3, r->tenant.id);
		db_bind_int(st, 4, post_id);
		if (db_run(st) != 0)
			goto fail;
	}
	audit_record(r, hidden ? "forum.post.hide" : "forum.post.show", "forum_post", post_id, "");
	if (db_commit(db) != 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return ERR_INTERNAL;
}

int forum_post_report(struct req *r, int64_t course_id, int64_t post_id, const char *reason,
                      int64_t *thread_id, struct err *e)
{
	if (forum_role(r, course_id) != FORUM_MEMBER)
		return err_set(e, ERR_NOT_FOUND, NULL, "%s", _("Message introuvable."));
	int64_t author;
	int rc = post_of(r, course_id, post_id, thread_id, &author);
	if (rc)
		return rc == ERR_NOT_FOUND ? err_set(e, rc, NULL, "%s", _("Message introuvable.")) : rc;
	if (author == r->user.id)
		return err_set(e, ERR_INVALID, "motif", "%s", _("Vous ne pouvez pas signaler votre propre message."));
	const char *why = reason ? str_trim(r->arena, reason) : "";
	if (!text_is_clean(why, true) || utf8_length(why) > REASON_MAX)
		return err_set(e, ERR_INVALID, "motif", "%s", _("Le motif fait 500 caractères au plus."));
	struct db *db = db_get();
	if (!db || db_begin(db) != 0)
		return ERR_INTERNAL;
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO forum_reports (tenant_id, course_id, post_id, reporter_id, reason, created_at)"
		" VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, post_id, reporter_id) DO NOTHING");
	if (!st)
		goto fail;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, course_id);
	db_bind_int(st, 3, post_id);
	db_bind_int(st, 4, r->user.id);
	db_bind_text(st, 5, why);
	db_bind_int(st, 6, time(NULL));
	if (db_run(st) != 0)
		goto fail;
	if (db_changes(st) == 0) {
		db_rollback(db);
		return err_set(e, ERR_CONFLICT, "motif", "%s", _("Vous avez déjà signalé ce message."));
	}
	int64_t *staff;
	int ns = courses_staff(r, course_id, &staff);
	if (ns < 0)
		goto fail;
	struct course c;
	const char *title = catalogue_course_get(r, course_id, true, &c) == 0 ? c.title : "";
	const char *link = arena_printf(r->arena, "/forums/%lld/signalements", (long long)course_id);
	for (int i = 0; i < ns; i++)
		if (notices_notify(r, staff[i], "forum.report",
		                   arena_printf(r->arena, _("Un message du forum « %s » a été signalé"), title),
		                   link) != 0)
			goto fail;
	if (db_commit(db) != 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return ERR_INTERNAL;
}

int forum_reports(struct req *r, int64_t course_id, struct forum_report **out)
{
	if (forum_role(r, course_id) != FORUM_MODERATOR)
		return ERR_NOT_FOUND;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT f.id, f.post_id, p.thread_id, f.reporter_id, ra.given_name, ra.family_name, f.reason,"
		" t.title, pa.given_name, pa.family_name, p.body_md, f.created_at,"
		" CASE WHEN p.hidden_at IS NULL THEN 0 ELSE 1 END"
		" FROM forum_reports f"
		" JOIN forum_posts p ON p.tenant_id = f.tenant_id AND p.id = f.post_id"
		" JOIN forum_threads t ON t.tenant_id = p.tenant_id AND t.id = p.thread_id"
		" JOIN accounts ra ON ra.tenant_id = f.tenant_id AND ra.id = f.reporter_id"
		" JOIN accounts pa ON pa.tenant_id = p.tenant_id AND pa.id = p.author_id"
		" WHERE f.tenant_id = ? AND f.course_id = ? AND f.resolved_at IS NULL"
		" ORDER BY f.id LIMIT 500") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, course_id);
	struct forum_report *f = arena_array(r->arena, 500, sizeof *f);
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		f[n].id = db_int(st, 0);
		f[n].post_id = db_int(st, 1);
		f[n].thread_id = db_int(st, 2);
		f[n].reporter_id = db_int(st, 3);
		f[n].reporter_name = arena_printf(r->arena, "%s %s", db_text(st, 4), db_text(st, 5));
		f[n].reason = db_text_dup(st, 6, r->arena);
		f[n].thread_title = db_text_dup(st, 7, r->arena);
		f[n].post_author = arena_printf(r->arena, "%s %s", db_text(st, 8), db_text(st, 9));
		f[n].post_body_md = db_text_dup(st, 10, r->arena);
		f[n].created_at = db_int(st, 11);
		f[n].post_hidden = db_int(st, 12) != 0;
		n++;
	}
	*out = f;
	return rc == DB_DONE ? n : ERR_INTERNAL;
}

int forum_report_resolve(struct req *r, int64_t course_id, int64_t report_id)
{
	if (forum_role(r, course_id) != FORUM_MODERATOR)
		return ERR_NOT_FOUND;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"UPDATE forum_reports SET resolved_at = ?, resolved_by = ? WHERE tenant_id = ?"
		" AND course_id = ? AND id = ? AND resolved_at IS NULL") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, time(NULL));
	db_bind_int(st, 2, r->user.id);
	db_bind_int(st, 3, r->tenant.id);
	db_bind_int(st, 4, course_id);
	db_bind_int(st, 5, report_id);
	if (db_run(st) != 0)
		return ERR_INTERNAL;
	return db_changes(st) ? 0 : ERR_NOT_FOUND;
}
