/*
** news.h - announcements (for a tenant, a unit or a course) and the forum
** of each course.
**
** Announcements: admins publish for the whole tenant or one of its units,
** the staff of a course (course_staff) for that course. A person sees the
** tenant's announcements, those of the units of their courses and those
** of their courses (a guardian: their children's); admins and advisors see
** all. The dashboard shows news_latest().
**
** Forums: each course has one. Learners following the course read, start
** threads, reply and report posts; the course's staff (and advisors and
** admins) moderate: they hide posts, which others then see as "message
** masqué par l'équipe" (the text never leaves the service for them), and
** read the reports. Texts are Markdown, shown through cmark's safe mode.
** For anybody else a forum does not exist (ERR_NOT_FOUND). Everything acts
** within the request's tenant; strings are allocated in r->arena.
*/
#ifndef CARTABLE_NEWS_H
#define CARTABLE_NEWS_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/err.h"
#include "kernel/req.h"

#define NEWS_TITLE_MAX 200   /* characters */
#define NEWS_BODY_MAX 20000

/* ---- Announcements ---- */

struct news_item {
	int64_t id, unit_id, course_id, author_id;
	char *scope;               /* "tenant", "unit" or "course" */
	char *where;               /* the unit's name or the course's title; "" for the tenant */
	char *title, *body_md, *author_name;
	int64_t published_at;
	bool deletable;            /* by the signed-in person (author or admin) */
};

/* Where the signed-in person may publish: value "tenant", "unit:<id>" or
** "course:<id>", and its label. */
struct news_target {
	char *value, *label;
};

struct news_input {
	const char *target;        /* one of news_targets()'s values */
	const char *title;
	const char *body_md;
};

/* news_latest() lists the `limit` (1-50) latest announcements the
** signed-in person sees, newest first, for the dashboard: without their
** body and author (both ""). Count or ERR_*. */
int news_latest(struct req *r, int limit, struct news_item **out);

/* news_list() is news_latest() with an offset, for the list of news. */
int news_list(struct req *r, int offset, int limit, struct news_item **out);

/* news_get() reads one announcement the signed-in person sees. 0,
** ERR_NOT_FOUND or ERR_INTERNAL. */
MUST_CHECK int news_get(struct req *r, int64_t id, struct news_item *out);

/* news_targets() lists where the signed-in person may publish. Count or
** ERR_INTERNAL; 0 means they publish nothing. */
int news_targets(struct req *r, struct news_target **out);

/*
** news_publish() publishes an announcement now. 0 with *id; ERR_FORBIDDEN
** (a target not theirs) or ERR_INVALID (title or text empty or too long)
** with the field and a French message; ERR_INTERNAL.
*/
MUST_CHECK int news_publish(struct req *r, const struct news_input *in, int64_t *id,
                            struct err *e);

/* news_delete() removes an announcement of its author, or any for an
** admin. 0, ERR_NOT_FOUND or ERR_INTERNAL. */
MUST_CHECK int news_delete(struct req *r, int64_t id);

/* ---- Forums (forum.c) ---- */

enum forum_role {
	FORUM_NONE = 0,
	FORUM_MEMBER,              /* a learner following the course */
	FORUM_MODERATOR,           /* its staff, advisors, admins */
};

/* forum_role() is what the signed-in person may do in course_id's forum. */
enum forum_role forum_role(struct req *r, int64_t course_id);

struct forum_course {
	int64_t id;
	char *title;
	int64_t threads;
	int64_t open_reports;      /* for moderators */
	bool moderator;
};

struct forum_thread {
	int64_t id, course_id, author_id;
	char *title, *author_name, *course_title;
	int64_t created_at, last_post_at, posts;
};

struct forum_post {
	int64_t id, thread_id, author_id;
	char *author_name;
	char *body_md;             /* NULL when hidden and the reader is not a moderator */
	int64_t created_at;
	bool hidden;
	bool reported_by_me;
	int64_t open_reports;      /* for moderators */
};

struct forum_report {
	int64_t id, post_id, thread_id, reporter_id;
	char *reporter_name, *reason, *thread_title, *post_author, *post_body_md;
	int64_t created_at;
	bool post_hidden;
};

/* forum_courses() lists the forums the signed-in person may open (the
** courses they follow or teach). Count or ERR_INTERNAL. */
int forum_courses(struct req *r, struct forum_course **out);

/* forum_threads() lists a forum's threads, most recent activity first.
** Count; ERR_NOT_FOUND (not theirs); ERR_INTERNAL. */
int forum_threads(struct req *r, int64_t course_id, int offset, int limit,
                  struct forum_thread **out);

/* forum_thread_get() reads a thread of course_id and its posts, oldest
** first. Count of posts; ERR_NOT_FOUND; ERR_INTERNAL. */
int forum_thread_get(struct req *r, int64_t course_id, int64_t thread_id, struct forum_thread *t,
                     struct forum_post **posts);

/* forum_thread_create() starts a thread with its first post (members and
** moderators). 0 with *id; ERR_NOT_FOUND; ERR_INVALID with a message. */
MUST_CHECK int forum_thread_create(struct req *r, int64_t course_id, const char *title,
                                   const char *body_md, int64_t *id, struct err *e);

/* forum_reply() adds a post to a thread; its author is notified (notices.h). */
MUST_CHECK int forum_reply(struct req *r, int64_t course_id, int64_t thread_id,
                           const char *body_md, int64_t *post_id, struct err *e);

/* forum_post_hide() hides (or shows again) a post: moderators only
** (ERR_NOT_FOUND for others). Hiding settles the post's open reports. */
MUST_CHECK int forum_post_hide(struct req *r, int64_t course_id, int64_t post_id, bool hidden,
                               int64_t *thread_id);

/*
** forum_post_report() reports a post to the course's staff (who are
** notified): learners following the course, not their own posts. 0;
** ERR_NOT_FOUND; ERR_INVALID (own post, reason too long) or ERR_CONFLICT
** (already reported by them) with a message; ERR_INTERNAL.
*/
MUST_CHECK int forum_post_report(struct req *r, int64_t course_id, int64_t post_id,
                                 const char *reason, int64_t *thread_id, struct err *e);

/* forum_reports() lists a forum's open reports, oldest first (moderators).
** Count; ERR_NOT_FOUND; ERR_INTERNAL. */
int forum_reports(struct req *r, int64_t course_id, struct forum_report **out);

/* forum_report_resolve() marks a report dealt with (moderators). */
MUST_CHECK int forum_report_resolve(struct req *r, int64_t course_id, int64_t report_id);

#endif
