/*
** home.h - routes of the pages that belong to no feature (home.c).
*/
#ifndef CARTABLE_HOME_H
#define CARTABLE_HOME_H

#include "kernel/router.h"

extern const struct route home_routes[];

#endif
