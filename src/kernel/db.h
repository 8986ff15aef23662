/*
** db.h - the only door to SQL.
**
** cartable runs on SQLite (embedded, the default: one file under the data
** directory, WAL mode) or on PostgreSQL (several application servers on one
** database), chosen at start by db_setup(). Features write one SQL text with
** `?` parameters and the kernel runs it on either engine; the few dialect
** differences are handled in db_dialect.c and nowhere else. Rules for SQL
** written by features, so that it means the same on both engines:
**
**   - integers, times (Unix seconds, UTC) and money (cents) are BIGINT;
**     booleans are INTEGER 0/1; text is TEXT; never select a boolean
**     expression, compare instead (`CASE WHEN ... THEN 1 ELSE 0 END`);
**   - case- and accent-insensitive matching uses folded columns
**     (text_fold()) compared with LIKE on lowercase ASCII patterns;
**   - ORDER BY on folded or numeric columns (collations differ);
**   - upserts use `ON CONFLICT (...) DO NOTHING/UPDATE`, new ids come back
**     with `RETURNING id`.
**
** Life cycle of a statement:
**   1. st = db_prepare(db, sql): from the connection's cache (compiled on
**      first use), reset, with no parameter bound;
**   2. db_bind_*() each `?`, numbered from 1 (values are copied);
**   3. db_step() until it returns DB_DONE, reading columns after each DB_ROW;
**   4. nothing to free: the next db_prepare() of the same SQL, db_done(), or
**      the end of the request resets it.
** Strings read with db_text() stay valid until the next db_step() or reset
** of that statement: copy them (db_text_dup()) to keep them. A statement
** must not be prepared again while its rows are still being read.
**
** Connections: each thread gets its own, opened on first use by db_get(),
** closed when the thread ends. Writes on SQLite are serialised by one
** process-wide lock taken in db_begin(), which measured better than
** SQLite's busy handler with several writer threads.
*/
#ifndef CARTABLE_DB_H
#define CARTABLE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/arena.h"
#include "kernel/str.h"

enum db_engine { DB_SQLITE = 1, DB_POSTGRES = 2 };

/* Results of db_step(); errors are the negative ERR_* of err.h:
** ERR_CONFLICT for a unique or foreign-key violation, ERR_INTERNAL (logged)
** for anything else. */
enum { DB_DONE = 0, DB_ROW = 1 };

struct db;
struct db_stmt;

/* ---- Setup ---- */

/*
** db_setup() chooses the engine for the whole process: a URL starting with
** postgres:// or postgresql:// selects PostgreSQL, anything else is the path
** of a SQLite file (created if missing). It opens a first connection to
** check the target. Returns 0, or ERR_INTERNAL with the reason logged.
*/
MUST_CHECK int db_setup(const char *target);

/* db_engine() is the engine chosen by db_setup(). */
enum db_engine db_engine(void);

/* db_migrate() applies the embedded db/migrations/NNNN_*.sql files not yet
** applied, each in its own transaction. Returns 0 or ERR_INTERNAL. */
MUST_CHECK int db_migrate(void);

/* db_shutdown() closes the calling thread's connection and forgets setup. */
void db_shutdown(void);

/* ---- Connections ---- */

/*
** db_get() returns the calling thread's connection, opening it on first
** use; NULL (logged) if it cannot be opened. The connection belongs to the
** thread: never hand it to another one.
*/
struct db *db_get(void);

/*
** db_request_end() resets every statement left active on this thread's
** connection and rolls back a transaction left open (logging it: that is a
** bug in a handler). The HTTP layer calls it after each request.
*/
void db_request_end(void);

/*
** db_read_begin() opens a read transaction on the calling thread's SQLite
** connection (nothing on PostgreSQL): the statements of a request that
** reads take one snapshot and one lock instead of one each. It is ended by
** db_request_end(), and before any write on the connection (db_begin(), or
** a statement that writes). A request must not write while it is still
** reading rows (it is logged, and the write fails if another connection
** wrote since the transaction began).
*/
void db_read_begin(void);

/* ---- Statements ---- */

/* db_prepare() returns the cached statement for sql, reset; NULL (logged) if
** the SQL does not compile, which is a programming error. */
struct db_stmt *db_prepare(struct db *db, const char *sql);

void db_bind_int(struct db_stmt *st, int idx, int64_t v);
/* db_bind_text(): NULL binds SQL NULL. */
void db_bind_text(struct db_stmt *st, int idx, const char *s);
void db_bind_null(struct db_stmt *st, int idx);
void db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t n);

/* db_step() runs the statement or advances to its next row: DB_ROW, DB_DONE
** (the statement is reset), or a negative ERR_* (the statement is reset). */
MUST_CHECK int db_step(struct db_stmt *st);

/* db_run() steps a statement that returns no row (INSERT, UPDATE...):
** 0, or a negative ERR_* (ERR_INTERNAL is already logged, so callers for
** whom a failure changes nothing may ignore it). */
int db_run(struct db_stmt *st);

/* db_done() resets a statement whose remaining rows are not wanted. */
void db_done(struct db_stmt *st);

/* Column access after DB_ROW, columns numbered from 0. */
bool db_is_null(struct db_stmt *st, int col);
int64_t db_int(struct db_stmt *st, int col);      /* NULL reads as 0 */
const char *db_text(struct db_stmt *st, int col); /* NULL reads as NULL */
char *db_text_dup(struct db_stmt *st, int col, struct arena *a); /* NULL -> "" */
/* db_blob() points at the bytes of a BLOB column; *n gets its length. */
const void *db_blob(struct db_stmt *st, int col, size_t *n);

/* db_changes() is the number of rows the last db_run() changed. */
int64_t db_changes(struct db_stmt *st);

/* ---- Transactions ---- */

/*
** db_begin() starts a write transaction (on SQLite, takes the process-wide
** write lock first). db_commit() makes it durable before returning (fsync
** through SQLite's synchronous=FULL, or PostgreSQL's commit) and releases the
** lock; db_rollback() undoes it. Each returns 0 or ERR_INTERNAL.
** Called inside an open transaction, db_begin() sets a savepoint instead,
** and the matching db_commit()/db_rollback() releases or undoes only that
** part: services that open their own transaction compose into a larger
** all-or-nothing one (a CSV import creating accounts and enrolments).
*/
MUST_CHECK int db_begin(struct db *db);
MUST_CHECK int db_commit(struct db *db);
void db_rollback(struct db *db);

/* db_exec() runs SQL without parameters, possibly several statements
** (migrations, setup). Returns 0 or ERR_INTERNAL. */
MUST_CHECK int db_exec(struct db *db, const char *sql);

/* ---- Dialect (db_dialect.c) ---- */

/*
** db_dialect_placeholders() rewrites `?` parameters into PostgreSQL's $1,
** $2... outside quoted strings; returns a malloc'd string the caller frees
** and sets *nparams.
*/
char *db_dialect_placeholders(const char *sql, int *nparams);

/*
** db_dialect_ddl() adapts a migration written for SQLite to the engine in
** use: on PostgreSQL, `INTEGER PRIMARY KEY` becomes `BIGSERIAL PRIMARY KEY`
** BLOB becomes BYTEA and WITHOUT ROWID is dropped. Returns a malloc'd string the caller frees.
*/
char *db_dialect_ddl(const char *sql, enum db_engine engine);

/*
** db_dialect_skip_locked() is the clause that lets several servers claim
** queued rows without waiting on each other: " FOR UPDATE SKIP LOCKED" on
** PostgreSQL, "" on SQLite (whose writers are serialised anyway).
*/
const char *db_dialect_skip_locked(void);

#endif
