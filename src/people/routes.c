/*
** This file lists the routes of the people feature: who may call each one
** and whether its form must carry the CSRF token.
*/
#include "people/web.h"

#include "kernel/req.h"

const struct route people_routes[] = {
	{"GET", "/connexion", people_page_signin, PERM_PUBLIC, 0},
	{"POST", "/connexion", people_page_signin_post, PERM_PUBLIC, ROUTE_CSRF},
	{"POST", "/deconnexion", people_page_signout, PERM_USER, ROUTE_CSRF},
	{"GET", "/compte", people_page_account, PERM_USER, 0},
	{"POST", "/compte/mot-de-passe", people_page_password, PERM_USER, ROUTE_CSRF},
	{"GET", "/compte/jetons", people_page_tokens, PERM_USER, 0},
	{"POST", "/compte/jetons", people_page_token_create, PERM_USER, ROUTE_CSRF},
	{"POST", "/compte/jetons/{id}/revoquer", people_page_token_revoke, PERM_USER, ROUTE_CSRF},
	{"GET", "/mot-de-passe/oubli", people_page_forgot, PERM_PUBLIC, 0},
	{"POST", "/mot-de-passe/oubli", people_page_forgot_post, PERM_PUBLIC, ROUTE_CSRF},
	{"GET", "/mot-de-passe/nouveau", people_page_reset, PERM_PUBLIC, 0},
	{"POST", "/mot-de-passe/nouveau", people_page_reset_post, PERM_PUBLIC, ROUTE_CSRF},
	{NULL, NULL, NULL, 0, 0},
};

const struct route people_admin_routes[] = {
	{"GET", "/admin/personnes", people_page_admin_list, ROLE_ADMIN, 0},
	{"GET", "/admin/personnes/nouvelle", people_page_admin_new, ROLE_ADMIN, 0},
	{"POST", "/admin/personnes", people_page_admin_create, ROLE_ADMIN, ROUTE_CSRF},
	{"GET", "/admin/personnes/{id}", people_page_admin_show, ROLE_ADMIN, 0},
	{"POST", "/admin/personnes/{id}/roles", people_page_admin_roles, ROLE_ADMIN, ROUTE_CSRF},
	{"POST", "/admin/personnes/{id}/desactiver", people_page_admin_deactivate, ROLE_ADMIN, ROUTE_CSRF},
	{"POST", "/admin/personnes/{id}/activer", people_page_admin_activate, ROLE_ADMIN, ROUTE_CSRF},
	{"POST", "/admin/personnes/{id}/responsables", people_page_admin_link, ROLE_ADMIN, ROUTE_CSRF},
	{"POST", "/admin/personnes/{id}/responsables/{guardian}/retirer", people_page_admin_unlink, ROLE_ADMIN, ROUTE_CSRF},
	{NULL, NULL, NULL, 0, 0},
};

const struct route people_api_routes[] = {
	{"POST", "/api/v1/auth/token", people_api_token_create, PERM_PUBLIC, ROUTE_API},
	{"GET", "/api/v1/auth/tokens", people_api_token_list, PERM_USER, ROUTE_API},
	{"DELETE", "/api/v1/auth/tokens/{id}", people_api_token_revoke, PERM_USER, ROUTE_API},
	{"GET", "/api/v1/me", people_api_me, PERM_USER, ROUTE_API},
	{NULL, NULL, NULL, 0, 0},
};
