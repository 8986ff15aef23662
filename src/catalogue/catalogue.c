/*
** This file implements the catalogue service (catalogue.h): search with
** folded text, reads, and edits with their checks.
*/
#include "catalogue/internal.h"

#include <ctype.h>
#include <string.h>
#include <time.h>

#include "kernel/audit.h"
#include "kernel/cache.h"
#include "kernel/db.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "kernel/log.h"
#include "kernel/text.h"
#include "tenants/tenants.h"

const struct code_label catalogue_levels[] = {
	{"ps", N_("Petite section")}, {"ms", N_("Moyenne section")}, {"gs", N_("Grande section")},
	{"cp", N_("CP")}, {"ce1", N_("CE1")}, {"ce2", N_("CE2")}, {"cm1", N_("CM1")},
	{"cm2", N_("CM2")}, {"6e", N_("Sixième")}, {"5e", N_("Cinquième")}, {"4e", N_("Quatrième")},
	{"3e", N_("Troisième")}, {"2nde", N_("Seconde")}, {"1re", N_("Première")},
	{"terminale", N_("Terminale")}, {"postbac", N_("Post-bac")}, {"adult", N_("Adultes")},
};
const int catalogue_nlevels = sizeof catalogue_levels / sizeof catalogue_levels[0];

const struct code_label catalogue_publics[] = {
	{"regulated", N_("Scolarité réglementée")},
	{"free", N_("Inscription libre")},
	{"funded", N_("Formation financée")},
};
const int catalogue_npublics = sizeof catalogue_publics / sizeof catalogue_publics[0];

static const struct code_label *find_code(const struct code_label *t, int n, const char *code)
{
	for (int i = 0; code && i < n; i++)
		if (strcmp(t[i].code, code) == 0)
			return &t[i];
	return NULL;
}

const char *catalogue_level_label(const char *code)
{
	const struct code_label *c = find_code(catalogue_levels, catalogue_nlevels, code);
	return c ? _(c->label) : code;
}

const char *catalogue_public_label(const char *code)
{
	const struct code_label *c = find_code(catalogue_publics, catalogue_npublics, code);
	return c ? _(c->label) : code;
}

/* ---- Search ---- */

#define MAX_WORDS 6

/*
** Splits the folded query into at most MAX_WORDS words, each matched with
** SEARCH_LIKE. The SQL puts the %s around the parameter itself: with a bare
** `LIKE ?`, SQLite recompiles the statement on every new binding (the value
** could allow its LIKE optimisation), which cost 17% of the catalogue
** page's instructions (bench/README.md). Folded words hold no % or _.
*/
#define SEARCH_LIKE " LIKE '%' || ? || '%'"
static int query_patterns(struct arena *a, const char *q, const char **pat)
{
	if (!q)
		return 0;
	char *folded = text_fold(a, q);
	int n = 0;
	char *save = NULL;
	for (char *w = strtok_r(folded, " ", &save); w && n < MAX_WORDS; w = strtok_r(NULL, " ", &save))
		pat[n++] = w;
	return n;
}

void catalogue_read_programme(struct db_stmt *st, struct arena *a, struct programme *p)
{
	p->id = db_int(st, 0);
	p->unit_id = db_int(st, 1);
	p->unit_code = db_text_dup(st, 2, a);
	p->unit_name = db_text_dup(st, 3, a);
	p->code = db_text_dup(st, 4, a);
	p->title = db_text_dup(st, 5, a);
	p->level = db_text_dup(st, 6, a);
	p->public_ = db_text_dup(st, 7, a);
	p->summary = db_text_dup(st, 8, a);
	p->duration_months = db_int(st, 9);
	p->duration_hours = db_int(st, 10);
	p->price_cents = db_int(st, 11);
	p->published = db_int(st, 12) != 0;
	p->description_md = NULL;
}

int catalogue_search(struct req *r, const struct catalogue_query *q, struct programme **out)
{
	/* the public catalogue is read from memory (snapshot.c); staff see
	** unpublished programmes too, from the database */
	if (!q->all) {
		int n = catalogue_snapshot_search(r, q, out);
		if (n != ERR_NOT_FOUND)
			return n;
	}
	const char *pat[MAX_WORDS];
	int nw = query_patterns(r->arena, q->q, pat);
	struct sb sql;
	sb_init(&sql, r->arena, 600);
	sb_adds(&sql, "SELECT " PROGRAMME_COLUMNS " FROM programmes p"
	              " LEFT JOIN units u ON u.tenant_id = p.tenant_id AND u.id = p.unit_id"
	              " WHERE p.tenant_id = ?");
	if (!q->all)
		sb_adds(&sql, " AND p.published = 1");
	if (q->unit && *q->unit)
		sb_adds(&sql, " AND u.code = ?");
	if (q->level && *q->level)
		sb_adds(&sql, " AND p.level = ?");
	if (q->public_ && *q->public_)
		sb_adds(&sql, " AND p.public = ?");
	for (int i = 0; i < nw; i++)
		sb_adds(&sql, " AND p.search_text" SEARCH_LIKE);
	sb_adds(&sql, " ORDER BY p.sort_key, p.id LIMIT ? OFFSET ?");
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, sql.buf) : NULL;
	if (!st)
		return ERR_INTERNAL;
	int k = 1;
	db_bind_int(st, k++, r->tenant.id);
	if (q->unit && *q->unit)
		db_bind_text(st, k++, q->unit);
	if (q->level && *q->level)
		db_bind_text(st, k++, q->level);
	if (q->public_ && *q->public_)
		db_bind_text(st, k++, q->public_);
	for (int i = 0; i < nw; i++)
		db_bind_text(st, k++, pat[i]);
	db_bind_int(st, k++, q->limit);
	db_bind_int(st, k++, q->offset);
	struct programme *p = arena_array(r->arena, (size_t)q->limit, sizeof *p);
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW && n < q->limit)
		catalogue_read_programme(st, r->arena, &p[n++]);
	if (rc == DB_ROW)
		db_done(st);
	*out = p;
	return rc == DB_ROW || rc == DB_DONE ? n : ERR_INTERNAL;
}

#define COURSE_COLUMNS \
	"c.id, c.unit_id, c.code, c.title, c.level, c.summary, c.a_la_carte, c.published, c.price_cents"

static void read_course(struct db_stmt *st, struct arena *a, struct course *c)
{
	c->id = db_int(st, 0);
	c->unit_id = db_int(st, 1);
	c->code = db_text_dup(st, 2, a);
	c->title = db_text_dup(st, 3, a);
	c->level = db_text_dup(st, 4, a);
	c->summary = db_text_dup(st, 5, a);
	c->a_la_carte = db_int(st, 6) != 0;
	c->published = db_int(st, 7) != 0;
	c->price_cents = db_int(st, 8);
	c->description_md = NULL;
}

int catalogue_courses_search(struct req *r, const struct catalogue_query *q, struct course **out)
{
	const char *pat[MAX_WORDS];
	int nw = query_patterns(r->arena, q->q, pat);
	struct sb sql;
	sb_init(&sql, r->arena, 600);
	sb_adds(&sql, "SELECT " COURSE_COLUMNS " FROM courses c"
	              " LEFT JOIN units u ON u.tenant_id = c.tenant_id AND u.id = c.unit_id"
	              " WHERE c.tenant_id = ?");
	if (!q->all)
		sb_adds(&sql, " AND c.published = 1 AND c.a_la_carte = 1");
	if (q->unit && *q->unit)
		sb_adds(&sql, " AND u.code = ?");
	if (q->level && *q->level)
		sb_adds(&sql, " AND c.level = ?");
	for (int i = 0; i < nw; i++)
		sb_adds(&sql, " AND c.search_text" SEARCH_LIKE);
	sb_adds(&sql, " ORDER BY c.sort_key, c.id LIMIT ? OFFSET ?");
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, sql.buf) : NULL;
	if (!st)
		return ERR_INTERNAL;
	int k = 1;
	db_bind_int(st, k++, r->tenant.id);
	if (q->unit && *q->unit)
		db_bind_text(st, k++, q->unit);
	if (q->level && *q->level)
		db_bind_text(st, k++, q->level);
	for (int i = 0; i < nw; i++)
		db_bind_text(st, k++, pat[i]);
	db_bind_int(st, k++, q->limit);
	db_bind_int(st, k++, q->offset);
	struct course *c = arena_array(r->arena, (size_t)q->limit, sizeof *c);
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW && n < q->limit)
		read_course(st, r->arena, &c[n++]);
	if (rc == DB_ROW)
		db_done(st);
	*out = c;
	return rc == DB_ROW || rc == DB_DONE ? n : ERR_INTERNAL;
}

/* ---- Reading one ---- */

int catalogue_programme_get(struct req *r, int64_t id, bool all, struct programme *out)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT " PROGRAMME_COLUMNS ", p.description_md FROM programmes p"
		" LEFT JOIN units u ON u.tenant_id = p.tenant_id AND u.id = p.unit_id"
		" WHERE p.tenant_id = ? AND p.id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, id);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL;
	catalogue_read_programme(st, r->arena, out);
	out->description_md = db_text_dup(st, 13, r->arena);
	db_done(st);
	return out->published || all ? 0 : ERR_NOT_FOUND;
}

int catalogue_course_get(struct req *r, int64_t id, bool all, struct course *out)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT " COURSE_COLUMNS ", c.description_md FROM courses c"
		" WHERE c.tenant_id = ? AND c.id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, id);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL;
	read_course(st, r->arena, out);
	out->description_md = db_text_dup(st, 9, r->arena);
	db_done(st);
	return out->published || all ? 0 : ERR_NOT_FOUND;
}

/* The courses as catalogue_courses_get() reads them, kept per thread
** under the tenant's CACHE_COURSES version (catalogue_course_save() raises
** it); a course missing from the tenant is kept with id 0. */
static struct cache course_cache = CACHE_INIT(CACHE_COURSES);

/* Reads the courses missing[] into t (cache_fill()). */
static int load_courses(struct req *r, struct cache_table *t, const int64_t *missing, int nm)
{
	struct db *db = db_get();
	if (!db)
		return ERR_INTERNAL;
	/* "+ 0": by primary key; SQLite would otherwise read every course
	** of the tenant through courses_list */
	struct db_stmt *st = db_prepare(db, "SELECT " COURSE_COLUMNS " FROM courses c"
		" WHERE c.tenant_id + 0 = ? AND c.id IN (?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	for (int k = 0; k < CACHE_BATCH; k++)
		db_bind_int(st, 2 + k, missing[k]);
	struct course *e[CACHE_BATCH];
	for (int k = 0; k < nm; k++)
		e[k] = cache_add(t, missing[k], sizeof *e[k]); /* id 0 until read */
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t id = db_int(st, 0);
		for (int k = 0; k < nm; k++)
			if (missing[k] == id)
				read_course(st, cache_arena(t), e[k]);
	}
	return rc == DB_DONE ? 0 : ERR_INTERNAL;
}

int catalogue_courses_get(struct req *r, const int64_t *ids, int n, bool all, struct course *out)
{
	memset(out, 0, (size_t)n * sizeof *out);
	struct cache_table *t = cache_table(r, &course_cache);
	if (!t)
		return ERR_INTERNAL;
	if (cache_fill(r, t, ids, n, load_courses) != 0)
		return ERR_INTERNAL;
	for (int i = 0; i < n; i++) {
		const struct course *c = cache_find(t, ids[i]);
		if (c && c->id && (c->published || all))
			out[i] = *c; /* its strings are the cache's: valid until the request ends */
	}
	return 0;
}

int catalogue_programme_courses(struct req *r, int64_t programme_id, bool all, struct course **out)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT " COURSE_COLUMNS " FROM programme_courses pc"
		" JOIN courses c ON c.tenant_id = pc.tenant_id AND c.id = pc.course_id"
		" WHERE pc.tenant_id = ? AND pc.programme_id = ? ORDER BY pc.position, c.id LIMIT 200")
		: NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, programme_id);
	struct course *c = arena_array(r->arena, 200, sizeof *c);
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		read_course(st, r->arena, &c[n]);
		if (c[n].published || all)
			n++;
	}
	*out = c;
	return rc == DB_DONE ? n : ERR_INTERNAL;
}

int catalogue_requirements(struct req *r, int64_t programme_id, struct requirement **out)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT id, title, description FROM programme_requirements"
		" WHERE tenant_id = ? AND programme_id = ? ORDER BY position, id LIMIT 50") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, programme_id);
	struct requirement *q = arena_array(r->arena, 50, sizeof *q);
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		q[n].id = db_int(st, 0);
		q[n].title = db_text_dup(st, 1, r->arena);
		q[n].description = db_text_dup(st, 2, r->arena);
		n++;
	}
	*out = q;
	return rc == DB_DONE ? n : ERR_INTERNAL;
}

/* ---- Editing ---- */

static bool code_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 2 || n > 40)
		return false;
	for (; *s; s++)
		if (!(isalnum((unsigned char)*s) || *s == '-' || *s == '_' || *s == '.'))
			return false;
	return true;
}

static bool text_ok(const char *s, size_t max_chars, bool multiline)
{
	return s && utf8_length(s) <= max_chars && text_is_clean(s, multiline);
}

static int parse_count(const char *s, int64_t max, int64_t *out)
{
	if (!s || !*s) {
		*out = 0;
		return 0;
	}
	return str_to_int64(s, out) && *out >= 0 && *out <= max ? 0 : -1;
}

/* Checks what programmes and courses share; fills the folded texts. */
static int check_common(struct req *r, const char *code, const char *title, const char *summary,
                        const char *md, int64_t unit_id, struct err *e)
{
	if (!code_valid(code))
		return err_set(e, ERR_INVALID, "code", "%s",
		               _("Le code compte 2 à 40 caractères : lettres sans accent, chiffres, "
		                 "tiret, point ou tiret bas."));
	if (str_empty(title) || !text_ok(title, 200, false))
		return err_set(e, ERR_INVALID, "title", "%s",
		               _("Indiquez un intitulé (200 caractères au plus)."));
	if (summary && !text_ok(summary, 500, false))
		return err_set(e, ERR_INVALID, "summary", "%s",
		               _("Le résumé compte 500 caractères au plus, sur une ligne."));
	if (md && !text_ok(md, 20000, true))
		return err_set(e, ERR_INVALID, "description_md", "%s",
		               _("La description compte 20 000 caractères au plus."));
	struct unit u;
	if (unit_id && units_get(r, unit_id, &u) != 0)
		return err_set(e, ERR_INVALID, "unit_id", "%s", _("Choisissez un pôle de la liste."));
	return 0;
}

/* Binds the parameters after the columns: "created_at, updated_at,
** tenant_id" of an INSERT, or "updated_at ... tenant_id, id" of an UPDATE. */
static void bind_tail(struct db_stmt *st, int k, int64_t id, int64_t now, int64_t tenant_id)
{
	if (id == 0)
		db_bind_int(st, k++, now);
	db_bind_int(st, k++, now);
	db_bind_int(st, k++, tenant_id);
	if (id)
		db_bind_int(st, k, id);
}

int catalogue_programme_save(struct req *r, int64_t id, const struct programme_input *in,
                             int64_t *out_id, struct err *e)
{
	int rc = check_common(r, in->code, in->title, in->summary, in->description_md, in->unit_id, e);
	if (rc)
		return rc;
	if (!in->unit_id)
		return err_set(e, ERR_INVALID, "unit_id", "%s", _("Choisissez un pôle de la liste."));
	if (!find_code(catalogue_levels, catalogue_nlevels, in->level))
		return err_set(e, ERR_INVALID, "level", "%s", _("Choisissez un niveau de la liste."));
	if (!find_code(catalogue_publics, catalogue_npublics, in->public_))
		return err_set(e, ERR_INVALID, "public", "%s", _("Choisissez un public de la liste."));
	int64_t months, hours, price = 0;
	if (parse_count(in->duration_months, 120, &months) != 0)
		return err_set(e, ERR_INVALID, "duration_months", "%s",
		               _("La durée en mois est un nombre entier de 0 à 120."));
	if (parse_count(in->duration_hours, 20000, &hours) != 0)
		return err_set(e, ERR_INVALID, "duration_hours", "%s",
		               _("La durée en heures est un nombre entier de 0 à 20 000."));
	if (in->price && *in->price && !money_parse(in->price, &price))
		return err_set(e, ERR_INVALID, "price", "%s",
		               _("Le prix s'écrit en euros, par exemple 1250 ou 1250,50."));
	struct unit u = {0};
	if (units_get(r, in->unit_id, &u) != 0)
		u.name = NULL;
	char *search = text_fold(r->arena, arena_printf(r->arena, "%s %s %s %s %s %s %s", in->title,
	                                   in->code, in->summary ? in->summary : "",
	                                   in->description_md ? in->description_md : "",
	                                   u.name ? u.name : "",
	                                   find_code(catalogue_levels, catalogue_nlevels, in->level)->label,
	                                   find_code(catalogue_publics, catalogue_npublics, in->public_)->label));
	char *sort = text_fold(r->arena, in->title);
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, id == 0
		? "INSERT INTO programmes (unit_id, code, title, level, public, duration_months,"
		  " duration_hours, price_cents, summary, description_md, published, search_text,"
		  " sort_key, created_at, updated_at, tenant_id)"
		  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"
		: "UPDATE programmes SET unit_id = ?, code = ?, title = ?, level = ?, public = ?,"
		  " duration_months = ?, duration_hours = ?, price_cents = ?, summary = ?,"
		  " description_md = ?, published = ?, search_text = ?, sort_key = ?,"
		  " updated_at = ? WHERE tenant_id = ? AND id = ? RETURNING id") : NULL;
	if (!st)
		return ERR_INTERNAL;
	int64_t now = time(NULL);
	db_bind_int(st, 1, in->unit_id);
	db_bind_text(st, 2, in->code);
	db_bind_text(st, 3, str_trim(r->arena, in->title));
	db_bind_text(st, 4, in->level);
	db_bind_text(st, 5, in->public_);
	db_bind_int(st, 6, months);
	db_bind_int(st, 7, hours);
	db_bind_int(st, 8, price);
	db_bind_text(st, 9, in->summary ? in->summary : "");
	db_bind_text(st, 10, in->description_md ? in->description_md : "");
	db_bind_int(st, 11, in->published);
	db_bind_text(st, 12, search);
	db_bind_text(st, 13, sort);
	bind_tail(st, 14, id, now, r->tenant.id);
	rc = db_step(st);
	if (rc == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, "code", "%s", _("Une autre formation a déjà ce code."));
	if (rc == DB_DONE)
		return ERR_NOT_FOUND;
	if (rc != DB_ROW)
		return ERR_INTERNAL;
	*out_id = db_int(st, 0);
	db_done(st);
	audit_record(r, id ? "programme.update" : "programme.create", "programme", *out_id, in->code);
	if (catalogue_changed(r) != 0)
		log_error("catalogue: version not raised; other servers refresh late");
	return 0;
}

int catalogue_course_save(struct req *r, int64_t id, const struct course_input *in,
                          int64_t *out_id, struct err *e)
{
	int rc = check_common(r, in->code, in->title, in->summary, in->description_md, in->unit_id, e);
	if (rc)
		return rc;
	if (in->level && *in->level && !find_code(catalogue_levels, catalogue_nlevels, in->level))
		return err_set(e, ERR_INVALID, "level", "%s", _("Choisissez un niveau de la liste."));
	int64_t price = 0;
	if (in->price && *in->price && !money_parse(in->price, &price))
		return err_set(e, ERR_INVALID, "price", "%s",
		               _("Le prix s'écrit en euros, par exemple 90 ou 89,90."));
	char *search = text_fold(r->arena, arena_printf(r->arena, "%s %s %s %s", in->title, in->code,
	                                   in->summary ? in->summary : "",
	                                   in->description_md ? in->description_md : ""));
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, id == 0
		? "INSERT INTO courses (unit_id, code, title, level, summary, description_md, a_la_carte,"
		  " price_cents, published, search_text, sort_key, created_at, updated_at, tenant_id)"
		  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"
		: "UPDATE courses SET unit_id = ?, code = ?, title = ?, level = ?, summary = ?,"
		  " description_md = ?, a_la_carte = ?, price_cents = ?, published = ?, search_text = ?,"
		  " sort_key = ?, updated_at = ? WHERE tenant_id = ? AND id = ? RETURNING id") : NULL;
	if (!st)
		return ERR_INTERNAL;
	int64_t now = time(NULL);
	if (in->unit_id)
		db_bind_int(st, 1, in->unit_id);
	else
		db_bind_null(st, 1);
	db_bind_text(st, 2, in->code);
	db_bind_text(st, 3, str_trim(r->arena, in->title));
	db_bind_text(st, 4, in->level ? in->level : "");
	db_bind_text(st, 5, in->summary ? in->summary : "");
	db_bind_text(st, 6, in->description_md ? in->description_md : "");
	db_bind_int(st, 7, in->a_la_carte);
	db_bind_int(st, 8, price);
	db_bind_int(st, 9, in->published);
	db_bind_text(st, 10, search);
	db_bind_text(st, 11, text_fold(r->arena, in->title));
	bind_tail(st, 12, id, now, r->tenant.id);
	rc = db_step(st);
	if (rc == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, "code", "%s", _("Un autre cours a déjà ce code."));
	if (rc == DB_DONE)
		return ERR_NOT_FOUND;
	if (rc != DB_ROW)
		return ERR_INTERNAL;
	*out_id = db_int(st, 0);
	db_done(st);
	audit_record(r, id ? "course.update" : "course.create", "course", *out_id, in->code);
	if (cache_changed(r, CACHE_COURSES) != 0)
		return ERR_INTERNAL; /* logged; the pages of learners would show the old course */
	if (catalogue_changed(r) != 0)
		log_error("catalogue: version not raised; other servers refresh late");
	return 0;
}

int catalogue_set_courses(struct req *r, int64_t programme_id, const int64_t *ids, int n)
{
	struct programme p;
	int rc = catalogue_programme_get(r, programme_id, true, &p);
	if (rc)
		return rc;
	for (int i = 0; i < n; i++) {
		struct course c;
		rc = catalogue_course_get(r, ids[i], true, &c);
		if (rc)
			return rc;
	}
	struct db *db = db_get();
	if (!db || db_begin(db) != 0)
		return ERR_INTERNAL;
	struct db_stmt *st = db_prepare(db,
		"DELETE FROM programme_courses WHERE tenant_id = ? AND programme_id = ?");
	if (!st)
		goto fail;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, programme_id);
	if (db_run(st) != 0)
		goto fail;
	for (int i = 0; i < n; i++) {
		st = db_prepare(db, "INSERT INTO programme_courses (tenant_id, programme_id, course_id,"
		                    " position) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING");
		if (!st)
			goto fail;
		db_bind_int(st, 1, r->tenant.id);
		db_bind_int(st, 2, programme_id);
		db_bind_int(st, 3, ids[i]);
		db_bind_int(st, 4, i);
		if (db_run(st) != 0)
			goto fail;
	}
	audit_record(r, "programme.courses", "programme", programme_id, "");
	if (catalogue_changed(r) != 0)
		log_error("catalogue: version not raised; other servers refresh late");
	return db_commit(db);
fail:
	db_rollback(db);
	return ERR_INTERNAL;
}

int catalogue_requirement_add(struct req *r, int64_t programme_id, const char *title,
                              const char *description, struct err *e)
{
	struct programme p;
	int rc = catalogue_programme_get(r, programme_id, true, &p);
	if (rc)
		return rc;
	if (str_empty(title) || !text_ok(title, 200, false))
		return err_set(e, ERR_INVALID, "title", "%s",
		               _("Indiquez le nom de la pièce demandée (200 caractères au plus)."));
	if (description && !text_ok(description, 1000, true))
		return err_set(e, ERR_INVALID, "description", "%s",
		               _("L'explication compte 1 000 caractères au plus."));
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"INSERT INTO programme_requirements (tenant_id, programme_id, title, description, position)"
		" VALUES (?, ?, ?, ?, (SELECT COUNT(*) FROM programme_requirements"
		" WHERE tenant_id = ? AND programme_id = ?))") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, programme_id);
	db_bind_text(st, 3, str_trim(r->arena, title));
	db_bind_text(st, 4, description ? description : "");
	db_bind_int(st, 5, r->tenant.id);
	db_bind_int(st, 6, programme_id);
	if (db_run(st) != 0)
		return ERR_INTERNAL;
	audit_record(r, "requirement.add", "programme", programme_id, title);
	return 0;
}

int catalogue_requirement_remove(struct req *r, int64_t programme_id, int64_t id)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"DELETE FROM programme_requirements WHERE tenant_id = ? AND programme_id = ? AND id = ?")
		: NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, programme_id);
	db_bind_int(st, 3, id);
	int rc = db_run(st); /* ERR_CONFLICT: documents were sent for it */
	if (rc)
		return rc;
	if (db_changes(st) == 0)
		return ERR_NOT_FOUND;
	audit_record(r, "requirement.remove", "programme", programme_id, "");
	return 0;
}
