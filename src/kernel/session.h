/*
** session.h - server-side sessions behind an opaque cookie.
**
** The cookie holds a 32-byte random token; the database keeps only its
** SHA-256, with the tenant and account it signs in, so a copy of the
** database does not let anyone into an account. A session ends after
** SESSION_IDLE seconds without a request or SESSION_ABSOLUTE seconds after
** sign-in, whichever comes first. Signing in always creates a new token
** (no fixation); a password change ends the person's other sessions.
*/
#ifndef CARTABLE_SESSION_H
#define CARTABLE_SESSION_H

#include <stdint.h>

#include "kernel/req.h"

#define SESSION_COOKIE "cartable_session"
#define SESSION_IDLE (2 * 3600)
#define SESSION_ABSOLUTE (12 * 3600)

/* session_open() signs account_id of tenant_id in: stores a new session,
** sets the cookie and r->session_token. Returns 0 or ERR_INTERNAL. */
MUST_CHECK int session_open(struct req *r, int64_t tenant_id, int64_t account_id);

/*
** session_resume() reads the cookie and, when it names a live session, sets
** *tenant_id, *account_id and r->session_token, and records the activity
** (at most once a minute, to spare the database). Returns 0, ERR_NOT_FOUND
** (no cookie, unknown or expired session) or ERR_INTERNAL.
*/
MUST_CHECK int session_resume(struct req *r, int64_t *tenant_id, int64_t *account_id);

/* session_close() ends the request's session and clears the cookie. */
void session_close(struct req *r);

/* session_close_others() ends every session of the account but keep_token's
** (NULL: all of them). Returns 0 or ERR_INTERNAL. */
MUST_CHECK int session_close_others(int64_t tenant_id, int64_t account_id, const char *keep_token);

#endif
