/*
** demo.h - the demo world of `cartable serve --demo` and `cartable demo`.
*/
#ifndef CARTABLE_DEMO_H
#define CARTABLE_DEMO_H

#include <stdio.h>

/*
** demo_build() creates, once, the operator tenant with its six units and
** about twenty programmes from the activity report, a partner school, a
** partner-university tenant, and one person per role (password "demo"),
** with `eleve` enrolled in a programme and `etudiant.univ` in a university
** course. Running it again changes nothing. It allows weak passwords for
** the rest of the process, prints the demo logins to out, and returns 0 or
** -1 (logged).
*/
int demo_build(FILE *out);

#endif
