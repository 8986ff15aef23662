/*
** This file implements the PostgreSQL engine of db.h through libpq: one
** connection per thread, statements prepared on the server once per
** connection (named after a per-connection counter), parameters sent with
** their types, results read in text format.
*/
#include "kernel/db_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/err.h"
#include "kernel/log.h"

static void pg_notice(void *arg, const char *msg)
{
	(void)arg;
	(void)msg; /* "relation already exists, skipping" and the like */
}

int dbpg_open(struct db *db, const char *url)
{
	db->pg = PQconnectdb(url);
	if (PQstatus(db->pg) != CONNECTION_OK) {
		log_error("db: cannot connect to PostgreSQL: %s", PQerrorMessage(db->pg));
		PQfinish(db->pg);
		db->pg = NULL;
		return ERR_INTERNAL;
	}
	PQsetNoticeProcessor(db->pg, pg_notice, NULL);
	return dbpg_exec(db, "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'");
}

void dbpg_close(struct db *db)
{
	PQfinish(db->pg);
	db->pg = NULL;
}

int dbpg_prepare(struct db_stmt *st)
{
	/* The server-side PREPARE happens at the first step, once the
	** parameter types are known from the binds. */
	char *converted = db_dialect_placeholders(st->sql, &st->nparams);
	if (!converted)
		return ERR_INTERNAL;
	free(converted);
	if (st->nparams) {
		st->params = calloc((size_t)st->nparams, sizeof *st->params);
		st->prepared_types = calloc((size_t)st->nparams, sizeof *st->prepared_types);
		if (!st->params || !st->prepared_types)
			return ERR_INTERNAL;
	}
	snprintf(st->name, sizeof st->name, "c%d", st->db->next_name++);
	return 0;
}

void dbpg_finalize(struct db_stmt *st)
{
	dbpg_reset(st);
	free(st->params);
	free(st->prepared_types);
	PQfreemem(st->blob);
	st->blob = NULL;
	/* the server forgets prepared statements with the connection */
}

void dbpg_reset(struct db_stmt *st)
{
	PQclear(st->res);
	st->res = NULL;
	st->row = st->nrows = 0;
	for (int i = 0; i < st->nparams; i++) {
		free(st->params[i].val);
		st->params[i].val = NULL;
		st->params[i].type = 0;
	}
}

static int pg_error(struct db_stmt *st, PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	/* 23505 unique_violation, 23503 foreign_key_violation */
	if (state && (strcmp(state, "23505") == 0 || strcmp(state, "23503") == 0)) {
		PQclear(res);
		return ERR_CONFLICT;
	}
	log_error("db: %s: %s", PQerrorMessage(st->db->pg), st->sql);
	PQclear(res);
	return ERR_INTERNAL;
}

static int pg_server_prepare(struct db_stmt *st)
{
	char *sql = db_dialect_placeholders(st->sql, &st->nparams);
	if (!sql)
		return ERR_INTERNAL;
	for (int i = 0; i < st->nparams; i++)
		st->prepared_types[i] = st->params[i].type;
	PGresult *res = PQprepare(st->db->pg, st->name, sql, st->nparams, st->prepared_types);
	free(sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		return pg_error(st, res);
	PQclear(res);
	st->pg_prepared = true;
	return 0;
}

int dbpg_step(struct db_stmt *st)
{
	if (st->res) {
		if (++st->row < st->nrows)
			return DB_ROW;
		return DB_DONE;
	}
	if (!st->pg_prepared) {
		int rc = pg_server_prepare(st);
		if (rc != 0)
			return rc;
	}
	const char *vals[st->nparams ? st->nparams : 1];
	int lens[st->nparams ? st->nparams : 1], fmts[st->nparams ? st->nparams : 1];
	for (int i = 0; i < st->nparams; i++) {
		vals[i] = st->params[i].val;
		lens[i] = st->params[i].len;
		fmts[i] = st->params[i].format;
	}
	PGresult *res = PQexecPrepared(st->db->pg, st->name, st->nparams, vals, lens, fmts, 0);
	ExecStatusType s = PQresultStatus(res);
	if (s == PGRES_COMMAND_OK) {
		const char *n = PQcmdTuples(res);
		st->changes = *n ? strtoll(n, NULL, 10) : 0;
		PQclear(res);
		return DB_DONE;
	}
	if (s != PGRES_TUPLES_OK)
		return pg_error(st, res);
	const char *n = PQcmdTuples(res);
	st->changes = *n ? strtoll(n, NULL, 10) : 0;
	st->res = res;
	st->nrows = PQntuples(res);
	st->row = 0;
	return st->nrows > 0 ? DB_ROW : DB_DONE;
}

int dbpg_exec(struct db *db, const char *sql)
{
	PGresult *res = PQexec(db->pg, sql);
	ExecStatusType s = PQresultStatus(res);
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
		log_error("db: exec failed: %s: %.200s", PQerrorMessage(db->pg), sql);
		PQclear(res);
		return ERR_INTERNAL;
	}
	PQclear(res);
	return 0;
}
