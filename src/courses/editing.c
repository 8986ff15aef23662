/*
** This file implements editing courses (courses.h): sections, items and
** their files, order, copying a course for the next school year, and who
** teaches it. Only authors and admins edit.
*/
#include "courses/courses.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "catalogue/catalogue.h"
#include "kernel/audit.h"
#include "kernel/cache.h"
#include "kernel/db.h"
#include "kernel/files.h"
#include "kernel/i18n.h"
#include "kernel/text.h"
#include "people/people.h"

static bool editor(struct req *r)
{
	return (r->user.roles & (ROLE_AUTHOR | ROLE_ADMIN)) != 0;
}

/* The course of a section or an item of the request's tenant, or 0. */
static int64_t course_of(struct req *r, const char *table, int64_t id)
{
	struct db *db = db_get();
	const char *sql = strcmp(table, "section") == 0
	                          ? "SELECT course_id FROM course_sections WHERE tenant_id = ? AND id = ?"
	                          : "SELECT course_id FROM course_items WHERE tenant_id = ? AND id = ?";
	struct db_stmt *st = db ? db_prepare(db, sql) : NULL;
	if (!st)
		return 0;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, id);
	int64_t course = db_step(st) == DB_ROW ? db_int(st, 0) : 0;
	db_done(st);
	return course;
}

int64_t courses_section_course(struct req *r, int64_t section_id)
{
	return course_of(r, "section", section_id);
}

int64_t courses_item_course(struct req *r, int64_t item_id)
{
	return course_of(r, "item", item_id);
}

static bool title_ok(const char *s)
{
	return !str_empty(s) && utf8_length(s) <= 200 && text_is_clean(s, false);
}

/* ---- Sections ---- */

int courses_section_add(struct req *r, int64_t course_id, const char *title, int64_t *id,
                        struct err *e)
{
	struct course c;
	if (!editor(r))
		return err_set(e, ERR_FORBIDDEN, NULL, "%s", _("Réservé aux auteurs."));
	if (catalogue_course_get(r, course_id, true, &c) != 0)
		return err_set(e, ERR_NOT_FOUND, NULL, "%s", _("Cours introuvable."));
	if (!title_ok(title))
		return err_set(e, ERR_INVALID, "section_title", "%s",
		               _("Indiquez le titre de la partie (200 caractères au plus)."));
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"INSERT INTO course_sections (tenant_id, course_id, title, position) VALUES (?, ?, ?,"
		" (SELECT COALESCE(MAX(position), 0) + 1 FROM course_sections WHERE tenant_id = ?"
		" AND course_id = ?)) RETURNING id") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, course_id);
	db_bind_text(st, 3, str_trim(r->arena, title));
	db_bind_int(st, 4, r->tenant.id);
	db_bind_int(st, 5, course_id);
	if (db_step(st) != DB_ROW)
		return ERR_INTERNAL;
	*id = db_int(st, 0);
	db_done(st);
	audit_record(r, "course.section.add", "course", course_id, title);
	return 0;
}

int courses_section_rename(struct req *r, int64_t section_id, const char *title, struct err *e)
{
	if (!editor(r))
		return err_set(e, ERR_FORBIDDEN, NULL, "%s", _("Réservé aux auteurs."));
	if (!title_ok(title))
		return err_set(e, ERR_INVALID, "section_title", "%s",
		               _("Indiquez le titre de la partie (200 caractères au plus)."));
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"UPDATE course_sections SET title = ? WHERE tenant_id = ? AND id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_text(st, 1, str_trim(r->arena, title));
	db_bind_int(st, 2, r->tenant.id);
	db_bind_int(st, 3, section_id);
	if (db_run(st) != 0)
		return ERR_INTERNAL;
	return db_changes(st) ? 0 : err_set(e, ERR_NOT_FOUND, NULL, "%s", _("Partie introuvable."));
}

int courses_section_delete(struct req *r, int64_t section_id, struct err *e)
{
	if (!editor(r))
		return err_set(e, ERR_FORBIDDEN, NULL, "%s", _("Réservé aux auteurs."));
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"DELETE FROM course_sections WHERE tenant_id = ? AND id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, section_id);
	int rc = db_run(st);
	if (rc == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, NULL, "%s",
		               _("Cette partie contient encore des éléments : déplacez-les ou supprimez-les d'abord."));
	if (rc)
		return ERR_INTERNAL;
	return db_changes(st) ? 0 : err_set(e, ERR_NOT_FOUND, NULL, "%s", _("Partie introuvable."));
}

/* ---- Items ---- */

static int check_item(const struct course_item_input *in, struct err *e)
{
	static const char *const kinds[] = {"lesson", "file", "link", "homework", "quiz"};
	bool kind_ok = false;
	for (size_t i = 0; i < 5; i++)
		kind_ok |= in->kind && strcmp(in->kind, kinds[i]) == 0;
	if (!kind_ok)
		return err_set(e, ERR_INVALID, "kind", "%s", _("Choisissez le type d'élément."));
	if (!title_ok(in->title))
		return err_set(e, ERR_INVALID, "title", "%s",
		               _("Indiquez le titre de l'élément (200 caractères au plus)."));
	if (in->body_md && (utf8_length(in->body_md) > 100000 || !text_is_clean(in->body_md, true)))
		return err_set(e, ERR_INVALID, "body_md", "%s",
		               _("Le texte compte 100 000 caractères au plus."));
	if (in->url && *in->url &&
	    ((strncmp(in->url, "https://", 8) != 0 && strncmp(in->url, "http://", 7) != 0) ||
	     strlen(in->url) > 2000 || !text_is_clean(in->url, false) || strpbrk(in->url, " \"<>")))
		return err_set(e, ERR_INVALID, "url", "%s",
		               _("L'adresse doit commencer par https:// (ou http://), sans espace."));
	if (strcmp(in->kind, "link") == 0 && (!in->url || !*in->url))
		return err_set(e, ERR_INVALID, "url", "%s", _("Indiquez l'adresse du lien."));
	return 0;
}

int courses_item_add(struct req *r, int64_t section_id, const struct course_item_input *in,
                     int64_t *id, struct err *e)
{
	if (!editor(r))
		return err_set(e, ERR_FORBIDDEN, NULL, "%s", _("Réservé aux auteurs."));
	int64_t course = course_of(r, "section", section_id);
	if (!course)
		return err_set(e, ERR_NOT_FOUND, NULL, "%s", _("Partie introuvable."));
	int rc = check_item(in, e);
	if (rc)
		return rc;
	int64_t now = time(NULL);
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"INSERT INTO course_items (tenant_id, course_id, section_id, kind, title, body_md, url,"
		" position, published, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?,"
		" (SELECT COALESCE(MAX(position), 0) + 1 FROM course_items WHERE tenant_id = ?"
		" AND section_id = ?), ?, ?, ?) RETURNING id") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, course);
	db_bind_int(st, 3, section_id);
	db_bind_text(st, 4, in->kind);
	db_bind_text(st, 5, str_trim(r->arena, in->title));
	db_bind_text(st, 6, in->body_md ? in->body_md : "");
	db_bind_text(st, 7, in->url ? in->url : "");
	db_bind_int(st, 8, r->tenant.id);
	db_bind_int(st, 9, section_id);
	db_bind_int(st, 10, in->published);
	db_bind_int(st, 11, now);
	db_bind_int(st, 12, now);
	if (db_step(st) != DB_ROW)
		return ERR_INTERNAL;
	*id = db_int(st, 0);
	db_done(st);
	audit_record(r, "course.item.add", "course", course, in->title);
	return cache_changed(r, CACHE_COURSES);
}

int courses_item_update(struct req *r, int64_t item_id, const struct course_item_input *in,
                        struct err *e)
{
	if (!editor(r))
		return err_set(e, ERR_FORBIDDEN, NULL, "%s", _("Réservé aux auteurs."));
	struct course_item it;
	if (courses_item_get(r, item_id, 0, &it) != 0)
		return err_set(e, ERR_NOT_FOUND, NULL, "%s", _("Élément introuvable."));
	struct course_item_input checked = *in;
	checked.kind = it.kind; /* the kind of an item does not change */
	int rc = check_item(&checked, e);
	if (rc)
		return rc;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"UPDATE course_items SET title = ?, body_md = ?, url = ?, published = ?, updated_at = ?"
		" WHERE tenant_id = ? AND id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_text(st, 1, str_trim(r->arena, in->title));
	db_bind_text(st, 2, in->body_md ? in->body_md : "");
	db_bind_text(st, 3, in->url ? in->url : "");
	db_bind_int(st, 4, in->published);
	db_bind_int(st, 5, time(NULL));
	db_bind_int(st, 6, r->tenant.id);
	db_bind_int(st, 7, item_id);
	if (db_run(st) != 0)
		return ERR_INTERNAL;
	audit_record(r, "course.item.update", "course", it.course_id, in->title);
	return cache_changed(r, CACHE_COURSES);
}

/* A clean file name to keep: the base name, at most 120 characters. */
static char *clean_name(struct arena *a, const char *name)
{
	const char *base = name ? name : "";
	for (const char *p = base; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	if (!*base || !text_is_clean(base, false) || utf8_length(base) > 120)
		return arena_strdup(a, "fichier");
	return arena_strdup(a, base);
}

static int keep_upload(const struct upload *up, char sha[65], const char **type, struct err *e)
{
	if (!up || up->size == 0)
		return err_set(e, ERR_INVALID, "file", "%s", _("Choisissez un fichier à envoyer."));
	if (up->truncated)
		return err_set(e, ERR_TOO_LARGE, "file", "%s", _("Le fichier dépasse la taille autorisée."));
	*type = files_sniff(up->head, up->head_len);
	if (!*type)
		*type = "application/octet-stream";
	return files_keep(up, sha) == 0 ? 0 : ERR_INTERNAL;
}

int courses_item_set_file(struct req *r, int64_t item_id, const struct upload *up, struct err *e)
{
	if (!editor(r))
		return err_set(e, ERR_FORBIDDEN, NULL, "%s", _("Réservé aux auteurs."));
	struct course_item it;
	if (courses_item_get(r, item_id, 0, &it) != 0)
		return err_set(e, ERR_NOT_FOUND, NULL, "%s", _("Élément introuvable."));
	char sha[65];
	const char *type;
	int rc = keep_upload(up, sha, &type, e);
	if (rc)
		return rc;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"UPDATE course_items SET file_sha256 = ?, file_name = ?, file_type = ?, file_size = ?,"
		" updated_at = ? WHERE tenant_id = ? AND id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_text(st, 1, sha);
	db_bind_text(st, 2, clean_name(r->arena, up->filename));
	db_bind_text(st, 3, type);
	db_bind_int(st, 4, up->size);
	db_bind_int(st, 5, time(NULL));
	db_bind_int(st, 6, r->tenant.id);
	db_bind_int(st, 7, item_id);
	return db_run(st) == 0 ? 0 : ERR_INTERNAL;
}

int courses_item_attach(struct req *r, int64_t item_id, const struct upload *up, struct err *e)
{
	if (!editor(r))
		return err_set(e, ERR_FORBIDDEN, NULL, "%s", _("Réservé aux auteurs."));
	struct course_item it;
	if (courses_item_get(r, item_id, 0, &it) != 0)
		return err_set(e, ERR_NOT_FOUND, NULL, "%s", _("Élément introuvable."));
	char sha[65];
	const char *type;
	int rc = keep_upload(up, sha, &type, e);
	if (rc)
		return rc;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"INSERT INTO course_item_files (tenant_id, item_id, sha256, filename, content_type, size,"
		" created_at) VALUES (?, ?, ?, ?, ?, ?, ?)") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, item_id);
	db_bind_text(st, 3, sha);
	db_bind_text(st, 4, clean_name(r->arena, up->filename));
	db_bind_text(st, 5, type);
	db_bind_int(st, 6, up->size);
	db_bind_int(st, 7, time(NULL));
	return db_run(st) == 0 ? 0 : ERR_INTERNAL;
}

/* The statements of courses_move(), for sections and for items. */
struct move_sql {
	const char *self, *before, *after, *set;
};
static const struct move_sql move_sql[2] = {
	{"SELECT section_id, position FROM course_items WHERE tenant_id = ? AND id = ?",
	 "SELECT id, position FROM course_items WHERE tenant_id = ? AND section_id = ? AND"
	 " (position < ? OR (position = ? AND id < ?)) ORDER BY position DESC, id DESC LIMIT 1",
	 "SELECT id, position FROM course_items WHERE tenant_id = ? AND section_id = ? AND"
	 " (position > ? OR (position = ? AND id > ?)) ORDER BY position, id LIMIT 1",
	 "UPDATE course_items SET position = ? WHERE tenant_id = ? AND id = ?"},
	{"SELECT course_id, position FROM course_sections WHERE tenant_id = ? AND id = ?",
	 "SELECT id, position FROM course_sections WHERE tenant_id = ? AND course_id = ? AND"
	 " (position < ? OR (position = ? AND id < ?)) ORDER BY position DESC, id DESC LIMIT 1",
	 "SELECT id, position FROM course_sections WHERE tenant_id = ? AND course_id = ? AND"
	 " (position > ? OR (position = ? AND id > ?)) ORDER BY position, id LIMIT 1",
	 "UPDATE course_sections SET position = ? WHERE tenant_id = ? AND id = ?"},
};

int courses_move(struct req *r, int64_t id, bool is_section, int delta)
{
	if (!editor(r))
		return ERR_FORBIDDEN;
	/* swap positions with the neighbour in the direction of delta */
	const struct move_sql *q = &move_sql[is_section];
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, q->self) : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, id);
	if (db_step(st) != DB_ROW)
		return ERR_NOT_FOUND;
	int64_t parent = db_int(st, 0), pos = db_int(st, 1);
	db_done(st);
	st = db_prepare(db, delta < 0 ? q->before : q->after);
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, parent);
	db_bind_int(st, 3, pos);
	db_bind_int(st, 4, pos);
	db_bind_int(st, 5, id);
	if (db_step(st) != DB_ROW)
		return 0; /* already first or last */
	int64_t other = db_int(st, 0), other_pos = db_int(st, 1);
	db_done(st);
	if (other_pos == pos)
		other_pos = pos + (delta < 0 ? -1 : 1);
	if (db_begin(db) != 0)
		return ERR_INTERNAL;
	int64_t ids[2] = {id, other}, poss[2] = {other_pos, pos};
	for (int i = 0; i < 2; i++) {
		st = db_prepare(db, q->set);
		if (!st)
			goto fail;
		db_bind_int(st, 1, poss[i]);
		db_bind_int(st, 2, r->tenant.id);
		db_bind_int(st, 3, ids[i]);
		if (db_run(st) != 0)
			goto fail;
	}
	return db_commit(db);
fail:
	db_rollback(db);
	return ERR_INTERNAL;
}

int courses_item_delete(struct req *r, int64_t item_id, struct err *e)
{
	if (!editor(r))
		return err_set(e, ERR_FORBIDDEN, NULL, "%s", _("Réservé aux auteurs."));
	int64_t course = course_of(r, "item", item_id);
	if (!course)
		return err_set(e, ERR_NOT_FOUND, NULL, "%s", _("Élément introuvable."));
	struct db *db = db_get();
	if (!db || db_begin(db) != 0)
		return ERR_INTERNAL;
	static const char *const sqls[] = {
		"DELETE FROM item_progress WHERE tenant_id = ? AND item_id = ?",
		"DELETE FROM course_item_files WHERE tenant_id = ? AND item_id = ?",
		"DELETE FROM course_items WHERE tenant_id = ? AND id = ?",
	};
	for (size_t i = 0; i < 3; i++) {
		struct db_stmt *st = db_prepare(db, sqls[i]);
		if (!st)
			goto fail;
		db_bind_int(st, 1, r->tenant.id);
		db_bind_int(st, 2, item_id);
		int rc = db_run(st);
		if (rc == ERR_CONFLICT) {
			db_rollback(db);
			return err_set(e, ERR_CONFLICT, NULL, "%s",
			               _("Des apprenants ont déjà travaillé sur cet élément (devoirs rendus) : "
			                 "dépubliez-le plutôt que de le supprimer."));
		}
		if (rc)
			goto fail;
	}
	if (cache_changed(r, CACHE_COURSES) != 0)
		goto fail;
	audit_record(r, "course.item.delete", "course", course, "");
	return db_commit(db);
fail:
	db_rollback(db);
	return ERR_INTERNAL;
}

/* ---- Copy for next year ---- */

static bool year_ok(const char *y)
{
	/* "2027-2028": two consecutive years */
	if (!y || strlen(y) != 9 || y[4] != '-')
		return false;
	for (int i = 0; i < 9; i++)
		if (i != 4 && !isdigit((unsigned char)y[i]))
			return false;
	int a = (y[0] - '0') * 1000 + (y[1] - '0') * 100 + (y[2] - '0') * 10 + (y[3] - '0');
	int b = (y[5] - '0') * 1000 + (y[6] - '0') * 100 + (y[7] - '0') * 10 + (y[8] - '0');
	return b == a + 1 && a >= 2000;
}

int courses_copy(struct req *r, int64_t course_id, const char *year, int64_t *new_id, struct err *e)
{
	if (!editor(r))
		return err_set(e, ERR_FORBIDDEN, NULL, "%s", _("Réservé aux auteurs."));
	struct course c;
	if (catalogue_course_get(r, course_id, true, &c) != 0)
		return err_set(e, ERR_NOT_FOUND, NULL, "%s", _("Cours introuvable."));
	if (!year_ok(year))
		return err_set(e, ERR_INVALID, "year", "%s",
		               _("L'année scolaire s'écrit AAAA-AAAA, par exemple 2027-2028."));
	struct db *db = db_get();
	if (!db || db_begin(db) != 0)
		return ERR_INTERNAL;
	char price[32];
	snprintf(price, sizeof price, "%lld,%02lld", (long long)(c.price_cents / 100),
	         (long long)(c.price_cents % 100));
	struct course_input in = {
		.code = arena_printf(r->arena, "%.30s-%.4s", c.code, year + 5),
		.title = arena_printf(r->arena, "%s (%s)", c.title, year),
		.level = c.level, .summary = c.summary, .description_md = c.description_md,
		.price = price, .unit_id = c.unit_id, .a_la_carte = c.a_la_carte, .published = false,
	};
	int rc = catalogue_course_save(r, 0, &in, new_id, e);
	if (rc) {
		db_rollback(db);
		return rc;
	}
	/* the structure: sections, items, attachments, staff, in one pass each;
	** new ids keep the order because positions are copied */
	static const char *const sqls[] = {
		"UPDATE courses SET school_year = ? WHERE tenant_id = ? AND id = ?",
		"INSERT INTO course_staff (tenant_id, course_id, account_id, role)"
		" SELECT tenant_id, ?, account_id, role FROM course_staff WHERE tenant_id = ? AND course_id = ?",
	};
	for (size_t i = 0; i < 2; i++) {
		struct db_stmt *st = db_prepare(db, sqls[i]);
		if (!st)
			goto fail;
		if (i == 0)
			db_bind_text(st, 1, year);
		else
			db_bind_int(st, 1, *new_id);
		db_bind_int(st, 2, r->tenant.id);
		db_bind_int(st, 3, i == 0 ? *new_id : course_id);
		if (db_run(st) != 0)
			goto fail;
	}
	struct db_stmt *secs = db_prepare(db,
		"SELECT id, title, position FROM course_sections WHERE tenant_id = ? AND course_id = ?"
		" ORDER BY position, id LIMIT 200");
	if (!secs)
		goto fail;
	db_bind_int(secs, 1, r->tenant.id);
	db_bind_int(secs, 2, course_id);
	int64_t old_ids[200], poss[200];
	char *titles[200];
	int n = 0;
	while (db_step(secs) == DB_ROW && n < 200) {
		old_ids[n] = db_int(secs, 0);
		titles[n] = db_text_dup(secs, 1, r->arena);
		poss[n] = db_int(secs, 2);
		n++;
	}
	for (int s = 0; s < n; s++) {
		struct db_stmt *st = db_prepare(db,
			"INSERT INTO course_sections (tenant_id, course_id, title, position) VALUES (?, ?, ?, ?)"
			" RETURNING id");
		if (!st)
			goto fail;
		db_bind_int(st, 1, r->tenant.id);
		db_bind_int(st, 2, *new_id);
		db_bind_text(st, 3, titles[s]);
		db_bind_int(st, 4, poss[s]);
		if (db_step(st) != DB_ROW)
			goto fail;
		int64_t new_section = db_int(st, 0);
		db_done(st);
		st = db_prepare(db,
			"INSERT INTO course_items (tenant_id, course_id, section_id, kind, title, body_md, url,"
			" file_sha256, file_name, file_type, file_size, position, published, created_at, updated_at)"
			" SELECT tenant_id, ?, ?, kind, title, body_md, url, file_sha256, file_name, file_type,"
			" file_size, position, published, ?, ? FROM course_items WHERE tenant_id = ? AND section_id = ?"
			" ORDER BY position, id");
		if (!st)
			goto fail;
		int64_t now = time(NULL);
		db_bind_int(st, 1, *new_id);
		db_bind_int(st, 2, new_section);
		db_bind_int(st, 3, now);
		db_bind_int(st, 4, now);
		db_bind_int(st, 5, r->tenant.id);
		db_bind_int(st, 6, old_ids[s]);
		if (db_run(st) != 0)
			goto fail;
	}
	if (cache_changed(r, CACHE_COURSES) != 0)
		goto fail;
	audit_record(r, "course.copy", "course", *new_id, year);
	return db_commit(db);
fail:
	db_rollback(db);
	return ERR_INTERNAL;
}

/* ---- Staff ---- */

int courses_staff_add(struct req *r, int64_t course_id, const char *login, const char *role,
                      struct err *e)
{
	if (!(r->user.roles & ROLE_ADMIN))
		return err_set(e, ERR_FORBIDDEN, NULL, "%s", _("Réservé aux administrateurs."));
	struct course c;
	if (catalogue_course_get(r, course_id, true, &c) != 0)
		return err_set(e, ERR_NOT_FOUND, NULL, "%s", _("Cours introuvable."));
	struct person p;
	if (!login || people_find_login(r, login, &p) != 0)
		return err_set(e, ERR_INVALID, "login", "%s",
		               _("Aucun compte de votre organisation n'a cet identifiant."));
	bool advisor = role && strcmp(role, "advisor") == 0;
	if (!(p.roles & (advisor ? ROLE_ADVISOR : ROLE_TEACHER)))
		return err_set(e, ERR_INVALID, "login", "%s",
		               advisor ? _("Ce compte n'a pas le rôle de conseiller.")
		                       : _("Ce compte n'a pas le rôle d'enseignant."));
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"INSERT INTO course_staff (tenant_id, course_id, account_id, role) VALUES (?, ?, ?, ?)"
		" ON CONFLICT DO NOTHING") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, course_id);
	db_bind_int(st, 3, p.id);
	db_bind_text(st, 4, advisor ? "advisor" : "teacher");
	if (db_run(st) != 0)
		return ERR_INTERNAL;
	audit_record(r, "course.staff.add", "course", course_id, p.login);
	return 0;
}

int courses_staff_remove(struct req *r, int64_t course_id, int64_t account_id)
{
	if (!(r->user.roles & ROLE_ADMIN))
		return ERR_FORBIDDEN;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"DELETE FROM course_staff WHERE tenant_id = ? AND course_id = ? AND account_id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, course_id);
	db_bind_int(st, 3, account_id);
	if (db_run(st) != 0)
		return ERR_INTERNAL;
	if (db_changes(st) == 0)
		return ERR_NOT_FOUND;
	audit_record(r, "course.staff.remove", "course", course_id, "");
	return 0;
}
