/*
** This file implements the administration services of admin.h.
*/
#include "admin/admin.h"

#include "app/app.h"
#include "kernel/db.h"
#include "kernel/i18n.h"
#include "tenants/tenants.h"

int admin_tenant_create(struct req *r, const char *slug, const char *name, const char *hostname,
                        const struct person_input *admin, int64_t *tenant_id, struct err *e)
{
	if (!admin->login || !*admin->login)
		return err_set(e, ERR_INVALID, "login", "%s",
		               _("Choisissez l'identifiant du premier administrateur."));
	int rc = people_validate(admin, e);
	if (rc)
		return rc;
	struct db *db = db_get();
	if (!db || db_begin(db) != 0)
		return ERR_INTERNAL;
	int64_t admin_id;
	rc = tenants_create(r, slug, name, hostname, tenant_id, e);
	if (rc == 0)
		rc = people_create_in(r, *tenant_id, admin, &admin_id, e);
	if (rc) {
		db_rollback(db);
		return rc;
	}
	if (db_commit(db) != 0)
		return ERR_INTERNAL;
	if (admin->email && *admin->email)
		people_reset_request(r, admin->login, app.base_url);
	return 0;
}
