/*
** cache.h - per-thread copies of data that pages read often and people
** change rarely (a course's published items, its homework settings),
** checked against a version kept in the database.
**
** A feature declares one `struct cache` (static, zero-initialised) with the
** name of the version it follows. Each thread keeps its own entries, per
** tenant, so reading needs no lock; entries live in the thread's arena for
** that cache and tenant, and are all dropped when the version changes.
**
** Versions: content_versions holds one counter per tenant and name. Every
** service that changes what a cache holds calls cache_changed() after its
** write, in the same transaction. A request reads the version once, the
** first time it asks for an entry (cache_table()), before reading any data
** itself; so the data it loads is at least as new as the version it keeps
** them under, and a change made by any process, on any application server,
** is seen by the next request that starts after the change committed. That
** costs one indexed read per page using a cache.
**
** The entries of a table stay valid until the end of the request that got
** the table (the table is emptied only when a later request asks for it).
*/
#ifndef CARTABLE_CACHE_H
#define CARTABLE_CACHE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "kernel/arena.h"
#include "kernel/req.h"

struct cache {
	const char *version;     /* name in content_versions: "courses" */
	atomic_bool key_made;    /* the rest is cache.c's */
	pthread_key_t key;
};

/*     static struct cache items = CACHE_INIT(CACHE_COURSES); */

/* The version of courses (catalogue.c), their items (courses/editing.c) and
** their homework settings (homework.c): whoever changes one of those calls
** cache_changed(r, CACHE_COURSES). */
#define CACHE_COURSES "courses"
/* The version of a tenant's announcements (news.c). */
#define CACHE_NEWS "news"
#define CACHE_INIT(name) {.version = (name)}

struct cache_table;

/*
** cache_table() is the calling thread's table of c for the request's
** tenant, emptied if the version changed since it was filled (or if it
** grew too big). NULL on a database error (logged): then read without it.
*/
struct cache_table *cache_table(struct req *r, struct cache *c);

/* cache_find() is the entry stored under key, or NULL. */
void *cache_find(struct cache_table *t, int64_t key);

/*
** cache_add() stores a new zero-filled entry of `size` bytes under key and
** returns it; whatever the entry points to must be allocated with
** cache_arena(t). A key is added once per version.
*/
void *cache_add(struct cache_table *t, int64_t key, size_t size);
struct arena *cache_arena(struct cache_table *t);

/* cache_forget() empties t at the next cache_table(): for a loader that
** failed half-way (its entries are kept until the request ends). */
void cache_forget(struct cache_table *t);

/*
** cache_fill() has load() read the keys of keys[0..n) that t does not hold
** yet, each once, CACHE_BATCH at a time: missing[] always has CACHE_BATCH
** places, the nm first are keys, the others 0 (so that a statement with an
** IN list of CACHE_BATCH places is prepared once and no row matches the
** padding); load() adds their entries with cache_add() and returns 0 or
** ERR_INTERNAL. If a load fails, t is forgotten and ERR_INTERNAL returned.
*/
#define CACHE_BATCH 8
int cache_fill(struct req *r, struct cache_table *t, const int64_t *keys, int n,
               int (*load)(struct req *r, struct cache_table *t, const int64_t *missing, int nm));

/*
** cache_changed() raises the request tenant's version `name`, in the
** caller's transaction if one is open. Call it after the write it covers.
** Returns 0 or ERR_INTERNAL.
*/
int cache_changed(struct req *r, const char *name);

#endif
