/*
** notices.h - notifications: what happened that a person should know
** (a copy returned, a new message, a document refused...).
**
** Every notification lands in the person's in-app list (with an unread
** count in the header) and, following their preference, is also mailed:
** at once ("each"), in a daily digest ("digest", the default), or not at
** all ("none"). Mail goes through the outbox (mail.h), so it is sent only
** if the caller's transaction commits.
*/
#ifndef CARTABLE_NOTICES_H
#define CARTABLE_NOTICES_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/err.h"
#include "kernel/req.h"

struct notice {
	int64_t id;
	char *kind, *title, *link;
	int64_t created_at, read_at;
};

/*
** notices_notify() tells account_id (of the request's tenant) about
** something: kind is a short code ("homework.returned", "message.new"...),
** title a sentence in French, link a local path to see it (may be NULL).
** Returns 0 or ERR_INTERNAL; a failure to mail is not an error.
*/
MUST_CHECK int notices_notify(struct req *r, int64_t account_id, const char *kind,
                              const char *title, const char *link);

/* notices_unread() is the signed-in person's number of unread notices. */
int64_t notices_unread(struct req *r);

/* notices_list() lists the signed-in person's notices, newest first. */
int notices_list(struct req *r, int offset, int limit, struct notice **out);

/* notices_mark_read() marks one (id > 0) or all (id 0) as read. */
MUST_CHECK int notices_mark_read(struct req *r, int64_t id);

/* Mail preference: "each", "digest" or "none". */
const char *notices_preference(struct req *r);
MUST_CHECK int notices_set_preference(struct req *r, const char *mode, struct err *e);

/* notices_setup() registers the daily digest job and queues it if needed;
** called once at start. */
void notices_setup(void);

#endif
