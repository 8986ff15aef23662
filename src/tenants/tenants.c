/*
** This file implements tenants, units and schools (tenants.h): lookups
** scoped to the request's tenant, and creation with its checks.
*/
#include "tenants/tenants.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kernel/audit.h"
#include "kernel/db.h"
#include "kernel/i18n.h"
#include "kernel/text.h"

int tenants_ref(struct req *r, int64_t id, struct tenant_ref *out)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT id, slug, name, is_operator FROM tenants WHERE id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL;
	out->id = db_int(st, 0);
	out->slug = db_text_dup(st, 1, r->arena);
	out->name = db_text_dup(st, 2, r->arena);
	out->is_operator = db_int(st, 3) != 0;
	db_done(st);
	return 0;
}

/*
** The tenant of a host name changes rarely and is asked on every anonymous
** request, so each thread remembers its last answer for a few seconds.
*/
#define HOST_CACHE_SECONDS 5

static __thread struct {
	char host[256];
	int64_t id, at;
	bool is_operator;
	char slug[64], name[256];
} host_cache;

int tenants_for_host(struct req *r, const char *host, struct tenant_ref *out)
{
	static const char sql[] =
		"SELECT id, slug, name, is_operator FROM tenants"
		" WHERE active = 1 AND (hostname = ? OR is_operator = 1)"
		" ORDER BY CASE WHEN hostname = ? THEN 0 ELSE 1 END LIMIT 1";
	char *h = arena_strdup(r->arena, host ? host : "");
	char *colon = strrchr(h, ':');
	if (colon && !strchr(h, ']'))
		*colon = 0;
	for (char *p = h; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	int64_t now = time(NULL);
	if (host_cache.id && now - host_cache.at < HOST_CACHE_SECONDS && strcmp(host_cache.host, h) == 0) {
		out->id = host_cache.id;
		out->slug = arena_strdup(r->arena, host_cache.slug);
		out->name = arena_strdup(r->arena, host_cache.name);
		out->is_operator = host_cache.is_operator;
		return 0;
	}
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, sql) : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_text(st, 1, h);
	db_bind_text(st, 2, h);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL;
	out->id = db_int(st, 0);
	out->slug = db_text_dup(st, 1, r->arena);
	out->name = db_text_dup(st, 2, r->arena);
	out->is_operator = db_int(st, 3) != 0;
	db_done(st);
	if (strlen(h) < sizeof host_cache.host && strlen(out->slug) < sizeof host_cache.slug &&
	    strlen(out->name) < sizeof host_cache.name) {
		snprintf(host_cache.host, sizeof host_cache.host, "%s", h);
		snprintf(host_cache.slug, sizeof host_cache.slug, "%s", out->slug);
		snprintf(host_cache.name, sizeof host_cache.name, "%s", out->name);
		host_cache.id = out->id;
		host_cache.is_operator = out->is_operator;
		host_cache.at = now;
	}
	return 0;
}

int tenants_list(struct req *r, struct tenant **out)
{
	if (!r->tenant.is_operator || !(r->user.roles & ROLE_ADMIN))
		return ERR_FORBIDDEN;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT t.id, t.slug, t.name, t.hostname, t.is_operator, t.active, t.created_at,"
		" (SELECT COUNT(*) FROM accounts a WHERE a.tenant_id = t.id)"
		" FROM tenants t ORDER BY t.is_operator DESC, t.slug") : NULL;
	if (!st)
		return ERR_INTERNAL;
	size_t cap = 16;
	int n = 0, rc;
	struct tenant *t = arena_array(r->arena, cap, sizeof *t);
	while ((rc = db_step(st)) == DB_ROW) {
		t = arena_grow(r->arena, t, (size_t)n, &cap, sizeof *t);
		t[n].id = db_int(st, 0);
		t[n].slug = db_text_dup(st, 1, r->arena);
		t[n].name = db_text_dup(st, 2, r->arena);
		t[n].hostname = db_text_dup(st, 3, r->arena);
		t[n].is_operator = db_int(st, 4) != 0;
		t[n].active = db_int(st, 5) != 0;
		t[n].created_at = db_int(st, 6);
		t[n].people = db_int(st, 7);
		n++;
	}
	*out = t;
	return rc == DB_DONE ? n : ERR_INTERNAL;
}

static bool slug_valid(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || n > 40 || s[0] == '-' || s[n - 1] == '-')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return false;
	return true;
}

static bool hostname_valid(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > 253)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '.'))
			return false;
	return true;
}

int tenants_create_raw(const char *slug, const char *name, const char *hostname,
                       bool is_operator, int64_t *id)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"INSERT INTO tenants (slug, name, hostname, is_operator, active, created_at)"
		" VALUES (?, ?, ?, ?, 1, ?) RETURNING id") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_text(st, 1, slug);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, hostname && *hostname ? hostname : NULL);
	db_bind_int(st, 4, is_operator);
	db_bind_int(st, 5, time(NULL));
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_INTERNAL : rc;
	*id = db_int(st, 0);
	db_done(st);
	return 0;
}

int tenants_create(struct req *r, const char *slug, const char *name, const char *hostname,
                   int64_t *id, struct err *e)
{
	if (!r->tenant.is_operator || !(r->user.roles & ROLE_ADMIN))
		return err_set(e, ERR_FORBIDDEN, NULL, "%s",
		               _("Seuls les administrateurs de l'opérateur créent des organisations."));
	if (!slug || !slug_valid(slug))
		return err_set(e, ERR_INVALID, "slug", "%s",
		               _("L'identifiant court doit compter 2 à 40 caractères : lettres "
		                 "minuscules sans accent, chiffres et tirets."));
	if (str_empty(name) || !text_is_clean(name, false) || strlen(name) > 200)
		return err_set(e, ERR_INVALID, "name", "%s",
		               _("Indiquez le nom de l'organisation (200 caractères au plus)."));
	if (hostname && *hostname && !hostname_valid(hostname))
		return err_set(e, ERR_INVALID, "hostname", "%s",
		               _("Le nom d'hôte ne peut contenir que des lettres minuscules, des "
		                 "chiffres, des points et des tirets."));
	int rc = tenants_create_raw(slug, name, hostname, false, id);
	if (rc == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, "slug", "%s",
		               _("Cet identifiant court ou ce nom d'hôte est déjà utilisé."));
	if (rc == 0)
		audit_record(r, "tenant.create", "tenant", *id, slug);
	return rc;
}

/* ---- Units ---- */

/* Units change rarely and every catalogue page lists them: each thread
** keeps the last tenant's list for a few seconds, like host names. */
#define UNITS_MAX 16

static __thread struct {
	int64_t tenant_id, at;
	int n;
	int64_t id[UNITS_MAX];
	char code[UNITS_MAX][32], name[UNITS_MAX][96];
} units_cache;

int units_list(struct req *r, struct unit **out)
{
	struct unit *u = arena_array(r->arena, UNITS_MAX, sizeof *u);
	*out = u;
	int64_t now = time(NULL);
	if (units_cache.tenant_id == r->tenant.id && now - units_cache.at < HOST_CACHE_SECONDS) {
		for (int i = 0; i < units_cache.n; i++) {
			u[i].id = units_cache.id[i];
			u[i].code = arena_strdup(r->arena, units_cache.code[i]);
			u[i].name = arena_strdup(r->arena, units_cache.name[i]);
		}
		return units_cache.n;
	}
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT id, code, name FROM units WHERE tenant_id = ? ORDER BY position, id") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	int n = 0, rc;
	bool cacheable = true;
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == UNITS_MAX) {
			db_done(st);
			break;
		}
		u[n].id = db_int(st, 0);
		u[n].code = db_text_dup(st, 1, r->arena);
		u[n].name = db_text_dup(st, 2, r->arena);
		cacheable &= strlen(u[n].code) < sizeof units_cache.code[0] &&
		             strlen(u[n].name) < sizeof units_cache.name[0];
		n++;
	}
	if (rc != DB_ROW && rc != DB_DONE)
		return ERR_INTERNAL;
	if (cacheable) {
		for (int i = 0; i < n; i++) {
			units_cache.id[i] = u[i].id;
			snprintf(units_cache.code[i], sizeof units_cache.code[i], "%s", u[i].code);
			snprintf(units_cache.name[i], sizeof units_cache.name[i], "%s", u[i].name);
		}
		units_cache.n = n;
		units_cache.tenant_id = r->tenant.id;
		units_cache.at = now;
	}
	return n;
}

int units_get(struct req *r, int64_t id, struct unit *out)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT id, code, name FROM units WHERE tenant_id = ? AND id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, id);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL;
	out->id = db_int(st, 0);
	out->code = db_text_dup(st, 1, r->arena);
	out->name = db_text_dup(st, 2, r->arena);
	db_done(st);
	return 0;
}

int units_create_raw(int64_t tenant_id, const char *code, const char *name, int position,
                     int64_t *id)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"INSERT INTO units (tenant_id, code, name, position) VALUES (?, ?, ?, ?) RETURNING id")
		: NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, tenant_id);
	db_bind_text(st, 2, code);
	db_bind_text(st, 3, name);
	db_bind_int(st, 4, position);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_INTERNAL : rc;
	*id = db_int(st, 0);
	db_done(st);
	return 0;
}

/* ---- Schools ---- */

static void read_school(struct db_stmt *st, struct arena *a, struct school *s)
{
	s->id = db_int(st, 0);
	s->name = db_text_dup(st, 1, a);
	s->uai = db_text_dup(st, 2, a);
	s->city = db_text_dup(st, 3, a);
	s->academy = db_text_dup(st, 4, a);
}

int schools_get(struct req *r, int64_t id, struct school *out)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT id, name, uai, city, academy FROM schools WHERE tenant_id = ? AND id = ?")
		: NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, id);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL;
	read_school(st, r->arena, out);
	db_done(st);
	return 0;
}

int schools_list(struct req *r, struct school **out)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT id, name, uai, city, academy FROM schools WHERE tenant_id = ?"
		" ORDER BY name LIMIT 500") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	struct school *s = arena_array(r->arena, 500, sizeof *s);
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW)
		read_school(st, r->arena, &s[n++]);
	*out = s;
	return rc == DB_DONE ? n : ERR_INTERNAL;
}

int schools_create_raw(int64_t tenant_id, const char *name, const char *uai, const char *city,
                       const char *academy, int64_t *id)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"INSERT INTO schools (tenant_id, name, uai, city, academy, created_at)"
		" VALUES (?, ?, ?, ?, ?, ?) RETURNING id") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, tenant_id);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, uai && *uai ? uai : NULL);
	db_bind_text(st, 4, city ? city : "");
	db_bind_text(st, 5, academy ? academy : "");
	db_bind_int(st, 6, time(NULL));
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_INTERNAL : rc;
	*id = db_int(st, 0);
	db_done(st);
	return 0;
}

int schools_create(struct req *r, const char *name, const char *uai, const char *city,
                   const char *academy, int64_t *id, struct err *e)
{
	if (str_empty(name) || !text_is_clean(name, false) || strlen(name) > 200)
		return err_set(e, ERR_INVALID, "name", "%s",
		               _("Indiquez le nom de l'établissement (200 caractères au plus)."));
	if (uai && *uai) {
		/* UAI: 7 digits and a letter, e.g. 0860012A */
		bool ok = strlen(uai) == 8;
		for (int i = 0; ok && i < 7; i++)
			ok = isdigit((unsigned char)uai[i]);
		if (!ok || !isalpha((unsigned char)uai[7]))
			return err_set(e, ERR_INVALID, "uai", "%s",
			               _("Le code UAI compte 7 chiffres suivis d'une lettre (ex. 0860012A)."));
	}
	if ((city && !text_is_clean(city, false)) || (academy && !text_is_clean(academy, false)))
		return err_set(e, ERR_INVALID, "city", "%s", _("Caractères non autorisés."));
	int rc = schools_create_raw(r->tenant.id, name, uai, city, academy, id);
	if (rc == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, "uai", "%s",
		               _("Un établissement avec ce code UAI existe déjà."));
	if (rc == 0)
		audit_record(r, "school.create", "school", *id, name);
	return rc;
}
