/*
** clock.h - the time the platform's rules read: deadlines of timed quizzes
** and exams, due dates of spaced-repetition cards, days of statistics.
**
** clock_now() is Unix seconds, plus, in tests only, the number of seconds
** written in the file named by the environment variable
** CARTABLE_TEST_CLOCK_FILE (read at each call, so that a test moves time
** while the server runs; absent or unreadable: 0). Never set in production.
** Sessions, tokens, throttling and logs keep the real time: a test that
** moves the clock by weeks stays signed in.
*/
#ifndef CARTABLE_CLOCK_H
#define CARTABLE_CLOCK_H

#include <stdint.h>

int64_t clock_now(void);

#endif
