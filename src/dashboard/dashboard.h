/*
** dashboard.h - the "tableau de bord", the page each person lands on.
**
** It gathers, per role, what other features know: a learner's courses with
** their progress and what to do next, a guardian's the same for each
** child, a teacher's courses, and the shortcuts of every role. Features
** added later (deadlines, grades, messages, news) add their section here
** through their own headers.
*/
#ifndef CARTABLE_DASHBOARD_H
#define CARTABLE_DASHBOARD_H

#include "kernel/html.h"
#include "kernel/req.h"

/* dashboard_render() writes the signed-in person's dashboard into h. */
void dashboard_render(struct html *h, struct req *r);

#endif
