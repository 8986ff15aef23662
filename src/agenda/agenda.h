/*
** agenda.h - one agenda per person: homework due dates, virtual-class
** slots of their courses, and events of the school year; and a personal
** iCalendar feed of it behind a secret, revocable address.
**
** What a person's agenda gathers:
**   - a learner: due dates of their homework and the virtual classes of
**     the courses they follow;
**   - a guardian: the same for each child (entries carry the child);
**   - a teacher or advisor: the virtual classes of the courses they teach;
**   - everybody: the tenant's events, and those of the units of their
**     courses (admins and advisors: every unit's).
** Virtual classes are created by the staff of their course (or an admin),
** events by admins. Everything acts within the request's tenant; strings
** are allocated in r->arena. Times are Unix seconds (UTC).
*/
#ifndef CARTABLE_AGENDA_H
#define CARTABLE_AGENDA_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/auth.h"
#include "kernel/err.h"
#include "kernel/req.h"
#include "kernel/str.h"

#define AGENDA_MAX_ENTRIES 2000
#define AGENDA_MAX_SPAN (400LL * 24 * 3600) /* longest from..to asked at once */

enum agenda_kind {
	AGENDA_DUE = 1,           /* homework to hand in */
	AGENDA_CLASS,             /* virtual class */
	AGENDA_EVENT,             /* event of the school year */
};

struct agenda_entry {
	enum agenda_kind kind;
	int64_t id;               /* the class, the event, or the homework's course item */
	char *title, *description;
	char *url;                /* where to join a class, or the local page of a due date */
	int64_t starts_at, ends_at;   /* ends_at == starts_at for a due date */
	bool all_day;             /* an event of whole local days; ends_at is exclusive */
	int64_t course_id;        /* 0 for events */
	char *course_title;       /* "" for events */
	char *unit_name;          /* events of one unit; "" otherwise */
	int64_t learner_id;       /* a guardian's agenda: whose entry it is (0: one's own) */
	char *learner_name;
	int64_t stamp;            /* when the entry was created, for the feed */
};

/* agenda_kind_code() is "due", "class" or "event"; agenda_kind_label()
** the kind in the request's language. */
const char *agenda_kind_code(enum agenda_kind kind);
const char *agenda_kind_label(enum agenda_kind kind);

/*
** agenda_for() fills *out with account_id's entries that overlap
** [from, to), by start time. account_id must be the signed-in person or
** one of their children (ERR_NOT_FOUND otherwise); a child's agenda holds
** their learner entries only. to - from is at most AGENDA_MAX_SPAN
** (ERR_INVALID). Count or ERR_*.
*/
int agenda_for(struct req *r, int64_t account_id, int64_t from, int64_t to,
               struct agenda_entry **out);

/* agenda_upcoming() is agenda_for() from now for `days` days (1-60), for
** the dashboard. */
int agenda_upcoming(struct req *r, int64_t account_id, int days, struct agenda_entry **out);

/*
** agenda_due_dates() is where homework gives its due dates (due.c, on top
** of homework_for_learner()): learner_id's published assignments whose own
** due date falls in [from, to), as AGENDA_DUE entries written to out (room
** for `max`), with the homework's status as description. Returns how many,
** or ERR_*.
*/
int agenda_due_dates(struct req *r, int64_t learner_id, int64_t from, int64_t to,
                     struct agenda_entry *out, int max);

/* ---- Virtual classes ---- */

struct virtual_class {
	int64_t id, course_id;
	char *title, *url, *course_title;
	int64_t starts_at, ends_at;
};

struct class_input {
	int64_t course_id;
	const char *title;
	const char *date;         /* JJ/MM/AAAA or AAAA-MM-JJ, local */
	const char *start, *end;  /* HH:MM, local */
	const char *url;          /* http:// or https:// */
};

/* agenda_class_courses() lists the courses the signed-in person may hold
** virtual classes for (the ones they teach). Count or ERR_*; titles in
** *titles. */
int agenda_class_courses(struct req *r, int64_t **ids, char ***titles);

/*
** agenda_classes() lists the virtual classes of the courses the signed-in
** person teaches (an admin: of the tenant) from `from` on, by start time,
** at most `limit`. Count or ERR_*.
*/
int agenda_classes(struct req *r, int64_t from, int limit, struct virtual_class **out);

/*
** agenda_class_create() plans a virtual class in a course the signed-in
** person teaches (or any, for an admin). 0 with *id; ERR_NOT_FOUND (course
** not theirs); ERR_INVALID with the field and a message (title, date,
** times, end before start, longer than 12 h, link not http(s)); ERR_INTERNAL.
*/
MUST_CHECK int agenda_class_create(struct req *r, const struct class_input *in, int64_t *id,
                                   struct err *e);

/* agenda_class_delete() removes one they could have created. 0,
** ERR_NOT_FOUND or ERR_INTERNAL. */
MUST_CHECK int agenda_class_delete(struct req *r, int64_t id);

/* ---- Events of the school year (admins) ---- */

struct school_event {
	int64_t id, unit_id;
	char *title, *description, *unit_name;
	int64_t starts_at, ends_at;
	bool all_day;
};

struct event_input {
	int64_t unit_id;          /* 0: the whole tenant */
	const char *title, *description;
	const char *start_date, *start_time;  /* time empty: whole days */
	const char *end_date, *end_time;      /* empty: the start's day / one hour later */
};

/* agenda_events() lists the tenant's events from `from` on (admins). */
int agenda_events(struct req *r, int64_t from, int limit, struct school_event **out);

/* agenda_event_create() adds an event (admins: ERR_FORBIDDEN otherwise);
** ERR_INVALID with the field and a message. */
MUST_CHECK int agenda_event_create(struct req *r, const struct event_input *in, int64_t *id,
                                   struct err *e);
MUST_CHECK int agenda_event_delete(struct req *r, int64_t id);

/* ---- The iCalendar feed ---- */

/*
** agenda_feed_issue() gives the signed-in person a new secret for their
** feed, written into token; the one before stops working. Only its
** SHA-256 is stored. 0 or ERR_INTERNAL.
*/
MUST_CHECK int agenda_feed_issue(struct req *r, char token[AUTH_TOKEN_LEN]);

/* agenda_feed_revoke() turns the signed-in person's feed off. */
MUST_CHECK int agenda_feed_revoke(struct req *r);

/* agenda_feed_since() is when the signed-in person's current feed secret
** was made, or 0 if they have none. */
int64_t agenda_feed_since(struct req *r);

/*
** agenda_feed() writes the iCalendar document of the person whose feed
** secret is token: their agenda from 30 days ago to a year ahead. The
** token decides the tenant and the person (r->tenant and r->user are set
** to theirs): this is, with sign-in, a lookup not scoped by the request's
** tenant. ERR_NOT_FOUND for an unknown or revoked token or a deactivated
** account; ERR_INTERNAL.
*/
MUST_CHECK int agenda_feed(struct req *r, const char *token, struct sb *out);

/* ---- Reading times from forms and the API ---- */

/* agenda_local_time() reads a local date (JJ/MM/AAAA or AAAA-MM-JJ) and
** time (HH:MM, NULL or "": midnight) into Unix seconds. false if invalid. */
bool agenda_local_time(const char *date, const char *hm, int64_t *out);

/* agenda_parse_instant() reads "AAAA-MM-JJ" (local midnight) or an ISO
** 8601 UTC time "AAAA-MM-JJTHH:MM[:SS]Z". false if invalid. */
bool agenda_parse_instant(const char *s, int64_t *out);

#endif
