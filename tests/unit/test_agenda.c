/*
** The agenda's readers of times typed in forms and sent to the API
** (src/agenda/agenda.c): local dates and times in Europe/Paris, across
** daylight-saving changes, and ISO 8601 UTC times; everything else refused.
*/
#include "test.h"

#include <stdlib.h>
#include <time.h>

#include "agenda/agenda.h"

TEST(local_dates_and_times)
{
	int64_t t = 0;
	CHECK(agenda_local_time("2026-12-01", NULL, &t));
	CHECK_INT(t, 1796083200 - 3600);          /* midnight in Paris is 23:00 UTC */
	CHECK(agenda_local_time("01/12/2026", "14:05", &t));
	CHECK_INT(t, 1796083200 - 3600 + 14 * 3600 + 5 * 60);
	CHECK(agenda_local_time("2026-07-01", "14:00", &t));
	CHECK_INT(t, 1782864000 + 12 * 3600);     /* summer time: UTC+2 */
	CHECK(agenda_local_time("2026-12-01", "", &t));
	CHECK_INT(t, 1796083200 - 3600);
	const char *bad_dates[] = {"", "2026-02-30", "31/02/2026", "2026-13-01", "hier", "2026-1-1x", NULL};
	for (int i = 0; bad_dates[i]; i++)
		CHECK(!agenda_local_time(bad_dates[i], "10:00", &t));
	const char *bad_times[] = {"24:00", "10:60", "9:00", "10h00", "10:00:00", " 10:00", "aa:bb", NULL};
	for (int i = 0; bad_times[i]; i++)
		CHECK(!agenda_local_time("2026-12-01", bad_times[i], &t));
	CHECK(!agenda_local_time(NULL, "10:00", &t));
}

TEST(api_instants)
{
	int64_t t = 0;
	CHECK(agenda_parse_instant("2026-12-01T14:05:09Z", &t));
	CHECK_INT(t, 1796083200 + 14 * 3600 + 5 * 60 + 9);
	CHECK(agenda_parse_instant("2026-12-01T14:05Z", &t));
	CHECK_INT(t, 1796083200 + 14 * 3600 + 5 * 60);
	CHECK(agenda_parse_instant("2026-12-01", &t));
	CHECK_INT(t, 1796083200 - 3600);
	const char *bad[] = {"", "2026-12-01T14:05:09", "2026-12-01T14:05:09+01:00", "2026-12-01 14:05:09Z",
	                     "2026-12-01T24:00:00Z", "2026-12-01T14:05:60Z", "2026-02-30T00:00:00Z",
	                     "01/12/2026", "1796083200", "2026-12-01T14:05:09ZZ", NULL};
	for (int i = 0; bad[i]; i++) {
		if (agenda_parse_instant(bad[i], &t))
			fprintf(stderr, "  accepted: %s\n", bad[i]);
		CHECK(!agenda_parse_instant(bad[i], &t));
	}
	CHECK(!agenda_parse_instant(NULL, &t));
}

int main(void)
{
	setenv("TZ", "Europe/Paris", 1);
	tzset();
	RUN(local_dates_and_times);
	RUN(api_instants);
	TEST_END();
}
