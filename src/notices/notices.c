/*
** This file implements notifications (notices.h): the in-app list, the
** mail preference, mail at once, and the daily digest job.
*/
#include "notices/notices.h"

#include <string.h>
#include <time.h>

#include "app/app.h"
#include "kernel/db.h"
#include "kernel/i18n.h"
#include "kernel/jobs.h"
#include "kernel/log.h"
#include "kernel/mail.h"
#include "kernel/str.h"
#include "people/people.h"

#define DIGEST_HOUR 18 /* local time the daily digest leaves */

static const char *pref_of(struct db *db, int64_t tenant_id, int64_t account_id)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT mode FROM notification_prefs WHERE tenant_id = ? AND account_id = ?");
	if (!st)
		return "digest";
	db_bind_int(st, 1, tenant_id);
	db_bind_int(st, 2, account_id);
	const char *mode = "digest";
	if (db_step(st) == DB_ROW) {
		const char *m = db_text(st, 0);
		mode = strcmp(m, "each") == 0 ? "each" : strcmp(m, "none") == 0 ? "none" : "digest";
	}
	db_done(st);
	return mode;
}

/*
** The page frame and the dashboard both ask for the unread count: a request
** keeps it (thread-local, keyed by request id, which is never reused) until
** it changes notifications itself (every write is in this file).
*/
static _Thread_local struct req_memo unread_memo;

int notices_notify(struct req *r, int64_t account_id, const char *kind, const char *title,
                   const char *link)
{
	req_memo_forget(&unread_memo);
	struct db *db = db_get();
	if (!db)
		return ERR_INTERNAL;
	const char *mode = pref_of(db, r->tenant.id, account_id);
	bool now = strcmp(mode, "each") == 0;
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO notifications (tenant_id, account_id, kind, title, link, created_at, mailed_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return ERR_INTERNAL;
	int64_t t = time(NULL);
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, account_id);
	db_bind_text(st, 3, kind);
	db_bind_text(st, 4, title);
	db_bind_text(st, 5, link ? link : "");
	db_bind_int(st, 6, t);
	/* "none" and "each" are done with mail now; "digest" waits for the job */
	if (strcmp(mode, "digest") == 0)
		db_bind_null(st, 7);
	else
		db_bind_int(st, 7, t);
	if (db_run(st) != 0)
		return ERR_INTERNAL;
	if (now) {
		struct person p;
		if (people_get(r, account_id, &p) == 0 && p.email) {
			const char *body = arena_printf(r->arena, "%s\n\n%s%s\n", title, app.base_url,
			                                link ? link : "/notifications");
			if (mail_queue(r->tenant.id, p.email, title, body) == ERR_INTERNAL)
				return ERR_INTERNAL;
		}
	}
	return 0;
}

int64_t notices_unread(struct req *r)
{
	int64_t n;
	if (req_memo_get(&unread_memo, r, &n))
		return n;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT COUNT(*) FROM notifications WHERE tenant_id = ? AND account_id = ? AND read_at IS NULL")
		: NULL;
	if (!st || !r->user.id)
		return 0;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, r->user.id);
	int rc = db_step(st);
	n = rc == DB_ROW ? db_int(st, 0) : 0;
	db_done(st);
	if (rc == DB_ROW)
		req_memo_set(&unread_memo, r, n);
	return n;
}

int notices_list(struct req *r, int offset, int limit, struct notice **out)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT id, kind, title, link, created_at, read_at FROM notifications"
		" WHERE tenant_id = ? AND account_id = ? ORDER BY id DESC LIMIT ? OFFSET ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, r->user.id);
	db_bind_int(st, 3, limit);
	db_bind_int(st, 4, offset);
	struct notice *n = arena_array(r->arena, (size_t)limit, sizeof *n);
	int k = 0, rc;
	while ((rc = db_step(st)) == DB_ROW && k < limit) {
		n[k].id = db_int(st, 0);
		n[k].kind = db_text_dup(st, 1, r->arena);
		n[k].title = db_text_dup(st, 2, r->arena);
		n[k].link = db_text_dup(st, 3, r->arena);
		n[k].created_at = db_int(st, 4);
		n[k].read_at = db_int(st, 5);
		k++;
	}
	if (rc == DB_ROW)
		db_done(st);
	*out = n;
	return rc == DB_ROW || rc == DB_DONE ? k : ERR_INTERNAL;
}

int notices_mark_read(struct req *r, int64_t id)
{
	req_memo_forget(&unread_memo);
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, id
		? "UPDATE notifications SET read_at = ? WHERE tenant_id = ? AND account_id = ? AND id = ?"
		  " AND read_at IS NULL"
		: "UPDATE notifications SET read_at = ? WHERE tenant_id = ? AND account_id = ?"
		  " AND read_at IS NULL") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, time(NULL));
	db_bind_int(st, 2, r->tenant.id);
	db_bind_int(st, 3, r->user.id);
	if (id)
		db_bind_int(st, 4, id);
	return db_run(st) == 0 ? 0 : ERR_INTERNAL;
}

const char *notices_preference(struct req *r)
{
	struct db *db = db_get();
	return db ? pref_of(db, r->tenant.id, r->user.id) : "digest";
}

int notices_set_preference(struct req *r, const char *mode, struct err *e)
{
	if (!mode || (strcmp(mode, "each") && strcmp(mode, "digest") && strcmp(mode, "none")))
		return err_set(e, ERR_INVALID, "mode", "%s", _("Choisissez une des trois possibilités."));
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"INSERT INTO notification_prefs (tenant_id, account_id, mode) VALUES (?, ?, ?)"
		" ON CONFLICT (tenant_id, account_id) DO UPDATE SET mode = excluded.mode") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, r->user.id);
	db_bind_text(st, 3, mode);
	return db_run(st) == 0 ? 0 : ERR_INTERNAL;
}

/* ---- Daily digest ---- */

static int64_t next_digest(int64_t now)
{
	time_t t = (time_t)now;
	struct tm tm;
	localtime_r(&t, &tm);
	tm.tm_hour = DIGEST_HOUR;
	tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	time_t at = mktime(&tm);
	if (at <= t) {
		tm.tm_mday++;
		tm.tm_isdst = -1;
		at = mktime(&tm);
	}
	return (int64_t)at;
}

/*
** The digest is a job for the whole platform: for every person whose
** preference is the digest and who has notifications neither read nor
** mailed, one mail lists them; then they are marked mailed.
*/
static int digest_job(int64_t tenant_id, const char *payload, struct err *e)
{
	(void)tenant_id;
	(void)payload;
	struct db *db = db_get();
	if (!db)
		return err_set(e, ERR_INTERNAL, NULL, "database");
	int64_t now = time(NULL);
	struct arena *a = arena_new();
	struct db_stmt *st = db_prepare(db,
		"SELECT n.tenant_id, n.account_id, a.email, n.title, n.link, a.lang FROM notifications n"
		" JOIN accounts a ON a.tenant_id = n.tenant_id AND a.id = n.account_id"
		" WHERE n.mailed_at IS NULL AND n.read_at IS NULL AND n.created_at <= ?"
		" ORDER BY n.tenant_id, n.account_id, n.id LIMIT 20000");
	if (!st) {
		arena_free(a);
		return err_set(e, ERR_INTERNAL, NULL, "database");
	}
	db_bind_int(st, 1, now);
	struct digest {
		int64_t tenant, account;
		char *email;
		struct sb body;
		int count;
		bool en;
	} *d = arena_array(a, 20000, sizeof *d);
	int nd = 0;
	while (db_step(st) == DB_ROW) {
		int64_t t = db_int(st, 0), acc = db_int(st, 1);
		if (nd == 0 || d[nd - 1].tenant != t || d[nd - 1].account != acc) {
			d[nd].tenant = t;
			d[nd].account = acc;
			d[nd].email = db_is_null(st, 2) ? NULL : db_text_dup(st, 2, a);
			sb_init(&d[nd].body, a, 512);
			d[nd].count = 0;
			d[nd].en = strcmp(db_text(st, 5), "en") == 0;
			nd++;
		}
		struct digest *g = &d[nd - 1];
		g->count++;
		sb_printf(&g->body, "- %s\n  %s%s\n", db_text(st, 3), app.base_url,
		          db_text(st, 4)[0] ? db_text(st, 4) : "/notifications");
	}
	for (int i = 0; i < nd; i++) {
		if (strcmp(pref_of(db, d[i].tenant, d[i].account), "digest") != 0 || !d[i].email)
			continue;
		i18n_set_lang(d[i].en ? LANG_EN : LANG_FR); /* the recipient's language */
		char *subject = arena_printf(a, _("cartable : %d nouvelle(s) notification(s)"), d[i].count);
		char *body = arena_printf(a, _("Bonjour,\n\nDepuis votre dernier résumé :\n\n%s\n"
		                               "Pour ne plus recevoir ce résumé, changez vos préférences sur %s/notifications\n"),
		                          d[i].body.buf, app.base_url);
		i18n_set_lang(LANG_FR);
		if (db_begin(db) != 0)
			continue;
		req_memo_forget(&unread_memo); /* mailed_at only, but every write says so */
		struct db_stmt *up = db_prepare(db,
			"UPDATE notifications SET mailed_at = ? WHERE tenant_id = ? AND account_id = ?"
			" AND mailed_at IS NULL AND created_at <= ?");
		if (up && mail_queue(d[i].tenant, d[i].email, subject, body) != ERR_INTERNAL) {
			db_bind_int(up, 1, now);
			db_bind_int(up, 2, d[i].tenant);
			db_bind_int(up, 3, d[i].account);
			db_bind_int(up, 4, now);
			if (db_run(up) == 0 && db_commit(db) == 0)
				continue;
		}
		db_rollback(db);
	}
	arena_free(a);
	if (jobs_enqueue(0, "notices.digest", "", next_digest(now + 60)) != 0)
		log_error("notices: could not schedule the next digest");
	return 0;
}

void notices_setup(void)
{
	jobs_register("notices.digest", digest_job);
	if (jobs_ensure(0, "notices.digest", next_digest(time(NULL))) != 0)
		log_error("notices: could not schedule the digest");
}
