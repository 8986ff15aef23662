/*
** This file implements the engine-neutral part of db.h: process setup, one
** connection per thread, the prepared-statement cache, parameter and column
** access dispatched to the engine, transactions and migrations.
*/
#include "kernel/db_internal.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kernel/embedded.h"
#include "kernel/err.h"
#include "kernel/log.h"

static enum db_engine engine;
static char *target;
static pthread_key_t conn_key;
static pthread_once_t conn_key_once = PTHREAD_ONCE_INIT;
static __thread struct db *thread_db;

/* Serialises SQLite writers: see db.h. */
pthread_mutex_t dblite_write_lock = PTHREAD_MUTEX_INITIALIZER;

static void db_close(struct db *db)
{
	if (!db)
		return;
	for (size_t i = 0; i < db->nslots; i++) {
		struct db_stmt *st = db->slots[i];
		if (!st)
			continue;
		if (db->engine == DB_SQLITE)
			dblite_finalize(st);
		else
			dbpg_finalize(st);
		free(st->sql);
		free(st);
	}
	free(db->slots);
	if (db->in_tx) {
		db->depth = 0;
		db_rollback(db);
	}
	if (db->engine == DB_SQLITE)
		dblite_close(db);
	else
		dbpg_close(db);
	free(db);
}

static void conn_destructor(void *p)
{
	db_close(p);
}

static void make_key(void)
{
	pthread_key_create(&conn_key, conn_destructor);
}

enum db_engine db_engine(void)
{
	return engine;
}

static void lite_global_config(void)
{
	/* memory statistics take a global mutex on every allocation */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int db_setup(const char *t)
{
	static pthread_once_t lite_once = PTHREAD_ONCE_INIT;
	pthread_once(&lite_once, lite_global_config);
	pthread_once(&conn_key_once, make_key);
	free(target);
	target = strdup(t);
	engine = (strncmp(t, "postgres://", 11) == 0 || strncmp(t, "postgresql://", 13) == 0)
	                 ? DB_POSTGRES
	                 : DB_SQLITE;
	return db_get() ? 0 : ERR_INTERNAL;
}

void db_shutdown(void)
{
	if (thread_db) {
		pthread_setspecific(conn_key, NULL);
		db_close(thread_db);
		thread_db = NULL;
	}
}

struct db *db_get(void)
{
	if (thread_db)
		return thread_db;
	if (!target)
		return NULL;
	struct db *db = calloc(1, sizeof *db);
	if (!db)
		return NULL;
	db->engine = engine;
	db->nslots = 64;
	db->slots = calloc(db->nslots, sizeof *db->slots);
	int rc = db->slots ? (engine == DB_SQLITE ? dblite_open(db, target) : dbpg_open(db, target))
	                   : ERR_INTERNAL;
	if (rc != 0) {
		free(db->slots);
		free(db);
		return NULL;
	}
	thread_db = db;
	pthread_setspecific(conn_key, db);
	return db;
}

/* ---- Statement cache ---- */

static uint64_t sql_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static void reset_stmt(struct db_stmt *st)
{
	if (st->db->engine == DB_SQLITE)
		dblite_reset(st);
	else
		dbpg_reset(st);
	if (st->active)
		st->db->nactive--;
	st->active = false;
}

static void cache_grow(struct db *db)
{
	size_t n = db->nslots * 2;
	struct db_stmt **slots = calloc(n, sizeof *slots);
	if (!slots)
		return; /* keep the old table; it still has room */
	for (size_t i = 0; i < db->nslots; i++) {
		struct db_stmt *st = db->slots[i];
		if (!st)
			continue;
		size_t j = st->hash & (n - 1);
		while (slots[j])
			j = (j + 1) & (n - 1);
		slots[j] = st;
	}
	free(db->slots);
	db->slots = slots;
	db->nslots = n;
}

struct db_stmt *db_prepare(struct db *db, const char *sql)
{
	size_t a = ((uintptr_t)sql >> 3) % (sizeof db->by_address / sizeof db->by_address[0]);
	if (db->by_address[a].sql == sql && strcmp(db->by_address[a].st->sql, sql) == 0) {
		struct db_stmt *st = db->by_address[a].st;
		if (st->active)
			reset_stmt(st);
		return st;
	}
	uint64_t h = sql_hash(sql);
	size_t i = h & (db->nslots - 1);
	for (; db->slots[i]; i = (i + 1) & (db->nslots - 1)) {
		struct db_stmt *st = db->slots[i];
		if (st->hash == h && strcmp(st->sql, sql) == 0) {
			if (st->active)
				reset_stmt(st);
			db->by_address[a].sql = sql;
			db->by_address[a].st = st;
			return st;
		}
	}
	struct db_stmt *st = calloc(1, sizeof *st);
	if (!st || !(st->sql = strdup(sql))) {
		free(st);
		log_error("db: out of memory preparing a statement");
		return NULL;
	}
	st->db = db;
	st->hash = h;
	int rc = db->engine == DB_SQLITE ? dblite_prepare(st) : dbpg_prepare(st);
	if (rc != 0) {
		free(st->sql);
		free(st);
		return NULL;
	}
	db->slots[i] = st;
	if (++db->nused * 4 > db->nslots * 3)
		cache_grow(db);
	db->by_address[a].sql = sql;
	db->by_address[a].st = st;
	return st;
}

void db_read_begin(void)
{
	struct db *db = db_get();
	/* opened at the first read (db_sqlite.c): pages that read nothing
	** (the public catalogue, from memory) pay nothing */
	if (db && db->engine == DB_SQLITE && !db->in_tx)
		db->want_read = true;
}

void db_read_end(struct db *db, struct db_stmt *keep)
{
	if (!db->read_tx)
		return;
	int others = db->nactive - (keep && keep->active ? 1 : 0);
	for (size_t i = 0; others > 0 && i < db->nslots; i++)
		if (db->slots[i] && db->slots[i] != keep && db->slots[i]->active) {
			/* A write in the middle of reading rows: a bug of the caller.
			** Resetting its statement would restart its loop; so the read
			** transaction stays, and the write tries to upgrade it (which
			** fails, logged, if another connection wrote meanwhile). */
			log_error("db: a write while rows of \"%.60s\" are being read", db->slots[i]->sql);
			return;
		}
	db->read_tx = false;
	if (dblite_end_read(db) != 0)
		log_error("db: could not end a read transaction");
}

void db_request_end(void)
{
	struct db *db = thread_db;
	if (!db)
		return;
	db->want_read = false;
	for (size_t i = 0; db->nactive > 0 && i < db->nslots; i++)
		if (db->slots[i] && db->slots[i]->active)
			reset_stmt(db->slots[i]);
	db_read_end(db, NULL);
	if (db->read_tx) { /* still open only after a failure above: close it */
		db->read_tx = false;
		(void)dblite_exec(db, "ROLLBACK");
	}
	if (db->in_tx) {
		log_error("db: a transaction was left open by a request; rolled back");
		db->depth = 0;
		db_rollback(db);
	}
}

/* ---- Parameters ---- */

static struct pg_param *pg_param(struct db_stmt *st, int idx)
{
	if (idx < 1 || idx > st->nparams) {
		log_error("db: parameter %d out of range in: %s", idx, st->sql);
		return NULL;
	}
	struct pg_param *p = &st->params[idx - 1];
	free(p->val);
	p->val = NULL;
	return p;
}

void db_bind_int(struct db_stmt *st, int idx, int64_t v)
{
	if (st->db->engine == DB_SQLITE) {
		sqlite3_bind_int64(st->lite, idx, v);
		return;
	}
	struct pg_param *p = pg_param(st, idx);
	if (!p)
		return;
	char buf[24];
	int n = snprintf(buf, sizeof buf, "%lld", (long long)v);
	p->val = strndup(buf, (size_t)n);
	p->len = n;
	p->format = 0;
	p->type = 20;
}

void db_bind_text(struct db_stmt *st, int idx, const char *s)
{
	if (!s) {
		db_bind_null(st, idx);
		return;
	}
	if (st->db->engine == DB_SQLITE) {
		sqlite3_bind_text(st->lite, idx, s, -1, SQLITE_TRANSIENT);
		return;
	}
	struct pg_param *p = pg_param(st, idx);
	if (!p)
		return;
	p->val = strdup(s);
	p->len = (int)strlen(s);
	p->format = 0;
	p->type = 25;
}

void db_bind_null(struct db_stmt *st, int idx)
{
	if (st->db->engine == DB_SQLITE) {
		sqlite3_bind_null(st->lite, idx);
		return;
	}
	struct pg_param *p = pg_param(st, idx);
	if (p) {
		p->format = 0;
		p->type = 0;
	}
}

void db_bind_blob(struct db_stmt *st, int idx, const void *data, size_t n)
{
	if (st->db->engine == DB_SQLITE) {
		sqlite3_bind_blob(st->lite, idx, data, (int)n, SQLITE_TRANSIENT);
		return;
	}
	struct pg_param *p = pg_param(st, idx);
	if (!p)
		return;
	p->val = malloc(n ? n : 1);
	if (p->val && n)
		memcpy(p->val, data, n);
	p->len = (int)n;
	p->format = 1;
	p->type = 17;
}

/* ---- Stepping and columns ---- */

int db_step(struct db_stmt *st)
{
	if (!st)
		return ERR_INTERNAL;
	if (!st->active) {
		st->active = true;
		st->db->nactive++;
	}
	int rc = st->db->engine == DB_SQLITE ? dblite_step(st) : dbpg_step(st);
	if (rc != DB_ROW)
		reset_stmt(st);
	return rc;
}

int db_run(struct db_stmt *st)
{
	int rc = db_step(st);
	if (rc == DB_ROW) {
		reset_stmt(st);
		return 0;
	}
	return rc;
}

void db_done(struct db_stmt *st)
{
	if (st && st->active)
		reset_stmt(st);
}

int64_t db_changes(struct db_stmt *st)
{
	return st->changes;
}

bool db_is_null(struct db_stmt *st, int col)
{
	if (st->db->engine == DB_SQLITE)
		return sqlite3_column_type(st->lite, col) == SQLITE_NULL;
	return PQgetisnull(st->res, st->row, col);
}

int64_t db_int(struct db_stmt *st, int col)
{
	if (st->db->engine == DB_SQLITE)
		return sqlite3_column_int64(st->lite, col);
	if (PQgetisnull(st->res, st->row, col))
		return 0;
	const char *v = PQgetvalue(st->res, st->row, col);
	if (v[0] == 't' && !v[1])
		return 1; /* a PostgreSQL boolean */
	if (v[0] == 'f' && !v[1])
		return 0;
	return strtoll(v, NULL, 10);
}

const char *db_text(struct db_stmt *st, int col)
{
	if (st->db->engine == DB_SQLITE)
		return (const char *)sqlite3_column_text(st->lite, col);
	if (PQgetisnull(st->res, st->row, col))
		return NULL;
	return PQgetvalue(st->res, st->row, col);
}

char *db_text_dup(struct db_stmt *st, int col, struct arena *a)
{
	const char *s = db_text(st, col);
	return arena_strdup(a, s ? s : "");
}

const void *db_blob(struct db_stmt *st, int col, size_t *n)
{
	if (st->db->engine == DB_SQLITE) {
		const void *p = sqlite3_column_blob(st->lite, col);
		*n = (size_t)sqlite3_column_bytes(st->lite, col);
		return p;
	}
	PQfreemem(st->blob);
	st->blob = NULL;
	*n = 0;
	if (PQgetisnull(st->res, st->row, col))
		return NULL;
	st->blob = PQunescapeBytea((const unsigned char *)PQgetvalue(st->res, st->row, col), n);
	return st->blob;
}

/* ---- Transactions ---- */

int db_exec(struct db *db, const char *sql)
{
	return db->engine == DB_SQLITE ? dblite_exec(db, sql) : dbpg_exec(db, sql);
}

int db_begin(struct db *db)
{
	if (db->in_tx) {
		/* a service called inside another's transaction: a savepoint, so
		** its rollback undoes only its own part */
		char sql[32];
		snprintf(sql, sizeof sql, "SAVEPOINT s%d", db->depth + 1);
		if (db_exec(db, sql) != 0)
			return ERR_INTERNAL;
		db->depth++;
		return 0;
	}
	if (db->engine == DB_SQLITE) {
		db->want_read = false; /* the rest of the request writes */
		db_read_end(db, NULL); /* a read snapshot cannot become a write */
		pthread_mutex_lock(&dblite_write_lock);
		if (dblite_exec(db, "BEGIN IMMEDIATE") != 0) {
			pthread_mutex_unlock(&dblite_write_lock);
			return ERR_INTERNAL;
		}
	} else if (dbpg_exec(db, "BEGIN") != 0) {
		return ERR_INTERNAL;
	}
	db->in_tx = true;
	db->depth = 0;
	return 0;
}

int db_commit(struct db *db)
{
	if (!db->in_tx)
		return ERR_INTERNAL;
	if (db->depth > 0) {
		char sql[32];
		snprintf(sql, sizeof sql, "RELEASE SAVEPOINT s%d", db->depth);
		db->depth--;
		return db_exec(db, sql) == 0 ? 0 : ERR_INTERNAL;
	}
	int rc = db_exec(db, "COMMIT");
	if (rc != 0) {
		db_rollback(db);
		return ERR_INTERNAL;
	}
	db->in_tx = false;
	if (db->engine == DB_SQLITE)
		pthread_mutex_unlock(&dblite_write_lock);
	return 0;
}

void db_rollback(struct db *db)
{
	if (!db->in_tx)
		return;
	if (db->depth > 0) {
		char sql[96];
		snprintf(sql, sizeof sql, "ROLLBACK TO SAVEPOINT s%d; RELEASE SAVEPOINT s%d",
		         db->depth, db->depth);
		db->depth--;
		if (db_exec(db, sql) != 0)
			log_error("db: rollback to savepoint failed");
		return;
	}
	/* statements still reading would keep the transaction open */
	for (size_t i = 0; i < db->nslots; i++)
		if (db->slots[i] && db->slots[i]->active)
			reset_stmt(db->slots[i]);
	if (db_exec(db, "ROLLBACK") != 0)
		log_error("db: rollback failed");
	db->in_tx = false;
	if (db->engine == DB_SQLITE)
		pthread_mutex_unlock(&dblite_write_lock);
}

/* ---- Migrations ---- */

static const char migrations_sql[] =
	"CREATE TABLE IF NOT EXISTS schema_migrations ("
	" version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

static int migration_applied(struct db *db, int64_t version)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM schema_migrations WHERE version = ?");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, version);
	int rc = db_step(st);
	db_done(st);
	return rc;
}

static int apply_migration(struct db *db, const struct embedded_file *f, int64_t version)
{
	char *sql = db_dialect_ddl((const char *)f->data, db->engine);
	if (!sql)
		return ERR_INTERNAL;
	int rc = db_begin(db);
	if (rc == 0)
		rc = db_exec(db, sql);
	free(sql);
	if (rc == 0) {
		struct db_stmt *st = db_prepare(db,
			"INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
		if (!st)
			rc = ERR_INTERNAL;
		else {
			db_bind_int(st, 1, version);
			db_bind_text(st, 2, f->path);
			db_bind_int(st, 3, (int64_t)time(NULL));
			rc = db_run(st);
		}
	}
	if (rc == 0)
		rc = db_commit(db);
	else
		db_rollback(db);
	if (rc == 0)
		log_info("db: applied %s", f->path);
	else
		log_error("db: migration %s failed", f->path);
	return rc;
}

int db_migrate(void)
{
	struct db *db = db_get();
	if (!db || db_exec(db, migrations_sql) != 0)
		return ERR_INTERNAL;
	/* Several application servers may start at once on PostgreSQL: only one
	** applies migrations, the others wait for it here. */
	if (db->engine == DB_POSTGRES && db_exec(db, "SELECT pg_advisory_lock(727274)") != 0)
		return ERR_INTERNAL;
	int rc = 0;
	const char *prefix = "db/migrations/";
	for (const struct embedded_file *f = embedded_files; f->path && rc == 0; f++) {
		if (strncmp(f->path, prefix, strlen(prefix)) != 0)
			continue;
		const char *name = f->path + strlen(prefix);
		char *end;
		long long version = strtoll(name, &end, 10);
		if (end == name || *end != '_') {
			log_error("db: migration file %s has no NNNN_ prefix", f->path);
			rc = ERR_INTERNAL;
			break;
		}
		rc = migration_applied(db, version);
		if (rc == DB_ROW)
			rc = 0;
		else if (rc == DB_DONE)
			rc = apply_migration(db, f, version);
	}
	if (db->engine == DB_POSTGRES && db_exec(db, "SELECT pg_advisory_unlock(727274)") != 0)
		rc = ERR_INTERNAL;
	return rc;
}
