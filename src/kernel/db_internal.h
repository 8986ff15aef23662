/*
** db_internal.h - what db.c shares with its two engines (db_sqlite.c,
** db_pg.c). Nothing outside src/kernel/db*.c includes this file.
*/
#ifndef CARTABLE_DB_INTERNAL_H
#define CARTABLE_DB_INTERNAL_H

#include "kernel/db.h"

#include <libpq-fe.h>
#include <sqlite3.h>

struct pg_param {
	char *val;     /* malloc'd copy, NULL for SQL NULL */
	int len;       /* bytes, for binary (blob) parameters */
	int format;    /* 0 text, 1 binary */
	Oid type;      /* 20 int8, 25 text, 17 bytea, 0 let the server infer */
};

struct db_stmt {
	struct db *db;
	char *sql;              /* owned copy, the cache key */
	uint64_t hash;
	bool active;            /* stepped and not yet reset */
	int64_t changes;
	bool holds_lock;        /* SQLite autocommit write holding the write lock */
	/* SQLite */
	sqlite3_stmt *lite;
	/* PostgreSQL */
	char name[24];          /* server-side prepared statement name */
	bool pg_prepared;
	int nparams;
	struct pg_param *params;
	Oid *prepared_types;    /* types given at PREPARE time */
	PGresult *res;
	int row, nrows;
	unsigned char *blob;    /* last unescaped bytea, freed on next access */
};

struct db {
	enum db_engine engine;
	sqlite3 *lite;
	PGconn *pg;
	bool in_tx;
	bool read_tx;            /* db_read_begin()'s transaction is open (SQLite) */
	bool want_read;          /* db_read_begin() was called: open it at the first read */
	sqlite3_stmt *lite_begin, *lite_commit; /* prepared once: BEGIN, COMMIT */
	int depth;              /* nested db_begin() calls, as savepoints */
	int next_name;
	/* statement cache: open addressing on hash of the SQL text */
	struct db_stmt **slots;
	size_t nslots, nused;
	int nactive;             /* statements stepped and not yet reset: the
	                            end of a request looks for them only if any */
	/* in front of it, by address of the SQL text (string literals mostly):
	** a hit is confirmed with strcmp(), much cheaper than hashing */
	struct {
		const char *sql;
		struct db_stmt *st;
	} by_address[512];
};

/* db_read_end() ends db_read_begin()'s transaction unless a statement
** other than `keep` (may be NULL) is still being read (logged). */
void db_read_end(struct db *db, struct db_stmt *keep);

/* dblite_begin_read() / dblite_end_read() run the prepared BEGIN / COMMIT
** of a read transaction; 0 or ERR_INTERNAL. */
int dblite_begin_read(struct db *db);
int dblite_end_read(struct db *db);

/* Engine entry points, called by db.c. Each returns 0 or ERR_*. */
int dblite_open(struct db *db, const char *path);
void dblite_close(struct db *db);
int dblite_prepare(struct db_stmt *st);
void dblite_finalize(struct db_stmt *st);
void dblite_reset(struct db_stmt *st);
int dblite_step(struct db_stmt *st);
int dblite_exec(struct db *db, const char *sql);

int dbpg_open(struct db *db, const char *url);
void dbpg_close(struct db *db);
int dbpg_prepare(struct db_stmt *st);
void dbpg_finalize(struct db_stmt *st);
void dbpg_reset(struct db_stmt *st);
int dbpg_step(struct db_stmt *st);
int dbpg_exec(struct db *db, const char *sql);

#endif
