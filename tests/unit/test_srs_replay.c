/*
** test_srs_replay.c - `cartable srs replay` (src/srs/replay.h): the public
** reference vectors replay to their expected values in the exact output
** format, and malformed files fail cleanly with a message and no output.
** Run from the repository root.
*/
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <unistd.h>

#include "srs/isotime.h"
#include "srs/replay.h"
#include "test.h"

#define VECTORS "tests/data/fsrs/vectors-public.json"

static char tmp_path[64];

/* Writes `text` to a fresh temporary file, whose name is left in tmp_path. */
static int write_temp(const char *text)
{
	snprintf(tmp_path, sizeof tmp_path, "/tmp/test_srs_replay_XXXXXX");
	int fd = mkstemp(tmp_path);
	if (fd < 0)
		return -1;
	size_t len = strlen(text);
	ssize_t n = write(fd, text, len);
	close(fd);
	return n == (ssize_t)len ? 0 : -1;
}

/* Reads a whole stream back into a static buffer. */
static const char *slurp(FILE *f, size_t *len)
{
	static char buf[1 << 20];
	rewind(f);
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

/* Replays `text`; returns the status, with the output and message. */
static int replay_text(const char *text, char *out, size_t outlen, char *msg, size_t msglen)
{
	if (write_temp(text) != 0)
		return -100;
	FILE *o = tmpfile(), *e = tmpfile();
	if (!o || !e)
		return -101;
	int rc = srs_replay_file(tmp_path, o, e);
	snprintf(out, outlen, "%s", slurp(o, NULL));
	snprintf(msg, msglen, "%s", slurp(e, NULL));
	fclose(o);
	fclose(e);
	unlink(tmp_path);
	return rc;
}

TEST(test_isotime)
{
	static const struct { int64_t t; const char *s; } known[] = {
		{0, "1970-01-01T00:00:00Z"},
		{-1, "1969-12-31T23:59:59Z"},
		{951782400, "2000-02-29T00:00:00Z"},
		{1704099600, "2024-01-01T09:00:00Z"},
		{INT64_C(16246944600), "2484-11-04T08:10:00Z"},
		{INT64_C(-62135596800), "0001-01-01T00:00:00Z"},
		{INT64_C(253402300799), "9999-12-31T23:59:59Z"},
	};
	char buf[SRS_TIME_BUFSIZE];
	int64_t t;
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
		srs_time_format(known[i].t, buf, sizeof buf);
		CHECK_STR(buf, known[i].s);
		t = 42;
		CHECK_INT(srs_time_parse(known[i].s, &t), 0);
		CHECK_INT(t, known[i].t);
	}
	/* Every second of the years 1 to 9999 round-trips (sampled). */
	uint64_t z = 1;
	for (int i = 0; i < 100000; i++) {
		z = z * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
		int64_t x = INT64_C(-62135596800) + (int64_t)((z >> 11) % UINT64_C(315537897600));
		srs_time_format(x, buf, sizeof buf);
		CHECK(srs_time_parse(buf, &t) == 0 && t == x);
		if (test_cur_failed)
			return;
	}
	CHECK_INT(srs_time_parse("2024-01-01 09:00:00.123456+00:00", &t), 0);
	CHECK_INT(t, 1704099600);
	static const char *bad[] = {
		"", "2024", "2024-01-01", "2024-01-01T09:00:00", "2024-01-01T09:00Z",
		"2100-02-29T00:00:00Z", "2000-02-30T00:00:00Z", "2024-04-31T00:00:00Z",
		"2024-00-01T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-00T00:00:00Z",
		"2024-01-01T24:00:00Z", "2024-01-01T23:60:00Z", "2024-01-01T23:59:60Z",
		"2024-01-01T09:00:00.Z", "2024-01-01T09:00:00+01:00", "2024-01-01T09:00:00Zjunk",
		"+2024-01-01T09:00:00Z", "2024-1-01T09:00:00Z", "２０２４-01-01T09:00:00Z",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		t = 42;
		CHECK_INT(srs_time_parse(bad[i], &t), SRS_TIME_EINVAL);
		CHECK_INT(t, 42);
	}
	/* Outside the four-digit years, formatting still works. */
	srs_time_format(INT64_C(253402300800), buf, sizeof buf);
	CHECK_STR(buf, "10000-01-01T00:00:00Z");
	srs_time_format(INT64_C(-62135596801), buf, sizeof buf);
	CHECK_STR(buf, "0000-12-31T23:59:59Z");
	srs_time_format(0, buf, 5);
	CHECK_STR(buf, "1970");
}

TEST(test_replay_public_vectors)
{
	FILE *o = tmpfile(), *e = tmpfile();
	CHECK(o && e);
	if (!o || !e)
		return;
	CHECK_INT(srs_replay_file(VECTORS, o, e), 0);
	size_t len;
	char *text = strdup(slurp(o, &len));
	CHECK_STR(slurp(e, NULL), "");
	json_t *vectors = json_load_file(VECTORS, 0, NULL);
	CHECK(vectors && text);
	if (!vectors || !text) {
		free(text);
		return;
	}
	/* The exact format of one line (the first review of D01). */
	const char *first = "{\"sequence\": \"D01_new_card_again_then_good\", \"index\": 0, "
	                    "\"state\": 1, \"step\": 0, \"stability\": 0.21199999999999999, "
	                    "\"difficulty\": 6.4132999999999996, \"due\": "
	                    "\"2024-01-01T09:01:00Z\", \"retrievability\": [1, 1, 1, "
	                    "0.76619573022841425, 0.76619573022841425, 0.65950321172653392, "
	                    "0.46687128147350859, 0.31791061636841167]}\n";
	CHECK(strncmp(text, first, strlen(first)) == 0);

	char *line = text;
	size_t lines = 0;
	const json_t *seq, *rv;
	size_t i, j;
	json_array_foreach(json_object_get(vectors, "sequences"), i, seq) {
		json_array_foreach(json_object_get(seq, "reviews"), j, rv) {
			char *nl = line ? strchr(line, '\n') : NULL;
			CHECK(nl != NULL);
			if (!nl)
				break;
			*nl = '\0';
			json_t *got = json_loads(line, 0, NULL);
			line = nl + 1;
			lines++;
			CHECK(got != NULL);
			if (!got)
				continue;
			const json_t *ex = json_object_get(rv, "expected");
			CHECK_STR(json_string_value(json_object_get(got, "sequence")),
			          json_string_value(json_object_get(seq, "id")));
			CHECK_INT(json_integer_value(json_object_get(got, "index")), j);
			CHECK(json_equal(json_object_get(got, "state"), json_object_get(ex, "state")));
			CHECK(json_equal(json_object_get(got, "step"), json_object_get(ex, "step")));
			CHECK(json_equal(json_object_get(got, "due"), json_object_get(ex, "due")));
			/* %.17g round-trips: the values are the very doubles expected. */
			CHECK(json_number_value(json_object_get(got, "stability")) ==
			      json_number_value(json_object_get(ex, "stability")));
			CHECK(json_number_value(json_object_get(got, "difficulty")) ==
			      json_number_value(json_object_get(ex, "difficulty")));
			const json_t *r = json_object_get(got, "retrievability");
			const json_t *probes = json_object_get(rv, "probes");
			CHECK_INT(json_array_size(r), json_array_size(probes));
			for (size_t k = 0; k < json_array_size(probes); k++)
				CHECK_NEAR(json_number_value(json_array_get(r, k)),
				           json_number_value(json_object_get(json_array_get(probes, k),
				                                             "retrievability")),
				           1e-15);
			json_decref(got);
		}
	}
	CHECK_INT(lines, 128);
	CHECK(line != NULL && *line == '\0');
	free(text);
	json_decref(vectors);
	fclose(o);
	fclose(e);
}

TEST(test_replay_minimal_and_variants)
{
	char out[4096], msg[512];
	/* No scheduler, no initial card: defaults, new card; datetime forms. */
	const char *doc =
		"{\"sequences\": [{\"id\": 42, \"reviews\": ["
		"{\"rating\": 3, \"review_datetime\": \"2024-01-01T09:00:00.000000+00:00\","
		" \"probes\": [{\"datetime\": \"2024-01-02T09:00:00Z\"}]},"
		"{\"rating\": 3, \"review_epoch\": 1704100200.0}]},"
		"{\"id\": \"\\u00e9t\\u00e9\\u007f\\\"\\\\\\n\\u0001\\ud83d\\ude00/\", \"scheduler\": {\"learning_steps_seconds\": []},"
		" \"reviews\": [{\"rating\": 1, \"review_epoch\": 0}]}]}";
	CHECK_INT(replay_text(doc, out, sizeof out, msg, sizeof msg), 0);
	CHECK_STR(msg, "");
	CHECK_STR(out,
	          "{\"sequence\": 42, \"index\": 0, \"state\": 1, \"step\": 1, "
	          "\"stability\": 2.3065000000000002, \"difficulty\": 2.1181039704590159, "
	          "\"due\": \"2024-01-01T09:10:00Z\", \"retrievability\": [0.94684749938254609]}\n"
	          "{\"sequence\": 42, \"index\": 1, \"state\": 2, \"step\": null, "
	          "\"stability\": 2.3065000000000002, \"difficulty\": 2.1112142357853951, "
	          "\"due\": \"2024-01-03T09:10:00Z\", \"retrievability\": []}\n"
	          "{\"sequence\": \"\\u00e9t\\u00e9\\u007f\\\"\\\\\\n\\u0001\\ud83d\\ude00/\", \"index\": 0, \"state\": 2, \"step\": null, "
	          "\"stability\": 0.21199999999999999, \"difficulty\": 6.4132999999999996, "
	          "\"due\": \"1970-01-02T00:00:00Z\", \"retrievability\": []}\n");
	/* Dates before 1970 and far after 2038 are formatted correctly. */
	doc = "{\"sequences\": [{\"id\": \"x\", \"reviews\": [{\"rating\": 2,"
	      " \"review_datetime\": \"1900-02-28T23:59:59Z\"}]},"
	      " {\"id\": \"y\", \"reviews\": [{\"rating\": 4,"
	      " \"review_datetime\": \"2400-02-29T12:00:00Z\"}]}]}";
	CHECK_INT(replay_text(doc, out, sizeof out, msg, sizeof msg), 0);
	CHECK(strstr(out, "\"due\": \"1900-02-28T23:59:59Z\"") == NULL);
	CHECK(strstr(out, "\"due\": \"1900-03-01T00:05:29Z\"") != NULL);
	CHECK(strstr(out, "\"due\": \"2400-03-08T12:00:00Z\"") != NULL);
	/* An explicit Review card with memory, and a scheduler override. */
	doc = "{\"sequences\": [{\"id\": \"z\", \"initial_card\": {\"state\": 2, \"step\": null,"
	      " \"stability\": 10.0, \"difficulty\": 5, \"due\": \"2024-01-11T00:00:00Z\","
	      " \"last_review\": \"2024-01-01T00:00:00Z\"}, \"reviews\": [{\"rating\": 1,"
	      " \"review_epoch\": 1704931200, \"scheduler_override\":"
	      " {\"relearning_steps_seconds\": [60, 120]}}]}]}";
	CHECK_INT(replay_text(doc, out, sizeof out, msg, sizeof msg), 0);
	CHECK(strstr(out, "\"state\": 3, \"step\": 0,") != NULL);
	CHECK(strstr(out, "\"due\": \"2024-01-11T00:01:00Z\"") != NULL);
}

TEST(test_replay_malformed)
{
	static const char *bad[] = {
		"",
		"{",
		"[]",
		"{\"sequences\": 5}",
		"{\"sequences\": [5]}",
		"{\"sequences\": [{\"reviews\": []}]}",
		"{\"sequences\": [{\"id\": \"a\"}]}",
		"{\"sequences\": [{\"id\": \"a\", \"reviews\": {}}]}",
		"{\"sequences\": [{\"id\": \"a\", \"reviews\": [7]}]}",
		"{\"sequences\": [{\"id\": \"a\", \"reviews\": [{\"rating\": 3}]}]}",
		"{\"sequences\": [{\"id\": \"a\", \"reviews\": [{\"review_epoch\": 0}]}]}",
		"{\"sequences\": [{\"id\": \"a\", \"reviews\": [{\"rating\": 5, \"review_epoch\": 0}]}]}",
		"{\"sequences\": [{\"id\": \"a\", \"reviews\": [{\"rating\": 0, \"review_epoch\": 0}]}]}",
		"{\"sequences\": [{\"id\": \"a\", \"reviews\": [{\"rating\": \"3\", \"review_epoch\": 0}]}]}",
		"{\"sequences\": [{\"id\": \"a\", \"reviews\": [{\"rating\": 2.5, \"review_epoch\": 0}]}]}",
		"{\"sequences\": [{\"id\": \"a\", \"reviews\": [{\"rating\": 3, \"review_epoch\": 1e30}]}]}",
		"{\"sequences\": [{\"id\": \"a\", \"reviews\": [{\"rating\": 3, \"review_epoch\": 9223372036854775807}]}]}",
		"{\"sequences\": [{\"id\": \"a\", \"reviews\": [{\"rating\": 3, \"review_epoch\": 0.5}]}]}",
		"{\"sequences\": [{\"id\": \"a\", \"reviews\": [{\"rating\": 3, \"review_datetime\": \"2024-13-01T00:00:00Z\"}]}]}",
		"{\"sequences\": [{\"id\": \"a\", \"reviews\": [{\"rating\": 3, \"review_datetime\": \"2023-02-29T00:00:00Z\"}]}]}",
		"{\"sequences\": [{\"id\": \"a\", \"reviews\": [{\"rating\": 3, \"review_datetime\": \"2024-01-01T00:00:00\"}]}]}",
		"{\"sequences\": [{\"id\": \"a\", \"reviews\": [{\"rating\": 3, \"review_datetime\": \"2024-01-01T00:00:00+01:00\"}]}]}",
		"{\"sequences\": [{\"id\": \"a\", \"reviews\": [{\"rating\": 3, \"review_datetime\": \"yesterday\"}]}]}",
		"{\"sequences\": [{\"id\": \"a\", \"reviews\": [{\"rating\": 3, \"review_datetime\": 17}]}]}",
		"{\"sequences\": [{\"id\": \"a\", \"reviews\": [{\"rating\": 3, \"review_epoch\": 0, \"probes\": 3}]}]}",
		"{\"sequences\": [{\"id\": \"a\", \"reviews\": [{\"rating\": 3, \"review_epoch\": 0, \"probes\": [{}]}]}]}",
		"{\"sequences\": [{\"id\": \"a\", \"reviews\": [{\"rating\": 3, \"review_epoch\": 0, \"probes\": [4]}]}]}",
		"{\"sequences\": [{\"id\": \"a\", \"reviews\": [{\"rating\": 3, \"review_epoch\": 0, \"scheduler_override\": 1}]}]}",
		"{\"sequences\": [{\"id\": \"a\", \"scheduler\": [], \"reviews\": []}]}",
		"{\"sequences\": [{\"id\": \"a\", \"scheduler\": {\"parameters\": [1, 2]}, \"reviews\": []}]}",
		"{\"sequences\": [{\"id\": \"a\", \"scheduler\": {\"parameters\": [0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.9]}, \"reviews\": []}]}",
		"{\"sequences\": [{\"id\": \"a\", \"scheduler\": {\"parameters\": [\"0.212\", 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542]}, \"reviews\": []}]}",
		"{\"sequences\": [{\"id\": \"a\", \"scheduler\": {\"desired_retention\": 1.5}, \"reviews\": []}]}",
		"{\"sequences\": [{\"id\": \"a\", \"scheduler\": {\"desired_retention\": \"0.9\"}, \"reviews\": []}]}",
		"{\"sequences\": [{\"id\": \"a\", \"scheduler\": {\"learning_steps_seconds\": [-1]}, \"reviews\": []}]}",
		"{\"sequences\": [{\"id\": \"a\", \"scheduler\": {\"learning_steps_seconds\": \"60\"}, \"reviews\": []}]}",
		"{\"sequences\": [{\"id\": \"a\", \"scheduler\": {\"relearning_steps_seconds\": [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17]}, \"reviews\": []}]}",
		"{\"sequences\": [{\"id\": \"a\", \"scheduler\": {\"maximum_interval\": -1}, \"reviews\": []}]}",
		"{\"sequences\": [{\"id\": \"a\", \"scheduler\": {\"maximum_interval\": 1e300}, \"reviews\": []}]}",
		"{\"sequences\": [{\"id\": \"a\", \"scheduler\": {\"enable_fuzzing\": \"yes\"}, \"reviews\": []}]}",
		"{\"sequences\": [{\"id\": \"a\", \"initial_card\": 3, \"reviews\": []}]}",
		"{\"sequences\": [{\"id\": \"a\", \"initial_card\": {\"state\": 7}, \"reviews\": []}]}",
		"{\"sequences\": [{\"id\": \"a\", \"initial_card\": {\"stability\": \"x\"}, \"reviews\": []}]}",
		"{\"sequences\": [{\"id\": \"a\", \"initial_card\": {\"step\": -3}, \"reviews\": []}]}",
		"{\"sequences\": [{\"id\": \"a\", \"initial_card\": {\"due\": \"soon\"}, \"reviews\": []}]}",
		/* A Review card without memory cannot be reviewed. */
		"{\"sequences\": [{\"id\": \"a\", \"initial_card\": {\"state\": 2}, \"reviews\": [{\"rating\": 3, \"review_epoch\": 0}]}]}",
		/* A good sequence, then a bad one: nothing is printed at all. */
		("{\"sequences\": [{\"id\": \"ok\", \"reviews\": [{\"rating\": 3, \"review_epoch\": 0}]},"
		 " {\"id\": \"bad\", \"reviews\": [{\"rating\": 9, \"review_epoch\": 0}]}]}"),
	};
	char out[4096], msg[512];
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int rc = replay_text(bad[i], out, sizeof out, msg, sizeof msg);
		CHECK_INT(rc, 1);
		CHECK_STR(out, "");
		CHECK(strncmp(msg, "cartable srs replay: ", 21) == 0);
		CHECK(strchr(msg, '\n') == msg + strlen(msg) - 1);   /* one line */
		if (test_cur_failed) {
			fprintf(stderr, "  case %zu: %s\n  message: %s\n", i, bad[i], msg);
			return;
		}
	}
	/* The message says where. */
	replay_text(bad[sizeof bad / sizeof bad[0] - 1], out, sizeof out, msg, sizeof msg);
	CHECK(strstr(msg, "sequence 1 (bad), review 0") != NULL);

	/* Nesting far deeper than any real file is refused, not overflowed. */
	static char deep[200001];
	memset(deep, '[', sizeof deep - 1);
	CHECK_INT(replay_text(deep, out, sizeof out, msg, sizeof msg), 1);

	/* A file that does not exist, or a directory. */
	FILE *o = tmpfile(), *e = tmpfile();
	CHECK_INT(srs_replay_file("/nonexistent/vectors.json", o, e), 1);
	CHECK(strstr(slurp(e, NULL), "/nonexistent/vectors.json") != NULL);
	CHECK_INT(srs_replay_file("/tmp", o, e), 1);
	fclose(o);
	fclose(e);
}

TEST(test_replay_main)
{
	/* Keep the usage message out of the test log. */
	fflush(stderr);
	int saved = dup(2), null = open("/dev/null", O_WRONLY);
	dup2(null, 2);
	char *none[] = {"replay", NULL};
	char *two[] = {"replay", "a", "b", NULL};
	char *missing[] = {"replay", "/nonexistent.json", NULL};
	CHECK_INT(srs_replay_main(1, none), 2);
	CHECK_INT(srs_replay_main(3, two), 2);
	CHECK_INT(srs_replay_main(2, missing), 1);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	close(null);

	/* "-" reads standard input. */
	CHECK_INT(write_temp("{\"sequences\": [{\"id\": \"s\", \"reviews\": "
	                     "[{\"rating\": 4, \"review_epoch\": 86400}]}]}"), 0);
	CHECK(freopen(tmp_path, "r", stdin) != NULL);
	FILE *o = tmpfile(), *e = tmpfile();
	CHECK_INT(srs_replay_file("-", o, e), 0);
	CHECK(strstr(slurp(o, NULL), "\"sequence\": \"s\", \"index\": 0, \"state\": 2") != NULL);
	fclose(o);
	fclose(e);
	unlink(tmp_path);
}

int main(void)
{
	RUN(test_isotime);
	RUN(test_replay_public_vectors);
	RUN(test_replay_minimal_and_variants);
	RUN(test_replay_malformed);
	RUN(test_replay_main);
	TEST_END();
}
