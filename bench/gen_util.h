/*
** bench/gen_util.h - what the data generators of bench/ (gen.c,
** homework_gen.c, srs_gen.c, exam_gen.c) share: a seeded random generator
** (splitmix64: one seed, the same data), SQLite helpers that stop the
** program at the first error, a clock, and API tokens made and stored as
** the server does. Each generator is a program of its own that defines
** GEN_NAME (its name in error messages) before including this file, and
** opens `db` itself.
*/
#ifndef BENCH_GEN_UTIL_H
#define BENCH_GEN_UTIL_H

#include <sodium.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef GEN_NAME
#error "define GEN_NAME before including gen_util.h"
#endif

/* ---- random ---- */

static uint64_t rng_state; /* the seed, set by main() */

static inline uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* 0 .. n-1 */
static inline int rnd_int(int n)
{
	return (int)(rnd() % (uint64_t)n);
}

/* [0, 1) */
static inline double rnd_unit(void)
{
	return (double)(rnd() >> 11) / 9007199254740992.0;
}

static inline bool chance(double p)
{
	return rnd_unit() < p;
}

/* ---- SQLite: any error ends the program ---- */

static sqlite3 *db;

static inline void die(const char *what)
{
	fprintf(stderr, GEN_NAME ": %s: %s\n", what, db ? sqlite3_errmsg(db) : "");
	exit(1);
}

static inline sqlite3_stmt *prep(const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		die(sql);
	return st;
}

static inline void exec(const char *sql)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		die(sql);
}

/* Steps an INSERT or UPDATE (bound by the caller, every parameter each
** time: the bindings are cleared), resets it; returns the new rowid. */
static inline int64_t run(sqlite3_stmt *st)
{
	if (sqlite3_step(st) != SQLITE_DONE)
		die(sqlite3_sql(st));
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return sqlite3_last_insert_rowid(db);
}

/* The first column of the first row of sql, or -1. */
static inline int64_t query_int(const char *sql)
{
	sqlite3_stmt *st = prep(sql);
	int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	return v;
}

/* Binds s (copied), or NULL. */
static inline void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

/* ---- clock and tokens ---- */

static inline double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* An API token as the server makes them: 43 URL-safe characters. */
static inline void random_token(char out[44])
{
	static const char alphabet[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	for (int i = 0; i < 43; i++)
		out[i] = alphabet[rnd() % 64];
	out[43] = 0;
}

/* The SHA-256 of s in hex: what the server stores of a token or a secret. */
static inline void sha256_hex(const char *s, char out[65])
{
	unsigned char h[32];
	crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", h[i]);
}

#endif
