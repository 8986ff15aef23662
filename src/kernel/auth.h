/*
** auth.h - passwords, random tokens and hashes (libsodium).
**
** Passwords are hashed with Argon2id, 46 MiB and one pass: OWASP's
** recommended setting, as strong against GPUs as libsodium's "interactive"
** limits (64 MiB, two passes) for less memory, which matters when a class
** signs in at once. At most AUTH_MAX_HASHING hashes run at once, so that a
** burst of logins cannot starve page threads or memory; the others wait
** their turn. A hash records its own parameters: older hashes still verify.
*/
#ifndef CARTABLE_AUTH_H
#define CARTABLE_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#include "kernel/arena.h"
#include "kernel/err.h"
#include "kernel/str.h"

#define AUTH_MAX_HASHING 2
#define AUTH_ARGON2_MEMORY ((size_t)46 << 20)
#define AUTH_ARGON2_PASSES 1
#define AUTH_HASH_LEN 128   /* room for an encoded Argon2id hash, NUL included */
#define AUTH_TOKEN_LEN 44   /* a 32-byte random token in base64url, NUL included */

/* auth_init() initialises libsodium; returns 0 or -1. */
MUST_CHECK int auth_init(void);

/* auth_hash_password() writes the encoded Argon2id hash of pw into out.
** Returns 0, or ERR_INTERNAL (out of memory). */
MUST_CHECK int auth_hash_password(const char *pw, char out[AUTH_HASH_LEN]);

/* auth_verify_password() is true when pw matches the encoded hash. */
bool auth_verify_password(const char *hash, const char *pw);

/* auth_verify_dummy() spends the time of a verification, so that an unknown
** login answers as slowly as a known one. */
void auth_verify_dummy(const char *pw);

/*
** auth_password_weakness() returns NULL when pw is acceptable for an account
** with this login, or a French message saying what is wrong (at least 10
** characters, two kinds among lowercase, uppercase, digits and symbols, not
** the login, not a well-known password).
*/
const char *auth_password_weakness(const char *pw, const char *login);

/* auth_random_token() writes 32 random bytes as base64url (43 chars + NUL). */
void auth_random_token(char out[AUTH_TOKEN_LEN]);

/* auth_random_code() writes `len` random characters from an alphabet
** without look-alikes (no 0/O, 1/I/L), for codes people type. */
void auth_random_code(char *out, size_t len);

/* auth_sha256_hex() writes the SHA-256 of s as 64 hex digits + NUL. */
void auth_sha256_hex(const char *s, char out[65]);

/* auth_hmac_token() writes base64url(HMAC-SHA256(key, msg)) (43 chars + NUL). */
void auth_hmac_token(const unsigned char key[32], const char *msg, char out[AUTH_TOKEN_LEN]);

/* auth_equal() compares two strings in time independent of their content. */
bool auth_equal(const char *a, const char *b);

#endif
