/*
** replay.h - `cartable srs replay FILE`: run review sequences through the
** FSRS scheduler and print what it computes, one JSON line per review.
**
** The input is the reference-vector format (tests/data/fsrs/
** vectors-public.json, "fsrs-reference-vectors/1"): an object whose
** "sequences" array holds objects with
**   "id"               a string (or integer), echoed as "sequence";
**   "scheduler"        optional: "parameters" (21 numbers),
**                      "desired_retention", "learning_steps_seconds",
**                      "relearning_steps_seconds", "maximum_interval",
**                      "enable_fuzzing"; a missing field takes the py-fsrs
**                      default, except fuzzing, which is off unless asked
**                      for (and then seeded with 0, so still reproducible);
**   "initial_card"     optional: "state", "step", "stability",
**                      "difficulty" (null for a new card), "due"/"due_epoch",
**                      "last_review"/"last_review_epoch"; missing means a
**                      new card due at the first review;
**   "reviews"          an array of {"rating": 1..4, "review_epoch" or
**                      "review_datetime", optional "probes": [{"epoch" or
**                      "datetime"}], optional "scheduler_override": fields
**                      as in "scheduler" that apply to this review only}.
** Other members (expected values, descriptions) are ignored. Datetimes are
** "YYYY-MM-DDTHH:MM:SS" with an optional fraction (dropped) and "Z" or
** "+00:00"; an *_epoch member, when present, wins over its datetime.
**
** For each review, in order, it prints exactly
**   {"sequence": ID, "index": I, "state": 1|2|3, "step": N|null,
**    "stability": X, "difficulty": Y, "due": "YYYY-MM-DDTHH:MM:SSZ",
**    "retrievability": [R at each probe, in order]}
** on one line, floats as %.17g (they round-trip exactly).
**
** Nothing is printed unless the whole file replays: a malformed file
** (bad JSON, missing member, wrong type, value out of range) gives one
** message naming the sequence and review, and no partial output.
*/
#ifndef CARTABLE_SRS_REPLAY_H
#define CARTABLE_SRS_REPLAY_H

#include <stdio.h>

/*
** srs_replay_main() is the subcommand: argv[0] is "replay", argv[1] the
** file, "-" for standard input. Writes to stdout, messages to stderr.
** Returns the exit status: 0 on success, 1 for an unreadable or malformed
** file (or a failed write), 2 for a usage error.
*/
int srs_replay_main(int argc, char **argv);

/*
** srs_replay_file() replays `path` ("-" for stdin), writing the JSON lines
** to `out` and a one-line message to `err` on failure. Returns 0 or 1 as
** srs_replay_main(). Neither stream is closed.
*/
int srs_replay_file(const char *path, FILE *out, FILE *err);

#endif
