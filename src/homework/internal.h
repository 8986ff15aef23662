/*
** internal.h - what homework.c and correction.c share: who may see a copy,
** reading a copy's row, and finding the teachers of a course. Not a public
** API: other features use homework.h.
*/
#ifndef CARTABLE_HOMEWORK_INTERNAL_H
#define CARTABLE_HOMEWORK_INTERNAL_H

#include "courses/courses.h"
#include "homework/homework.h"
#include "kernel/db.h"

/* Columns of a copy without its long texts, and the joins for names. */
#define HW_LIST_COLUMNS \
	"s.id, s.item_id, s.course_id, s.learner_id, s.version, s.sha256, s.file_sha256," \
	" s.file_name, s.file_type, s.file_size, s.submitted_at, s.due_at, s.late, s.teacher_id," \
	" s.allocated_at, s.started_at, s.returned_at, s.turnaround, s.grade, s.max_grade," \
	" s.annotated_sha256, s.annotated_name, s.annotated_type, s.annotated_size," \
	" l.given_name, l.family_name, t.given_name, t.family_name, i.title, c.title"
#define HW_LIST_NCOLS 30
#define HW_FULL_COLUMNS HW_LIST_COLUMNS ", s.text_answer, s.feedback_md"
#define HW_JOINS \
	" JOIN accounts l ON l.tenant_id = s.tenant_id AND l.id = s.learner_id" \
	" LEFT JOIN accounts t ON t.tenant_id = s.tenant_id AND t.id = s.teacher_id" \
	" JOIN course_items i ON i.tenant_id = s.tenant_id AND i.id = s.item_id" \
	" JOIN courses c ON c.tenant_id = s.tenant_id AND c.id = s.course_id"

/* ---- Shared by homework.c, submit.c and list.c ---- */

/* hw_defaults() gives an assignment the settings of one nobody configured. */
void hw_defaults(struct assignment *a);
/* hw_apply_extra_time() sets the learner's own due date and cut-off. */
void hw_apply_extra_time(struct assignment *a, int64_t pct);
/* hw_learner_due() / hw_learner_cutoff(): the learner's own dates. */
int64_t hw_learner_due(const struct assignment *a);
int64_t hw_learner_cutoff(const struct assignment *a);
/* hw_status_of() is where a learner stands on an assignment (s may have id 0). */
enum homework_status hw_status_of(const struct assignment *a, const struct submission *s,
                                  int64_t now);
/* hw_assignment_load() reads an assignment for learner_id (0: the signed-in
** learner) with what the signed-in person may do in its course. */
int hw_assignment_load(struct req *r, int64_t item_id, int64_t learner_id, struct assignment *out,
                       enum course_access *acc);

/* hw_read_list() reads HW_LIST_COLUMNS; hw_read_full() HW_FULL_COLUMNS. */
void hw_read_list(struct db_stmt *st, struct arena *a, struct submission *s);
void hw_read_full(struct db_stmt *st, struct arena *a, struct submission *s);

/* hw_teaches() is true for the teachers of the course, advisors and admins:
** those who see its copies. */
bool hw_teaches(struct req *r, int64_t course_id);

/* hw_load() reads a copy of the tenant with every column, no access check.
** ERR_NOT_FOUND or ERR_INTERNAL. */
int hw_load(struct req *r, int64_t id, struct submission *out);

/* hw_check_file() checks an uploaded document by content against the
** types accepted (and what its name claims): 0 with its media type and a
** clean name to keep, or ERR_INVALID / ERR_TOO_LARGE with a message. */
int hw_check_file(struct req *r, unsigned types, const struct upload *up, const char **mime,
                  char **name, struct err *e);

/* hw_queue_add() puts a copy in its teacher's queue (teacher_id 0: nobody's);
** hw_queue_set() changes its "teacher_id" or "started_at" there, or with
** "returned" takes it out. In the caller's transaction. 0 or ERR_INTERNAL. */
int hw_queue_add(struct req *r, const struct submission *s);
int hw_queue_set(struct req *r, int64_t submission_id, const char *column, int64_t value);

/* hw_notify_teacher() tells the teacher a copy was given to them. */
int hw_notify_teacher(struct req *r, const struct submission *s);

#endif
