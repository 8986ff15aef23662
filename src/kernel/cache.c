/*
** This file implements the per-thread caches of cache.h: for each cache,
** each thread holds a few tables (one per tenant), each an arena of
** entries and an open-addressing index from key to entry, and the version
** of content_versions it was filled at.
*/
#include "kernel/cache.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kernel/db.h"
#include "kernel/err.h"
#include "kernel/log.h"

#define TENANTS 4              /* tables per thread and cache */
#define MAX_BYTES (8u << 20)   /* a table beyond this is emptied */
#define MAX_AGE 600            /* and one older, in seconds: a safety net for a
                                  change made without cache_changed() (by hand) */

struct slot {
	int64_t key;
	void *entry;
};

struct cache_table {
	int64_t tenant_id, version, filled_at;
	uint64_t req_id;           /* the last request that got the table */
	unsigned changes;          /* the thread's cache_changed() count then */
	struct arena *arena;
	struct slot *slots;
	size_t cap, n;             /* cap: 0 or a power of two */
	bool throwaway;            /* in a request's arena (cache.c's throwaway()) */
};

struct thread_tables {
	struct cache_table t[TENANTS];
	int next;
};

/* The versions of the request's tenant, read once per request (every
** name in one statement) unless this thread changed one since. */
#define NAMES 8
static _Thread_local struct {
	uint64_t req_id;
	unsigned changes;
	int64_t tenant_id;
	int n;
	char name[NAMES][24];
	int64_t version[NAMES];
} seen;
static _Thread_local unsigned changes;

static void table_clear(struct cache_table *t)
{
	arena_free(t->arena);
	free(t->slots);
	memset(t, 0, sizeof *t);
}

static void free_arena(void *p)
{
	arena_free(p);
}

static void free_tables(void *p)
{
	struct thread_tables *tt = p;
	for (int i = 0; i < TENANTS; i++)
		table_clear(&tt->t[i]);
	free(tt);
}

static int64_t read_version(struct req *r, const char *name)
{
	if (seen.req_id != r->id || seen.changes != changes || seen.tenant_id != r->tenant.id) {
		struct db *db = db_get();
		struct db_stmt *st = db ? db_prepare(db,
			"SELECT name, version FROM content_versions WHERE tenant_id = ? LIMIT 8") : NULL;
		if (!st)
			return -1;
		db_bind_int(st, 1, r->tenant.id);
		int n = 0, rc;
		while ((rc = db_step(st)) == DB_ROW) {
			const char *nm = db_text(st, 0);
			size_t len = nm ? strlen(nm) : 0;
			if (n < NAMES && nm && len < sizeof seen.name[0]) {
				memcpy(seen.name[n], nm, len + 1);
				seen.version[n++] = db_int(st, 1);
			}
		}
		if (rc != DB_DONE) {
			seen.req_id = 0;
			return -1;
		}
		seen.req_id = r->id;
		seen.changes = changes;
		seen.tenant_id = r->tenant.id;
		seen.n = n;
	}
	for (int i = 0; i < seen.n; i++)
		if (strcmp(seen.name[i], name) == 0)
			return seen.version[i];
	return 0; /* never changed */
}

static void table_reset(struct cache_table *t, struct req *r, int64_t version)
{
	/* entries handed out earlier in this same request stay readable until
	** it ends */
	if (t->req_id == r->id)
		arena_defer(r->arena, free_arena, t->arena);
	else
		arena_free(t->arena);
	t->arena = arena_new();
	free(t->slots);
	t->slots = NULL;
	t->cap = t->n = 0;
	t->tenant_id = r->tenant.id;
	t->version = version;
	t->filled_at = time(NULL);
}

/* A table for a request without an id (a job, a test): filled for this
** call only, in the request's arena. */
static struct cache_table *throwaway(struct req *r)
{
	struct cache_table *t = arena_alloc(r->arena, sizeof *t);
	t->tenant_id = r->tenant.id;
	t->arena = r->arena;
	t->throwaway = true;
	return t;
}

static bool make_key(struct cache *c)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	if (atomic_load_explicit(&c->key_made, memory_order_acquire))
		return true;
	pthread_mutex_lock(&lock);
	bool ok = atomic_load_explicit(&c->key_made, memory_order_relaxed) ||
	          pthread_key_create(&c->key, free_tables) == 0;
	if (ok)
		atomic_store_explicit(&c->key_made, true, memory_order_release);
	pthread_mutex_unlock(&lock);
	return ok;
}

struct cache_table *cache_table(struct req *r, struct cache *c)
{
	if (r->id == 0)
		return throwaway(r);
	if (!make_key(c))
		return NULL;
	struct thread_tables *tt = pthread_getspecific(c->key);
	if (!tt) {
		tt = calloc(1, sizeof *tt);
		if (!tt)
			return NULL;
		pthread_setspecific(c->key, tt);
	}
	struct cache_table *t = NULL;
	for (int i = 0; i < TENANTS && !t; i++)
		if (tt->t[i].arena && tt->t[i].tenant_id == r->tenant.id)
			t = &tt->t[i];
	if (!t) {
		t = &tt->t[tt->next];
		tt->next = (tt->next + 1) % TENANTS;
		table_clear(t);
	}
	if (t->arena && t->req_id == r->id && t->changes == changes)
		return t;
	int64_t v = read_version(r, c->version);
	if (v < 0)
		return NULL;
	if (!t->arena || v != t->version ||
	    (t->req_id != r->id && (arena_used(t->arena) > MAX_BYTES || time(NULL) - t->filled_at > MAX_AGE)))
		table_reset(t, r, v);
	t->req_id = r->id;
	t->changes = changes;
	return t;
}

static size_t slot_of(int64_t key, size_t cap)
{
	uint64_t h = (uint64_t)key * 0x9E3779B97F4A7C15ull;
	return (size_t)(h >> 32) & (cap - 1);
}

void *cache_find(struct cache_table *t, int64_t key)
{
	if (!t->cap)
		return NULL;
	for (size_t i = slot_of(key, t->cap);; i = (i + 1) & (t->cap - 1)) {
		if (!t->slots[i].entry)
			return NULL;
		if (t->slots[i].key == key)
			return t->slots[i].entry;
	}
}

static void put(struct slot *slots, size_t cap, int64_t key, void *entry)
{
	size_t i = slot_of(key, cap);
	while (slots[i].entry)
		i = (i + 1) & (cap - 1);
	slots[i].key = key;
	slots[i].entry = entry;
}

void *cache_add(struct cache_table *t, int64_t key, size_t size)
{
	if ((t->n + 1) * 10 > t->cap * 7) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		struct slot *s = t->throwaway ? arena_array(t->arena, cap, sizeof *s) : calloc(cap, sizeof *s);
		if (!s) {
			log_error("cache: out of memory");
			abort();
		}
		for (size_t i = 0; i < t->cap; i++)
			if (t->slots[i].entry)
				put(s, cap, t->slots[i].key, t->slots[i].entry);
		if (!t->throwaway)
			free(t->slots);
		t->slots = s;
		t->cap = cap;
	}
	void *e = arena_alloc(t->arena, size ? size : 1);
	put(t->slots, t->cap, key, e);
	t->n++;
	return e;
}

struct arena *cache_arena(struct cache_table *t)
{
	return t->arena;
}

void cache_forget(struct cache_table *t)
{
	if (!t->throwaway)
		t->version = -1; /* no version is negative: the next request resets it */
}

int cache_fill(struct req *r, struct cache_table *t, const int64_t *keys, int n,
               int (*load)(struct req *r, struct cache_table *t, const int64_t *missing, int nm))
{
	int64_t missing[CACHE_BATCH] = {0};
	int nm = 0;
	for (int i = 0; i <= n; i++) {
		if (i < n && !cache_find(t, keys[i])) {
			bool dup = false;
			for (int k = 0; k < nm; k++)
				dup |= missing[k] == keys[i];
			if (!dup)
				missing[nm++] = keys[i];
		}
		if (nm == 0 || (nm < CACHE_BATCH && i < n))
			continue;
		if (load(r, t, missing, nm) != 0) {
			cache_forget(t);
			return ERR_INTERNAL;
		}
		memset(missing, 0, sizeof missing);
		nm = 0;
	}
	return 0;
}

int cache_changed(struct req *r, const char *name)
{
	changes++;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"INSERT INTO content_versions (tenant_id, name, version) VALUES (?, ?, 1)"
		" ON CONFLICT (tenant_id, name) DO UPDATE SET version = content_versions.version + 1")
		: NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_text(st, 2, name);
	return db_run(st) == 0 ? 0 : ERR_INTERNAL;
}
