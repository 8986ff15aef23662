/*
** fmt.h - dates, times and money as people read them, and date parsing.
**
** Times are stored as Unix seconds (UTC) and shown in the server's zone,
** Europe/Paris unless TZ says otherwise (main() sets it once). Money is an
** integer number of cents. French forms are the default: "29/11/2026",
** "1 234,50 €"; English ones follow the request's language.
*/
#ifndef CARTABLE_FMT_H
#define CARTABLE_FMT_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/arena.h"

/* fmt_date() is the local date: "29/11/2026" (fr) or "2026-11-29" (en). */
char *fmt_date(struct arena *a, int64_t t);
/* fmt_datetime() adds the local time: "29/11/2026 14:05". */
char *fmt_datetime(struct arena *a, int64_t t);
/* fmt_iso() is the UTC time for programs: "2026-11-29T13:05:00Z". */
char *fmt_iso(struct arena *a, int64_t t);
/* fmt_money() is "1 234,50 €" (fr) or "€1,234.50" (en); 0 gives "Gratuit"/"Free". */
char *fmt_money(struct arena *a, int64_t cents);

/*
** date_parse() reads a calendar date written "JJ/MM/AAAA" (also with '-'
** or '.') or "AAAA-MM-JJ" into "AAAA-MM-JJ" in out (11 bytes). Returns false
** for anything else, including dates that do not exist (31/02).
*/
bool date_parse(const char *s, char out[11]);

/*
** money_parse() reads an amount in euros ("12", "12,50", "1 234.5") into
** cents. Returns false on anything else or a negative amount.
*/
bool money_parse(const char *s, int64_t *cents);

#endif
