/*
** This file implements the in-memory copy of each tenant's published
** catalogue that public search reads (catalogue search is the page the
** public loads most, and scanning and matching the rows in SQLite cost most
** of it). Each thread keeps its own copy, so reading needs no lock. A copy
** is checked against the tenant's version in the database at most every
** CHECK_SECONDS, and at once when this process changed the catalogue; a
** change made on another application server shows within CHECK_SECONDS.
*/
#include "catalogue/internal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kernel/db.h"
#include "kernel/log.h"
#include "kernel/text.h"

#define CHECK_SECONDS 2
#define MAX_TENANTS 8       /* copies kept per thread */
#define MAX_PROGRAMMES 5000 /* more than any catalogue; beyond, use SQL */

struct entry {
	struct programme p;
	const char *search_text;
};

struct snapshot {
	int64_t tenant_id, version, checked_at;
	unsigned generation;
	struct arena *arena;
	struct entry *e;
	int n;
	bool too_big;
};

struct thread_snapshots {
	struct snapshot s[MAX_TENANTS];
	int used;
};

static atomic_uint generation = 1;
static pthread_key_t key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

static void free_snapshots(void *p)
{
	struct thread_snapshots *ts = p;
	for (int i = 0; i < ts->used; i++)
		arena_free(ts->s[i].arena);
	free(ts);
}

static void make_key(void)
{
	pthread_key_create(&key, free_snapshots);
}

int catalogue_changed(struct req *r)
{
	atomic_fetch_add(&generation, 1);
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"INSERT INTO catalogue_versions (tenant_id, version) VALUES (?, 1)"
		" ON CONFLICT (tenant_id) DO UPDATE SET version = catalogue_versions.version + 1")
		: NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	return db_run(st) == 0 ? 0 : ERR_INTERNAL;
}

static int64_t db_version(struct db *db, int64_t tenant_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT version FROM catalogue_versions WHERE tenant_id = ?");
	if (!st)
		return -1;
	db_bind_int(st, 1, tenant_id);
	int rc = db_step(st);
	int64_t v = rc == DB_ROW ? db_int(st, 0) : rc == DB_DONE ? 0 : -1;
	db_done(st);
	return v;
}

static int load(struct db *db, struct snapshot *s, int64_t tenant_id, int64_t version)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT " PROGRAMME_COLUMNS ", p.search_text FROM programmes p"
		" LEFT JOIN units u ON u.tenant_id = p.tenant_id AND u.id = p.unit_id"
		" WHERE p.tenant_id = ? AND p.published = 1 ORDER BY p.sort_key, p.id LIMIT ?");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, tenant_id);
	db_bind_int(st, 2, MAX_PROGRAMMES + 1);
	struct arena *a = arena_new();
	struct entry *e = arena_array(a, MAX_PROGRAMMES + 1, sizeof *e);
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		catalogue_read_programme(st, a, &e[n].p);
		e[n].search_text = db_text_dup(st, 13, a);
		n++;
	}
	if (rc != DB_DONE) {
		arena_free(a);
		return ERR_INTERNAL;
	}
	arena_free(s->arena);
	s->arena = a;
	s->e = e;
	s->n = n;
	s->too_big = n > MAX_PROGRAMMES;
	s->tenant_id = tenant_id;
	s->version = version;
	return 0;
}

/* The thread's up-to-date copy for the tenant, or NULL (then use SQL). */
static struct snapshot *current(struct req *r)
{
	pthread_once(&key_once, make_key);
	struct thread_snapshots *ts = pthread_getspecific(key);
	if (!ts) {
		ts = calloc(1, sizeof *ts);
		if (!ts)
			return NULL;
		pthread_setspecific(key, ts);
	}
	struct snapshot *s = NULL;
	for (int i = 0; i < ts->used && !s; i++)
		if (ts->s[i].tenant_id == r->tenant.id)
			s = &ts->s[i];
	if (!s) {
		if (ts->used < MAX_TENANTS)
			s = &ts->s[ts->used++];
		else
			s = &ts->s[r->tenant.id % MAX_TENANTS]; /* crude, and rare */
		arena_free(s->arena);
		memset(s, 0, sizeof *s);
		s->version = -1;
	}
	int64_t now = time(NULL);
	unsigned gen = atomic_load(&generation);
	if (s->tenant_id == r->tenant.id && s->generation == gen && now - s->checked_at < CHECK_SECONDS)
		return s->too_big ? NULL : s;
	struct db *db = db_get();
	int64_t v = db ? db_version(db, r->tenant.id) : -1;
	if (v < 0)
		return NULL;
	if (v != s->version || s->tenant_id != r->tenant.id || !s->arena) {
		if (load(db, s, r->tenant.id, v) != 0) {
			s->tenant_id = 0; /* try again next time */
			return NULL;
		}
	}
	s->checked_at = now;
	s->generation = gen;
	return s->too_big ? NULL : s;
}

/* Copies a programme into the request's arena: the snapshot may be
** replaced before the request ends. */
static void copy_out(struct arena *a, const struct programme *from, struct programme *to)
{
	*to = *from;
	to->unit_code = arena_strdup(a, from->unit_code);
	to->unit_name = arena_strdup(a, from->unit_name);
	to->code = arena_strdup(a, from->code);
	to->title = arena_strdup(a, from->title);
	to->level = arena_strdup(a, from->level);
	to->public_ = arena_strdup(a, from->public_);
	to->summary = arena_strdup(a, from->summary);
	to->description_md = NULL;
}

int catalogue_snapshot_search(struct req *r, const struct catalogue_query *q, struct programme **out)
{
	struct snapshot *s = current(r);
	if (!s)
		return ERR_NOT_FOUND; /* the caller falls back to SQL */
	enum { MAX_WORDS = 6 };
	const char *words[MAX_WORDS];
	int nw = 0;
	if (q->q) {
		char *folded = text_fold(r->arena, q->q), *save = NULL;
		for (char *w = strtok_r(folded, " ", &save); w && nw < MAX_WORDS; w = strtok_r(NULL, " ", &save))
			words[nw++] = w;
	}
	bool unit = q->unit && *q->unit, level = q->level && *q->level, pub = q->public_ && *q->public_;
	struct programme *p = arena_array(r->arena, (size_t)q->limit + 1, sizeof *p);
	int matched = 0, n = 0;
	for (int i = 0; i < s->n && n < q->limit; i++) {
		const struct entry *e = &s->e[i];
		if ((unit && strcmp(e->p.unit_code, q->unit) != 0) ||
		    (level && strcmp(e->p.level, q->level) != 0) ||
		    (pub && strcmp(e->p.public_, q->public_) != 0))
			continue;
		bool all = true;
		for (int w = 0; w < nw && all; w++)
			all = strstr(e->search_text, words[w]) != NULL;
		if (!all || matched++ < q->offset)
			continue;
		copy_out(r->arena, &e->p, &p[n++]);
	}
	*out = p;
	return n;
}
