/*
** courses.h - what happens inside a course: sections holding items
** (lessons in Markdown, file resources, external links, homework), who
** teaches it, and what each learner has done.
**
** The catalogue (catalogue.h) says a course exists and what it costs; this
** feature is the course itself. Who may do what:
**   - authors and admins edit any course of their tenant;
**   - its staff (course_staff: teachers, advisors) see it whole, published
**     or not, and follow their learners' progress;
**   - a learner sees the published items of the courses they follow through
**     an active enrolment (enrolment_follows()), and marks items done;
**   - a guardian sees what their child sees, and the child's progress.
** For anybody else a course does not exist (ERR_NOT_FOUND). Everything acts
** within the request's tenant; strings are allocated in r->arena.
*/
#ifndef CARTABLE_COURSES_H
#define CARTABLE_COURSES_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/err.h"
#include "kernel/req.h"

enum course_access {
	COURSE_NONE = 0,
	COURSE_GUARDIAN,   /* a guardian looking at a child's course */
	COURSE_LEARNER,    /* follows it */
	COURSE_STAFF,      /* teaches it */
	COURSE_EDITOR,     /* author or admin */
};

struct course_item {
	int64_t id, course_id, section_id;
	char *kind;                /* lesson, file, link, homework */
	char *title, *body_md, *url;
	char *file_sha256, *file_name, *file_type;   /* file resource, or NULL */
	int64_t file_size;
	int position;
	bool published;
	int64_t done_at;           /* for the learner asked about; 0: not done */
};

struct course_section {
	int64_t id;
	char *title;
	int position;
	struct course_item *items;
	int nitems;
};

struct course_outline {
	int64_t id;
	char *code, *title, *summary, *school_year;
	struct course_section *sections;
	int nsections;
	int items, done;           /* published items, and those done by the learner */
	struct course_item *next;  /* first published item not done, or NULL */
};

struct course_summary {
	int64_t id;
	char *code, *title;
	int items, done;
	int64_t last_done_at;
};

/* course_item_kind_label() is a kind of item in the request's language. */
const char *course_item_kind_label(const char *kind);

/*
** courses_access() tells what the signed-in person may do in course_id
** when looking at learner_id's work (0: their own). COURSE_NONE when the
** course is not theirs to see, or does not exist.
*/
enum course_access courses_access(struct req *r, int64_t course_id, int64_t learner_id);

/*
** courses_outline() reads a course with its sections and items, for
** learner_id's progress (0: none). Learners and guardians get published
** items only. ERR_NOT_FOUND unless courses_access() allows.
*/
MUST_CHECK int courses_outline(struct req *r, int64_t course_id, int64_t learner_id,
                               struct course_outline *out);

/* courses_for_learner() lists the courses learner_id follows with their
** progress (the signed-in person must be the learner, a guardian, or
** staff). Count or ERR_*. */
int courses_for_learner(struct req *r, int64_t learner_id, struct course_summary **out);

/* courses_for_staff() lists the courses the signed-in person teaches. */
int courses_for_staff(struct req *r, struct course_summary **out);

/* courses_is_staff() is true when account_id teaches course_id. */
bool courses_is_staff(struct req *r, int64_t course_id, int64_t account_id);

/* courses_staff() lists the staff (account ids) of a course. Count or ERR_*. */
int courses_staff(struct req *r, int64_t course_id, int64_t **ids);

/*
** courses_item_get() reads one item for learner_id (0: the signed-in
** person), with the same rules as courses_outline().
*/
MUST_CHECK int courses_item_get(struct req *r, int64_t item_id, int64_t learner_id,
                                struct course_item *out);

/* courses_mark_done() marks (done) or unmarks an item for the signed-in
** learner, who must follow its course. */
MUST_CHECK int courses_mark_done(struct req *r, int64_t item_id, bool done);

/* courses_mark_done_for() is courses_mark_done() for another feature acting
** for learner_id (homework handed in), without the access check. */
MUST_CHECK int courses_mark_done_for(struct req *r, int64_t learner_id, int64_t item_id);

/* ---- Editing (editing.c): authors and admins only (ERR_FORBIDDEN) ---- */

/* courses_section_course() / courses_item_course(): the course holding a
** section or an item of the request's tenant, or 0. */
int64_t courses_section_course(struct req *r, int64_t section_id);
int64_t courses_item_course(struct req *r, int64_t item_id);

MUST_CHECK int courses_section_add(struct req *r, int64_t course_id, const char *title,
                                   int64_t *id, struct err *e);
MUST_CHECK int courses_section_rename(struct req *r, int64_t section_id, const char *title,
                                      struct err *e);
/* courses_section_delete() refuses (ERR_CONFLICT) a section that still
** holds items. */
MUST_CHECK int courses_section_delete(struct req *r, int64_t section_id, struct err *e);

struct course_item_input {
	const char *kind, *title, *body_md, *url;
	bool published;
};

/* courses_item_add() adds an item at the end of a section. */
MUST_CHECK int courses_item_add(struct req *r, int64_t section_id, const struct course_item_input *in,
                                int64_t *id, struct err *e);
/* courses_item_update() changes title, text, link and publication (not the kind). */
MUST_CHECK int courses_item_update(struct req *r, int64_t item_id, const struct course_item_input *in,
                                   struct err *e);
/* courses_item_set_file() attaches the uploaded file resource of a "file"
** item (any type, stored by SHA-256). */
MUST_CHECK int courses_item_set_file(struct req *r, int64_t item_id, const struct upload *up,
                                     struct err *e);
/* courses_item_move() moves an item up (-1) or down (+1) in its section,
** or a section when item_id is a section id and is_section. */
MUST_CHECK int courses_move(struct req *r, int64_t id, bool is_section, int delta);
/* courses_item_delete() deletes an item and the learners' marks on it;
** ERR_CONFLICT when another feature holds data on it (homework handed in). */
MUST_CHECK int courses_item_delete(struct req *r, int64_t item_id, struct err *e);

/*
** courses_copy() copies a course (catalogue entry, sections, items,
** attachments, staff) for another school year: code "<code>-<year>",
** unpublished items stay unpublished, nothing of the learners is copied.
** year is "2027-2028". Returns the new course id.
*/
MUST_CHECK int courses_copy(struct req *r, int64_t course_id, const char *year, int64_t *new_id,
                            struct err *e);

/* courses_staff_add() / _remove(): admins decide who teaches a course. */
MUST_CHECK int courses_staff_add(struct req *r, int64_t course_id, const char *login,
                                 const char *role, struct err *e);
MUST_CHECK int courses_staff_remove(struct req *r, int64_t course_id, int64_t account_id);

/* ---- Lesson attachments ---- */

struct course_file {
	int64_t id;
	char *sha256, *filename, *content_type;
	int64_t size;
};

/* courses_item_files() lists the files attached to an item the signed-in
** person may see (looking at learner_id's course, as courses_item_get()).
** Count or ERR_*. */
int courses_item_files(struct req *r, int64_t item_id, int64_t learner_id,
                       struct course_file **out);
/* courses_item_attach() attaches an uploaded file to a lesson (editors). */
MUST_CHECK int courses_item_attach(struct req *r, int64_t item_id, const struct upload *up,
                                   struct err *e);

#endif
