/*
** tenants.h - organisations, their operating units and partner schools.
**
** A tenant is an organisation whose data no other tenant ever sees: the
** operator (with its units École, Collège, Lycée, Pro, Sup-concours,
** Langues), a partner university, a school network. Every other table
** carries tenant_id. Admins of the operator tenant create tenants; each
** tenant's admins manage its units and schools.
*/
#ifndef CARTABLE_TENANTS_H
#define CARTABLE_TENANTS_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/err.h"
#include "kernel/req.h"

struct tenant {
	int64_t id;
	char *slug, *name, *hostname;
	bool is_operator, active;
	int64_t created_at;
	int64_t people;      /* number of accounts, in lists */
};

struct unit {
	int64_t id;
	char *code, *name;
};

struct school {
	int64_t id;
	char *name, *uai, *city, *academy;
};

/* tenants_ref() fills out with tenant id (active or not). 0, ERR_NOT_FOUND
** or ERR_INTERNAL. Strings are allocated in r->arena. */
MUST_CHECK int tenants_ref(struct req *r, int64_t id, struct tenant_ref *out);

/*
** tenants_for_host() picks the tenant a visitor reaches without signing in:
** the active tenant whose hostname is host (port ignored), else the
** operator tenant. 0, ERR_NOT_FOUND (no tenant at all yet) or ERR_INTERNAL.
** Each thread remembers its last answer for 5 seconds: a new host name
** for a tenant takes up to that long to be served.
*/
MUST_CHECK int tenants_for_host(struct req *r, const char *host, struct tenant_ref *out);

/* tenants_list() lists every tenant, for the operator's admins only
** (ERR_FORBIDDEN for anyone else). Returns the count or an ERR_*. */
int tenants_list(struct req *r, struct tenant **out);

/*
** tenants_create() creates a tenant (operator admins only); the slug is
** 2 to 40 lowercase letters, digits and dashes. Returns 0 with *id set,
** ERR_INVALID or ERR_CONFLICT (slug or hostname taken) with a message,
** ERR_FORBIDDEN or ERR_INTERNAL.
*/
MUST_CHECK int tenants_create(struct req *r, const char *slug, const char *name,
                              const char *hostname, int64_t *id, struct err *e);

/* tenants_create_raw() creates a tenant without permission checks, for the
** demo builder and tests; is_operator marks the operator. */
MUST_CHECK int tenants_create_raw(const char *slug, const char *name, const char *hostname,
                                  bool is_operator, int64_t *id);

/* ---- Units ---- */

/* units_list() lists the request tenant's units in their order (at most
** 16; each thread remembers the list for 5 seconds). */
int units_list(struct req *r, struct unit **out);
/* units_get() fetches one unit of the request's tenant. */
MUST_CHECK int units_get(struct req *r, int64_t id, struct unit *out);
/* units_create_raw() adds a unit to tenant_id (demo and tests). */
MUST_CHECK int units_create_raw(int64_t tenant_id, const char *code, const char *name,
                                int position, int64_t *id);

/* ---- Schools ---- */

MUST_CHECK int schools_get(struct req *r, int64_t id, struct school *out);
int schools_list(struct req *r, struct school **out);
/* schools_create() adds a partner school to the request's tenant. */
MUST_CHECK int schools_create(struct req *r, const char *name, const char *uai, const char *city,
                              const char *academy, int64_t *id, struct err *e);
MUST_CHECK int schools_create_raw(int64_t tenant_id, const char *name, const char *uai,
                                  const char *city, const char *academy, int64_t *id);

#endif
