/*
** enrolment.h - who is enrolled in what, and how they got there.
**
** A learner is enrolled in a programme, or in a single course sold à la
** carte. They apply themselves, or a guardian applies for their child, or a
** partner school for its pupils (one by one or from a CSV class list), or
** staff for anyone. An enrolment goes
**
**     submitted ──► active ──► completed
**         │           │ ▲
**         │           ▼ │
**         │        suspended
**         └───────────┴──────► cancelled
**
** "submitted" waits for documents or payment; an enrolment with nothing to
** wait for (no required document, nothing to pay) is active at once, and
** one whose documents are all accepted and costs nothing becomes active
** when the last one is. Every change is recorded with who and when.
**
** Who sees an enrolment: the learner, their guardians, the staff of the
** learner's partner school, and staff (advisor, admin, support, finance).
** For anyone else it does not exist (ERR_NOT_FOUND), within the request's
** tenant as everywhere. Strings are allocated in r->arena.
*/
#ifndef CARTABLE_ENROLMENT_H
#define CARTABLE_ENROLMENT_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/err.h"
#include "kernel/req.h"
#include "kernel/str.h"

#define ENROLMENT_STAFF (ROLE_ADVISOR | ROLE_ADMIN | ROLE_SUPPORT | ROLE_FINANCE)
#define ENROLMENT_DECIDERS (ROLE_ADVISOR | ROLE_ADMIN)

struct enrolment {
	int64_t id, learner_id, programme_id, course_id, applied_by, school_id;
	char *learner_name, *learner_login, *title, *status, *accommodation_note;
	int64_t price_cents, extra_time_pct, spread_years;
	bool reduced_homework;
	int64_t created_at, updated_at;
	int64_t docs_pending;        /* documents waiting for review (lists) */
};

struct enrolment_event {
	char *from_status, *to_status, *actor_name, *note;
	int64_t at;
};

struct enrolment_doc {
	int64_t id, enrolment_id, requirement_id;
	char *requirement_title, *filename, *content_type, *sha256, *status, *review_note;
	int64_t size, uploaded_at, reviewed_at;
	char *learner_name, *title; /* in the review queue */
};

/* enrolment_status_label() is a status in the request's language. */
const char *enrolment_status_label(const char *status);

/*
** enrolment_apply() enrols learner_id in programme_id or course_id (the
** other 0) on behalf of the signed-in person, who must be that learner, one
** of their guardians, staff of their school, or an advisor/admin. note is
** the family's word on special needs (may be NULL). Returns 0 with *id set;
** ERR_NOT_FOUND (learner, programme or course unknown or not visible),
** ERR_FORBIDDEN, ERR_INVALID or ERR_CONFLICT (already enrolled) with a
** message; ERR_INTERNAL.
*/
MUST_CHECK int enrolment_apply(struct req *r, int64_t learner_id, int64_t programme_id,
                               int64_t course_id, const char *note, int64_t *id, struct err *e);

/* enrolment_get() reads one enrolment the signed-in person may see. */
MUST_CHECK int enrolment_get(struct req *r, int64_t id, struct enrolment *out);

/* enrolment_events() lists its history, oldest first. */
int enrolment_events(struct req *r, int64_t id, struct enrolment_event **out);

/* enrolment_for_learner() lists a learner's enrolments, newest first (the
** learner must be visible to the signed-in person). Count or ERR_*. */
int enrolment_for_learner(struct req *r, int64_t learner_id, struct enrolment **out);

/* enrolment_for_school() lists the enrolments of a school's pupils. */
int enrolment_for_school(struct req *r, int64_t school_id, int offset, int limit,
                         struct enrolment **out);

struct enrolment_filter {
	const char *status;      /* NULL: any */
	const char *q;           /* learner name or login words */
	int64_t programme_id;    /* 0: any */
	int offset, limit;
};

/* enrolment_search() lists enrolments for staff, newest first. */
int enrolment_search(struct req *r, const struct enrolment_filter *f, struct enrolment **out);

/*
** enrolment_set_status() moves an enrolment to `to` with a note. Staff who
** decide (advisor, admin) may make any allowed move; the learner or a
** guardian may only cancel a submitted one. ERR_INVALID for a move the
** diagram above does not allow.
*/
MUST_CHECK int enrolment_set_status(struct req *r, int64_t id, const char *to, const char *note,
                                    struct err *e);

/* enrolment_set_accommodations() records extra time (0-100 % on every
** deadline), lighter homework and a spread over 1 to 4 years (deciders). */
MUST_CHECK int enrolment_set_accommodations(struct req *r, int64_t id, const char *extra_time_pct,
                                            bool reduced, const char *spread_years,
                                            const char *note, struct err *e);

/* enrolment_csv() writes the enrolments matching f as CSV (UTF-8 with BOM,
** ';' separated, for spreadsheets) into out. Count or ERR_*. */
int enrolment_csv(struct req *r, const struct enrolment_filter *f, struct sb *out);

/* enrolment_csv_rows() writes the same CSV for enrolments already read. */
void enrolment_csv_rows(struct req *r, const struct enrolment *e, int n, struct sb *out);

/* ---- Documents (documents.c) ---- */

/* enrolment_documents() lists the documents sent for an enrolment. */
int enrolment_documents(struct req *r, int64_t enrolment_id, struct enrolment_doc **out);

/*
** enrolment_document_add() attaches an uploaded file for a requirement of
** the enrolment's programme: a PDF, JPEG or PNG recognised by its content
** whatever its name, within the upload limit. The file is on disk, synced,
** before the row is committed. ERR_INVALID (type, empty, requirement) with
** a message, ERR_NOT_FOUND, ERR_FORBIDDEN (enrolment no longer waiting).
*/
MUST_CHECK int enrolment_document_add(struct req *r, int64_t enrolment_id, int64_t requirement_id,
                                      const struct upload *up, struct err *e);

/* enrolment_document_get() reads a document the signed-in person may see. */
MUST_CHECK int enrolment_document_get(struct req *r, int64_t enrolment_id, int64_t doc_id,
                                      struct enrolment_doc *out);

/* enrolment_document_review() accepts or rejects a pending document
** (deciders); a rejection needs a note for the family. */
MUST_CHECK int enrolment_document_review(struct req *r, int64_t doc_id, bool accept,
                                         const char *note, struct err *e);

/* enrolment_review_queue() lists pending documents, oldest first. */
int enrolment_review_queue(struct req *r, int limit, struct enrolment_doc **out);

/* ---- Import of class lists (import.c) ---- */

struct import_line {
	int line;                  /* in the file */
	char *family_name, *given_name, *birth_date, *school_class, *email;
	char *error;               /* NULL when the line is fine */
	bool existing;             /* the pupil already has an account */
	bool already_enrolled;
};

struct import_result {
	const char *encoding;
	char separator;
	int nlines, nerrors, ncreated, nenrolled, nalready;
	struct import_line *lines;
	char *file_error;          /* the file as a whole is unusable */
};

/*
** enrolment_import() reads a class list (CSV as schools export it, header
** row naming the columns nom, prénom, date de naissance, and optionally
** classe and e-mail) for the signed-in school's pupils and course_id (an
** à-la-carte course). With commit false it only checks and fills *res with
** an error per faulty line. With commit true and no error anywhere, it
** creates the missing pupils' accounts and enrols everyone in one
** transaction: all or nothing. Returns 0 (see res->nerrors), ERR_NOT_FOUND
** (course), ERR_FORBIDDEN, ERR_INTERNAL.
*/
MUST_CHECK int enrolment_import(struct req *r, int64_t course_id, const char *data, size_t len,
                                bool commit, struct import_result *res);

/* ---- What other features ask (access.c) ---- */

/* Accommodations of a learner in a course (the most generous of their
** active enrolments giving it). */
struct accommodation {
	int64_t extra_time_pct;   /* more time on every deadline, in % */
	bool reduced_homework;
};

struct course_learner {
	int64_t id;
	char *given_name, *family_name, *login;
	struct accommodation acc;
};

/* enrolment_course_ids() lists the courses learner_id follows through an
** active enrolment (à la carte, or in a programme), in programme order,
** each once. No visibility check: the caller decides who may ask. Count or
** ERR_INTERNAL. */
int enrolment_course_ids(struct req *r, int64_t learner_id, int64_t **ids);

/* enrolment_course_accommodations() is enrolment_course_ids() with, for
** each course, the accommodation enrolment_follows() would give (*acc[i]
** for *ids[i]): one query for a learner's whole list of homework. */
int enrolment_course_accommodations(struct req *r, int64_t learner_id, int64_t **ids,
                                    struct accommodation **acc);

/* enrolment_follows() is true when learner_id follows course_id through an
** active enrolment; fills *acc (may be NULL). */
bool enrolment_follows(struct req *r, int64_t learner_id, int64_t course_id,
                       struct accommodation *acc);

/* enrolment_course_learners() lists the learners following course_id, by
** name, at most limit. Count or ERR_INTERNAL. */
int enrolment_course_learners(struct req *r, int64_t course_id, int limit,
                              struct course_learner **out);

#endif
