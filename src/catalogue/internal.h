/*
** internal.h - what the files of the catalogue share; not its API.
*/
#ifndef CARTABLE_CATALOGUE_INTERNAL_H
#define CARTABLE_CATALOGUE_INTERNAL_H

#include "catalogue/catalogue.h"

/* The columns catalogue_read_programme() reads, in its order. */
#define PROGRAMME_COLUMNS \
	"p.id, p.unit_id, u.code, u.name, p.code, p.title, p.level, p.public, p.summary," \
	" p.duration_months, p.duration_hours, p.price_cents, p.published"

struct db_stmt;
void catalogue_read_programme(struct db_stmt *st, struct arena *a, struct programme *p);

/*
** catalogue_changed() records that the request tenant's catalogue changed:
** raises its version in the database (in the caller's transaction, so other
** servers notice) and this process's generation (so its threads notice at
** once). 0 or ERR_INTERNAL.
*/
int catalogue_changed(struct req *r);

/*
** catalogue_snapshot_search() answers a public search (published
** programmes only) from the thread's in-memory copy of the tenant's
** catalogue, reloaded when it changed. Same contract as catalogue_search().
*/
int catalogue_snapshot_search(struct req *r, const struct catalogue_query *q,
                              struct programme **out);

#endif
