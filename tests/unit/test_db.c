/*
** Unit tests of kernel/db*.c on a real SQLite file: migrations, statement
** cache, binding, conflicts, transactions with savepoints, and the dialect
** rewrites used for PostgreSQL (the end-to-end tests run on both engines).
*/
#include "test.h"

#include <stdlib.h>
#include <unistd.h>

#include "kernel/db.h"
#include "kernel/err.h"

static char dir[] = "/tmp/cartable-test-db-XXXXXX";

TEST(migrations_apply_once)
{
	CHECK_INT(db_migrate(), 0);
	CHECK_INT(db_migrate(), 0); /* nothing left to apply */
	struct db *db = db_get();
	struct db_stmt *st = db_prepare(db, "SELECT COUNT(*) FROM schema_migrations");
	CHECK(st != NULL);
	CHECK_INT(db_step(st), DB_ROW);
	CHECK(db_int(st, 0) >= 4);
	db_done(st);
}

TEST(bind_step_and_read)
{
	struct db *db = db_get();
	CHECK_INT(db_exec(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, n BIGINT, b BLOB,"
	                      " UNIQUE (name))"), 0);
	struct db_stmt *st = db_prepare(db, "INSERT INTO t (name, n, b) VALUES (?, ?, ?) RETURNING id");
	db_bind_text(st, 1, "élève 'quoted' ?");
	db_bind_int(st, 2, INT64_MAX);
	db_bind_blob(st, 3, "\0\1\2", 3);
	CHECK_INT(db_step(st), DB_ROW);
	int64_t id = db_int(st, 0);
	CHECK(id > 0);
	db_done(st);
	st = db_prepare(db, "SELECT name, n, b, NULL FROM t WHERE id = ?");
	db_bind_int(st, 1, id);
	CHECK_INT(db_step(st), DB_ROW);
	CHECK_STR(db_text(st, 0), "élève 'quoted' ?");
	CHECK(db_int(st, 1) == INT64_MAX);
	size_t n;
	const unsigned char *b = db_blob(st, 2, &n);
	CHECK_INT(n, 3);
	CHECK(b && b[2] == 2);
	CHECK(db_is_null(st, 3));
	CHECK(db_text(st, 3) == NULL);
	CHECK_INT(db_step(st), DB_DONE);
}

TEST(statements_are_cached_and_reset)
{
	struct db *db = db_get();
	struct db_stmt *a = db_prepare(db, "SELECT 1");
	CHECK_INT(db_step(a), DB_ROW);
	/* prepared again while active: the same statement, reset */
	struct db_stmt *b = db_prepare(db, "SELECT 1");
	CHECK(a == b);
	CHECK_INT(db_step(b), DB_ROW);
	db_done(b);
	CHECK(db_prepare(db, "SELEKT nonsense") == NULL);
	/* many distinct statements grow the cache */
	char sql[64];
	for (int i = 0; i < 300; i++) {
		snprintf(sql, sizeof sql, "SELECT %d", i);
		struct db_stmt *st = db_prepare(db, sql);
		CHECK(st != NULL && db_step(st) == DB_ROW && db_int(st, 0) == i);
		db_done(st);
	}
}

TEST(unique_violation_is_a_conflict)
{
	struct db *db = db_get();
	struct db_stmt *st = db_prepare(db, "INSERT INTO t (name, n) VALUES (?, 1)");
	db_bind_text(st, 1, "dup");
	CHECK_INT(db_run(st), 0);
	CHECK_INT(db_changes(st), 1);
	st = db_prepare(db, "INSERT INTO t (name, n) VALUES (?, 1)");
	db_bind_text(st, 1, "dup");
	CHECK_INT(db_run(st), ERR_CONFLICT);
}

static int64_t count_rows(const char *name)
{
	struct db_stmt *st = db_prepare(db_get(), "SELECT COUNT(*) FROM t WHERE name = ?");
	db_bind_text(st, 1, name);
	int64_t n = db_step(st) == DB_ROW ? db_int(st, 0) : -1;
	db_done(st);
	return n;
}

static void insert(const char *name)
{
	struct db_stmt *st = db_prepare(db_get(), "INSERT INTO t (name, n) VALUES (?, 0)");
	db_bind_text(st, 1, name);
	CHECK_INT(db_run(st), 0);
}

TEST(transactions_and_savepoints)
{
	struct db *db = db_get();
	CHECK_INT(db_begin(db), 0);
	insert("outer");
	CHECK_INT(db_begin(db), 0); /* a savepoint */
	insert("inner-undone");
	db_rollback(db);
	CHECK_INT(db_begin(db), 0);
	insert("inner-kept");
	CHECK_INT(db_commit(db), 0);
	CHECK_INT(db_commit(db), 0);
	CHECK_INT(count_rows("outer"), 1);
	CHECK_INT(count_rows("inner-undone"), 0);
	CHECK_INT(count_rows("inner-kept"), 1);

	CHECK_INT(db_begin(db), 0);
	insert("rolled-back");
	db_rollback(db);
	CHECK_INT(count_rows("rolled-back"), 0);
	CHECK_INT(db_commit(db), ERR_INTERNAL); /* nothing open */
}

TEST(request_end_cleans_up)
{
	struct db *db = db_get();
	CHECK_INT(db_begin(db), 0);
	insert("forgotten");
	struct db_stmt *st = db_prepare(db, "SELECT name FROM t");
	CHECK_INT(db_step(st), DB_ROW);
	db_request_end(); /* resets the statement, rolls back, logs */
	CHECK_INT(count_rows("forgotten"), 0);
	CHECK_INT(db_begin(db), 0); /* the write lock was released */
	CHECK_INT(db_commit(db), 0);
}

TEST(read_transactions_end_before_writes)
{
	struct db *db = db_get();
	db_read_begin();
	CHECK_INT(count_rows("read-1"), 0);
	insert("read-1"); /* an autocommit write ends the read transaction first */
	CHECK_INT(db_begin(db), 0); /* and so does an explicit one */
	insert("read-2");
	CHECK_INT(db_commit(db), 0);
	db_request_end();
	CHECK_INT(count_rows("read-1"), 1);
	CHECK_INT(count_rows("read-2"), 1);
	/* nobody else wrote: a write while reading rows upgrades the snapshot */
	db_read_begin();
	struct db_stmt *st = db_prepare(db, "SELECT name FROM t ORDER BY id");
	CHECK_INT(db_step(st), DB_ROW);
	insert("read-3");
	CHECK_INT(db_step(st), DB_ROW); /* the loop goes on where it was */
	db_request_end();
	CHECK_INT(count_rows("read-3"), 1);
}

TEST(dialect_rewrites)
{
	int n;
	char *s = db_dialect_placeholders("SELECT '?', \"a?\" FROM t WHERE a = ? AND b IN (?, ?)", &n);
	CHECK_STR(s, "SELECT '?', \"a?\" FROM t WHERE a = $1 AND b IN ($2, $3)");
	CHECK_INT(n, 3);
	free(s);
	s = db_dialect_ddl("CREATE TABLE x (id INTEGER PRIMARY KEY, b BLOB, blobby TEXT) WITHOUT ROWID;",
	                   DB_POSTGRES);
	CHECK_STR(s, "CREATE TABLE x (id BIGSERIAL PRIMARY KEY, b BYTEA, blobby TEXT) ;");
	free(s);
	s = db_dialect_ddl("id INTEGER PRIMARY KEY", DB_SQLITE);
	CHECK_STR(s, "id INTEGER PRIMARY KEY");
	free(s);
	CHECK_STR(db_dialect_skip_locked(), "");
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	char path[128];
	snprintf(path, sizeof path, "%s/t.db", dir);
	if (db_setup(path) != 0)
		return 1;
	CHECK(db_engine() == DB_SQLITE);
	RUN(migrations_apply_once);
	RUN(bind_step_and_read);
	RUN(statements_are_cached_and_reset);
	RUN(unique_violation_is_a_conflict);
	RUN(transactions_and_savepoints);
	RUN(request_end_cleans_up);
	RUN(read_transactions_end_before_writes);
	RUN(dialect_rewrites);
	db_shutdown();
	char cmd[160];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	TEST_END();
}
