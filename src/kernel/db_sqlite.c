/*
** This file implements the SQLite engine of db.h: one connection per thread
** on a WAL database, synchronous=FULL so that a commit is on disk before we
** answer, and writers serialised by db.c's process-wide lock (a statement
** that writes outside a transaction takes it for its own duration).
*/
#include "kernel/db_internal.h"

#include <pthread.h>
#include <string.h>

#include "kernel/err.h"
#include "kernel/log.h"

extern pthread_mutex_t dblite_write_lock;

/*
** Each connection (one per thread) keeps up to 8 MiB of pages in its own
** cache. No mmap: every connection would map the file separately, and the
** process's resident size would count each mapped page once per thread.
*/
static const char lite_pragmas[] =
	"PRAGMA journal_mode = WAL;"
	"PRAGMA synchronous = FULL;"
	"PRAGMA foreign_keys = ON;"
	"PRAGMA busy_timeout = 10000;"
	"PRAGMA temp_store = MEMORY;"
	"PRAGMA cache_size = -8192;"
	"PRAGMA mmap_size = 0;";

int dblite_open(struct db *db, const char *path)
{
	int rc = sqlite3_open_v2(path, &db->lite,
	                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
	                         NULL);
	if (rc != SQLITE_OK) {
		log_error("db: cannot open %s: %s", path,
		          db->lite ? sqlite3_errmsg(db->lite) : sqlite3_errstr(rc));
		sqlite3_close(db->lite);
		db->lite = NULL;
		return ERR_INTERNAL;
	}
	if (dblite_exec(db, lite_pragmas) != 0) {
		sqlite3_close(db->lite);
		db->lite = NULL;
		return ERR_INTERNAL;
	}
	return 0;
}

int dblite_begin_read(struct db *db)
{
	if (!db->lite_begin &&
	    sqlite3_prepare_v3(db->lite, "BEGIN", -1, SQLITE_PREPARE_PERSISTENT, &db->lite_begin, NULL) != SQLITE_OK)
		return ERR_INTERNAL;
	int rc = sqlite3_step(db->lite_begin);
	sqlite3_reset(db->lite_begin);
	return rc == SQLITE_DONE ? 0 : ERR_INTERNAL;
}

int dblite_end_read(struct db *db)
{
	if (!db->lite_commit &&
	    sqlite3_prepare_v3(db->lite, "COMMIT", -1, SQLITE_PREPARE_PERSISTENT, &db->lite_commit, NULL) != SQLITE_OK)
		return ERR_INTERNAL;
	int rc = sqlite3_step(db->lite_commit);
	sqlite3_reset(db->lite_commit);
	return rc == SQLITE_DONE ? 0 : ERR_INTERNAL;
}

void dblite_close(struct db *db)
{
	sqlite3_finalize(db->lite_begin);
	sqlite3_finalize(db->lite_commit);
	sqlite3_close(db->lite);
	db->lite = NULL;
}

int dblite_prepare(struct db_stmt *st)
{
	int rc = sqlite3_prepare_v3(st->db->lite, st->sql, -1, SQLITE_PREPARE_PERSISTENT,
	                            &st->lite, NULL);
	if (rc != SQLITE_OK) {
		log_error("db: cannot prepare (%s): %s", sqlite3_errmsg(st->db->lite), st->sql);
		return ERR_INTERNAL;
	}
	return 0;
}

void dblite_finalize(struct db_stmt *st)
{
	dblite_reset(st);
	sqlite3_finalize(st->lite);
	st->lite = NULL;
}

void dblite_reset(struct db_stmt *st)
{
	sqlite3_reset(st->lite);
	sqlite3_clear_bindings(st->lite);
	if (st->holds_lock) {
		st->holds_lock = false;
		pthread_mutex_unlock(&dblite_write_lock);
	}
}

int dblite_step(struct db_stmt *st)
{
	struct db *db = st->db;
	if (db->want_read && !db->read_tx && !db->in_tx && !sqlite3_stmt_busy(st->lite) &&
	    sqlite3_stmt_readonly(st->lite) && dblite_begin_read(db) == 0)
		db->read_tx = true;
	if (!st->db->in_tx && !st->holds_lock && !sqlite3_stmt_busy(st->lite) &&
	    !sqlite3_stmt_readonly(st->lite)) {
		db->want_read = false; /* the rest of the request writes */
		db_read_end(st->db, st); /* a read snapshot cannot become a write */
		pthread_mutex_lock(&dblite_write_lock);
		st->holds_lock = true;
	}
	int rc = sqlite3_step(st->lite);
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE) {
		st->changes = sqlite3_changes64(st->db->lite);
		return DB_DONE;
	}
	int ext = sqlite3_extended_errcode(st->db->lite);
	if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY ||
	    ext == SQLITE_CONSTRAINT_FOREIGNKEY)
		return ERR_CONFLICT;
	log_error("db: step failed (%s): %s", sqlite3_errmsg(st->db->lite), st->sql);
	return ERR_INTERNAL;
}

int dblite_exec(struct db *db, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db->lite, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		log_error("db: exec failed (%s): %.200s", msg ? msg : sqlite3_errstr(rc), sql);
		sqlite3_free(msg);
		return ERR_INTERNAL;
	}
	return 0;
}
