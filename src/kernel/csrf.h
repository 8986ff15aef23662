/*
** csrf.h - tokens that prove a form was served by us to this visitor.
**
** The token is an HMAC, under a secret kept in the database (so that every
** application server agrees), of the visitor's session token, or for a
** visitor not signed in, of a random "visit" cookie set the first time a
** form is shown. Nothing per-form is stored. Routes flagged ROUTE_CSRF are
** refused unless the form field "csrf" carries the token.
*/
#ifndef CARTABLE_CSRF_H
#define CARTABLE_CSRF_H

#include <stdbool.h>

#include "kernel/req.h"

#define CSRF_FIELD "csrf"
#define VISIT_COOKIE "cartable_visit"

/* csrf_init() loads the secret, creating it on first start. 0 or ERR_*. */
MUST_CHECK int csrf_init(void);

/* csrf_token() is the token to put in this visitor's forms (it may set the
** visit cookie). */
const char *csrf_token(struct req *r);

/* csrf_valid() is true when the request's form carries the right token. */
bool csrf_valid(struct req *r);

#endif
