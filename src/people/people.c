/*
** This file implements accounts, roles and guardians (people.h): the
** rules on names, logins and e-mails, creation in one transaction, search,
** activation and the guardian links. Sign-in is in signin.c, API tokens in
** tokens.c.
*/
#include "people/people.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kernel/audit.h"
#include "kernel/db.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "kernel/mail.h"
#include "kernel/session.h"
#include "kernel/text.h"
#include "tenants/tenants.h"

/* ---- Roles ---- */

static const struct {
	unsigned bit;
	const char *code;
	const char *label;
} roles[] = {
	{ROLE_LEARNER, "learner", N_("Apprenant")},
	{ROLE_GUARDIAN, "guardian", N_("Responsable légal")},
	{ROLE_TEACHER, "teacher", N_("Enseignant")},
	{ROLE_ADVISOR, "advisor", N_("Conseiller")},
	{ROLE_AUTHOR, "author", N_("Auteur")},
	{ROLE_SCHOOL, "school", N_("Établissement partenaire")},
	{ROLE_SUPPORT, "support", N_("Relation usagers")},
	{ROLE_FINANCE, "finance", N_("Comptabilité")},
	{ROLE_ADMIN, "admin", N_("Administrateur")},
};

unsigned role_from_code(const char *code)
{
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (code && strcmp(roles[i].code, code) == 0)
			return roles[i].bit;
	return 0;
}

const char *role_code(unsigned role)
{
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (roles[i].bit == role)
			return roles[i].code;
	return NULL;
}

const char *role_label(unsigned role)
{
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (roles[i].bit == role)
			return _(roles[i].label);
	return "?";
}

/* ---- Reading ---- */

#define PERSON_COLUMNS \
	"id, login, given_name, family_name, email, birth_date, school_class, lang, school_id," \
	" active, created_at"

static void read_person(struct db_stmt *st, struct arena *a, struct person *p)
{
	p->id = db_int(st, 0);
	p->login = db_text_dup(st, 1, a);
	p->given_name = db_text_dup(st, 2, a);
	p->family_name = db_text_dup(st, 3, a);
	p->email = db_is_null(st, 4) ? NULL : db_text_dup(st, 4, a);
	p->birth_date = db_is_null(st, 5) ? NULL : db_text_dup(st, 5, a);
	p->school_class = db_text_dup(st, 6, a);
	p->lang = db_text_dup(st, 7, a);
	p->school_id = db_int(st, 8);
	p->active = db_int(st, 9) != 0;
	p->created_at = db_int(st, 10);
	p->roles = 0;
}

static unsigned read_roles(struct db *db, int64_t tenant_id, int64_t account_id)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT role FROM account_roles WHERE tenant_id = ? AND account_id = ?");
	if (!st)
		return 0;
	db_bind_int(st, 1, tenant_id);
	db_bind_int(st, 2, account_id);
	unsigned bits = 0;
	while (db_step(st) == DB_ROW)
		bits |= role_from_code(db_text(st, 0));
	return bits;
}

int people_get(struct req *r, int64_t id, struct person *out)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT " PERSON_COLUMNS " FROM accounts WHERE tenant_id = ? AND id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, id);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL;
	read_person(st, r->arena, out);
	db_done(st);
	out->roles = read_roles(db, r->tenant.id, id);
	return 0;
}

int people_find_login(struct req *r, const char *login, struct person *out)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT " PERSON_COLUMNS " FROM accounts WHERE tenant_id = ? AND login = ?") : NULL;
	if (!st || !login)
		return ERR_INTERNAL;
	char *lower = arena_strdup(r->arena, login);
	for (char *p = lower; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	db_bind_int(st, 1, r->tenant.id);
	db_bind_text(st, 2, lower);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL;
	read_person(st, r->arena, out);
	db_done(st);
	out->roles = read_roles(db, r->tenant.id, out->id);
	return 0;
}

int people_find_pupil(struct req *r, int64_t school_id, const char *family_name,
                      const char *given_name, const char *birth_date, struct person *out)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT " PERSON_COLUMNS " FROM accounts WHERE tenant_id = ? AND school_id = ?"
		" AND birth_date = ? LIMIT 200") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, school_id);
	db_bind_text(st, 3, birth_date);
	char *family = text_fold(r->arena, family_name), *given = text_fold(r->arena, given_name);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (strcmp(text_fold(r->arena, db_text(st, 3)), family) == 0 &&
		    strcmp(text_fold(r->arena, db_text(st, 2)), given) == 0) {
			read_person(st, r->arena, out);
			db_done(st);
			out->roles = read_roles(db, r->tenant.id, out->id);
			return 0;
		}
	}
	return rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL;
}

/* Up to SEARCH_WORDS words of q each add "AND search_text LIKE ?". */
#define SEARCH_WORDS 5

int people_search(struct req *r, const char *q, unsigned role, int offset, int limit,
                  struct person **out)
{
	char *folded = text_fold(r->arena, q ? q : "");
	const char *words[SEARCH_WORDS];
	int nwords = 0;
	char *save = NULL;
	for (char *w = strtok_r(folded, " ", &save); w && nwords < SEARCH_WORDS;
	     w = strtok_r(NULL, " ", &save))
		words[nwords++] = w;
	struct sb sql;
	sb_init(&sql, r->arena, 512);
	sb_adds(&sql, "SELECT " PERSON_COLUMNS " FROM accounts a WHERE tenant_id = ?");
	for (int i = 0; i < nwords; i++)
		sb_adds(&sql, " AND search_text LIKE ?");
	if (role)
		sb_adds(&sql, " AND EXISTS (SELECT 1 FROM account_roles ar WHERE ar.tenant_id = a.tenant_id"
		              " AND ar.account_id = a.id AND ar.role = ?)");
	sb_adds(&sql, " ORDER BY search_text, id LIMIT ? OFFSET ?");
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, sql.buf) : NULL;
	if (!st)
		return ERR_INTERNAL;
	int k = 1;
	db_bind_int(st, k++, r->tenant.id);
	for (int i = 0; i < nwords; i++)
		db_bind_text(st, k++, arena_printf(r->arena, "%%%s%%", words[i]));
	if (role)
		db_bind_text(st, k++, role_code(role));
	db_bind_int(st, k++, limit);
	db_bind_int(st, k++, offset);
	struct person *p = arena_array(r->arena, (size_t)limit, sizeof *p);
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW && n < limit)
		read_person(st, r->arena, &p[n++]);
	if (rc == DB_ROW)
		db_done(st);
	else if (rc != DB_DONE)
		return ERR_INTERNAL;
	for (int i = 0; i < n; i++)
		p[i].roles = read_roles(db, r->tenant.id, p[i].id);
	*out = p;
	return n;
}

int people_school_pupils(struct req *r, int64_t school_id, int offset, int limit,
                         struct person **out)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT " PERSON_COLUMNS " FROM accounts a WHERE tenant_id = ? AND school_id = ?"
		" AND EXISTS (SELECT 1 FROM account_roles ar WHERE ar.tenant_id = a.tenant_id"
		" AND ar.account_id = a.id AND ar.role = 'learner')"
		" ORDER BY search_text, id LIMIT ? OFFSET ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, school_id);
	db_bind_int(st, 3, limit);
	db_bind_int(st, 4, offset);
	struct person *p = arena_array(r->arena, (size_t)limit, sizeof *p);
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW && n < limit) {
		read_person(st, r->arena, &p[n]);
		p[n++].roles = ROLE_LEARNER;
	}
	if (rc == DB_ROW)
		db_done(st);
	*out = p;
	return rc == DB_ROW || rc == DB_DONE ? n : ERR_INTERNAL;
}

/* ---- Creating ---- */

static bool allow_weak;

void people_set_allow_weak_passwords(bool allow)
{
	allow_weak = allow;
}

static bool login_valid(const char *s)
{
	size_t n = strlen(s);
	if (n < 3 || n > 64)
		return false;
	for (; *s; s++)
		if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '.' ||
		      *s == '-' || *s == '_'))
			return false;
	return true;
}

static bool name_valid(const char *s)
{
	return !str_empty(s) && utf8_length(s) <= 100 && text_is_clean(s, false) &&
	       !strpbrk(s, "<>\"");
}

int people_validate(const struct person_input *in, struct err *e)
{
	if (!name_valid(in->given_name))
		return err_set(e, ERR_INVALID, "given_name", "%s",
		               _("Indiquez le prénom (100 caractères au plus, sans < > ni guillemets)."));
	if (!name_valid(in->family_name))
		return err_set(e, ERR_INVALID, "family_name", "%s",
		               _("Indiquez le nom (100 caractères au plus, sans < > ni guillemets)."));
	if (in->login && *in->login) {
		char lower[80];
		snprintf(lower, sizeof lower, "%s", in->login);
		for (char *p = lower; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		if (strlen(in->login) >= sizeof lower || !login_valid(lower))
			return err_set(e, ERR_INVALID, "login", "%s",
			               _("L'identifiant compte 3 à 64 caractères : lettres sans accent, "
			                 "chiffres, point, tiret ou tiret bas."));
	}
	if (in->email && *in->email && !mail_address_valid(in->email))
		return err_set(e, ERR_INVALID, "email", "%s",
		               _("L'adresse e-mail n'est pas valide."));
	char date[11];
	if (in->birth_date && *in->birth_date && !date_parse(in->birth_date, date))
		return err_set(e, ERR_INVALID, "birth_date", "%s",
		               _("La date de naissance doit s'écrire JJ/MM/AAAA."));
	if (in->school_class && (utf8_length(in->school_class) > 40 ||
	                         !text_is_clean(in->school_class, false)))
		return err_set(e, ERR_INVALID, "school_class", "%s",
		               _("La classe compte 40 caractères au plus."));
	if (in->password && *in->password && !allow_weak) {
		const char *why = auth_password_weakness(in->password, in->login);
		if (why)
			return err_set(e, ERR_INVALID, "password", "%s", _(why));
	}
	return 0;
}

/* Makes "prenom.nom" from the names: folded, spaces to dashes. */
static char *login_from_names(struct arena *a, const char *given, const char *family)
{
	char *g = text_fold(a, given), *f = text_fold(a, family);
	char *s = arena_printf(a, "%s.%s", g, f);
	char *o = s;
	for (char *p = s; *p; p++) {
		if (*p == ' ')
			*o++ = '-';
		else if (islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '.' ||
		         *p == '-')
			*o++ = *p;
	}
	*o = 0;
	if (strlen(s) > 50)
		s[50] = 0;
	if (strlen(s) < 3)
		s = arena_printf(a, "eleve%s", s);
	return s;
}

static bool login_taken(struct db *db, const char *login)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM accounts WHERE login = ?");
	if (!st)
		return true;
	db_bind_text(st, 1, login);
	int rc = db_step(st);
	db_done(st);
	return rc != DB_DONE;
}

static int insert_roles(struct db *db, struct req *r, int64_t tenant_id, int64_t id,
                        unsigned bits)
{
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
		if (!(bits & roles[i].bit))
			continue;
		struct db_stmt *st = db_prepare(db,
			"INSERT INTO account_roles (tenant_id, account_id, role, granted_by, granted_at)"
			" VALUES (?, ?, ?, ?, ?)");
		if (!st)
			return ERR_INTERNAL;
		db_bind_int(st, 1, tenant_id);
		db_bind_int(st, 2, id);
		db_bind_text(st, 3, roles[i].code);
		if (r && r->user.id)
			db_bind_int(st, 4, r->user.id);
		else
			db_bind_null(st, 4);
		db_bind_int(st, 5, time(NULL));
		if (db_run(st) != 0)
			return ERR_INTERNAL;
	}
	return 0;
}

int people_create_in(struct req *r, int64_t tenant_id, const struct person_input *in,
                     int64_t *id, struct err *e)
{
	int rc = people_validate(in, e);
	if (rc)
		return rc;
	struct db *db = db_get();
	if (!db)
		return ERR_INTERNAL;
	char hash[AUTH_HASH_LEN] = "";
	if (in->password && *in->password && auth_hash_password(in->password, hash) != 0)
		return ERR_INTERNAL;
	char *login;
	bool chosen = in->login && *in->login;
	if (chosen) {
		login = arena_strdup(r->arena, in->login);
		for (char *p = login; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	} else {
		char *base = login_from_names(r->arena, in->given_name, in->family_name);
		login = base;
		for (int i = 2; login_taken(db, login) && i < 10000; i++)
			login = arena_printf(r->arena, "%s%d", base, i);
	}
	char *email = NULL; /* stored lowercase: addresses are compared as typed */
	if (in->email && *in->email) {
		email = arena_strdup(r->arena, in->email);
		for (char *p = email; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	}
	char date[11] = "";
	if (in->birth_date && *in->birth_date)
		(void)date_parse(in->birth_date, date);
	char *search = text_fold(r->arena, arena_printf(r->arena, "%s %s %s %s", in->family_name,
	                                                in->given_name, login,
	                                                email ? email : ""));
	int64_t now = time(NULL);
	if (db_begin(db) != 0)
		return ERR_INTERNAL;
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO accounts (tenant_id, login, password_hash, given_name, family_name, email,"
		" birth_date, school_id, school_class, search_text, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
	if (!st)
		goto fail;
	db_bind_int(st, 1, tenant_id);
	db_bind_text(st, 2, login);
	db_bind_text(st, 3, hash);
	db_bind_text(st, 4, str_trim(r->arena, in->given_name));
	db_bind_text(st, 5, str_trim(r->arena, in->family_name));
	db_bind_text(st, 6, email);
	db_bind_text(st, 7, date[0] ? date : NULL);
	if (in->school_id)
		db_bind_int(st, 8, in->school_id);
	else
		db_bind_null(st, 8);
	db_bind_text(st, 9, in->school_class ? in->school_class : "");
	db_bind_text(st, 10, search);
	db_bind_int(st, 11, now);
	db_bind_int(st, 12, now);
	rc = db_step(st);
	if (rc == ERR_CONFLICT) {
		db_rollback(db);
		return err_set(e, ERR_CONFLICT, "login", "%s",
		               chosen ? _("Cet identifiant est déjà utilisé : choisissez-en un autre.")
		                      : _("Impossible de créer un identifiant libre pour ces noms."));
	}
	if (rc != DB_ROW)
		goto fail;
	*id = db_int(st, 0);
	db_done(st);
	if (insert_roles(db, r, tenant_id, *id, in->roles) != 0)
		goto fail;
	if (r->user.id) {
		int64_t saved = r->tenant.id;
		r->tenant.id = tenant_id;
		audit_record(r, "account.create", "account", *id, login);
		r->tenant.id = saved;
	}
	if (db_commit(db) != 0)
		return ERR_INTERNAL;
	return 0;
fail:
	db_rollback(db);
	return ERR_INTERNAL;
}

/* ---- Changing ---- */

static int close_all_access(struct db *db, int64_t tenant_id, int64_t id)
{
	if (session_close_others(tenant_id, id, NULL) != 0)
		return ERR_INTERNAL;
	struct db_stmt *st = db_prepare(db,
		"UPDATE api_tokens SET revoked_at = ? WHERE tenant_id = ? AND account_id = ?"
		" AND revoked_at IS NULL");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, time(NULL));
	db_bind_int(st, 2, tenant_id);
	db_bind_int(st, 3, id);
	return db_run(st);
}

int people_set_active(struct req *r, int64_t id, bool active, struct err *e)
{
	if (id == r->user.id && !active)
		return err_set(e, ERR_INVALID, NULL, "%s",
		               _("Vous ne pouvez pas désactiver votre propre compte."));
	struct db *db = db_get();
	if (!db || db_begin(db) != 0)
		return ERR_INTERNAL;
	struct db_stmt *st = db_prepare(db,
		"UPDATE accounts SET active = ?, updated_at = ? WHERE tenant_id = ? AND id = ?");
	if (!st)
		goto fail;
	db_bind_int(st, 1, active);
	db_bind_int(st, 2, time(NULL));
	db_bind_int(st, 3, r->tenant.id);
	db_bind_int(st, 4, id);
	if (db_run(st) != 0)
		goto fail;
	if (db_changes(st) == 0) {
		db_rollback(db);
		return err_set(e, ERR_NOT_FOUND, NULL, "%s", _("Compte introuvable."));
	}
	if (!active && close_all_access(db, r->tenant.id, id) != 0)
		goto fail;
	audit_record(r, active ? "account.activate" : "account.deactivate", "account", id, "");
	return db_commit(db);
fail:
	db_rollback(db);
	return ERR_INTERNAL;
}

int people_set_roles(struct req *r, int64_t id, unsigned bits, struct err *e)
{
	struct person p;
	int rc = people_get(r, id, &p);
	if (rc)
		return err_set(e, rc, NULL, "%s", _("Compte introuvable."));
	if (id == r->user.id && (p.roles & ROLE_ADMIN) && !(bits & ROLE_ADMIN))
		return err_set(e, ERR_INVALID, NULL, "%s",
		               _("Vous ne pouvez pas retirer votre propre rôle d'administrateur."));
	struct db *db = db_get();
	if (!db || db_begin(db) != 0)
		return ERR_INTERNAL;
	struct db_stmt *st = db_prepare(db,
		"DELETE FROM account_roles WHERE tenant_id = ? AND account_id = ?");
	if (!st)
		goto fail;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, id);
	if (db_run(st) != 0 || insert_roles(db, r, r->tenant.id, id, bits) != 0)
		goto fail;
	struct sb detail;
	sb_init(&detail, r->arena, 64);
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (bits & roles[i].bit)
			sb_printf(&detail, "%s%s", detail.len ? "," : "", roles[i].code);
	audit_record(r, "account.roles", "account", id, detail.buf);
	return db_commit(db);
fail:
	db_rollback(db);
	return ERR_INTERNAL;
}

int people_attach_school(struct req *r, int64_t id, int64_t school_id, struct err *e)
{
	struct school s;
	if (schools_get(r, school_id, &s) != 0)
		return err_set(e, ERR_NOT_FOUND, NULL, "%s", _("Établissement introuvable."));
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"UPDATE accounts SET school_id = ?, updated_at = ? WHERE tenant_id = ? AND id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, school_id);
	db_bind_int(st, 2, time(NULL));
	db_bind_int(st, 3, r->tenant.id);
	db_bind_int(st, 4, id);
	if (db_run(st) != 0)
		return ERR_INTERNAL;
	if (db_changes(st) != 1)
		return err_set(e, ERR_NOT_FOUND, NULL, "%s", _("Compte ou établissement introuvable."));
	audit_record(r, "account.school", "account", id,
	             arena_printf(r->arena, "school=%lld", (long long)school_id));
	return 0;
}

void people_set_lang(struct req *r, int64_t id, const char *lang)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"UPDATE accounts SET lang = ? WHERE tenant_id = ? AND id = ?") : NULL;
	if (!st)
		return;
	db_bind_text(st, 1, strcmp(lang, "en") == 0 ? "en" : "fr");
	db_bind_int(st, 2, r->tenant.id);
	db_bind_int(st, 3, id);
	(void)db_run(st);
}

/* ---- Guardians ---- */

int people_link_guardian(struct req *r, int64_t guardian_id, int64_t learner_id, struct err *e)
{
	struct person g, l;
	if (people_get(r, guardian_id, &g) != 0 || people_get(r, learner_id, &l) != 0)
		return err_set(e, ERR_NOT_FOUND, NULL, "%s", _("Compte introuvable."));
	if (!(g.roles & ROLE_GUARDIAN))
		return err_set(e, ERR_INVALID, "guardian", "%s",
		               _("Ce compte n'a pas le rôle de responsable légal."));
	if (!(l.roles & ROLE_LEARNER))
		return err_set(e, ERR_INVALID, "learner", "%s",
		               _("Ce compte n'a pas le rôle d'apprenant."));
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"INSERT INTO guardianships (tenant_id, guardian_id, learner_id, created_at)"
		" VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, guardian_id);
	db_bind_int(st, 3, learner_id);
	db_bind_int(st, 4, time(NULL));
	if (db_run(st) != 0)
		return ERR_INTERNAL;
	audit_record(r, "guardian.link", "account", learner_id,
	             arena_printf(r->arena, "guardian=%lld", (long long)guardian_id));
	return 0;
}

int people_unlink_guardian(struct req *r, int64_t guardian_id, int64_t learner_id)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"DELETE FROM guardianships WHERE tenant_id = ? AND guardian_id = ? AND learner_id = ?")
		: NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, guardian_id);
	db_bind_int(st, 3, learner_id);
	if (db_run(st) != 0)
		return ERR_INTERNAL;
	if (db_changes(st) == 0)
		return ERR_NOT_FOUND;
	audit_record(r, "guardian.unlink", "account", learner_id,
	             arena_printf(r->arena, "guardian=%lld", (long long)guardian_id));
	return 0;
}

static int list_linked(struct req *r, const char *sql, int64_t id, struct person **out)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, sql) : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, id);
	enum { MAX_LINKED = 50 };
	struct person *p = arena_array(r->arena, MAX_LINKED, sizeof *p);
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW && n < MAX_LINKED)
		read_person(st, r->arena, &p[n++]);
	if (rc == DB_ROW)
		db_done(st);
	*out = p;
	return rc == DB_ROW || rc == DB_DONE ? n : ERR_INTERNAL;
}

int people_children(struct req *r, int64_t guardian_id, struct person **out)
{
	return list_linked(r,
		"SELECT a.id, a.login, a.given_name, a.family_name, a.email, a.birth_date,"
		" a.school_class, a.lang, a.school_id, a.active, a.created_at"
		" FROM guardianships g JOIN accounts a ON a.tenant_id = g.tenant_id AND a.id = g.learner_id"
		" WHERE g.tenant_id = ? AND g.guardian_id = ? ORDER BY a.given_name, a.id",
		guardian_id, out);
}

int people_guardians(struct req *r, int64_t learner_id, struct person **out)
{
	return list_linked(r,
		"SELECT a.id, a.login, a.given_name, a.family_name, a.email, a.birth_date,"
		" a.school_class, a.lang, a.school_id, a.active, a.created_at"
		" FROM guardianships g JOIN accounts a ON a.tenant_id = g.tenant_id AND a.id = g.guardian_id"
		" WHERE g.tenant_id = ? AND g.learner_id = ? ORDER BY a.family_name, a.id",
		learner_id, out);
}

bool people_is_guardian_of(struct req *r, int64_t guardian_id, int64_t learner_id)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT 1 FROM guardianships WHERE tenant_id = ? AND guardian_id = ? AND learner_id = ?")
		: NULL;
	if (!st)
		return false;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, guardian_id);
	db_bind_int(st, 3, learner_id);
	int rc = db_step(st);
	db_done(st);
	return rc == DB_ROW;
}
