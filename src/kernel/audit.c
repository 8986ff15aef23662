/*
** This file implements the audit log of audit.h.
*/
#include "kernel/audit.h"

#include <time.h>

#include "kernel/db.h"

void audit_record(struct req *r, const char *action, const char *object_type, int64_t object_id,
                  const char *detail)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"INSERT INTO audit_log (tenant_id, actor_id, action, object_type, object_id, detail, at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?)") : NULL;
	if (!st)
		return;
	db_bind_int(st, 1, r->tenant.id);
	if (r->user.id)
		db_bind_int(st, 2, r->user.id);
	else
		db_bind_null(st, 2);
	db_bind_text(st, 3, action);
	db_bind_text(st, 4, object_type);
	db_bind_int(st, 5, object_id);
	db_bind_text(st, 6, detail ? detail : "");
	db_bind_int(st, 7, time(NULL));
	(void)db_run(st);
}
