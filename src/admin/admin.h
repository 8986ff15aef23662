/*
** admin.h - administration that spans features: creating an organisation
** together with its first administrator.
*/
#ifndef CARTABLE_ADMIN_H
#define CARTABLE_ADMIN_H

#include <stdint.h>

#include "kernel/err.h"
#include "kernel/req.h"
#include "people/people.h"

/*
** admin_tenant_create() creates a tenant and its first admin account in
** one transaction (operator admins only, as tenants_create() checks), then
** mails the admin a link to choose a password when they have an e-mail.
** Returns 0 with *tenant_id, ERR_INVALID/ERR_CONFLICT/ERR_FORBIDDEN with a
** message, or ERR_INTERNAL.
*/
MUST_CHECK int admin_tenant_create(struct req *r, const char *slug, const char *name,
                                   const char *hostname, const struct person_input *admin,
                                   int64_t *tenant_id, struct err *e);

#endif
