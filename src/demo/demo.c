/*
** This file implements the demo world (demo.h). Programmes come from the
** operator's 2024 activity report; the services build everything, so the
** demo goes through the same checks as real data.
*/
#include "demo/demo.h"

#include <string.h>
#include <time.h>

#include "agenda/agenda.h"
#include "catalogue/catalogue.h"
#include "courses/courses.h"
#include "enrolment/enrolment.h"
#include "exams/exams.h"
#include "homework/homework.h"
#include "kernel/db.h"
#include "kernel/log.h"
#include "messaging/messaging.h"
#include "news/news.h"
#include "people/people.h"
#include "srs/srs.h"
#include "quizzes/quizzes.h"
#include "tenants/tenants.h"

#define DEMO_PASSWORD "demo"

static const struct {
	const char *code, *name;
} units[] = {
	{"ecole", "École"}, {"college", "Collège"}, {"lycee", "Lycée"},
	{"pro", "Pro"}, {"sup", "Sup-concours"}, {"langues", "Langues"},
};

static const struct demo_programme {
	const char *unit, *code, *title, *level, *public_, *months, *hours, *price, *summary, *md;
} programmes[] = {
	{"ecole", "CP-COMPLET", "CP – cursus complet", "cp", "regulated", "10", "", "0",
	 "L'année de CP à la maison : lecture, écriture, nombres, découverte du monde.",
	 "Pour les enfants **instruits en famille** ou empêchés de suivre une scolarité en "
	 "établissement.\n\n- Livrets de lecture et d'écriture\n- Devoirs corrigés par un professeur\n"
	 "- Suivi par un conseiller de scolarité"},
	{"ecole", "CM2-COMPLET", "CM2 – cursus complet", "cm2", "regulated", "10", "", "0",
	 "Français, mathématiques, histoire-géographie, sciences, anglais.", ""},
	{"college", "6E-COMPLET", "Sixième – cursus complet", "6e", "regulated", "10", "", "0",
	 "Toutes les disciplines de sixième, avec devoirs corrigés.", ""},
	{"college", "3E-COMPLET", "Troisième – cursus complet", "3e", "regulated", "10", "", "0",
	 "L'année du diplôme national du brevet, avec entraînement aux épreuves.", ""},
	{"lycee", "2NDE-GT", "Seconde générale et technologique", "2nde", "regulated", "10", "", "0",
	 "Le tronc commun de seconde et l'accompagnement au choix des spécialités.", ""},
	{"lycee", "1RE-GEN", "Première générale", "1re", "regulated", "10", "", "0",
	 "Tronc commun et trois spécialités ; possibilité d'étaler l'année sur deux ans.", ""},
	{"lycee", "TLE-GEN", "Terminale générale", "terminale", "regulated", "10", "", "0",
	 "L'année du baccalauréat : tronc commun, deux spécialités, grand oral.",
	 "## Pour qui ?\n\nÉlèves en **scolarité réglementée** (inscription sur avis de "
	 "l'inspection académique) : raisons de santé, pratique sportive ou artistique de haut "
	 "niveau, itinérance, résidence à l'étranger.\n\n## Ce qui est inclus\n\n- Cours en ligne et "
	 "livrets\n- Devoirs corrigés par des professeurs en 3 jours\n- Classes virtuelles\n"
	 "- Préparation au grand oral"},
	{"lycee", "TLE-STMG", "Terminale STMG", "terminale", "free", "10", "", "690",
	 "Sciences et technologies du management et de la gestion.", ""},
	{"pro", "CAP-AEPE", "CAP Accompagnant éducatif petite enfance (AEPE)", "adult", "funded", "12",
	 "", "1290", "Travailler auprès des jeunes enfants : crèche, école maternelle, domicile.",
	 "Formation **en ligne**, avec stage en milieu professionnel. Finançable par le CPF ou "
	 "France Travail."},
	{"pro", "CAP-FLEUR", "CAP Fleuriste", "adult", "funded", "12", "", "1490",
	 "Les techniques du métier de fleuriste, en partenariat avec la profession.", ""},
	{"pro", "CAP-CUISINE", "CAP Cuisine", "adult", "free", "12", "", "1390",
	 "Se préparer au CAP Cuisine en candidat libre.", ""},
	{"pro", "BACPRO-ASSP", "Bac pro Accompagnement, soins et services à la personne (ASSP)",
	 "terminale", "free", "24", "", "1590", "Deux années pour le bac professionnel ASSP.", ""},
	{"pro", "BTS-DIET", "BTS Diététique", "postbac", "free", "24", "", "2490",
	 "Devenir diététicien : nutrition, biochimie, physiopathologie, restauration collective.",
	 "Le **BTS Diététique** prépare en deux ans (ou trois, aménagé) à l'examen national."},
	{"pro", "BTS-CIEL", "BTS CIEL – Cybersécurité, informatique et réseaux, électronique",
	 "postbac", "free", "24", "", "2590", "Successeur du BTS Systèmes numériques.", ""},
	{"pro", "BTS-COM", "BTS Communication", "postbac", "free", "24", "", "2390",
	 "Concevoir et mettre en œuvre des actions de communication.", ""},
	{"pro", "CYBER-ASSIST", "Assistant(e) en cybersécurité", "adult", "funded", "", "400", "2900",
	 "400 heures pour protéger le système d'information d'une TPE, d'une PME ou d'une collectivité.",
	 "Formation en ligne de **400 heures**, conçue avec le Campus Cyber, pour un public "
	 "professionnel non spécialiste de niveau bac ou bac+2."},
	{"pro", "S2MS", "BTS Services et prestations des secteurs sanitaire et social (S2MS)",
	 "postbac", "free", "24", "", "2390", "Secrétariat médical et médico-social.", ""},
	{"sup", "CRPE", "Préparation au CRPE (professeur des écoles)", "postbac", "free", "9", "",
	 "690", "Écrits et oraux du concours de recrutement de professeurs des écoles.", ""},
	{"sup", "CAPES-LM", "Préparation au CAPES de lettres modernes", "postbac", "free", "9", "",
	 "790", "Préparation complète aux épreuves d'admissibilité et d'admission.", ""},
	{"sup", "DAEU-A", "DAEU A (diplôme d'accès aux études universitaires)", "adult", "funded",
	 "9", "", "590", "L'équivalent du baccalauréat pour reprendre des études.", ""},
	{"langues", "DAEFLE", "DAEFLE – Diplôme d'aptitude à l'enseignement du français langue étrangère",
	 "postbac", "free", "12", "", "1190", "Enseigner le français aux non-francophones.", ""},
	{"langues", "TOEIC-4S", "Préparation TOEIC 4 Skills", "adult", "funded", "", "60", "490",
	 "Les quatre compétences du TOEIC, reconnu par France Compétences.", ""},
};

static const struct {
	const char *code, *title, *level, *price, *summary;
	bool a_la_carte;
	const char *programme; /* code of the programme holding it, or NULL */
} courses[] = {
	{"TLE-MATHS", "Mathématiques – Terminale (spécialité)", "terminale", "", "Analyse, probabilités, géométrie dans l'espace.", false, "TLE-GEN"},
	{"TLE-PHILO", "Philosophie – Terminale", "terminale", "", "Notions, auteurs et méthode de la dissertation.", false, "TLE-GEN"},
	{"TLE-HG", "Histoire-géographie – Terminale", "terminale", "", "Le monde contemporain en perspective.", false, "TLE-GEN"},
	{"TLE-PC", "Physique-chimie – Terminale (spécialité)", "terminale", "", "Mécanique, ondes, chimie organique.", false, "TLE-GEN"},
	{"DIET-NUTRI", "Nutrition et alimentation", "postbac", "", "Besoins nutritionnels et équilibre alimentaire.", false, "BTS-DIET"},
	{"DIET-BIOCH", "Biochimie et physiopathologie", "postbac", "", "Les bases biologiques de la diététique.", false, "BTS-DIET"},
	{"CAL-ANG-2NDE", "Anglais – Seconde (cours à la carte)", "2nde", "90", "Pour les élèves dont l'établissement ne propose pas l'enseignement.", true, NULL},
	{"CAL-LATIN-3E", "Latin – Troisième (cours à la carte)", "3e", "75", "Langue et culture de l'Antiquité.", true, NULL},
	{"CAL-CHINOIS", "Chinois LV3 – Lycée (cours à la carte)", "2nde", "120", "Langue vivante rare, proposée aux établissements partenaires.", true, NULL},
};

struct person_spec {
	const char *login, *given, *family, *email;
	unsigned roles;
};

static const struct person_spec people_operator[] = {
	{"admin", "Alice", "Administratrice", "admin@example.org", ROLE_ADMIN},
	{"eleve", "Lina", "Martin", NULL, ROLE_LEARNER},
	{"parent", "Sophie", "Martin", "parent@example.org", ROLE_GUARDIAN},
	{"prof", "Karim", "Benali", "prof@example.org", ROLE_TEACHER},
	{"conseiller", "Claire", "Dubois", "conseiller@example.org", ROLE_ADVISOR},
	{"auteur", "Paul", "Lefèvre", "auteur@example.org", ROLE_AUTHOR},
	{"etablissement", "Nadia", "Roux", "secretariat@college-demo.example.org", ROLE_SCHOOL},
	{"support", "Hugo", "Garnier", "support@example.org", ROLE_SUPPORT},
	{"compta", "Émilie", "Faure", "compta@example.org", ROLE_FINANCE},
};

static int64_t find_id(const char *login, int64_t *ids, const struct person_spec *specs, int n)
{
	for (int i = 0; i < n; i++)
		if (strcmp(specs[i].login, login) == 0)
			return ids[i];
	return 0;
}

static int create_people(struct req *r, int64_t tenant, const struct person_spec *specs, int n,
                         int64_t *ids, int64_t school_id)
{
	for (int i = 0; i < n; i++) {
		struct person_input in = {
			.login = specs[i].login, .given_name = specs[i].given,
			.family_name = specs[i].family, .email = specs[i].email,
			.password = DEMO_PASSWORD, .roles = specs[i].roles,
			.school_id = (specs[i].roles & ROLE_SCHOOL) ? school_id : 0,
		};
		struct err e = {0};
		if (people_create_in(r, tenant, &in, &ids[i], &e) != 0) {
			log_error("demo: cannot create %s: %s", specs[i].login, e.msg);
			return -1;
		}
	}
	return 0;
}

static int build_catalogue(struct req *r, int64_t *unit_ids)
{
	struct err e = {0};
	int64_t prog_ids[sizeof programmes / sizeof programmes[0]];
	for (size_t i = 0; i < sizeof programmes / sizeof programmes[0]; i++) {
		const struct demo_programme *p = &programmes[i];
		int64_t unit = 0;
		for (size_t u = 0; u < sizeof units / sizeof units[0]; u++)
			if (strcmp(units[u].code, p->unit) == 0)
				unit = unit_ids[u];
		struct programme_input in = {
			.code = p->code, .title = p->title, .level = p->level, .public_ = p->public_,
			.summary = p->summary, .description_md = p->md, .duration_months = p->months,
			.duration_hours = p->hours, .price = p->price, .unit_id = unit, .published = true,
		};
		if (catalogue_programme_save(r, 0, &in, &prog_ids[i], &e) != 0) {
			log_error("demo: programme %s: %s", p->code, e.msg);
			return -1;
		}
	}
	for (size_t i = 0; i < sizeof courses / sizeof courses[0]; i++) {
		struct course_input in = {
			.code = courses[i].code, .title = courses[i].title, .level = courses[i].level,
			.summary = courses[i].summary, .price = courses[i].price,
			.a_la_carte = courses[i].a_la_carte, .published = true,
			.unit_id = unit_ids[courses[i].a_la_carte ? 2 : 0],
		};
		int64_t id;
		if (catalogue_course_save(r, 0, &in, &id, &e) != 0) {
			log_error("demo: course %s: %s", courses[i].code, e.msg);
			return -1;
		}
		if (!courses[i].programme)
			continue;
		for (size_t p = 0; p < sizeof programmes / sizeof programmes[0]; p++) {
			if (strcmp(programmes[p].code, courses[i].programme) != 0)
				continue;
			struct course *held;
			int n = catalogue_programme_courses(r, prog_ids[p], true, &held);
			int64_t list[16];
			for (int k = 0; k < n && k < 15; k++)
				list[k] = held[k].id;
			list[n < 15 ? n : 15] = id;
			if (catalogue_set_courses(r, prog_ids[p], list, (n < 15 ? n : 15) + 1) != 0)
				return -1;
		}
	}
	/* documents asked for regulated schooling and for the BTS */
	for (size_t p = 0; p < sizeof programmes / sizeof programmes[0]; p++) {
		if (strcmp(programmes[p].public_, "regulated") == 0 &&
		    catalogue_requirement_add(r, prog_ids[p], "Justificatif de scolarité réglementée",
		        "L'avis favorable du directeur académique des services de l'éducation "
		        "nationale (DASEN), ou le certificat médical pour raison de santé.", &e) != 0)
			return -1;
		if (strcmp(programmes[p].level, "postbac") == 0 &&
		    catalogue_requirement_add(r, prog_ids[p], "Diplôme du baccalauréat",
		        "Copie du diplôme ou du relevé de notes.", &e) != 0)
			return -1;
	}
	return 0;
}

static int64_t programme_id(struct req *r, const char *code)
{
	struct catalogue_query q = {.q = code, .all = true, .limit = 5};
	struct programme *p;
	int n = catalogue_search(r, &q, &p);
	for (int i = 0; i < n; i++)
		if (strcmp(p[i].code, code) == 0)
			return p[i].id;
	return 0;
}

static int64_t course_id(struct req *r, const char *code)
{
	struct catalogue_query q = {.q = code, .all = true, .limit = 5};
	struct course *c;
	int n = catalogue_courses_search(r, &q, &c);
	for (int i = 0; i < n; i++)
		if (strcmp(c[i].code, code) == 0)
			return c[i].id;
	return 0;
}

/* Sections and items of a few courses, taught by `prof`. */
static const struct demo_item {
	const char *course, *section, *kind, *title, *md, *url;
} demo_items[] = {
	{"TLE-MATHS", "Chapitre 1 — Suites et limites", "lesson", "Rappels sur les suites",
	 "## Ce qu'il faut retenir\n\nUne suite $(u_n)$ est **croissante** si pour tout $n$, "
	 "$u_{n+1} \\geq u_n$.\n\n- suite arithmétique : $u_{n+1} = u_n + r$\n"
	 "- suite géométrique : $u_{n+1} = q \\times u_n$\n\n> Méthode : étudier le signe de $u_{n+1} - u_n$.", NULL},
	{"TLE-MATHS", "Chapitre 1 — Suites et limites", "link", "Vidéo : la notion de limite",
	 "Une vidéo de 6 minutes pour comprendre la limite d'une suite.", "https://www.lumni.fr/"},
	{"TLE-MATHS", "Chapitre 1 — Suites et limites", "lesson", "Exercices corrigés",
	 "1. Montrer que la suite définie par $u_n = 3n + 2$ est arithmétique.\n"
	 "2. Étudier le sens de variation de $v_n = 2^n$.", NULL},
	{"TLE-MATHS", "Chapitre 1 — Suites et limites", "homework", "Devoir 1 — Suites",
	 "Rédigez les exercices 12 à 15 du livret, sur papier ou à l'ordinateur, et déposez votre copie en PDF.", NULL},
	{"TLE-MATHS", "Chapitre 2 — Fonction exponentielle", "lesson", "Définition et propriétés",
	 "La fonction exponentielle est l'unique fonction $f$ dérivable sur $\\mathbb{R}$ telle que "
	 "$f' = f$ et $f(0) = 1$.", NULL},
	{"TLE-PHILO", "La conscience", "lesson", "Introduction : « Je pense, donc je suis »",
	 "Descartes cherche une vérité dont on ne puisse pas douter...", NULL},
	{"TLE-PHILO", "La conscience", "homework", "Dissertation n° 1",
	 "Sujet : *La conscience de soi est-elle une connaissance de soi ?* Copie de 4 pages au plus.", NULL},
	{"CAL-LATIN-3E", "Séquence 1 — Rome, une cité", "lesson", "La fondation de Rome",
	 "Romulus et Rémus, la louve, le Palatin : lisons le récit de Tite-Live.", NULL},
};

static int build_course_content(struct req *r)
{
	struct err e = {0};
	const char *last_course = NULL, *last_section = NULL;
	int64_t section = 0;
	for (size_t i = 0; i < sizeof demo_items / sizeof demo_items[0]; i++) {
		const struct demo_item *d = &demo_items[i];
		int64_t course = course_id(r, d->course), item;
		if (!course)
			return -1;
		if (!last_course || strcmp(last_course, d->course) != 0) {
			if (courses_staff_add(r, course, "prof", "teacher", &e) != 0)
				return -1;
			/* the advisor follows the partner school's pupils in Latin */
			if (strcmp(d->course, "CAL-LATIN-3E") == 0 &&
			    courses_staff_add(r, course, "conseiller", "advisor", &e) != 0)
				return -1;
			last_section = NULL;
		}
		if (!last_section || strcmp(last_section, d->section) != 0) {
			if (courses_section_add(r, course, d->section, &section, &e) != 0)
				return -1;
		}
		last_course = d->course;
		last_section = d->section;
		struct course_item_input in = {.kind = d->kind, .title = d->title, .body_md = d->md,
		                               .url = d->url, .published = true};
		if (courses_item_add(r, section, &in, &item, &e) != 0) {
			log_error("demo: item %s: %s", d->title, e.msg);
			return -1;
		}
	}
	return 0;
}

static void print_logins(FILE *out)
{
	fprintf(out,
	        "\ncartable demo: every login below has the password \"demo\"\n"
	        "  admin          administrator of the operator (people, catalogue, organisations)\n"
	        "  eleve          learner, enrolled in Terminale générale\n"
	        "  parent         guardian of eleve\n"
	        "  prof           teacher\n"
	        "  conseiller     advisor (enrolment review queue)\n"
	        "  auteur         author (catalogue)\n"
	        "  etablissement  staff of a partner school (class list import)\n"
	        "  support        customer relations\n"
	        "  compta         finance\n"
	        "  etudiant.univ  learner of the partner university\n\n");
}

/* "AAAA-MM-JJ", `days` from now (local time). */
static const char *demo_day(struct req *r, int days)
{
	time_t t = time(NULL) + (time_t)days * 86400;
	struct tm tm;
	char buf[16] = "";
	if (localtime_r(&t, &tm))
		strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
	return arena_strdup(r->arena, buf);
}

static int64_t demo_item(struct req *r, const char *course_code, const char *title)
{
	struct course_outline o;
	if (courses_outline(r, course_id(r, course_code), 0, &o) != 0)
		return 0;
	for (int s = 0; s < o.nsections; s++)
		for (int i = 0; i < o.sections[s].nitems; i++)
			if (strcmp(o.sections[s].items[i].title, title) == 0)
				return o.sections[s].items[i].id;
	return 0;
}

/* Homework settings (one due next week, one past), and eleve's essay handed
** in, corrected and returned by prof, so that every homework page shows
** something. Acts as each person in turn, through the services. */
static int build_homework(struct req *r, int64_t eleve, int64_t prof)
{
	struct user admin = r->user;
	struct err e = {0};
	int64_t maths = demo_item(r, "TLE-MATHS", "Devoir 1 — Suites");
	int64_t philo = demo_item(r, "TLE-PHILO", "Dissertation n° 1");
	struct assignment_input hw = {
		.instructions_md = "Rendez un seul fichier PDF (scan ou photo lisible), **nom et prénom** en haut de la première page.",
		.opens = demo_day(r, -3), .due_date = demo_day(r, 7), .due_time = "18:00",
		.max_grade = "20", .weight = "2", .accepts_file = true, .resubmit = true,
		.file_types = 31, .late_policy = "flag",
	};
	struct assignment_input essay = {
		.instructions_md = "Introduction, deux ou trois parties, conclusion. Vous pouvez écrire directement dans la page.",
		.opens = demo_day(r, -20), .due_date = demo_day(r, 1), .due_time = "23:59",
		.max_grade = "20", .weight = "1", .accepts_file = true, .accepts_text = true,
		.resubmit = true, .file_types = 31, .late_policy = "refuse",
	};
	if (!maths || !philo || homework_assignment_save(r, maths, &hw, &e) != 0 ||
	    homework_assignment_save(r, philo, &essay, &e) != 0) {
		log_error("demo: homework settings: %s", e.msg);
		return -1;
	}
	struct submission s;
	r->user = (struct user){.id = eleve, .roles = ROLE_LEARNER, .display_name = "Lina Martin"};
	int rc = homework_submit(r, philo, NULL,
	                         "Se connaître, est-ce seulement avoir conscience de soi ?\n\n"
	                         "I. La conscience de soi semble une connaissance immédiate...\n\n"
	                         "II. Mais la conscience peut se tromper sur elle-même...\n\n"
	                         "III. Se connaître est donc une tâche plutôt qu'un fait.", &s, &e);
	r->user = (struct user){.id = prof, .roles = ROLE_TEACHER, .display_name = "Karim Benali"};
	struct correction_input c = {
		.grade = "14,5", .give_back = true,
		.feedback_md = "Bonne problématique et un plan clair.\n\n- La deuxième partie manque "
		               "d'exemples.\n- Soignez la conclusion : elle doit répondre à la question.",
	};
	if (rc != 0 || homework_correct(r, s.id, &c, &e) != 0) {
		log_error("demo: homework copy: %s", e.msg);
		return -1;
	}
	r->user = admin;
	/* the essay's deadline has passed since: late copies are refused after it */
	essay.opens = demo_day(r, -30);
	essay.due_date = demo_day(r, -10);
	if (homework_assignment_save(r, philo, &essay, &e) != 0) {
		log_error("demo: homework settings: %s", e.msg);
		return -1;
	}
	return 0;
}

/* "AAAA-MM-JJ", `days` days from now (local time), for the learning-life demo. */
static const char *learning_day(struct req *r, int days)
{
	time_t t = time(NULL) + (time_t)days * 86400;
	struct tm tm;
	char buf[16] = "";
	if (localtime_r(&t, &tm))
		strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
	return arena_strdup(r->arena, buf);
}

/* Messages, agenda, news and forum: a thread between eleve and prof, a
** virtual class next week, events of the year, announcements and a forum
** thread. Acts as each person in turn, through the services. */
static int build_learning_life(struct req *r, int64_t eleve, int64_t prof)
{
	struct user admin = r->user;
	struct user as_eleve = {.id = eleve, .login = "eleve", .roles = ROLE_LEARNER,
	                        .display_name = "Lina Martin"};
	struct user as_prof = {.id = prof, .login = "prof", .roles = ROLE_TEACHER,
	                       .display_name = "Karim Benali"};
	struct err e = {0};
	int64_t maths = course_id(r, "TLE-MATHS"), thread, id;
	struct course maths_course;
	int64_t unit = catalogue_course_get(r, maths, true, &maths_course) == 0 ? maths_course.unit_id : 0;

	r->user = as_eleve;
	struct message_input ask = {
		.course_id = maths, .subject = "Question sur les suites géométriques",
		.body = "Bonjour Monsieur,\n\nDans l'exercice 2, faut-il étudier v(n+1) - v(n) ou le "
		        "quotient v(n+1) / v(n) ?\n\nMerci,\nLina",
	};
	int rc = messages_thread_create(r, &ask, &thread, &e);
	int64_t topic = 0;
	if (rc == 0)
		rc = forum_thread_create(r, maths, "Méthode pour les limites de suites",
		                         "Quelqu'un a-t-il une méthode simple pour savoir quand utiliser "
		                         "le théorème des gendarmes ?", &topic, &e);
	r->user = as_prof;
	struct message_input answer = {
		.body = "Bonjour Lina,\n\nLes deux méthodes fonctionnent. Pour une suite géométrique à "
		        "termes positifs, le quotient est plus rapide : comparez-le à 1.\n\nBon courage !",
	};
	struct class_input visio = {
		.course_id = maths, .title = "La fonction exponentielle : questions-réponses",
		.date = learning_day(r, 7), .start = "17:00", .end = "18:00",
		.url = "https://visio.example.org/tle-maths-exponentielle",
	};
	struct news_input course_news = {
		.target = arena_printf(r->arena, "course:%lld", (long long)maths),
		.title = "Le devoir 1 est en ligne",
		.body_md = "Le **devoir 1 sur les suites** est à rendre la semaine prochaine. "
		           "Posez vos questions sur le forum du cours.",
	};
	if (rc == 0)
		rc = messages_reply(r, thread, &answer, NULL, &e);
	if (rc == 0)
		rc = forum_reply(r, maths, topic, "Quand on sait **encadrer** la suite par deux suites "
		                 "qui ont la même limite. Revoyez l'exemple 3 de la leçon.", NULL, &e);
	if (rc == 0)
		rc = agenda_class_create(r, &visio, &id, &e);
	if (rc == 0)
		rc = news_publish(r, &course_news, &id, &e);

	r->user = admin;
	struct event_input council = {
		.title = "Conseils de classe du premier trimestre",
		.description = "Les bulletins sont publiés la semaine suivante.",
		.start_date = learning_day(r, 10), .end_date = learning_day(r, 12),
		.unit_id = unit,
	};
	struct event_input open_day = {
		.title = "Journée portes ouvertes en ligne", .start_date = learning_day(r, 20),
		.start_time = "10:00", .end_time = "16:00",
	};
	struct news_input welcome = {
		.target = "tenant", .title = "Bienvenue sur cartable",
		.body_md = "Retrouvez ici vos cours, vos devoirs, vos messages et votre agenda. "
		           "L'agenda peut s'afficher dans l'application de calendrier de votre téléphone.",
	};
	if (rc == 0)
		rc = agenda_event_create(r, &council, &id, &e);
	if (rc == 0)
		rc = agenda_event_create(r, &open_day, &id, &e);
	if (rc == 0)
		rc = news_publish(r, &welcome, &id, &e);
	if (rc != 0) {
		log_error("demo: messages, agenda and news: %s", e.msg);
		return -1;
	}
	return 0;
}

static int build_srs(struct req *r, int64_t eleve, int64_t auteur);
/* Issue 4: a quiz in the philosophy course, and the road-safety
** certificates of the partner school (exams.h, quizzes.h). */
static int build_quizzes_and_exams(struct req *r, int64_t school, int64_t school_staff)
{
	return quizzes_demo_build(r, course_id(r, "TLE-PHILO")) == 0 &&
	       exams_demo_build(r, school, school_staff) == 0 ? 0 : -1;
}

static int build(struct arena *a)
{
	struct req r = {.arena = a};
	int64_t op, univ;
	if (tenants_create_raw("operateur", "Enseignement à distance (démo)", NULL, true, &op) != 0 ||
	    tenants_create_raw("univ-demo", "Université partenaire (démo)", NULL, false, &univ) != 0)
		return -1;
	r.tenant = (struct tenant_ref){.id = op, .slug = "operateur", .is_operator = true};
	int64_t unit_ids[sizeof units / sizeof units[0]];
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (units_create_raw(op, units[i].code, units[i].name, (int)i, &unit_ids[i]) != 0)
			return -1;
	int64_t school;
	if (schools_create_raw(op, "Collège Jean Moulin (démo)", "0860012A", "Poitiers", "Poitiers",
	                       &school) != 0)
		return -1;
	enum { NOP = sizeof people_operator / sizeof people_operator[0] };
	int64_t ids[NOP];
	if (create_people(&r, op, people_operator, NOP, ids, school) != 0)
		return -1;
	/* from here on the demo acts as its admin, like a person would */
	r.user = (struct user){.id = find_id("admin", ids, people_operator, NOP), .roles = ROLE_ADMIN};
	if (build_catalogue(&r, unit_ids) != 0 || build_course_content(&r) != 0)
		return -1;
	struct err e = {0};
	int64_t eleve = find_id("eleve", ids, people_operator, NOP);
	if (people_link_guardian(&r, find_id("parent", ids, people_operator, NOP), eleve, &e) != 0)
		return -1;
	int64_t enrolment;
	if (enrolment_apply(&r, eleve, programme_id(&r, "TLE-GEN"), 0,
	                    "Sportive de haut niveau (tennis) : aménagement souhaité.", &enrolment, &e) != 0 ||
	    enrolment_set_status(&r, enrolment, "active", "Dossier complet (démo).", &e) != 0 ||
	    enrolment_set_accommodations(&r, enrolment, "33", false, "1", NULL, &e) != 0) {
		log_error("demo: enrolment of eleve: %s", e.msg);
		return -1;
	}
	if (build_homework(&r, eleve, find_id("prof", ids, people_operator, NOP)) != 0)
		return -1;
	if (build_learning_life(&r, eleve, find_id("prof", ids, people_operator, NOP)) != 0)
		return -1;
	if (build_srs(&r, eleve, find_id("auteur", ids, people_operator, NOP)) != 0)
		return -1;
	/* three pupils of the partner school, one already in an à-la-carte course */
	static const struct person_spec pupils[] = {
		{NULL, "Jules", "Bernard", NULL, ROLE_LEARNER},
		{NULL, "Inès", "Petit", NULL, ROLE_LEARNER},
		{NULL, "Noah", "Moreau", NULL, ROLE_LEARNER},
	};
	for (size_t i = 0; i < 3; i++) {
		struct person_input in = {.given_name = pupils[i].given, .family_name = pupils[i].family,
		                          .birth_date = "14/03/2012", .school_id = school,
		                          .school_class = "3e B", .roles = ROLE_LEARNER};
		int64_t id;
		if (people_create_in(&r, op, &in, &id, &e) != 0)
			return -1;
		if (i == 0 && enrolment_apply(&r, id, 0, course_id(&r, "CAL-LATIN-3E"), NULL, &id, &e) != 0)
			return -1;
	}
	if (build_quizzes_and_exams(&r, school, find_id("etablissement", ids, people_operator, NOP)) != 0)
		return -1;

	/* the partner university: its own unit, course, admin and student */
	r.tenant = (struct tenant_ref){.id = univ, .slug = "univ-demo"};
	int64_t unit;
	if (units_create_raw(univ, "licence", "Licence", 0, &unit) != 0)
		return -1;
	static const struct person_spec univ_people[] = {
		{"admin.univ", "Marc", "Leroy", "admin@univ-demo.example.org", ROLE_ADMIN},
		{"etudiant.univ", "Yanis", "Girard", "etudiant@univ-demo.example.org", ROLE_LEARNER},
	};
	int64_t uids[2];
	if (create_people(&r, univ, univ_people, 2, uids, 0) != 0)
		return -1;
	r.user = (struct user){.id = uids[0], .roles = ROLE_ADMIN};
	struct course_input c = {.code = "L1-DROIT", .title = "Introduction au droit (L1)",
	                         .summary = "Sources du droit, organisation juridictionnelle.",
	                         .price = "0", .unit_id = unit, .a_la_carte = true, .published = true};
	int64_t cid;
	if (catalogue_course_save(&r, 0, &c, &cid, &e) != 0 ||
	    enrolment_apply(&r, uids[1], 0, cid, NULL, &enrolment, &e) != 0) {
		log_error("demo: university: %s", e.msg);
		return -1;
	}
	return 0;
}

int demo_build(FILE *out)
{
	people_set_allow_weak_passwords(true);
	struct arena *a = arena_new();
	struct req probe = {.arena = a};
	struct tenant_ref t;
	int rc = 0;
	if (tenants_for_host(&probe, NULL, &t) == ERR_NOT_FOUND) {
		struct db *db = db_get();
		if (!db || db_begin(db) != 0) {
			arena_free(a);
			return -1;
		}
		rc = build(a);
		if (rc == 0)
			rc = db_commit(db) == 0 ? 0 : -1;
		else
			db_rollback(db);
		if (rc == 0)
			log_warn("demo: demo world built");
		else
			log_error("demo: could not build the demo world");
	}
	arena_free(a);
	if (rc == 0)
		print_logins(out);
	return rc;
}

/* ---- Spaced repetition ---- */

/* Cards of the Terminale decks: maths definitions and philosophy notions,
** front/back or cloze ("{{c1::...}}", one card per number). */
static const struct demo_card {
	const char *course, *kind, *front, *back;
} demo_cards[] = {
	{"TLE-MATHS", "basic", "Qu'est-ce qu'une suite **arithmétique** ?",
	 "Une suite telle que $u_{n+1} = u_n + r$ pour tout $n$ ; $r$ est la **raison**."},
	{"TLE-MATHS", "basic", "Terme général d'une suite géométrique de premier terme $u_0$ et de raison $q$ ?",
	 "$u_n = u_0 \\times q^n$"},
	{"TLE-MATHS", "cloze", "Une suite $(u_n)$ est **croissante** si pour tout $n$, {{c1::$u_{n+1} \\geq u_n$}}.", ""},
	{"TLE-MATHS", "cloze", "La dérivée de $e^x$ est {{c1::$e^x$}} et celle de $\\ln x$ est {{c2::$\\frac{1}{x}$}} "
	 "(pour $x > 0$).", ""},
	{"TLE-MATHS", "cloze", "$e^{a+b} =$ {{c1::$e^a \\times e^b$}} et $\\ln(ab) =$ {{c2::$\\ln a + \\ln b$}} "
	 "(pour $a, b > 0$).", ""},
	{"TLE-MATHS", "basic", "Limite de $e^x$ quand $x \\to -\\infty$ ?", "$0$"},
	{"TLE-MATHS", "basic", "Énoncer le **théorème des gendarmes**.",
	 "Si $v_n \\leq u_n \\leq w_n$ à partir d'un certain rang et si $(v_n)$ et $(w_n)$ ont la même "
	 "limite $\\ell$, alors $(u_n)$ converge vers $\\ell$."},
	{"TLE-MATHS", "cloze", "Une suite croissante et {{c1::majorée}} est {{c2::convergente}}.",
	 "C'est le théorème de la limite monotone."},
	{"TLE-MATHS", "basic", "Somme $1 + q + q^2 + \\dots + q^n$ pour $q \\neq 1$ ?",
	 "$\\dfrac{1 - q^{n+1}}{1 - q}$"},
	{"TLE-MATHS", "cloze", "La fonction exponentielle est l'unique fonction $f$ dérivable sur $\\mathbb{R}$ "
	 "telle que {{c1::$f' = f$}} et {{c2::$f(0) = 1$}}.", ""},
	{"TLE-MATHS", "basic", "Qu'est-ce qu'une **primitive** de $f$ sur un intervalle $I$ ?",
	 "Une fonction $F$ dérivable sur $I$ telle que $F' = f$."},
	{"TLE-MATHS", "basic", "Formule des probabilités totales avec $A$ et $\\bar{A}$ ?",
	 "$P(B) = P(A \\cap B) + P(\\bar{A} \\cap B)$"},
	{"TLE-MATHS", "cloze", "Pour $X$ de loi binomiale $\\mathcal{B}(n, p)$ : $E(X) =$ {{c1::$np$}} et "
	 "$V(X) =$ {{c2::$np(1-p)$}}.", ""},
	{"TLE-MATHS", "basic", "Équation de la tangente à la courbe de $f$ au point d'abscisse $a$ ?",
	 "$y = f'(a)(x - a) + f(a)$"},
	{"TLE-MATHS", "cloze", "Le nombre dérivé de $f$ en $a$ est la limite du {{c1::taux d'accroissement::nom du "
	 "quotient}} $\\frac{f(a+h) - f(a)}{h}$ quand $h$ tend vers 0.", ""},
	{"TLE-PHILO", "cloze", "« Je pense, donc je suis » est le {{c1::cogito}} de {{c2::Descartes}}.",
	 "*Discours de la méthode* (1637), quatrième partie."},
	{"TLE-PHILO", "basic", "Qu'est-ce que la **conscience** ?",
	 "La connaissance, plus ou moins claire, qu'un sujet a de lui-même et du monde (du latin "
	 "*cum scientia*, « avec savoir »)."},
	{"TLE-PHILO", "cloze", "Pour Freud, une grande part de la vie psychique est {{c1::inconsciente}} : le moi "
	 "« n'est pas maître dans sa propre maison ».", ""},
	{"TLE-PHILO", "basic", "Distinguer **liberté** et **libre arbitre**.",
	 "Le libre arbitre est le pouvoir de choisir sans être déterminé ; la liberté est plus large : "
	 "agir sans contrainte, selon sa volonté ou selon la raison."},
	{"TLE-PHILO", "cloze", "« L'homme est condamné à être libre » : {{c1::Sartre}}, *L'existentialisme est un "
	 "humanisme*.", ""},
	{"TLE-PHILO", "basic", "Que dit Spinoza du libre arbitre ?",
	 "C'est une illusion : les hommes se croient libres parce qu'ils sont conscients de leurs désirs et "
	 "ignorants des causes qui les déterminent."},
	{"TLE-PHILO", "cloze", "Kant : « Agis uniquement d'après la maxime qui fait que tu peux vouloir en même "
	 "temps qu'elle devienne une {{c1::loi universelle}}. »", "C'est l'impératif catégorique."},
	{"TLE-PHILO", "basic", "Qu'est-ce que le **devoir** chez Kant ?",
	 "La nécessité d'accomplir une action par respect pour la loi morale, non par intérêt ou inclination."},
	{"TLE-PHILO", "cloze", "Pour Hobbes, à l'état de nature, « l'homme est {{c1::un loup}} pour l'homme ».", ""},
	{"TLE-PHILO", "basic", "Distinguer **vérité** et **réalité**.",
	 "La réalité est ce qui existe ; la vérité est une qualité du jugement : l'accord de ce qu'on dit "
	 "avec ce qui est."},
	{"TLE-PHILO", "cloze", "L'allégorie de la caverne ouvre le livre {{c1::VII}} de *La République* de "
	 "{{c2::Platon}}.", ""},
	{"TLE-PHILO", "basic", "Qu'est-ce que l'**État** selon Max Weber ?",
	 "La communauté humaine qui revendique avec succès le monopole de la violence physique légitime sur "
	 "un territoire donné."},
};

/* Added today, after the weeks of reviews: new cards for today. */
static const struct demo_card demo_cards_today[] = {
	{"TLE-MATHS", "basic", "Que représente $\\int_a^b f(x)\\,dx$ pour $f$ continue et positive sur $[a, b]$ ?",
	 "L'aire, en unités d'aire, du domaine entre la courbe de $f$, l'axe des abscisses et les droites "
	 "$x = a$ et $x = b$."},
	{"TLE-MATHS", "cloze", "Si $F$ est une primitive de $f$ sur $[a, b]$ : $\\int_a^b f(x)\\,dx =$ "
	 "{{c1::$F(b) - F(a)$}}.", ""},
	{"TLE-MATHS", "basic", "Linéarité de l'intégrale ?",
	 "$\\int_a^b (\\alpha f + \\beta g) = \\alpha \\int_a^b f + \\beta \\int_a^b g$"},
};

static int add_demo_cards(struct req *r, const struct demo_card *cards, size_t n)
{
	struct err e = {0};
	for (size_t i = 0; i < n; i++) {
		struct catalogue_query q = {.q = cards[i].course, .all = true, .limit = 5};
		struct course *c;
		int nc = catalogue_courses_search(r, &q, &c);
		int64_t course = 0, deck, note;
		for (int k = 0; k < nc; k++)
			if (strcmp(c[k].code, cards[i].course) == 0)
				course = c[k].id;
		deck = srs_deck_of_course(r, course);
		struct srs_note_input in = {.kind = cards[i].kind, .front_md = cards[i].front,
		                            .back_md = cards[i].back};
		int made;
		if (!deck || srs_note_add(r, deck, &in, &note, &made, &e) != 0) {
			log_error("demo: card %zu: %s", i, e.msg);
			return -1;
		}
	}
	return 0;
}

static uint64_t demo_rng = 0x2545F4914F6CDD1Dull;

static double demo_random(void)
{
	demo_rng ^= demo_rng << 13;
	demo_rng ^= demo_rng >> 7;
	demo_rng ^= demo_rng << 17;
	return (double)(demo_rng >> 11) / 9007199254740992.0;
}

/* How a pupil answers: new cards mostly Good; known ones recalled with
** the probability FSRS predicts. */
static int demo_rating(const struct srs_queue_card *c, int64_t now)
{
	double u = demo_random();
	if (!c->is_new && c->card.state == FSRS_REVIEW) {
		struct fsrs_scheduler s;
		fsrs_scheduler_init(&s);
		if (u > fsrs_retrievability(&s, &c->card, now))
			return FSRS_AGAIN;
		u = demo_random();
	} else if (u < 0.15) {
		return FSRS_AGAIN;
	} else {
		u = demo_random();
	}
	return u < 0.15 ? FSRS_HARD : u < 0.9 ? FSRS_GOOD : FSRS_EASY;
}

/*
** Two decks (maths, philosophy) written by `auteur`, then six weeks of
** evening reviews by `eleve` (a few days missed, the last ones in a row),
** then three cards added today: eleve has cards due and new cards today,
** and the statistics pages have something to show. Goes through the
** services, with times in the past.
*/
static int build_srs(struct req *r, int64_t eleve, int64_t auteur)
{
	struct user admin = r->user;
	struct err e = {0};
	r->user = (struct user){.id = auteur, .login = "auteur", .roles = ROLE_AUTHOR,
	                        .display_name = "Paul Lefèvre"};
	static const struct {
		const char *course, *title, *md;
	} decks[] = {
		{"TLE-MATHS", "Mathématiques – l'essentiel à retenir",
		 "Définitions, formules et théorèmes du programme de spécialité. Quelques minutes par jour "
		 "suffisent : l'application vous repropose chaque carte juste avant que vous l'oubliiez."},
		{"TLE-PHILO", "Philosophie – notions et repères",
		 "Les notions du programme, les distinctions conceptuelles et les repères d'auteurs à connaître "
		 "pour la dissertation."},
	};
	for (size_t i = 0; i < 2; i++) {
		struct catalogue_query q = {.q = decks[i].course, .all = true, .limit = 5};
		struct course *c;
		int nc = catalogue_courses_search(r, &q, &c);
		int64_t course = 0, deck;
		for (int k = 0; k < nc; k++)
			if (strcmp(c[k].code, decks[i].course) == 0)
				course = c[k].id;
		struct srs_deck_input in = {.title = decks[i].title, .description_md = decks[i].md,
		                            .retention = "90", .retention_min = "80", .retention_max = "95",
		                            .new_per_day = "5", .published = true};
		if (srs_deck_create(r, course, decks[i].title, &deck, &e) != 0 ||
		    srs_deck_update(r, deck, &in, &e) != 0) {
			log_error("demo: deck %s: %s", decks[i].course, e.msg);
			return -1;
		}
	}
	if (add_demo_cards(r, demo_cards, sizeof demo_cards / sizeof demo_cards[0]) != 0)
		return -1;

	r->user = (struct user){.id = eleve, .login = "eleve", .roles = ROLE_LEARNER,
	                        .display_name = "Lina Martin"};
	/* the evenings are at this hour of the day, less one: what was due
	** after whole days is due now, whenever the demo is built */
	int64_t start = (int64_t)time(NULL) - 3600;
	for (int day = -42; day <= -1; day++) {
		int64_t t = start + (int64_t)day * 86400;
		if (day < -5 && demo_random() < 0.2)
			continue; /* a missed evening */
		for (int round = 0; round < 8; round++, t += 11 * 60) {
			struct srs_queue queue;
			if (srs_queue_build(r, 0, t, 100, &queue) != 0)
				return -1;
			int rated = 0;
			for (int k = 0; k < queue.ncards; k++) {
				const struct srs_queue_card *c = &queue.cards[k];
				if (!c->is_new && c->card.due > t)
					continue;
				struct srs_review_result res;
				int64_t at = t + 15 * rated++;
				if (srs_review(r, c->card_id, demo_rating(c, at), c->version, at, &res, &e) != 0) {
					log_error("demo: review of card %lld: %s", (long long)c->card_id, e.msg);
					return -1;
				}
			}
			if (!rated)
				break;
		}
	}
	r->user = (struct user){.id = auteur, .login = "auteur", .roles = ROLE_AUTHOR,
	                        .display_name = "Paul Lefèvre"};
	if (add_demo_cards(r, demo_cards_today, sizeof demo_cards_today / sizeof demo_cards_today[0]) != 0)
		return -1;
	r->user = admin;
	return 0;
}
