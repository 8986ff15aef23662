/*
** gift_cli.h - the "cartable gift" subcommand.
**
**   cartable gift check FILE     (FILE "-" reads standard input)
**
** Parses a Moodle GIFT file (see gift.h) and reports what an import would
** bring in, without importing anything:
**
**   - on success, standard output holds a JSON array with one object per
**     question, each on its own line: type, title, text, format, category,
**     tags, idnumber, answers, single (multichoice), correct (truefalse),
**     general_feedback, general_feedback_format, line. Answers have text,
**     format, fraction (-1..1), feedback, feedback_format; numerical ones
**     add value and tolerance, or min and max (a catch-all "*" answer has
**     neither); matching answers are {left, left_format, right} pairs.
**     Exit status 0.
**   - when the file has errors, standard output holds
**     {"errors":[{"line":N,"message":"..."}]} and standard error one
**     "line N: message" per error (line 0 is the whole file). Exit status 1.
**   - usage errors, unreadable files, out of memory: a message on standard
**     error, exit status 2.
*/
#ifndef CARTABLE_GIFT_CLI_H
#define CARTABLE_GIFT_CLI_H

/* argv[0] is the subcommand ("check"), argv[1] the file. Returns the exit
** status described above. */
int gift_cli_main(int argc, char **argv);

#endif
