/*
** This file implements the documents families send with an enrolment
** (justification for regulated schooling, diplomas...): upload with the
** type checked by content, the staff review queue, and download.
*/
#include <string.h>
#include <time.h>

#include "catalogue/catalogue.h"
#include "enrolment/internal.h"
#include "kernel/audit.h"
#include "kernel/db.h"
#include "kernel/files.h"
#include "kernel/i18n.h"
#include "kernel/text.h"

#define DOC_COLUMNS \
	"d.id, d.enrolment_id, d.requirement_id, q.title, d.filename, d.content_type, d.sha256," \
	" d.status, d.review_note, d.size, d.uploaded_at, d.reviewed_at"

static void read_doc(struct db_stmt *st, struct arena *a, struct enrolment_doc *d)
{
	d->id = db_int(st, 0);
	d->enrolment_id = db_int(st, 1);
	d->requirement_id = db_int(st, 2);
	d->requirement_title = db_text_dup(st, 3, a);
	d->filename = db_text_dup(st, 4, a);
	d->content_type = db_text_dup(st, 5, a);
	d->sha256 = db_text_dup(st, 6, a);
	d->status = db_text_dup(st, 7, a);
	d->review_note = db_text_dup(st, 8, a);
	d->size = db_int(st, 9);
	d->uploaded_at = db_int(st, 10);
	d->reviewed_at = db_int(st, 11);
	d->learner_name = NULL;
	d->title = NULL;
}

int enrolment_documents(struct req *r, int64_t enrolment_id, struct enrolment_doc **out)
{
	struct enrolment en;
	int rc = enrolment_get(r, enrolment_id, &en);
	if (rc)
		return rc;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT " DOC_COLUMNS " FROM enrolment_documents d"
		" JOIN programme_requirements q ON q.tenant_id = d.tenant_id AND q.id = d.requirement_id"
		" WHERE d.tenant_id = ? AND d.enrolment_id = ? ORDER BY d.id LIMIT 100") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, enrolment_id);
	struct enrolment_doc *d = arena_array(r->arena, 100, sizeof *d);
	int n = 0;
	while ((rc = db_step(st)) == DB_ROW)
		read_doc(st, r->arena, &d[n++]);
	*out = d;
	return rc == DB_DONE ? n : ERR_INTERNAL;
}

/* A safe file name to keep: the base name, clean UTF-8, at most 120 chars. */
static char *clean_filename(struct arena *a, const char *name)
{
	const char *base = name ? name : "";
	for (const char *p = base; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	if (!*base || !text_is_clean(base, false) || utf8_length(base) > 120)
		return arena_strdup(a, "document");
	return arena_strdup(a, base);
}

int enrolment_document_add(struct req *r, int64_t enrolment_id, int64_t requirement_id,
                           const struct upload *up, struct err *e)
{
	struct enrolment en;
	if (enrolment_get(r, enrolment_id, &en) != 0)
		return err_set(e, ERR_NOT_FOUND, NULL, "%s", _("Inscription introuvable."));
	if (strcmp(en.status, "submitted") != 0 && strcmp(en.status, "active") != 0)
		return err_set(e, ERR_FORBIDDEN, NULL, "%s",
		               _("Cette inscription n'attend plus de pièce."));
	bool requirement_ok = false;
	if (en.programme_id) {
		struct requirement *q;
		int n = catalogue_requirements(r, en.programme_id, &q);
		for (int i = 0; i < n; i++)
			requirement_ok |= q[i].id == requirement_id;
	}
	if (!requirement_ok)
		return err_set(e, ERR_INVALID, "requirement_id", "%s",
		               _("Cette pièce n'est pas demandée pour cette inscription."));
	if (!up || up->size == 0)
		return err_set(e, ERR_INVALID, "file", "%s", _("Choisissez un fichier à envoyer."));
	if (up->truncated)
		return err_set(e, ERR_TOO_LARGE, "file", "%s", _("Le fichier dépasse la taille autorisée."));
	const char *type = files_sniff(up->head, up->head_len);
	if (!type)
		return err_set(e, ERR_INVALID, "file", "%s",
		               _("Le fichier doit être un PDF, une image JPEG ou PNG (son contenu a été "
		                 "vérifié, pas seulement son nom)."));
	char sha[65];
	if (files_keep(up, sha) != 0)
		return ERR_INTERNAL;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"INSERT INTO enrolment_documents (tenant_id, enrolment_id, requirement_id, filename,"
		" content_type, size, sha256, status, uploaded_by, uploaded_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, enrolment_id);
	db_bind_int(st, 3, requirement_id);
	db_bind_text(st, 4, clean_filename(r->arena, up->filename));
	db_bind_text(st, 5, type);
	db_bind_int(st, 6, up->size);
	db_bind_text(st, 7, sha);
	db_bind_int(st, 8, r->user.id);
	db_bind_int(st, 9, time(NULL));
	if (db_run(st) != 0)
		return ERR_INTERNAL;
	audit_record(r, "document.upload", "enrolment", enrolment_id, sha);
	return 0;
}

int enrolment_document_get(struct req *r, int64_t enrolment_id, int64_t doc_id,
                           struct enrolment_doc *out)
{
	struct enrolment en;
	int rc = enrolment_get(r, enrolment_id, &en);
	if (rc)
		return rc;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT " DOC_COLUMNS " FROM enrolment_documents d"
		" JOIN programme_requirements q ON q.tenant_id = d.tenant_id AND q.id = d.requirement_id"
		" WHERE d.tenant_id = ? AND d.enrolment_id = ? AND d.id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, enrolment_id);
	db_bind_int(st, 3, doc_id);
	rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL;
	read_doc(st, r->arena, out);
	db_done(st);
	return 0;
}

int enrolment_document_review(struct req *r, int64_t doc_id, bool accept, const char *note,
                              struct err *e)
{
	if (!(r->user.roles & ENROLMENT_DECIDERS))
		return err_set(e, ERR_FORBIDDEN, NULL, "%s", _("Réservé aux conseillers."));
	if (!accept && str_empty(note))
		return err_set(e, ERR_INVALID, "note", "%s",
		               _("Expliquez à la famille pourquoi la pièce est refusée."));
	if (note && (utf8_length(note) > 1000 || !text_is_clean(note, true)))
		return err_set(e, ERR_INVALID, "note", "%s", _("La note compte 1 000 caractères au plus."));
	struct db *db = db_get();
	if (!db || db_begin(db) != 0)
		return ERR_INTERNAL;
	struct db_stmt *st = db_prepare(db,
		"UPDATE enrolment_documents SET status = ?, review_note = ?, reviewed_by = ?,"
		" reviewed_at = ? WHERE tenant_id = ? AND id = ? AND status = 'pending'"
		" RETURNING enrolment_id");
	if (!st)
		goto fail;
	db_bind_text(st, 1, accept ? "accepted" : "rejected");
	db_bind_text(st, 2, note ? note : "");
	db_bind_int(st, 3, r->user.id);
	db_bind_int(st, 4, time(NULL));
	db_bind_int(st, 5, r->tenant.id);
	db_bind_int(st, 6, doc_id);
	int rc = db_step(st);
	if (rc == DB_DONE) {
		db_rollback(db);
		return err_set(e, ERR_NOT_FOUND, NULL, "%s",
		               _("Cette pièce est introuvable ou a déjà été examinée."));
	}
	if (rc != DB_ROW)
		goto fail;
	int64_t enrolment_id = db_int(st, 0);
	db_done(st);
	if (accept && enrolment_activate_if_ready(r, enrolment_id) < 0)
		goto fail;
	audit_record(r, accept ? "document.accept" : "document.reject", "enrolment", enrolment_id, "");
	return db_commit(db);
fail:
	db_rollback(db);
	return ERR_INTERNAL;
}

int enrolment_review_queue(struct req *r, int limit, struct enrolment_doc **out)
{
	if (!(r->user.roles & ENROLMENT_STAFF))
		return ERR_FORBIDDEN;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT " DOC_COLUMNS ", a.given_name || ' ' || a.family_name, p.title"
		" FROM enrolment_documents d"
		" JOIN programme_requirements q ON q.tenant_id = d.tenant_id AND q.id = d.requirement_id"
		" JOIN enrolments e ON e.tenant_id = d.tenant_id AND e.id = d.enrolment_id"
		" JOIN accounts a ON a.tenant_id = e.tenant_id AND a.id = e.learner_id"
		" JOIN programmes p ON p.tenant_id = e.tenant_id AND p.id = e.programme_id"
		" WHERE d.tenant_id = ? AND d.status = 'pending' ORDER BY d.id LIMIT ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, limit);
	struct enrolment_doc *d = arena_array(r->arena, (size_t)limit, sizeof *d);
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW && n < limit) {
		read_doc(st, r->arena, &d[n]);
		d[n].learner_name = db_text_dup(st, 12, r->arena);
		d[n].title = db_text_dup(st, 13, r->arena);
		n++;
	}
	if (rc == DB_ROW)
		db_done(st);
	*out = d;
	return rc == DB_ROW || rc == DB_DONE ? n : ERR_INTERNAL;
}
