/*
** This file implements agenda_due_dates(), through which the homework
** feature gives the agenda its due dates (agenda.h): the learner's own due
** date of each published assignment (moved by their extra time), whatever
** they have handed in, so that the agenda shows what was due as well.
*/
#include "agenda/agenda.h"
#include "homework/homework.h"
#include "kernel/i18n.h"

int agenda_due_dates(struct req *r, int64_t learner_id, int64_t from, int64_t to,
                     struct agenda_entry *out, int max)
{
	struct homework_row *rows;
	int n = homework_for_learner(r, learner_id, &rows);
	if (n == ERR_NOT_FOUND)
		return 0; /* not theirs to see: nothing to show */
	if (n < 0)
		return n;
	bool self = learner_id == r->user.id;
	int k = 0;
	for (int i = 0; i < n && k < max; i++) {
		const struct assignment *a = &rows[i].a;
		int64_t due = a->learner_due_at ? a->learner_due_at : a->due_at;
		if (!due || due < from || due >= to)
			continue;
		struct agenda_entry *e = &out[k++];
		*e = (struct agenda_entry){
			.kind = AGENDA_DUE,
			.id = a->item_id,
			.title = a->title,
			.description = arena_printf(r->arena, _("État : %s"),
			                            homework_status_label(rows[i].status)),
			.url = self ? arena_printf(r->arena, "/devoirs/%lld", (long long)a->item_id)
			            : arena_printf(r->arena, "/devoirs/%lld?eleve=%lld", (long long)a->item_id,
			                           (long long)learner_id),
			.starts_at = due,
			.ends_at = due,
			.course_id = a->course_id,
			.course_title = a->course_title,
			.unit_name = "",
			.learner_name = "",
		};
	}
	return k;
}
