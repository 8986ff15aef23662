/*
** This file implements the sessions table of session.h.
*/
#include "kernel/session.h"

#include <time.h>

#include "kernel/auth.h"
#include "kernel/db.h"
#include "kernel/err.h"

int session_open(struct req *r, int64_t tenant_id, int64_t account_id)
{
	char token[AUTH_TOKEN_LEN], hash[65];
	auth_random_token(token);
	auth_sha256_hex(token, hash);
	int64_t now = time(NULL);
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"INSERT INTO sessions (token_hash, tenant_id, account_id, created_at, last_seen_at, ip)"
		" VALUES (?, ?, ?, ?, ?, ?)") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_text(st, 1, hash);
	db_bind_int(st, 2, tenant_id);
	db_bind_int(st, 3, account_id);
	db_bind_int(st, 4, now);
	db_bind_int(st, 5, now);
	db_bind_text(st, 6, r->client_ip);
	if (db_run(st) != 0)
		return ERR_INTERNAL;
	r->session_token = arena_strdup(r->arena, token);
	r->csrf = NULL; /* a new session has a new CSRF token */
	req_set_cookie(r, SESSION_COOKIE, token, 0);
	return 0;
}

int session_resume(struct req *r, int64_t *tenant_id, int64_t *account_id)
{
	const char *token = req_cookie(r, SESSION_COOKIE);
	if (!token || !*token)
		return ERR_NOT_FOUND;
	char hash[65];
	auth_sha256_hex(token, hash);
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT tenant_id, account_id, created_at, last_seen_at FROM sessions"
		" WHERE token_hash = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_text(st, 1, hash);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL;
	*tenant_id = db_int(st, 0);
	*account_id = db_int(st, 1);
	int64_t created = db_int(st, 2), seen = db_int(st, 3);
	db_done(st);
	int64_t now = time(NULL);
	if (now - seen > SESSION_IDLE || now - created > SESSION_ABSOLUTE) {
		st = db_prepare(db, "DELETE FROM sessions WHERE token_hash = ?");
		if (st) {
			db_bind_text(st, 1, hash);
			(void)db_run(st);
		}
		return ERR_NOT_FOUND;
	}
	if (now - seen >= 60) {
		st = db_prepare(db, "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?");
		if (st) {
			db_bind_int(st, 1, now);
			db_bind_text(st, 2, hash);
			(void)db_run(st);
		}
	}
	r->session_token = arena_strdup(r->arena, token);
	return 0;
}

void session_close(struct req *r)
{
	if (r->session_token) {
		char hash[65];
		auth_sha256_hex(r->session_token, hash);
		struct db *db = db_get();
		struct db_stmt *st = db ? db_prepare(db, "DELETE FROM sessions WHERE token_hash = ?")
		                        : NULL;
		if (st) {
			db_bind_text(st, 1, hash);
			(void)db_run(st);
		}
	}
	r->session_token = NULL;
	r->csrf = NULL;
	req_set_cookie(r, SESSION_COOKIE, "", -1);
}

int session_close_others(int64_t tenant_id, int64_t account_id, const char *keep_token)
{
	char hash[65] = "";
	if (keep_token)
		auth_sha256_hex(keep_token, hash);
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"DELETE FROM sessions WHERE tenant_id = ? AND account_id = ? AND token_hash <> ?")
		: NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, tenant_id);
	db_bind_int(st, 2, account_id);
	db_bind_text(st, 3, hash);
	return db_run(st) == 0 ? 0 : ERR_INTERNAL;
}
