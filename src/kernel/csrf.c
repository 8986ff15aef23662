/*
** This file implements the stateless CSRF tokens of csrf.h and the
** secret they are computed with.
*/
#include "kernel/csrf.h"

#include <sodium.h>
#include <string.h>

#include "kernel/auth.h"
#include "kernel/db.h"
#include "kernel/err.h"

static unsigned char secret[32];

int csrf_init(void)
{
	struct db *db = db_get();
	if (!db)
		return ERR_INTERNAL;
	char fresh[AUTH_TOKEN_LEN];
	auth_random_token(fresh);
	/* first server to start wins; the others read its secret */
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO settings (key, value) VALUES ('csrf_secret', ?) ON CONFLICT (key) DO NOTHING");
	if (!st)
		return ERR_INTERNAL;
	db_bind_text(st, 1, fresh);
	if (db_run(st) != 0)
		return ERR_INTERNAL;
	st = db_prepare(db, "SELECT value FROM settings WHERE key = 'csrf_secret'");
	if (!st || db_step(st) != DB_ROW)
		return ERR_INTERNAL;
	const char *v = db_text(st, 0);
	crypto_hash_sha256(secret, (const unsigned char *)v, strlen(v));
	db_done(st);
	return 0;
}

const char *csrf_token(struct req *r)
{
	if (r->csrf)
		return r->csrf;
	const char *msg;
	if (r->session_token) {
		msg = arena_printf(r->arena, "s:%s", r->session_token);
	} else {
		const char *visit = req_cookie(r, VISIT_COOKIE);
		if (!visit || strlen(visit) != AUTH_TOKEN_LEN - 1) {
			char fresh[AUTH_TOKEN_LEN];
			auth_random_token(fresh);
			visit = arena_strdup(r->arena, fresh);
			req_set_cookie(r, VISIT_COOKIE, visit, 0);
		}
		msg = arena_printf(r->arena, "v:%s", visit);
	}
	char tok[AUTH_TOKEN_LEN];
	auth_hmac_token(secret, msg, tok);
	r->csrf = arena_strdup(r->arena, tok);
	return r->csrf;
}

bool csrf_valid(struct req *r)
{
	const char *sent = req_form(r, CSRF_FIELD);
	if (!sent)
		return false;
	if (!r->session_token && !req_cookie(r, VISIT_COOKIE))
		return false;
	return auth_equal(sent, csrf_token(r));
}
