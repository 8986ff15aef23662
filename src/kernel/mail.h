/*
** mail.h - outgoing mail: an outbox table and an SMTP delivery job.
**
** mail_queue() only writes the message into the outbox (inside the caller's
** transaction, if any) and queues a "mail.deliver" job; the job hands it to
** the configured SMTP relay with libcurl. Without a relay, messages stay in
** the outbox as "held", where the admin page shows them: that is how the
** demo shows the mail it would send.
*/
#ifndef CARTABLE_MAIL_H
#define CARTABLE_MAIL_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/arena.h"
#include "kernel/err.h"
#include "kernel/str.h"

struct mail_config {
	const char *smtp_url;   /* smtp://host:port or smtps://...; NULL: no relay */
	const char *user;       /* optional SMTP authentication */
	const char *password;
	const char *from;       /* envelope and From: address */
};

/* mail_configure() sets the relay and registers the delivery job. */
void mail_configure(const struct mail_config *cfg);

/* mail_address_valid() is true for a plausible single address (no spaces,
** no line breaks, one @ with text on both sides, at most 254 bytes). */
bool mail_address_valid(const char *addr);

/*
** mail_queue() puts a plain-text message in the outbox of tenant_id and
** queues its delivery. Returns 0, ERR_INVALID (bad address) or ERR_INTERNAL.
*/
MUST_CHECK int mail_queue(int64_t tenant_id, const char *to, const char *subject,
                          const char *body);

struct outbox_item {
	int64_t id;
	char *to, *subject, *body, *status, *last_error;
	int64_t created_at, sent_at, attempts;
};

/* mail_outbox_list() fills items (in arena a) with the tenant's latest
** messages, newest first; returns how many, or ERR_INTERNAL. */
int mail_outbox_list(struct arena *a, int64_t tenant_id, int limit, struct outbox_item **items);

#endif
