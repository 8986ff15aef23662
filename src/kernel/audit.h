/*
** audit.h - who changed what.
**
** Changes people make to other people's data (roles, deactivation,
** enrolment decisions, catalogue edits) are recorded with the acting person,
** the tenant, the object and a short detail, in the caller's transaction.
*/
#ifndef CARTABLE_AUDIT_H
#define CARTABLE_AUDIT_H

#include <stdint.h>

#include "kernel/req.h"

/* audit_record() writes one line for the request's tenant and person;
** failures are logged and do not stop the change. */
void audit_record(struct req *r, const char *action, const char *object_type, int64_t object_id,
                  const char *detail);

#endif
