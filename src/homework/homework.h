/*
** homework.h - homework handed in, corrected and returned.
**
** An assignment IS a course item of kind "homework" (courses.h) and has its
** id. Its settings (instructions, due date, maximum grade, weight, what it
** accepts, late-work policy) live here; an item nobody configured yet has
** the default ones: no due date, graded /20, weight 1, any of the five
** document types (doctype.h), late work accepted and flagged.
**
** A copy goes
**
**     handed in ──► (replaced...) ──► correction started ──► returned
**
** The learner hands in a file (checked by content, stored and fsynced
** before the row is committed: files_keep()) and/or a typed answer. There
** is one copy per learner and assignment: handing in again replaces it (a
** new version, each with its receipt) while the assignment allows it and
** correction has not started; the same content sent twice (a double click)
** changes nothing and answers the same receipt. A new copy is allocated to
** the teacher of the course with the fewest copies waiting; advisors and
** admins may reassign it. The allocated teacher starts the correction, adds
** an annotated file and/or feedback (Markdown) and a grade, and returns it:
** the learner and their guardians are notified, the grade goes to the
** gradebook (grades.h), and the time from hand-in to return is recorded.
**
** Who sees a copy: its learner, their guardians, the teachers of its course,
** advisors and admins. For anybody else, and across tenants, it does not
** exist (ERR_NOT_FOUND). Everything acts within the request's tenant;
** strings are allocated in r->arena.
*/
#ifndef CARTABLE_HOMEWORK_H
#define CARTABLE_HOMEWORK_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/err.h"
#include "kernel/req.h"

#define HOMEWORK_TEXT_MAX 50000       /* characters of a typed answer */
#define HOMEWORK_FEEDBACK_MAX 20000   /* characters of a teacher's feedback */
#define HOMEWORK_OVERDUE_DAYS 3       /* a copy waiting longer is late to correct */

/* ---- Assignments ---- */

struct assignment {
	int64_t item_id, course_id;
	char *title, *course_title;
	char *intro_md;            /* the course item's text */
	char *instructions_md;     /* the assignment's own instructions */
	bool configured;           /* settings saved at least once */
	bool published;
	int64_t opens_at, due_at;  /* due_at 0: no due date */
	int64_t cutoff_at;         /* late_policy "refuse": nothing after it (0: due_at) */
	int64_t max_grade, weight; /* hundredths */
	bool accepts_file, accepts_text, resubmit;
	unsigned file_types;       /* enum doctype bits */
	char *late_policy;         /* "accept", "flag" or "refuse" */
	/* for the learner it was read for (0 otherwise) */
	int64_t extra_time_pct;
	int64_t learner_due_at, learner_cutoff_at;
};

/*
** homework_due_for() moves a due date by a learner's extra time: the share
** extra_pct (0-100) of the time between opens_at and due_at is added, so
** 33 % on a week of work gives 2 days 7 h 26 min more. 0 stays 0 (no due
** date); a due date before opens_at is not moved.
*/
int64_t homework_due_for(int64_t due_at, int64_t opens_at, int64_t extra_pct);

/* Where a learner stands on an assignment. */
enum homework_status {
	HW_TODO,        /* to hand in, on time */
	HW_LATE,        /* due date passed, late work still taken */
	HW_CLOSED,      /* past the cut-off: refused */
	HW_SUBMITTED,   /* handed in, waiting for correction */
	HW_CORRECTING,  /* correction started */
	HW_RETURNED,    /* corrected and returned */
};

/* homework_status_code() is a status for programs ("todo", "late"...);
** homework_status_label() for people, in the request's language. */
const char *homework_status_code(enum homework_status s);
const char *homework_status_label(enum homework_status s);

struct assignment_input {
	const char *instructions_md;
	const char *opens;         /* "AAAA-MM-JJ" or "JJ/MM/AAAA", may be empty: now */
	const char *due_date;      /* empty: no due date */
	const char *due_time;      /* "HH:MM", local; empty: 23:59 */
	const char *cutoff_date, *cutoff_time; /* for "refuse"; empty: the due date */
	const char *max_grade;     /* "20", "10", "100"... */
	const char *weight;        /* "1", "0,5", "2"... */
	bool accepts_file, accepts_text, resubmit;
	unsigned file_types;
	const char *late_policy;
};

/*
** homework_assignment_get() reads an assignment the signed-in person may
** see, for learner_id (0: the signed-in learner, or nobody for staff):
** with their due date moved by their extra time. ERR_NOT_FOUND when the
** item is not a homework item they may see (courses_item_get()).
*/
MUST_CHECK int homework_assignment_get(struct req *r, int64_t item_id, int64_t learner_id,
                                       struct assignment *out);

/*
** homework_assignment_save() saves the settings of a homework item: staff
** of its course, authors and admins (ERR_FORBIDDEN for others who can see
** it). ERR_INVALID with the field and a French message for a bad date,
** grade, weight, policy, or an assignment accepting nothing.
*/
MUST_CHECK int homework_assignment_save(struct req *r, int64_t item_id,
                                        const struct assignment_input *in, struct err *e);

/* homework_can_configure() is true when the signed-in person may change
** the settings of an assignment of course_id. */
bool homework_can_configure(struct req *r, int64_t course_id);

/* ---- Copies ---- */

struct submission {
	int64_t id, item_id, course_id, learner_id, version;
	char *sha256;              /* receipt: of the file, or of the text */
	char *file_sha256, *file_name, *file_type;  /* NULL without a file */
	int64_t file_size;
	char *text_answer;         /* "" without one */
	int64_t submitted_at, due_at;
	bool late;
	int64_t teacher_id, allocated_at, started_at, returned_at, turnaround;
	int64_t grade;             /* hundredths, -1: none */
	int64_t max_grade;
	char *feedback_md;
	char *annotated_sha256, *annotated_name, *annotated_type; /* NULL: none */
	int64_t annotated_size;
	/* names, for pages and lists */
	char *learner_name, *teacher_name, *title, *course_title;
};

/* homework_submission_status() is where a copy stands (HW_SUBMITTED,
** HW_CORRECTING or HW_RETURNED). */
enum homework_status homework_submission_status(const struct submission *s);

/*
** homework_submit() hands in the signed-in learner's copy of an assignment:
** file (an upload, may be NULL) and/or text (may be NULL or empty). The file
** is checked by content against the types the assignment accepts (and
** against what its name claims), stored and fsynced, then the copy is
** committed: only then does *out hold the receipt (id, sha256,
** submitted_at, version, late). A replacement keeps the id and adds a
** version. Returns 0; ERR_NOT_FOUND (not a homework item they follow);
** ERR_INVALID (nothing sent, wrong type, text too long, type not accepted);
** ERR_TOO_LARGE; ERR_CONFLICT (already handed in and replacing not
** allowed, correction started, past the cut-off) with a French message;
** ERR_INTERNAL.
*/
MUST_CHECK int homework_submit(struct req *r, int64_t item_id, const struct upload *file,
                               const char *text, struct submission *out, struct err *e);

/*
** homework_submission_get() reads a copy the signed-in person may see
** (see the top of this file), with its assignment (may be NULL). The
** correction (grade, feedback, annotated file) is left out (-1, "", NULL)
** for the learner and guardians until the copy is returned.
*/
MUST_CHECK int homework_submission_get(struct req *r, int64_t id, struct submission *out,
                                       struct assignment *a);

/* homework_submission_of() reads learner_id's copy of an assignment, if
** any: 0 with out->id 0 when there is none. Same visibility rules. */
MUST_CHECK int homework_submission_of(struct req *r, int64_t item_id, int64_t learner_id,
                                      struct submission *out);

/* homework_versions() lists the versions handed in of a copy, oldest first
** (id, version, sha256, file_name, file_size, submitted_at, late filled).
** Count or ERR_*. */
int homework_versions(struct req *r, int64_t submission_id, struct submission **out);

/* ---- Lists ---- */

struct homework_row {
	struct assignment a;       /* with the learner's due date */
	struct submission s;       /* s.id 0: nothing handed in */
	enum homework_status status;
};

/*
** homework_for_learner() lists the published homework of every course
** learner_id follows (the signed-in learner, a guardian's child, or staff
** looking at a learner), by due date (none last). Count or ERR_*.
*/
int homework_for_learner(struct req *r, int64_t learner_id, struct homework_row **out);

/*
** homework_next_deadlines() is what the dashboard shows a learner: up to
** limit assignments still to hand in (to do, or late but still taken),
** nearest due date first. Count or ERR_*.
*/
int homework_next_deadlines(struct req *r, int64_t learner_id, int limit,
                            struct homework_row **out);

/*
** homework_copies() lists the copies of one assignment for its course's
** staff (learner names, status), by learner name. Count or ERR_*.
*/
int homework_copies(struct req *r, int64_t item_id, struct submission **out);

/* ---- Overdue work (overdue.c) ---- */

struct overdue {
	int64_t learner_id;
	char *given_name, *family_name;
	int count;                 /* assignments overdue with nothing handed in */
	int64_t oldest_due;        /* the learner's earliest missed due date */
};

/*
** homework_overdue() lists the learners of course_id who have published
** homework overdue (their own due date, with extra time, passed, nothing
** handed in), at most limit, by name. For the course's staff, advisors and
** admins; ERR_NOT_FOUND for anyone else. Count or ERR_*.
*/
int homework_overdue(struct req *r, int64_t course_id, int limit, struct overdue **out);

/* ---- Correction ---- */

/*
** homework_queue() lists the copies waiting for correction allocated to
** teacher_id, oldest hand-in first, from offset (at most limit). Teachers
** read their own (teacher_id must be theirs); advisors and admins anyone's,
** and teacher_id 0 is the copies nobody could be given. Count or ERR_*.
*/
int homework_queue(struct req *r, int64_t teacher_id, int offset, int limit,
                   struct submission **out);

/* homework_queue_stats() gives the dashboard a teacher's number of copies
** waiting and the hand-in time of the oldest (0 when none). 0 or ERR_*. */
MUST_CHECK int homework_queue_stats(struct req *r, int64_t teacher_id, int64_t *pending,
                                    int64_t *oldest_at);

/*
** homework_start() marks the correction of a copy started (its allocated
** teacher only): from then on the learner cannot replace it. Starting a
** started copy does nothing. ERR_NOT_FOUND, ERR_FORBIDDEN (not allocated
** to them), ERR_CONFLICT (already returned).
*/
MUST_CHECK int homework_start(struct req *r, int64_t id, struct err *e);

struct correction_input {
	const char *grade;         /* "14,5"; required to return */
	const char *feedback_md;   /* may be NULL */
	const struct upload *annotated; /* may be NULL */
	bool give_back;            /* return it now (else save a draft) */
};

/*
** homework_correct() saves the correction of a copy by its allocated
** teacher (starting it if needed), and with give_back returns it: grade
** recorded in the gradebook, turnaround recorded, learner and guardians
** notified. ERR_NOT_FOUND, ERR_FORBIDDEN (not allocated to them),
** ERR_INVALID (grade missing or out of range, annotated file of a type not
** accepted, feedback too long), ERR_CONFLICT (already returned).
*/
MUST_CHECK int homework_correct(struct req *r, int64_t id, const struct correction_input *in,
                                struct err *e);

/*
** homework_reassign() gives a copy not yet returned to another teacher of
** its course (advisors and admins), who is notified. ERR_FORBIDDEN,
** ERR_INVALID (not a teacher of that course), ERR_CONFLICT (returned).
*/
MUST_CHECK int homework_reassign(struct req *r, int64_t id, int64_t teacher_id, struct err *e);

/* homework_teachers() lists the teachers of a course who may be given its
** copies (ids and names in *names). Count or ERR_*. */
int homework_teachers(struct req *r, int64_t course_id, int64_t **ids, char ***names);

/* ---- Turnaround ---- */

/* One line of the turnaround report: a course or a teacher. */
struct turnaround_line {
	int64_t id;                /* course or teacher; 0: copies given to nobody */
	char *name;
	int64_t pending;           /* waiting now */
	int64_t overdue;           /* waiting for more than HOMEWORK_OVERDUE_DAYS */
	int64_t returned;          /* returned in the period */
	int64_t median, p90;       /* seconds from hand-in to return, -1 if none */
};

struct turnaround_report {
	int64_t from, to;          /* the period: returned_at in [from, to) */
	struct turnaround_line all;
	struct turnaround_line *courses, *teachers;
	int ncourses, nteachers;
	struct submission *overdue; /* copies waiting too long, oldest first */
	int noverdue;
};

/*
** homework_turnaround() reports, over copies returned in [from, to), per
** course and per teacher: pending, overdue, returned, median and 90th
** percentile turnaround, and the list of copies waiting for more than
** HOMEWORK_OVERDUE_DAYS (at most 200). Advisors and admins see the whole
** organisation; a teacher sees the courses they teach and themselves.
** course_id / teacher_id (0: all) narrow it. 0 or ERR_*.
*/
MUST_CHECK int homework_turnaround(struct req *r, int64_t from, int64_t to, int64_t course_id,
                                   int64_t teacher_id, struct turnaround_report *out);

/*
** homework_percentile() is the p-th percentile (0-100) of the n sorted
** values, interpolated between the closest ranks (the median of 1, 2, 3, 4
** is 2.5, rounded down); -1 when n is 0.
*/
int64_t homework_percentile(const int64_t *sorted, int n, int p);

#endif
