/*
** This file implements who is asking (session or API token), sign-in with
** throttling that reveals nothing about which logins exist, password change
** and password reset by single-use e-mailed links.
*/
#include "people/people.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kernel/db.h"
#include "kernel/i18n.h"
#include "kernel/log.h"
#include "kernel/mail.h"
#include "kernel/session.h"

#define THROTTLE_WINDOW (15 * 60)
#define THROTTLE_PER_LOGIN 5
#define THROTTLE_PER_ADDRESS 30
#define RESET_LIFETIME 3600

/* ---- Who is asking ---- */

/* The roles of an account as enum role bits, computed by the database in
** the same query as the account (one query per request instead of two). */
#define ROLES_MASK_SQL \
	"(SELECT COALESCE(SUM(CASE ar.role WHEN 'learner' THEN 1 WHEN 'guardian' THEN 2" \
	" WHEN 'teacher' THEN 4 WHEN 'advisor' THEN 8 WHEN 'author' THEN 16 WHEN 'school' THEN 32" \
	" WHEN 'support' THEN 64 WHEN 'finance' THEN 128 WHEN 'admin' THEN 256 ELSE 0 END), 0)" \
	" FROM account_roles ar WHERE ar.tenant_id = a.tenant_id AND ar.account_id = a.id)"
_Static_assert(ROLE_LEARNER == 1 && ROLE_GUARDIAN == 2 && ROLE_TEACHER == 4 && ROLE_ADVISOR == 8 &&
               ROLE_AUTHOR == 16 && ROLE_SCHOOL == 32 && ROLE_SUPPORT == 64 &&
               ROLE_FINANCE == 128 && ROLE_ADMIN == 256, "ROLES_MASK_SQL follows enum role");

static int load_user(struct req *r, struct db *db, int64_t tenant_id, int64_t account_id)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT a.login, a.given_name, a.family_name, a.email, a.school_id, a.lang,"
		" t.slug, t.name, t.is_operator, " ROLES_MASK_SQL
		" FROM accounts a JOIN tenants t ON t.id = a.tenant_id"
		" WHERE a.tenant_id = ? AND a.id = ? AND a.active = 1 AND t.active = 1");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, tenant_id);
	db_bind_int(st, 2, account_id);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL;
	r->user.id = account_id;
	r->user.login = db_text_dup(st, 0, r->arena);
	r->user.display_name = arena_printf(r->arena, "%s %s", db_text(st, 1), db_text(st, 2));
	r->user.email = db_is_null(st, 3) ? NULL : db_text_dup(st, 3, r->arena);
	r->user.school_id = db_int(st, 4);
	const char *lang = db_text(st, 5);
	r->tenant.id = tenant_id;
	r->tenant.slug = db_text_dup(st, 6, r->arena);
	r->tenant.name = db_text_dup(st, 7, r->arena);
	r->tenant.is_operator = db_int(st, 8) != 0;
	r->user.roles = (unsigned)db_int(st, 9);
	bool en = lang && strcmp(lang, "en") == 0;
	db_done(st);
	/* the account's language applies unless the visitor chose one */
	if (!req_cookie(r, "lang"))
		r->lang = en ? LANG_EN : LANG_FR;
	return 0;
}

int people_identify(struct req *r, int64_t tenant_id, int64_t account_id)
{
	struct db *db = db_get();
	return db ? load_user(r, db, tenant_id, account_id) : ERR_INTERNAL;
}

int people_identify_bearer(struct req *r, const char *token)
{
	char hash[65];
	auth_sha256_hex(token, hash);
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT id, tenant_id, account_id, last_used_at FROM api_tokens"
		" WHERE token_hash = ? AND revoked_at IS NULL") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_text(st, 1, hash);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL;
	int64_t id = db_int(st, 0), tenant_id = db_int(st, 1), account_id = db_int(st, 2);
	int64_t last = db_int(st, 3), now = time(NULL);
	db_done(st);
	if (now - last >= 60) {
		st = db_prepare(db, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?");
		if (st) {
			db_bind_int(st, 1, now);
			db_bind_int(st, 2, id);
			(void)db_run(st);
		}
	}
	rc = load_user(r, db, tenant_id, account_id);
	if (rc == 0)
		r->via_token = true;
	return rc;
}

/* ---- Throttling ---- */

static int64_t failures(struct db *db, const char *key, int64_t since)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT COUNT(*) FROM login_failures WHERE key = ? AND at > ?");
	if (!st)
		return 0;
	db_bind_text(st, 1, key);
	db_bind_int(st, 2, since);
	int64_t n = db_step(st) == DB_ROW ? db_int(st, 0) : 0;
	db_done(st);
	return n;
}

static void record_failure(struct db *db, const char *key, int64_t now)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO login_failures (key, at) VALUES (?, ?)");
	if (st) {
		db_bind_text(st, 1, key);
		db_bind_int(st, 2, now);
		(void)db_run(st);
	}
	/* forget what no longer counts, so the table stays small */
	st = db_prepare(db, "DELETE FROM login_failures WHERE key = ? AND at < ?");
	if (st) {
		db_bind_text(st, 1, key);
		db_bind_int(st, 2, now - 24 * 3600);
		(void)db_run(st);
	}
}

static void clear_failures(struct db *db, const char *key)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM login_failures WHERE key = ?");
	if (st) {
		db_bind_text(st, 1, key);
		(void)db_run(st);
	}
}

int people_check_credentials(struct req *r, const char *login, const char *password,
                             int64_t *tenant_id, int64_t *account_id, struct err *e)
{
	const char *bad = _("Identifiant ou mot de passe incorrect.");
	if (!login || !password || !*login || !*password || strlen(login) > 200 ||
	    strlen(password) > 1000)
		return err_set(e, ERR_INVALID, "login", "%s", bad);
	struct db *db = db_get();
	if (!db)
		return ERR_INTERNAL;
	char *lower = arena_strdup(r->arena, login);
	for (char *p = lower; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	char *login_key = arena_printf(r->arena, "login:%s", lower);
	char *ip_key = arena_printf(r->arena, "ip:%s", r->client_ip ? r->client_ip : "?");
	int64_t now = time(NULL), since = now - THROTTLE_WINDOW;
	if (failures(db, login_key, since) >= THROTTLE_PER_LOGIN ||
	    failures(db, ip_key, since) >= THROTTLE_PER_ADDRESS)
		return err_set(e, ERR_THROTTLED, "login", "%s",
		               _("Trop de tentatives de connexion. Patientez 15 minutes avant de "
		                 "réessayer, ou réinitialisez votre mot de passe."));

	struct db_stmt *st = db_prepare(db,
		"SELECT a.id, a.tenant_id, a.password_hash FROM accounts a"
		" JOIN tenants t ON t.id = a.tenant_id"
		" WHERE a.login = ? AND a.active = 1 AND t.active = 1");
	if (!st)
		return ERR_INTERNAL;
	db_bind_text(st, 1, lower);
	int rc = db_step(st);
	if (rc < 0)
		return ERR_INTERNAL;
	bool ok = false;
	if (rc == DB_ROW) {
		*account_id = db_int(st, 0);
		*tenant_id = db_int(st, 1);
		char *hash = db_text_dup(st, 2, r->arena);
		db_done(st);
		ok = auth_verify_password(hash, password);
	} else {
		auth_verify_dummy(password);
	}
	if (!ok) {
		record_failure(db, login_key, now);
		record_failure(db, ip_key, now);
		log_info("signin: failure for a login from %s", r->client_ip);
		return err_set(e, ERR_INVALID, "login", "%s", bad);
	}
	clear_failures(db, login_key);
	return 0;
}

int people_sign_in(struct req *r, const char *login, const char *password, struct err *e)
{
	int64_t tenant_id, account_id;
	int rc = people_check_credentials(r, login, password, &tenant_id, &account_id, e);
	if (rc)
		return rc;
	if (r->session_token)
		session_close(r); /* never reuse a session id across sign-ins */
	rc = session_open(r, tenant_id, account_id);
	if (rc == 0)
		rc = people_identify(r, tenant_id, account_id);
	return rc;
}

/* ---- Passwords ---- */

static int set_password(struct db *db, int64_t tenant_id, int64_t account_id, const char *pw)
{
	char hash[AUTH_HASH_LEN];
	if (auth_hash_password(pw, hash) != 0)
		return ERR_INTERNAL;
	struct db_stmt *st = db_prepare(db,
		"UPDATE accounts SET password_hash = ?, updated_at = ? WHERE tenant_id = ? AND id = ?");
	if (!st)
		return ERR_INTERNAL;
	db_bind_text(st, 1, hash);
	db_bind_int(st, 2, time(NULL));
	db_bind_int(st, 3, tenant_id);
	db_bind_int(st, 4, account_id);
	return db_run(st);
}

static int check_new_password(struct req *r, const char *login, const char *fresh,
                              const char *confirm, struct err *e)
{
	if (!fresh || !confirm || strcmp(fresh, confirm) != 0)
		return err_set(e, ERR_INVALID, "confirm", "%s",
		               _("Les deux mots de passe saisis ne sont pas identiques."));
	struct person_input in = {.given_name = "x", .family_name = "x", .login = login,
	                          .password = fresh};
	return people_validate(&in, e);
}

int people_change_password(struct req *r, const char *current, const char *fresh,
                           const char *confirm, struct err *e)
{
	int64_t tenant_id, account_id;
	int rc = people_check_credentials(r, r->user.login, current ? current : "", &tenant_id,
	                                  &account_id, e);
	if (rc == ERR_INVALID)
		return err_set(e, ERR_INVALID, "current", "%s",
		               _("Le mot de passe actuel n'est pas le bon."));
	if (rc)
		return rc;
	rc = check_new_password(r, r->user.login, fresh, confirm, e);
	if (rc)
		return rc;
	struct db *db = db_get();
	if (!db || set_password(db, r->tenant.id, r->user.id, fresh) != 0)
		return ERR_INTERNAL;
	return session_close_others(r->tenant.id, r->user.id, r->session_token);
}

int people_issue_code(struct req *r, int64_t learner_id, char code[11])
{
	struct person p;
	int rc = people_get(r, learner_id, &p);
	if (rc)
		return rc;
	bool staff = (r->user.roles & (ROLE_ADVISOR | ROLE_ADMIN)) != 0;
	bool school = (r->user.roles & ROLE_SCHOOL) && r->user.school_id &&
	              p.school_id == r->user.school_id;
	if (!(p.roles & ROLE_LEARNER))
		return ERR_NOT_FOUND;
	if (!staff && !school)
		return school ? ERR_FORBIDDEN : ERR_NOT_FOUND;
	auth_random_code(code, 10);
	struct db *db = db_get();
	if (!db || set_password(db, r->tenant.id, learner_id, code) != 0)
		return ERR_INTERNAL;
	return session_close_others(r->tenant.id, learner_id, NULL);
}

void people_reset_request(struct req *r, const char *who, const char *base_url)
{
	if (!who || !*who || strlen(who) > 254)
		return;
	struct db *db = db_get();
	if (!db)
		return;
	char *lower = arena_strdup(r->arena, who);
	for (char *p = lower; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	/* a login, or an e-mail that names exactly one account */
	struct db_stmt *st = db_prepare(db,
		"SELECT id, tenant_id, email, login, given_name FROM accounts"
		" WHERE active = 1 AND (login = ? OR email = ?) LIMIT 2");
	if (!st)
		return;
	db_bind_text(st, 1, lower);
	db_bind_text(st, 2, lower);
	int64_t id = 0, tenant_id = 0;
	char *email = NULL, *login = NULL, *given = NULL;
	int found = 0;
	while (db_step(st) == DB_ROW) {
		found++;
		id = db_int(st, 0);
		tenant_id = db_int(st, 1);
		email = db_is_null(st, 2) ? NULL : db_text_dup(st, 2, r->arena);
		login = db_text_dup(st, 3, r->arena);
		given = db_text_dup(st, 4, r->arena);
	}
	if (found != 1 || !email) {
		log_info("reset: no mail sent (%s)", found ? "no e-mail or several accounts" : "no account");
		return;
	}
	char token[AUTH_TOKEN_LEN], hash[65];
	auth_random_token(token);
	auth_sha256_hex(token, hash);
	int64_t now = time(NULL);
	if (db_begin(db) != 0)
		return;
	st = db_prepare(db, "INSERT INTO password_resets (token_hash, tenant_id, account_id,"
	                    " created_at, expires_at) VALUES (?, ?, ?, ?, ?)");
	if (!st)
		goto fail;
	db_bind_text(st, 1, hash);
	db_bind_int(st, 2, tenant_id);
	db_bind_int(st, 3, id);
	db_bind_int(st, 4, now);
	db_bind_int(st, 5, now + RESET_LIFETIME);
	if (db_run(st) != 0)
		goto fail;
	char *body = arena_printf(r->arena,
		_("Bonjour %s,\n\nUne réinitialisation du mot de passe du compte « %s » a été "
		  "demandée sur cartable.\nPour choisir un nouveau mot de passe, ouvrez ce lien "
		  "dans l'heure :\n\n%s/mot-de-passe/nouveau?jeton=%s\n\nSi vous n'êtes pas à "
		  "l'origine de cette demande, ignorez ce message : votre mot de passe reste "
		  "inchangé.\n"),
		given, login, base_url, token);
	if (mail_queue(tenant_id, email, _("Réinitialisation de votre mot de passe"), body) != 0)
		goto fail;
	if (db_commit(db) != 0)
		return;
	return;
fail:
	db_rollback(db);
}

static int reset_lookup(struct req *r, struct db *db, const char *token, int64_t *tenant_id,
                        int64_t *account_id, char **login)
{
	if (!token || strlen(token) != AUTH_TOKEN_LEN - 1)
		return ERR_NOT_FOUND;
	char hash[65];
	auth_sha256_hex(token, hash);
	struct db_stmt *st = db_prepare(db,
		"SELECT p.tenant_id, p.account_id, a.login FROM password_resets p"
		" JOIN accounts a ON a.tenant_id = p.tenant_id AND a.id = p.account_id"
		" WHERE p.token_hash = ? AND p.used_at IS NULL AND p.expires_at > ? AND a.active = 1");
	if (!st)
		return ERR_INTERNAL;
	db_bind_text(st, 1, hash);
	db_bind_int(st, 2, time(NULL));
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL;
	*tenant_id = db_int(st, 0);
	*account_id = db_int(st, 1);
	*login = db_text_dup(st, 2, r->arena);
	db_done(st);
	return 0;
}

bool people_reset_valid(struct req *r, const char *token)
{
	int64_t t, a;
	char *login;
	struct db *db = db_get();
	return db && reset_lookup(r, db, token, &t, &a, &login) == 0;
}

int people_reset_complete(struct req *r, const char *token, const char *fresh,
                          const char *confirm, struct err *e)
{
	struct db *db = db_get();
	if (!db)
		return ERR_INTERNAL;
	int64_t tenant_id, account_id;
	char *login;
	int rc = reset_lookup(r, db, token, &tenant_id, &account_id, &login);
	if (rc == ERR_NOT_FOUND)
		return err_set(e, ERR_NOT_FOUND, NULL, "%s",
		               _("Ce lien n'est plus valable : il a déjà servi ou il a expiré. "
		                 "Demandez-en un nouveau."));
	if (rc)
		return rc;
	rc = check_new_password(r, login, fresh, confirm, e);
	if (rc)
		return rc;
	char hash[65];
	auth_sha256_hex(token, hash);
	if (db_begin(db) != 0)
		return ERR_INTERNAL;
	/* using the token up first makes a double submit fail cleanly */
	struct db_stmt *st = db_prepare(db,
		"UPDATE password_resets SET used_at = ? WHERE token_hash = ? AND used_at IS NULL");
	if (!st)
		goto fail;
	db_bind_int(st, 1, time(NULL));
	db_bind_text(st, 2, hash);
	if (db_run(st) != 0)
		goto fail;
	if (db_changes(st) != 1) {
		db_rollback(db);
		return err_set(e, ERR_NOT_FOUND, NULL, "%s", _("Ce lien a déjà servi."));
	}
	if (set_password(db, tenant_id, account_id, fresh) != 0 ||
	    session_close_others(tenant_id, account_id, NULL) != 0)
		goto fail;
	st = db_prepare(db, "DELETE FROM login_failures WHERE key = ?");
	if (st) {
		db_bind_text(st, 1, arena_printf(r->arena, "login:%s", login));
		(void)db_run(st);
	}
	return db_commit(db);
fail:
	db_rollback(db);
	return ERR_INTERNAL;
}
