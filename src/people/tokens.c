/*
** This file implements API tokens: created from a sign-in, shown once,
** stored as their SHA-256 only, listed and revoked by their owner.
*/
#include "people/people.h"

#include <time.h>

#include "kernel/db.h"
#include "kernel/text.h"

int people_token_create(struct req *r, int64_t tenant_id, int64_t account_id, const char *label,
                        char out[AUTH_TOKEN_LEN], int64_t *id)
{
	char hash[65];
	auth_random_token(out);
	auth_sha256_hex(out, hash);
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"INSERT INTO api_tokens (tenant_id, account_id, token_hash, label, created_at)"
		" VALUES (?, ?, ?, ?, ?) RETURNING id") : NULL;
	if (!st)
		return ERR_INTERNAL;
	const char *l = label && text_is_clean(label, false) && utf8_length(label) <= 100 ? label : "";
	db_bind_int(st, 1, tenant_id);
	db_bind_int(st, 2, account_id);
	db_bind_text(st, 3, hash);
	db_bind_text(st, 4, l);
	db_bind_int(st, 5, time(NULL));
	if (db_step(st) != DB_ROW)
		return ERR_INTERNAL;
	*id = db_int(st, 0);
	db_done(st);
	return 0;
}

int people_token_list(struct req *r, struct api_token **out)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT id, label, created_at, last_used_at, revoked_at FROM api_tokens"
		" WHERE tenant_id = ? AND account_id = ? ORDER BY id DESC LIMIT 100") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, r->user.id);
	struct api_token *t = arena_array(r->arena, 100, sizeof *t);
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		t[n].id = db_int(st, 0);
		t[n].label = db_text_dup(st, 1, r->arena);
		t[n].created_at = db_int(st, 2);
		t[n].last_used_at = db_int(st, 3);
		t[n].revoked_at = db_int(st, 4);
		n++;
	}
	*out = t;
	return rc == DB_DONE ? n : ERR_INTERNAL;
}

int people_token_revoke(struct req *r, int64_t id)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"UPDATE api_tokens SET revoked_at = ? WHERE tenant_id = ? AND account_id = ? AND id = ?"
		" AND revoked_at IS NULL") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, time(NULL));
	db_bind_int(st, 2, r->tenant.id);
	db_bind_int(st, 3, r->user.id);
	db_bind_int(st, 4, id);
	if (db_run(st) != 0)
		return ERR_INTERNAL;
	return db_changes(st) == 1 ? 0 : ERR_NOT_FOUND;
}
