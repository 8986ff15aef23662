/*
** internal.h - what the files of the enrolment feature share; not part of
** its API (enrolment.h).
*/
#ifndef CARTABLE_ENROLMENT_INTERNAL_H
#define CARTABLE_ENROLMENT_INTERNAL_H

#include "enrolment/enrolment.h"

/* enrolment_activate_if_ready() makes a submitted enrolment that costs
** nothing active once every requirement has an accepted document; runs in
** the caller's transaction. 0, ERR_CONFLICT or ERR_INTERNAL. */
int enrolment_activate_if_ready(struct req *r, int64_t id);

#endif
