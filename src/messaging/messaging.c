/*
** This file implements messages (messaging.h): who may write to whom,
** threads and their participants, messages with attachments, unread
** counts, and the batched mail job. Names of people and titles of courses
** are read with read-only joins (docs/architecture.md).
*/
#include "messaging/messaging.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "catalogue/catalogue.h"
#include "courses/courses.h"
#include "enrolment/enrolment.h"
#include "kernel/db.h"
#include "kernel/files.h"
#include "kernel/i18n.h"
#include "kernel/jobs.h"
#include "kernel/log.h"
#include "kernel/mail.h"
#include "kernel/text.h"
#include "people/people.h"
#include "tenants/tenants.h"

#define MAX_PEOPLE 64 /* participants of one thread */

static int64_t mail_delay = 600;

static char *name_of(struct db_stmt *st, int col, struct arena *a)
{
	const char *g = db_text(st, col), *f = db_text(st, col + 1);
	return arena_printf(a, "%s %s", g ? g : "", f ? f : "");
}

/* ---- Reading ---- */

#define THREAD_COLUMNS \
	"t.id, t.course_id, t.learner_id, t.submission_id, t.created_by, t.subject, c.title," \
	" l.given_name, l.family_name, t.created_at, t.last_message_at, t.messages, p.unread," \
	" p.last_read_id"
#define THREAD_FROM \
	" FROM message_participants p" \
	" JOIN message_threads t ON t.tenant_id = p.tenant_id AND t.id = p.thread_id" \
	" JOIN courses c ON c.tenant_id = t.tenant_id AND c.id = t.course_id" \
	" JOIN accounts l ON l.tenant_id = t.tenant_id AND l.id = t.learner_id"

static void read_thread(struct db_stmt *st, struct arena *a, struct message_thread *t)
{
	memset(t, 0, sizeof *t);
	t->id = db_int(st, 0);
	t->course_id = db_int(st, 1);
	t->learner_id = db_int(st, 2);
	t->submission_id = db_int(st, 3);
	t->created_by = db_int(st, 4);
	t->subject = db_text_dup(st, 5, a);
	t->course_title = db_text_dup(st, 6, a);
	t->learner_name = name_of(st, 7, a);
	t->created_at = db_int(st, 9);
	t->last_message_at = db_int(st, 10);
	t->messages = db_int(st, 11);
	t->unread = db_int(st, 12);
}

static int load_people(struct req *r, struct db *db, struct message_thread *t)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT p.account_id, p.role, a.given_name, a.family_name FROM message_participants p"
		" JOIN accounts a ON a.tenant_id = p.tenant_id AND a.id = p.account_id"
		" WHERE p.tenant_id = ? AND p.thread_id = ? ORDER BY p.role, a.family_name, a.id LIMIT 64");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, t->id);
	t->people = arena_array(r->arena, MAX_PEOPLE, sizeof *t->people);
	t->npeople = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		struct message_person *p = &t->people[t->npeople++];
		p->id = db_int(st, 0);
		p->role = db_text_dup(st, 1, r->arena);
		p->name = name_of(st, 2, r->arena);
	}
	return rc == DB_DONE ? 0 : ERR_INTERNAL;
}

/* Runs a prepared thread query whose first two parameters are bound, into
** *out with participants. Count or ERR_INTERNAL. */
static int collect_threads(struct req *r, struct db *db, struct db_stmt *st, int max,
                           struct message_thread **out)
{
	struct message_thread *t = arena_array(r->arena, (size_t)max + 1, sizeof *t);
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW && n < max)
		read_thread(st, r->arena, &t[n++]);
	if (rc == DB_ROW)
		db_done(st);
	else if (rc != DB_DONE)
		return ERR_INTERNAL;
	for (int i = 0; i < n; i++)
		if (load_people(r, db, &t[i]) != 0)
			return ERR_INTERNAL;
	*out = t;
	return n;
}

int messages_threads(struct req *r, int offset, int limit, struct message_thread **out)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "SELECT " THREAD_COLUMNS THREAD_FROM
		" WHERE p.tenant_id = ? AND p.account_id = ?"
		" ORDER BY p.last_message_at DESC, p.thread_id DESC LIMIT ? OFFSET ?") : NULL;
	if (!st || limit <= 0 || limit > 500 || offset < 0)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, r->user.id);
	db_bind_int(st, 3, limit);
	db_bind_int(st, 4, offset);
	return collect_threads(r, db, st, limit, out);
}

int messages_for_submission(struct req *r, int64_t submission_id, struct message_thread **out)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "SELECT " THREAD_COLUMNS THREAD_FROM
		" WHERE p.tenant_id = ? AND p.account_id = ? AND t.submission_id = ?"
		" ORDER BY p.last_message_at DESC, p.thread_id DESC LIMIT 50") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, r->user.id);
	db_bind_int(st, 3, submission_id);
	return collect_threads(r, db, st, 50, out);
}

/*
** The page frame and the dashboard both ask for the unread count: a request
** keeps it (thread-local, keyed by request id, which is never reused) until
** it changes who has read what itself (every such write is in this file).
*/
static _Thread_local struct req_memo unread_memo;

int64_t messages_unread_count(struct req *r)
{
	if (!r->user.id)
		return 0;
	int64_t n;
	if (req_memo_get(&unread_memo, r, &n))
		return n;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT COALESCE(SUM(unread), 0) FROM message_participants"
		" WHERE tenant_id = ? AND account_id = ?") : NULL;
	if (!st)
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

static struct message *find_message(struct message *m, int n, int64_t id)
{
	int lo = 0, hi = n - 1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		if (m[mid].id == id)
			return &m[mid];
		if (m[mid].id < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

/* Reads the attachments of a thread and hands them to their messages. */
static int load_files(struct req *r, struct db *db, int64_t thread_id, struct message *m, int n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT id, message_id, sha256, filename, content_type, size FROM message_attachments"
		" WHERE tenant_id = ? AND thread_id = ? ORDER BY id LIMIT 5000");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, thread_id);
	struct message_file *f = arena_array(r->arena, 5000, sizeof *f);
	int nf = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		f[nf].id = db_int(st, 0);
		f[nf].message_id = db_int(st, 1);
		f[nf].sha256 = db_text_dup(st, 2, r->arena);
		f[nf].filename = db_text_dup(st, 3, r->arena);
		f[nf].content_type = db_text_dup(st, 4, r->arena);
		f[nf].size = db_int(st, 5);
		nf++;
	}
	if (rc != DB_DONE)
		return ERR_INTERNAL;
	for (int i = 0; i < nf; i++) {
		struct message *msg = find_message(m, n, f[i].message_id);
		if (msg)
			msg->nfiles++;
	}
	for (int i = 0; i < n; i++) {
		m[i].files = arena_array(r->arena, (size_t)m[i].nfiles + 1, sizeof *m[i].files);
		m[i].nfiles = 0;
	}
	for (int i = 0; i < nf; i++) {
		struct message *msg = find_message(m, n, f[i].message_id);
		if (msg)
			msg->files[msg->nfiles++] = f[i];
	}
	return 0;
}

int messages_thread_get(struct req *r, int64_t thread_id, struct message_thread *t,
                        struct message **msgs)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "SELECT " THREAD_COLUMNS THREAD_FROM
		" WHERE p.tenant_id = ? AND p.account_id = ? AND p.thread_id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, r->user.id);
	db_bind_int(st, 3, thread_id);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL;
	read_thread(st, r->arena, t);
	int64_t last_read = db_int(st, 13);
	db_done(st);
	if (load_people(r, db, t) != 0)
		return ERR_INTERNAL;

	st = db_prepare(db,
		"SELECT m.id, m.author_id, a.given_name, a.family_name, m.body, m.created_at"
		" FROM messages m JOIN accounts a ON a.tenant_id = m.tenant_id AND a.id = m.author_id"
		" WHERE m.tenant_id = ? AND m.thread_id = ? ORDER BY m.id LIMIT 2000");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, thread_id);
	struct message *m = arena_array(r->arena, 2000, sizeof *m);
	int n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		m[n].id = db_int(st, 0);
		m[n].author_id = db_int(st, 1);
		m[n].author_name = name_of(st, 2, r->arena);
		m[n].body = db_text_dup(st, 4, r->arena);
		m[n].created_at = db_int(st, 5);
		m[n].unread = m[n].id > last_read && m[n].author_id != r->user.id;
		n++;
	}
	if (rc != DB_DONE || load_files(r, db, thread_id, m, n) != 0)
		return ERR_INTERNAL;
	*msgs = m;

	/* reading costs a write only when there was something new */
	if (t->unread > 0 || (n > 0 && m[n - 1].id > last_read)) {
		req_memo_forget(&unread_memo);
		st = db_prepare(db, "UPDATE message_participants SET unread = 0, last_read_id = ?"
		                    " WHERE tenant_id = ? AND account_id = ? AND thread_id = ?");
		if (!st)
			return ERR_INTERNAL;
		db_bind_int(st, 1, n > 0 ? m[n - 1].id : 0);
		db_bind_int(st, 2, r->tenant.id);
		db_bind_int(st, 3, r->user.id);
		db_bind_int(st, 4, thread_id);
		if (db_run(st) != 0)
			return ERR_INTERNAL;
	}
	return n;
}

int messages_attachment_get(struct req *r, int64_t thread_id, int64_t file_id,
                            struct message_file *out)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT f.id, f.message_id, f.sha256, f.filename, f.content_type, f.size"
		" FROM message_attachments f JOIN message_participants p ON p.tenant_id = f.tenant_id"
		" AND p.thread_id = f.thread_id AND p.account_id = ?"
		" WHERE f.tenant_id = ? AND f.thread_id = ? AND f.id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->user.id);
	db_bind_int(st, 2, r->tenant.id);
	db_bind_int(st, 3, thread_id);
	db_bind_int(st, 4, file_id);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL;
	out->id = db_int(st, 0);
	out->message_id = db_int(st, 1);
	out->sha256 = db_text_dup(st, 2, r->arena);
	out->filename = db_text_dup(st, 3, r->arena);
	out->content_type = db_text_dup(st, 4, r->arena);
	out->size = db_int(st, 5);
	db_done(st);
	return 0;
}

/* ---- Who may write to whom ---- */

/* Staff of a course for messages: on its staff list, or an advisor (who
** follows every learner of the tenant, as in courses_access()). */
static bool staff_of(struct req *r, int64_t course_id)
{
	if (courses_is_staff(r, course_id, r->user.id))
		return true;
	struct course c;
	return (r->user.roles & ROLE_ADVISOR) && catalogue_course_get(r, course_id, true, &c) == 0;
}

int messages_contacts(struct req *r, struct message_contact **out)
{
	enum { MAX = 500 };
	struct message_contact *c = arena_array(r->arena, MAX, sizeof *c);
	int n = 0;
	struct course_summary *cs;
	if (r->user.roles & ROLE_LEARNER) {
		int k = courses_for_learner(r, r->user.id, &cs);
		if (k < 0)
			return ERR_INTERNAL;
		for (int i = 0; i < k && n < MAX; i++)
			c[n++] = (struct message_contact){cs[i].id, r->user.id, cs[i].title,
			                                  arena_strdup(r->arena, r->user.display_name)};
	}
	if (r->user.roles & ROLE_GUARDIAN) {
		struct person *kids;
		int nk = people_children(r, r->user.id, &kids);
		if (nk < 0)
			return ERR_INTERNAL;
		for (int j = 0; j < nk; j++) {
			int k = courses_for_learner(r, kids[j].id, &cs);
			if (k < 0)
				return ERR_INTERNAL;
			const char *name = arena_printf(r->arena, "%s %s", kids[j].given_name,
			                                kids[j].family_name);
			for (int i = 0; i < k && n < MAX; i++)
				c[n++] = (struct message_contact){cs[i].id, kids[j].id, cs[i].title,
				                                  (char *)name};
		}
	}
	if (r->user.roles & (ROLE_TEACHER | ROLE_ADVISOR)) {
		int k = courses_for_staff(r, &cs);
		if (k < 0)
			return ERR_INTERNAL;
		for (int i = 0; i < k && n < MAX; i++)
			c[n++] = (struct message_contact){cs[i].id, 0, cs[i].title, NULL};
	}
	*out = c;
	return n;
}

int messages_course_learners(struct req *r, int64_t course_id, struct message_contact **out)
{
	if (!staff_of(r, course_id))
		return ERR_NOT_FOUND;
	struct course c;
	if (catalogue_course_get(r, course_id, true, &c) != 0)
		return ERR_NOT_FOUND;
	struct course_learner *l;
	int n = enrolment_course_learners(r, course_id, 1000, &l);
	if (n < 0)
		return ERR_INTERNAL;
	struct message_contact *mc = arena_array(r->arena, (size_t)n + 1, sizeof *mc);
	for (int i = 0; i < n; i++)
		mc[i] = (struct message_contact){course_id, l[i].id, c.title,
		                                 arena_printf(r->arena, "%s %s", l[i].given_name,
		                                              l[i].family_name)};
	*out = mc;
	return n;
}

struct party {
	int64_t id;
	const char *role;
};

static int add_party(struct party *p, int n, int64_t id, const char *role)
{
	for (int i = 0; i < n; i++)
		if (p[i].id == id)
			return n;
	if (n >= MAX_PEOPLE)
		return n;
	p[n].id = id;
	p[n].role = role;
	return n + 1;
}

/*
** Decides who takes part in a new thread about learner_id in course_id
** written by the signed-in person: fills p (the writer first) and returns
** how many; ERR_NOT_FOUND when the rules give them nothing to write;
** ERR_INVALID when the course has no staff to write to.
*/
static int parties(struct req *r, int64_t course_id, int64_t learner_id, bool copy_guardians,
                   struct party *p, struct err *e)
{
	int64_t me = r->user.id;
	int n = 0;
	const char *role = NULL;
	struct course c;
	if (!me || catalogue_course_get(r, course_id, true, &c) != 0)
		return ERR_NOT_FOUND;
	if (learner_id == me && (r->user.roles & ROLE_LEARNER) &&
	    enrolment_follows(r, me, course_id, NULL))
		role = "learner";
	else if (learner_id != me && staff_of(r, course_id)) {
		struct person l;
		if (people_get(r, learner_id, &l) != 0 || !(l.roles & ROLE_LEARNER) ||
		    !enrolment_follows(r, learner_id, course_id, NULL))
			return ERR_NOT_FOUND;
		n = add_party(p, n, me, "staff");
		n = add_party(p, n, learner_id, "learner");
		if (copy_guardians) {
			struct person *g;
			int ng = people_guardians(r, learner_id, &g);
			if (ng < 0)
				return ERR_INTERNAL;
			for (int i = 0; i < ng; i++)
				n = add_party(p, n, g[i].id, "guardian");
		}
		return n;
	} else if (learner_id != me && (r->user.roles & ROLE_GUARDIAN) &&
	           people_is_guardian_of(r, me, learner_id) &&
	           enrolment_follows(r, learner_id, course_id, NULL))
		role = "guardian";
	else
		return ERR_NOT_FOUND;

	n = add_party(p, n, me, role);
	int64_t *staff;
	int ns = courses_staff(r, course_id, &staff);
	if (ns < 0)
		return ERR_INTERNAL;
	for (int i = 0; i < ns; i++)
		n = add_party(p, n, staff[i], "staff");
	if (n < 2)
		return err_set(e, ERR_INVALID, "cours", "%s",
		               _("Ce cours n'a pas encore d'équipe pédagogique à qui écrire."));
	return n;
}

/* ---- Checking what is written ---- */

static int check_text(struct req *r, const char *s, bool multiline, size_t max,
                      const char *field, const char *empty_msg, struct err *e)
{
	const char *what = strcmp(field, "sujet") == 0 ? _("Le sujet") : _("Le message");
	const char *t = s ? str_trim(r->arena, s) : "";
	if (!*t)
		return err_set(e, ERR_INVALID, field, "%s", empty_msg);
	if (!text_is_clean(t, multiline))
		return err_set(e, ERR_INVALID, field, "%s",
		               _("Le texte contient des caractères qui ne sont pas permis."));
	if (utf8_length(t) > max)
		return err_set(e, ERR_INVALID, field, _("%s fait %zu caractères au plus."), what, max);
	return 0;
}

static int check_files(const struct message_input *in, struct err *e)
{
	if (in->nfiles > MESSAGES_MAX_FILES)
		return err_set(e, ERR_INVALID, "piece", _("%d fichiers au plus par message."),
		               MESSAGES_MAX_FILES);
	for (int i = 0; i < in->nfiles; i++) {
		const struct upload *f = in->files[i];
		if (!f)
			continue;
		if (f->truncated || f->size > MESSAGES_MAX_FILE_SIZE)
			return err_set(e, ERR_TOO_LARGE, "piece",
			               _("Une pièce jointe ne dépasse pas %d Mo."),
			               MESSAGES_MAX_FILE_SIZE / (1024 * 1024));
		if (f->size == 0)
			return err_set(e, ERR_INVALID, "piece", "%s", _("Le fichier joint est vide."));
	}
	return 0;
}

/* The name a file is shown and downloaded with: the last part of what the
** browser sent, if it is clean text, cut to 120 bytes on a character. */
static char *file_name(struct arena *a, const char *sent)
{
	const char *s = sent ? sent : "";
	for (const char *p = s; *p; p++)
		if (*p == '/' || *p == '\\')
			s = p + 1;
	if (!*s || !text_is_clean(s, false) || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return arena_strdup(a, "piece-jointe");
	size_t n = strlen(s);
	if (n > 120) {
		n = 120;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	return arena_strndup(a, s, n);
}

static int check_message(struct req *r, const struct message_input *in, struct err *e)
{
	int rc = check_text(r, in->body, true, MESSAGES_BODY_MAX, "texte",
	                    _("Écrivez votre message."), e);
	return rc ? rc : check_files(in, e);
}

/* ---- Writing ---- */

/* Stores the files for good before the transaction (an fsync must not
** hold the write lock); a failed transaction leaves only unreferenced
** content-addressed files behind. */
static int keep_files(struct req *r, const struct message_input *in, char (*sha)[65])
{
	for (int i = 0; i < in->nfiles; i++)
		if (in->files[i] && files_keep(in->files[i], sha[i]) != 0)
			return ERR_INTERNAL;
	return 0;
}

/* Queues the batched mail of account_id unless one is already waiting. */
static int queue_mail(struct req *r, struct db *db, int64_t account_id, int64_t now)
{
	struct person p;
	if (people_get(r, account_id, &p) != 0 || !p.active || !p.email || !p.email[0])
		return 0; /* nothing by mail for accounts without an address */
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO message_mail_pending (tenant_id, account_id, queued_at) VALUES (?, ?, ?)"
		" ON CONFLICT (tenant_id, account_id) DO NOTHING");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, account_id);
	db_bind_int(st, 3, now);
	if (db_run(st) != 0)
		return ERR_INTERNAL;
	if (db_changes(st) == 0)
		return 0; /* a mail is already on its way and will list this one too */
	char payload[32];
	snprintf(payload, sizeof payload, "%lld", (long long)account_id);
	return jobs_enqueue(r->tenant.id, "messages.mail", payload, now + mail_delay);
}

/* Adds a message inside the caller's transaction: the row, its files, the
** thread's activity, the others' unread counts and their mail. */
static int add_message(struct req *r, struct db *db, int64_t thread_id,
                       const struct message_input *in, char (*sha)[65], int64_t *message_id)
{
	int64_t now = time(NULL), me = r->user.id;
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO messages (tenant_id, thread_id, author_id, body, created_at)"
		" VALUES (?, ?, ?, ?, ?) RETURNING id");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, thread_id);
	db_bind_int(st, 3, me);
	db_bind_text(st, 4, str_trim(r->arena, in->body));
	db_bind_int(st, 5, now);
	if (db_step(st) != DB_ROW)
		return ERR_INTERNAL;
	int64_t mid = db_int(st, 0);
	db_done(st);
	for (int i = 0; i < in->nfiles; i++) {
		const struct upload *f = in->files[i];
		if (!f)
			continue;
		const char *type = files_sniff(f->head, f->head_len);
		st = db_prepare(db,
			"INSERT INTO message_attachments (tenant_id, thread_id, message_id, sha256, filename,"
			" content_type, size, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
		if (!st)
			return ERR_INTERNAL;
		db_bind_int(st, 1, r->tenant.id);
		db_bind_int(st, 2, thread_id);
		db_bind_int(st, 3, mid);
		db_bind_text(st, 4, sha[i]);
		db_bind_text(st, 5, file_name(r->arena, f->filename));
		db_bind_text(st, 6, type ? type : "application/octet-stream");
		db_bind_int(st, 7, f->size);
		db_bind_int(st, 8, now);
		if (db_run(st) != 0)
			return ERR_INTERNAL;
	}
	st = db_prepare(db, "UPDATE message_threads SET last_message_at = ?, messages = messages + 1"
	                    " WHERE tenant_id = ? AND id = ?");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, r->tenant.id);
	db_bind_int(st, 3, thread_id);
	if (db_run(st) != 0)
		return ERR_INTERNAL;
	req_memo_forget(&unread_memo);
	st = db_prepare(db,
		"UPDATE message_participants SET last_message_at = ?,"
		" unread = CASE WHEN account_id = ? THEN 0 ELSE unread + 1 END,"
		" last_read_id = CASE WHEN account_id = ? THEN ? ELSE last_read_id END"
		" WHERE tenant_id = ? AND thread_id = ?");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, me);
	db_bind_int(st, 3, me);
	db_bind_int(st, 4, mid);
	db_bind_int(st, 5, r->tenant.id);
	db_bind_int(st, 6, thread_id);
	if (db_run(st) != 0)
		return ERR_INTERNAL;

	st = db_prepare(db, "SELECT account_id FROM message_participants"
	                    " WHERE tenant_id = ? AND thread_id = ? AND account_id <> ? LIMIT 64");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, thread_id);
	db_bind_int(st, 3, me);
	int64_t others[MAX_PEOPLE];
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW && n < MAX_PEOPLE)
		others[n++] = db_int(st, 0);
	if (rc == DB_ROW)
		db_done(st);
	else if (rc != DB_DONE)
		return ERR_INTERNAL;
	for (int i = 0; i < n; i++)
		if (queue_mail(r, db, others[i], now) != 0)
			return ERR_INTERNAL;
	if (message_id)
		*message_id = mid;
	return 0;
}

int messages_thread_create(struct req *r, const struct message_input *in, int64_t *thread_id,
                           struct err *e)
{
	int64_t learner = in->learner_id ? in->learner_id : r->user.id;
	struct party p[MAX_PEOPLE];
	int np = parties(r, in->course_id, learner, in->copy_guardians, p, e);
	if (np < 0)
		return np == ERR_NOT_FOUND
		               ? err_set(e, ERR_NOT_FOUND, NULL, "%s",
		                         _("Vous ne pouvez pas écrire à ce sujet."))
		               : np;
	int rc = check_text(r, in->subject, false, MESSAGES_SUBJECT_MAX, "sujet",
	                    _("Indiquez le sujet du message."), e);
	if (!rc)
		rc = check_message(r, in, e);
	if (rc)
		return rc;
	if (in->submission_id < 0)
		return err_set(e, ERR_INVALID, "copie", "%s", _("Copie inconnue."));
	char sha[MESSAGES_MAX_FILES][65];
	if (keep_files(r, in, sha) != 0)
		return ERR_INTERNAL;

	struct db *db = db_get();
	if (!db || db_begin(db) != 0)
		return ERR_INTERNAL;
	int64_t now = time(NULL);
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO message_threads (tenant_id, course_id, learner_id, subject, submission_id,"
		" created_by, created_at, last_message_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
	if (!st)
		goto fail;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, in->course_id);
	db_bind_int(st, 3, learner);
	db_bind_text(st, 4, str_trim(r->arena, in->subject));
	if (in->submission_id)
		db_bind_int(st, 5, in->submission_id);
	else
		db_bind_null(st, 5);
	db_bind_int(st, 6, r->user.id);
	db_bind_int(st, 7, now);
	db_bind_int(st, 8, now);
	if (db_step(st) != DB_ROW)
		goto fail;
	int64_t tid = db_int(st, 0);
	db_done(st);
	req_memo_forget(&unread_memo);
	for (int i = 0; i < np; i++) {
		st = db_prepare(db,
			"INSERT INTO message_participants (tenant_id, account_id, thread_id, role,"
			" last_message_at) VALUES (?, ?, ?, ?, ?)");
		if (!st)
			goto fail;
		db_bind_int(st, 1, r->tenant.id);
		db_bind_int(st, 2, p[i].id);
		db_bind_int(st, 3, tid);
		db_bind_text(st, 4, p[i].role);
		db_bind_int(st, 5, now);
		if (db_run(st) != 0)
			goto fail;
	}
	if (add_message(r, db, tid, in, sha, NULL) != 0 || db_commit(db) != 0)
		goto fail;
	*thread_id = tid;
	return 0;
fail:
	db_rollback(db);
	return ERR_INTERNAL;
}

int messages_reply(struct req *r, int64_t thread_id, const struct message_input *in,
                   int64_t *message_id, struct err *e)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT 1 FROM message_participants WHERE tenant_id = ? AND account_id = ?"
		" AND thread_id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, r->user.id);
	db_bind_int(st, 3, thread_id);
	int rc = db_step(st);
	db_done(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? err_set(e, ERR_NOT_FOUND, NULL, "%s", _("Conversation introuvable."))
		                     : ERR_INTERNAL;
	rc = check_message(r, in, e);
	if (rc)
		return rc;
	char sha[MESSAGES_MAX_FILES][65];
	if (keep_files(r, in, sha) != 0 || db_begin(db) != 0)
		return ERR_INTERNAL;
	if (add_message(r, db, thread_id, in, sha, message_id) != 0 || db_commit(db) != 0) {
		db_rollback(db);
		return ERR_INTERNAL;
	}
	return 0;
}

/* ---- The batched mail ---- */

/*
** "messages.mail", payload the account id: one mail listing every thread
** the person has not read, if they still have any. The pending row goes
** first, in the same transaction, so that a message arriving while this
** runs queues the next mail instead of being forgotten.
*/
static int mail_job(int64_t tenant_id, const char *payload, struct err *e)
{
	int64_t account;
	if (!str_to_int64(payload, &account) || account <= 0)
		return 0; /* not ours to retry */
	struct db *db = db_get();
	if (!db || db_begin(db) != 0)
		return err_set(e, ERR_INTERNAL, NULL, "database");
	struct arena *a = arena_new();
	struct req r = {.arena = a, .tenant = {.id = tenant_id}};
	struct person p;
	int rc = ERR_INTERNAL;
	struct db_stmt *st = db_prepare(db,
		"DELETE FROM message_mail_pending WHERE tenant_id = ? AND account_id = ?");
	if (!st)
		goto done;
	db_bind_int(st, 1, tenant_id);
	db_bind_int(st, 2, account);
	if (db_run(st) != 0)
		goto done;
	int prc = people_get(&r, account, &p);
	if (prc == ERR_NOT_FOUND || (prc == 0 && (!p.active || !p.email || !p.email[0]))) {
		rc = db_commit(db);
		goto done;
	}
	if (prc != 0)
		goto done;
	i18n_set_lang(p.lang && strcmp(p.lang, "en") == 0 ? LANG_EN : LANG_FR);
	st = db_prepare(db, "SELECT t.id, t.subject, c.title, p.unread" THREAD_FROM
		" WHERE p.tenant_id = ? AND p.account_id = ? AND p.unread > 0"
		" ORDER BY p.last_message_at DESC LIMIT 50");
	if (!st)
		goto done;
	db_bind_int(st, 1, tenant_id);
	db_bind_int(st, 2, account);
	struct sb body;
	sb_init(&body, a, 2048);
	sb_printf(&body, _("Bonjour %s %s,"), p.given_name, p.family_name);
	sb_printf(&body, "\n\n%s\n\n", _("Vous avez des messages non lus sur cartable :"));
	int64_t total = 0;
	int threads = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t n = db_int(st, 3);
		total += n;
		threads++;
		sb_printf(&body, "- « %s » (%s) : ", db_text(st, 1), db_text(st, 2));
		sb_printf(&body, n > 1 ? _("%lld messages non lus") : _("%lld message non lu"),
		          (long long)n);
		sb_printf(&body, "\n  %s/messages/%lld\n", app.base_url ? app.base_url : "",
		          (long long)db_int(st, 0));
	}
	if (rc != DB_DONE) {
		rc = ERR_INTERNAL;
		goto done;
	}
	if (threads == 0) { /* read in the meantime */
		rc = db_commit(db);
		goto done;
	}
	sb_printf(&body, "\n%s %s/messages\n\n%s\n", _("Pour lire et répondre :"),
	          app.base_url ? app.base_url : "",
	          _("Ce courriel regroupe tous vos messages non lus ; vous n'en recevez pas un par "
	            "message."));
	const char *subject = total > 1
		? arena_printf(a, _("cartable : %lld messages non lus"), (long long)total)
		: _("cartable : 1 message non lu");
	rc = mail_queue(tenant_id, p.email, subject, body.buf);
	if (rc == ERR_INVALID)
		rc = 0; /* an address the relay cannot use: nothing more to do */
	if (rc == 0)
		rc = db_commit(db);
done:
	if (rc != 0) {
		db_rollback(db);
		err_set(e, ERR_INTERNAL, NULL, "messages mail for account %lld", (long long)account);
	}
	i18n_set_lang(LANG_FR);
	arena_free(a);
	return rc;
}

int64_t messages_mail_delay(void)
{
	return mail_delay;
}

void messages_setup(void)
{
	const char *v = getenv("CARTABLE_MESSAGE_MAIL_DELAY");
	int64_t d;
	if (v && str_to_int64(v, &d) && d >= 0 && d <= 7 * 24 * 3600)
		mail_delay = d;
	jobs_register("messages.mail", mail_job);
}
