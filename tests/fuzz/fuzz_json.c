/*
** Fuzz target for the JSON bodies of the API: the input is parsed as the
** server parses every body (req_json_object_or_reply(): jansson, duplicate
** keys refused), then read as an answer to each type of question
** (question_response_from_json(), used by PUT /api/v1/exam/attempts/{id}/
** answers/{question_id}). An answer read is valid UTF-8, grades within
** [-1, 1], and written back as JSON reads again into the same response;
** anything else is refused with ERR_INVALID and a message.
*/
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/text.h"
#include "questions/questions.h"

/* one question of every type a candidate answers */
static const char bank[] =
	"::one:: Quel panneau ? {=Stop#bien ~Cédez ~%-50%Sens interdit}\n\n"
	"::many:: Équipements obligatoires ? {~%50%Casque ~%50%Gants ~%-100%Radio}\n\n"
	"::tf:: Le casque est obligatoire à vélo avant 12 ans. {T}\n\n"
	"::match:: Associez. {=Rouge -> Stop =Vert -> Passez =Orange -> Ralentir = -> Bleu}\n\n"
	"::short:: Le véhicule à deux roues sans moteur ? {=vélo =bicyclette =*cycle}\n\n"
	"::num:: Vitesse en agglomération ? {#50:5}\n\n"
	"::essay:: Expliquez la priorité à droite. {}\n";

static struct gift_doc *doc;

static void check_response(struct arena *a, const struct gift_question *q, const char *resp)
{
	if (!resp || !utf8_valid(resp, strlen(resp)))
		abort();
	double g = question_grade(q, resp);
	if (!(g >= -1.0 && g <= 1.0))
		abort();
	/* written back, it reads again into the same response */
	json_t *back = question_response_json(q, resp);
	if (!back)
		abort();
	const char *again;
	struct err e = {0};
	if (question_response_from_json(a, q, back, &again, &e) != 0 || strcmp(again, resp) != 0)
		abort();
	json_decref(back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!doc && (gift_parse(bank, sizeof bank - 1, &doc) != 0 || doc->nquestions != 7))
		abort();
	json_error_t jerr;
	json_t *body = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_object(body)) {
		json_decref(body);
		return 0;
	}
	struct arena *a = arena_new();
	for (size_t i = 0; i < doc->nquestions; i++) {
		const struct gift_question *q = &doc->questions[i];
		const char *resp = NULL;
		struct err e = {0};
		int rc = question_response_from_json(a, q, body, &resp, &e);
		if (rc == 0)
			check_response(a, q, resp);
		else if (rc != ERR_INVALID || !e.msg[0] || !utf8_valid(e.msg, strlen(e.msg)))
			abort();
	}
	json_decref(body);
	arena_free(a);
	return 0;
}
