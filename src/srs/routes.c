/*
** This file lists the routes of spaced repetition. Routes say who may call
** at all; which deck, card or review a person may touch is decided in the
** service (srs.h).
*/
#include "srs/web.h"

#define USERS (ROLE_LEARNER | ROLE_TEACHER | ROLE_ADVISOR | ROLE_AUTHOR | ROLE_ADMIN)
#define STAFF (ROLE_TEACHER | ROLE_ADVISOR | ROLE_AUTHOR | ROLE_ADMIN)
#define EDITORS (ROLE_AUTHOR | ROLE_ADMIN)
#define WRITERS (ROLE_LEARNER | ROLE_AUTHOR | ROLE_ADMIN)

const struct route srs_routes[] = {
	{"GET", "/revisions", srs_page_home, USERS, 0},
	{"GET", "/revisions/seance", srs_page_session, ROLE_LEARNER, 0},
	{"POST", "/revisions/reponses", srs_page_rate, ROLE_LEARNER, ROUTE_CSRF},
	{"POST", "/revisions/annuler", srs_page_undo, ROLE_LEARNER, ROUTE_CSRF},
	{"GET", "/revisions/statistiques", srs_page_stats, ROLE_LEARNER, 0},
	{"POST", "/revisions/ajuster", srs_page_fit_mine, ROLE_LEARNER, ROUTE_CSRF},

	{"POST", "/revisions/cours/{id}/paquet", srs_page_deck_create, EDITORS, ROUTE_CSRF},
	{"GET", "/revisions/paquets/{id}", srs_page_deck, USERS, 0},
	{"POST", "/revisions/paquets/{id}/reglages", srs_page_deck_settings, EDITORS, ROUTE_CSRF},
	{"POST", "/revisions/paquets/{id}/retention", srs_page_deck_retention, ROLE_LEARNER, ROUTE_CSRF},
	{"POST", "/revisions/paquets/{id}/ajuster", srs_page_deck_fit, STAFF, ROUTE_CSRF},
	{"POST", "/revisions/paquets/{id}/cartes", srs_page_note_add, WRITERS, ROUTE_CSRF | ROUTE_UPLOAD},
	{"POST", "/revisions/paquets/{id}/import", srs_page_import, EDITORS, ROUTE_CSRF},
	{"POST", "/revisions/paquets/{id}/banque", srs_page_import_bank, EDITORS, ROUTE_CSRF},
	{"GET", "/revisions/cartes/{id}", srs_page_note, USERS, 0},
	{"POST", "/revisions/cartes/{id}", srs_page_note_update, WRITERS, ROUTE_CSRF | ROUTE_UPLOAD},
	{"POST", "/revisions/cartes/{id}/supprimer", srs_page_note_delete, WRITERS, ROUTE_CSRF},
	{"GET", "/revisions/cartes/{id}/image", srs_page_note_image, USERS, 0},

	{"GET", "/api/v1/srs/decks", srs_api_decks, ROLE_LEARNER, ROUTE_API},
	{"GET", "/api/v1/srs/queue", srs_api_queue, ROLE_LEARNER, ROUTE_API},
	{"POST", "/api/v1/srs/reviews", srs_api_review, ROLE_LEARNER, ROUTE_API},
	{"POST", "/api/v1/srs/reviews/undo", srs_api_undo, ROLE_LEARNER, ROUTE_API},
	{"GET", "/api/v1/srs/stats", srs_api_stats, ROLE_LEARNER, ROUTE_API},
	{NULL, NULL, NULL, 0, 0},
};
