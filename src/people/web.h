/*
** web.h - route tables of the people feature: sign-in, account and
** password pages (web.c), people administration (admin.c), API (api.c).
*/
#ifndef CARTABLE_PEOPLE_WEB_H
#define CARTABLE_PEOPLE_WEB_H

#include "kernel/router.h"

extern const struct route people_routes[];
extern const struct route people_admin_routes[];
extern const struct route people_api_routes[];

/* Handlers, in web.c, admin.c and api.c; routes.c lists their routes. */
int people_api_me(struct req *r);
int people_api_token_create(struct req *r);
int people_api_token_list(struct req *r);
int people_api_token_revoke(struct req *r);
int people_page_account(struct req *r);
int people_page_admin_activate(struct req *r);
int people_page_admin_create(struct req *r);
int people_page_admin_deactivate(struct req *r);
int people_page_admin_link(struct req *r);
int people_page_admin_list(struct req *r);
int people_page_admin_new(struct req *r);
int people_page_admin_roles(struct req *r);
int people_page_admin_show(struct req *r);
int people_page_admin_unlink(struct req *r);
int people_page_forgot(struct req *r);
int people_page_forgot_post(struct req *r);
int people_page_password(struct req *r);
int people_page_reset(struct req *r);
int people_page_reset_post(struct req *r);
int people_page_signin(struct req *r);
int people_page_signin_post(struct req *r);
int people_page_signout(struct req *r);
int people_page_token_create(struct req *r);
int people_page_token_revoke(struct req *r);
int people_page_tokens(struct req *r);

#endif
