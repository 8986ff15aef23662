/*
** grades.h - gradebooks: what each learner got, per course, with averages.
**
** A course's gradebook has one column (a grade item) per graded thing: a
** homework assignment today (homework.h records the grade when a copy is
** returned), quizzes and exams later through the same two calls. A grade
** is an integer number of hundredths of a point out of the item's maximum
** (2000 is 20/20); averages bring every grade to /20 and weigh it by its
** item's weight (hundredths too: 100 is a coefficient of 1). Grades not
** given yet do not count: they are not zeros.
**
** Who sees what: the teachers of a course, advisors and admins see its
** gradebook; a learner sees their own grades in every course, a guardian
** their children's; a teacher looking at one learner sees only the courses
** they teach. For anybody else a gradebook does not exist (ERR_NOT_FOUND).
** Everything acts within the request's tenant; strings live in r->arena.
*/
#ifndef CARTABLE_GRADES_H
#define CARTABLE_GRADES_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/err.h"
#include "kernel/req.h"
#include "kernel/str.h"

/* ---- Numbers ---- */

/*
** grades_parse() reads a grade or a weight typed by a person: "14",
** "14,5", "14.25", " 8 " (at most two decimals, 0 to 100000) into
** hundredths. Returns false for anything else.
*/
bool grades_parse(const char *s, int64_t *hundredths);

/* grades_format() writes hundredths as people read them: "14,5" in French,
** "14.5" in English, no trailing zeros ("20", "7,25"), in arena a. */
char *grades_format(struct arena *a, int64_t hundredths);

/*
** grades_average() is the weighted average, on /20 in hundredths rounded
** to the nearest, of n grades (grade[i] out of max[i], weight weight[i]);
** grades with a negative value, a maximum or a weight of 0 are skipped.
** -1 when nothing counts.
*/
int64_t grades_average(const int64_t *grade, const int64_t *max, const int64_t *weight, int n);

/* ---- Recording (for the features that grade) ---- */

/*
** grades_record() sets learner_id's grade for the thing (source, source_id)
** of course_id, creating its gradebook column (title, max, weight) the first
** time, and replacing an earlier grade. link is where the learner sees the
** correction. Runs in the caller's transaction; no permission check: the
** caller decided. 0 or ERR_INTERNAL.
*/
MUST_CHECK int grades_record(struct req *r, int64_t course_id, const char *source,
                             int64_t source_id, const char *title, int64_t max_grade,
                             int64_t weight, int64_t learner_id, int64_t grade, const char *link);

/* grades_item_update() follows a change of the graded thing's title,
** maximum or weight (nothing happens if it has no column yet). 0 or ERR_*. */
MUST_CHECK int grades_item_update(struct req *r, const char *source, int64_t source_id,
                                  const char *title, int64_t max_grade, int64_t weight);

/* ---- Reading ---- */

struct grade_item {
	int64_t id, course_id, source_id;
	char *source, *title;
	int64_t max_grade, weight;
};

struct grade {
	int64_t item_id, course_id;
	char *title, *course_title, *link;
	int64_t grade, max_grade, weight, graded_at;
};

struct gradebook_row {
	int64_t learner_id;
	char *given_name, *family_name, *login;
	int64_t *grades;           /* one per item, hundredths; -1: none */
	int64_t average;           /* /20 in hundredths; -1: no grade */
};

struct gradebook {
	int64_t course_id;
	char *course_code, *course_title;
	struct grade_item *items;
	int nitems;
	struct gradebook_row *rows;
	int nrows;
	int64_t *item_average;     /* per item, out of its maximum; -1: no grade */
	int64_t average;           /* of the learners' averages; -1: none */
};

/* grades_course() reads the gradebook of a course: every learner who
** follows it or has a grade in it, by name, × its grade items. */
MUST_CHECK int grades_course(struct req *r, int64_t course_id, struct gradebook *out);

struct course_grades {
	int64_t course_id;
	char *course_title;
	struct grade *grades;      /* in the order of the gradebook's columns */
	int ngrades;
	int64_t average;           /* /20 in hundredths; -1: no grade */
};

struct learner_grades {
	int64_t learner_id;
	char *name;
	struct course_grades *courses;
	int ncourses;
	int64_t average;           /* mean of the course averages; -1: none */
};

/* grades_learner() reads learner_id's grades in each course they follow or
** were graded in (for a teacher, only the courses they teach). */
MUST_CHECK int grades_learner(struct req *r, int64_t learner_id, struct learner_grades *out);

/* grades_latest() lists learner_id's latest grades, newest first, at most
** limit (the dashboard's "dernières notes"). Count or ERR_*. */
int grades_latest(struct req *r, int64_t learner_id, int limit, struct grade **out);

/* ---- Exports ---- */

/* grades_course_csv() writes a gradebook as CSV (UTF-8 with BOM, ';'):
** learner, login, one column per item "title (/max, coef.)", average /20. */
void grades_course_csv(struct req *r, const struct gradebook *g, struct sb *out);

/* grades_learner_csv() writes a learner's grades as CSV: course, item,
** grade, out of, weight, date; and each course's average. */
void grades_learner_csv(struct req *r, const struct learner_grades *g, struct sb *out);

#endif
