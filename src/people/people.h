/*
** people.h - accounts, roles, guardians, sign-in, passwords and API tokens.
**
** An account belongs to one tenant and is known by its login (pupils often
** have no e-mail), unique on the whole platform so that anyone signs in on
** the same page; the account's tenant then scopes everything they do. Roles
** are held per tenant (DESIGN.md section 1). Every function acts for the
** request's tenant: an id of another tenant is ERR_NOT_FOUND, as if it did
** not exist. Strings are allocated in r->arena.
*/
#ifndef CARTABLE_PEOPLE_H
#define CARTABLE_PEOPLE_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/auth.h"
#include "kernel/err.h"
#include "kernel/req.h"

/* ---- Roles ---- */

/* role_from_code() maps "learner", "guardian"... to its bit, 0 if unknown. */
unsigned role_from_code(const char *code);
/* role_code() is the code of one role bit ("learner"), NULL if not one. */
const char *role_code(unsigned role);
/* role_label() is the role's name for people, in the request's language. */
const char *role_label(unsigned role);

/* ---- Accounts ---- */

struct person {
	int64_t id;
	char *login, *given_name, *family_name, *email, *birth_date, *school_class, *lang;
	int64_t school_id;
	bool active;
	unsigned roles;
	int64_t created_at;
};

struct person_input {
	const char *login;        /* NULL or "": made from the names */
	const char *given_name;
	const char *family_name;
	const char *email;        /* optional */
	const char *birth_date;   /* optional, JJ/MM/AAAA or AAAA-MM-JJ */
	const char *password;     /* optional: without one, sign-in needs a reset */
	int64_t school_id;        /* 0: none */
	const char *school_class;
	unsigned roles;
};

/*
** people_validate() checks an input as people_create() would, without
** writing: names present and clean, login format, e-mail, date, password
** strength unless weak passwords are allowed (demo). Returns 0 or
** ERR_INVALID with the field and message in *e.
*/
MUST_CHECK int people_validate(const struct person_input *in, struct err *e);

/*
** people_create_in() creates an account in tenant_id with its roles (no
** permission check: the caller decided). A missing login is made from the
** names ("prenom.nom", then "prenom.nom2"...). Returns 0 with *id set,
** ERR_INVALID, ERR_CONFLICT (login taken) with a message, or ERR_INTERNAL.
*/
MUST_CHECK int people_create_in(struct req *r, int64_t tenant_id, const struct person_input *in,
                                int64_t *id, struct err *e);

/* people_get() reads an account of the request's tenant with its roles. */
MUST_CHECK int people_get(struct req *r, int64_t id, struct person *out);

/* people_find_login() finds an account of the request's tenant by login. */
MUST_CHECK int people_find_login(struct req *r, const char *login, struct person *out);

/*
** people_find_pupil() finds the learner of a partner school with these
** names (case and accents ignored) and birth date (AAAA-MM-JJ), so that a
** class list imported twice does not create accounts twice. 0,
** ERR_NOT_FOUND or ERR_INTERNAL.
*/
MUST_CHECK int people_find_pupil(struct req *r, int64_t school_id, const char *family_name,
                                 const char *given_name, const char *birth_date,
                                 struct person *out);

/*
** people_search() lists accounts of the request's tenant whose names, login
** or e-mail contain every word of q (case and accents ignored), having
** role `role` if not 0, in alphabetical order; at most `limit` from
** `offset`. Returns the count or ERR_INTERNAL.
*/
int people_search(struct req *r, const char *q, unsigned role, int offset, int limit,
                  struct person **out);

/* people_school_pupils() lists the learners of a partner school of the
** request's tenant, in alphabetical order. Count or ERR_INTERNAL. */
int people_school_pupils(struct req *r, int64_t school_id, int offset, int limit,
                         struct person **out);

/* people_set_active() (de)activates an account; deactivating ends its
** sessions and tokens. An admin cannot deactivate themselves. */
MUST_CHECK int people_set_active(struct req *r, int64_t id, bool active, struct err *e);

/* people_set_roles() replaces the roles of an account. An admin cannot
** remove their own admin role. */
MUST_CHECK int people_set_roles(struct req *r, int64_t id, unsigned roles, struct err *e);

/* people_attach_school() makes an account of the request's tenant a
** member of one of its partner schools (school staff, or a pupil). */
MUST_CHECK int people_attach_school(struct req *r, int64_t id, int64_t school_id, struct err *e);

/* people_set_lang() records the preferred language ("fr" or "en"). */
void people_set_lang(struct req *r, int64_t id, const char *lang);

/* ---- Guardians ---- */

/* people_link_guardian() records that guardian_id is a guardian of
** learner_id; both must be of the request's tenant with those roles. */
MUST_CHECK int people_link_guardian(struct req *r, int64_t guardian_id, int64_t learner_id,
                                    struct err *e);
MUST_CHECK int people_unlink_guardian(struct req *r, int64_t guardian_id, int64_t learner_id);
/* people_children() lists the learners of a guardian; people_guardians()
** the guardians of a learner. Return the count or ERR_INTERNAL. */
int people_children(struct req *r, int64_t guardian_id, struct person **out);
int people_guardians(struct req *r, int64_t learner_id, struct person **out);
/* people_is_guardian_of() is true when guardian_id is linked to learner_id. */
bool people_is_guardian_of(struct req *r, int64_t guardian_id, int64_t learner_id);

/* ---- Sign-in (signin.c) ---- */

/*
** people_identify() fills r->user and r->tenant for an account resumed from
** a session. ERR_NOT_FOUND when the account is gone or deactivated.
*/
MUST_CHECK int people_identify(struct req *r, int64_t tenant_id, int64_t account_id);

/* people_identify_bearer() does the same from an API token ("Bearer ...").
** ERR_NOT_FOUND for an unknown, revoked or deactivated one. */
MUST_CHECK int people_identify_bearer(struct req *r, const char *token);

/*
** people_check_credentials() verifies a login and password with sign-in
** throttling (5 failures per login, 30 per address, in 15 minutes): 0 with
** the account's tenant and id; ERR_INVALID ("Identifiant ou mot de passe
** incorrect", the same whether the login exists or not) or ERR_THROTTLED
** with a message; ERR_INTERNAL.
*/
MUST_CHECK int people_check_credentials(struct req *r, const char *login, const char *password,
                                        int64_t *tenant_id, int64_t *account_id, struct err *e);

/* people_sign_in() checks credentials, then opens a new session. */
MUST_CHECK int people_sign_in(struct req *r, const char *login, const char *password,
                              struct err *e);

/* people_set_allow_weak_passwords() lets the demo use "demo". */
void people_set_allow_weak_passwords(bool allow);

/*
** people_change_password() changes the signed-in person's password after
** checking the current one; ends their other sessions.
*/
MUST_CHECK int people_change_password(struct req *r, const char *current, const char *fresh,
                                      const char *confirm, struct err *e);

/*
** people_reset_request() starts a password reset for the account whose
** login or e-mail is `who`: when it has an e-mail, a single-use link valid
** one hour is mailed. It answers the same whatever happened, so nobody
** learns which accounts exist. base_url is the site's address for the link.
*/
void people_reset_request(struct req *r, const char *who, const char *base_url);

/*
** people_issue_code() gives a learner a new random sign-in code (their
** password until they change it) and writes it into code (11 bytes). Only
** staff of the learner's partner school, advisors and admins may; ends the
** learner's sessions. 0, ERR_NOT_FOUND, ERR_FORBIDDEN or ERR_INTERNAL.
*/
MUST_CHECK int people_issue_code(struct req *r, int64_t learner_id, char code[11]);

/* people_reset_valid() is true when token is a live reset token. */
bool people_reset_valid(struct req *r, const char *token);

/* people_reset_complete() sets the new password for a live token, uses the
** token up and ends the account's sessions. */
MUST_CHECK int people_reset_complete(struct req *r, const char *token, const char *fresh,
                                     const char *confirm, struct err *e);

/* ---- API tokens (tokens.c) ---- */

struct api_token {
	int64_t id;
	char *label;
	int64_t created_at, last_used_at, revoked_at;
};

/* people_token_create() makes a new token for an account; the token itself
** is written into out and never stored (only its hash is). */
MUST_CHECK int people_token_create(struct req *r, int64_t tenant_id, int64_t account_id,
                                   const char *label, char out[AUTH_TOKEN_LEN], int64_t *id);
/* people_token_list() lists the signed-in person's tokens, newest first. */
int people_token_list(struct req *r, struct api_token **out);
/* people_token_revoke() revokes one of the signed-in person's tokens. */
MUST_CHECK int people_token_revoke(struct req *r, int64_t id);

#endif
