/*
** This file implements the fuzz target of the GIFT module: whatever the
** input, gift_parse() must not crash; when it succeeds, gift_export() must
** succeed and parsing its output must give back the same questions.
** Any difference aborts, so libFuzzer keeps the input.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "quizzes/gift.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const char *text)
{
	fprintf(stderr, "fuzz_gift: %s\n", what);
	if (text)
		fprintf(stderr, "--- export ---\n%s\n--- end ---\n", text);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gift_doc *doc = NULL, *again = NULL;
	char *text = NULL;
	size_t len = 0;
	int rc = gift_parse((const char *)data, size, &doc);
	if (rc != GIFT_OK) {
		if (rc == GIFT_ERR_SYNTAX && (!doc || doc->nerrors == 0 || doc->nquestions))
			fail("syntax error without a clean error list", NULL);
		gift_doc_free(doc);
		return 0;
	}
	if (gift_export(doc->questions, doc->nquestions, &text, &len) != 0)
		fail("export of a parsed document failed", NULL);
	if (gift_parse(text, len, &again) != GIFT_OK) {
		if (again && again->nerrors)
			fprintf(stderr, "line %d: %s\n", again->errors[0].line,
			        again->errors[0].message);
		fail("export does not parse", text);
	}
	if (again->nquestions != doc->nquestions)
		fail("question count differs after export", text);
	for (size_t i = 0; i < doc->nquestions; i++) {
		if (!gift_question_equal(&doc->questions[i], &again->questions[i])) {
			fprintf(stderr, "question %zu differs\n", i);
			fail("round trip changed a question", text);
		}
	}
	free(text);
	gift_doc_free(doc);
	gift_doc_free(again);
	return 0;
}
