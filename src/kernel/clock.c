/*
** This file implements the platform's clock (clock.h): the system's time
** and the test-only offset.
*/
#include "kernel/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int64_t clock_now(void)
{
	int64_t now = (int64_t)time(NULL);
	static int checked, enabled;
	static const char *path;
	if (!__atomic_load_n(&checked, __ATOMIC_ACQUIRE)) {
		path = getenv("CARTABLE_TEST_CLOCK_FILE");
		enabled = path && *path;
		__atomic_store_n(&checked, 1, __ATOMIC_RELEASE);
	}
	if (!enabled)
		return now;
	FILE *f = fopen(path, "r");
	long long skew = 0;
	if (f) {
		if (fscanf(f, "%lld", &skew) != 1)
			skew = 0;
		fclose(f);
	}
	return now + skew;
}
