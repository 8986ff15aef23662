/*
** This file builds the demo of quizzes (quizzes.h): six questions on
** consciousness in the bank (one of each kind a philosophy teacher would
** use, an essay among them), and a quiz drawing four of them in the
** Terminale philosophy course, 15 minutes, two attempts.
*/
#include <string.h>

#include "courses/courses.h"
#include "kernel/log.h"
#include "questions/questions.h"
#include "quizzes/quizzes.h"

static const char philo_gift[] =
	"$CATEGORY: Philosophie/La conscience\n"
	"\n"
	"::Cogito::Quel philosophe a écrit « Je pense, donc je suis » ? {\n"
	"\t=Descartes#Oui, dans le Discours de la méthode (1637).\n"
	"\t~Pascal\n"
	"\t~Kant\n"
	"}\n"
	"\n"
	"::Doute::Le doute de Descartes est dit « méthodique » : il cherche une vérité indubitable. {T}\n"
	"\n"
	"::Auteurs::Associez chaque auteur à sa notion. {\n"
	"\t=Freud -> l'inconscient\n"
	"\t=Descartes -> le cogito\n"
	"\t=Bergson -> la durée\n"
	"}\n"
	"\n"
	"::Inconscient::Par quel mot Freud désigne-t-il la part de l'esprit qui échappe à la conscience ? {=inconscient =l'inconscient}\n"
	"\n"
	"::Lesquels::Lesquels de ces philosophes sont du XVIIe siècle ? {\n"
	"\t~%50%Descartes\n"
	"\t~%50%Spinoza\n"
	"\t~%-50%Sartre#Non : Sartre est du XXe siècle.\n"
	"}\n"
	"\n"
	"::Conscience de soi::La conscience de soi est-elle une connaissance de soi ? Répondez en quelques lignes. {}\n";

int quizzes_demo_build(struct req *r, int64_t course_id)
{
	struct err e = {0};
	struct question_import imp;
	if (questions_import(r, philo_gift, sizeof philo_gift - 1, NULL, true, &imp, &e) != 0 || imp.doc->nerrors) {
		log_error("demo: philosophy bank: %s", e.msg);
		return -1;
	}
	struct question q;
	if (questions_get(r, imp.ids[0], &q) != 0)
		return -1;
	int64_t section, item;
	struct course_item_input in = {.kind = "quiz", .title = "Quiz — la conscience",
	                               .body_md = "Quatre questions tirées au hasard, dont peut-être une rédaction corrigée "
	                                          "par votre professeur. **15 minutes**, deux tentatives : la meilleure "
	                                          "note compte.",
	                               .published = true};
	/* at the end of the course's last section */
	struct course_outline o;
	if (courses_outline(r, course_id, 0, &o) != 0 || o.nsections == 0)
		return -1;
	section = o.sections[o.nsections - 1].id;
	if (courses_item_add(r, section, &in, &item, &e) != 0) {
		log_error("demo: quiz item: %s", e.msg);
		return -1;
	}
	struct quiz_settings_input s = {.time_limit_minutes = "15", .max_attempts = "2", .review = "after",
	                                .max_grade = "20", .weight = "1", .shuffle = true};
	if (quiz_settings_save(r, item, &s, &e) != 0 || quiz_slot_add(r, item, 0, q.category_id, 4, &e) != 0) {
		log_error("demo: quiz settings: %s", e.msg);
		return -1;
	}
	return 0;
}
