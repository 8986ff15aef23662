/*
** This file implements password hashing with a cap on concurrent hashes,
** password strength rules, and the random tokens and hashes of auth.h.
*/
#include "kernel/auth.h"

#include <ctype.h>
#include <semaphore.h>
#include <sodium.h>
#include <string.h>

#include "kernel/i18n.h"
#include "kernel/text.h"

static sem_t hashing;

int auth_init(void)
{
	if (sodium_init() < 0)
		return -1;
	return sem_init(&hashing, 0, AUTH_MAX_HASHING);
}

int auth_hash_password(const char *pw, char out[AUTH_HASH_LEN])
{
	_Static_assert(AUTH_HASH_LEN >= crypto_pwhash_STRBYTES, "hash buffer");
	sem_wait(&hashing);
	int rc = crypto_pwhash_str_alg(out, pw, strlen(pw), AUTH_ARGON2_PASSES,
	                               AUTH_ARGON2_MEMORY,
	                               crypto_pwhash_ALG_ARGON2ID13);
	sem_post(&hashing);
	return rc == 0 ? 0 : ERR_INTERNAL;
}

bool auth_verify_password(const char *hash, const char *pw)
{
	if (!hash || !*hash || !pw)
		return false;
	sem_wait(&hashing);
	int rc = crypto_pwhash_str_verify(hash, pw, strlen(pw));
	sem_post(&hashing);
	return rc == 0;
}

void auth_verify_dummy(const char *pw)
{
	/* the hash of a password nobody has, computed once */
	static char dummy[AUTH_HASH_LEN];
	static int ready;
	if (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE)) {
		char tmp[AUTH_HASH_LEN];
		char seed[AUTH_TOKEN_LEN];
		auth_random_token(seed);
		if (auth_hash_password(seed, tmp) == 0) {
			memcpy(dummy, tmp, sizeof dummy);
			__atomic_store_n(&ready, 1, __ATOMIC_RELEASE);
		}
		return;
	}
	(void)auth_verify_password(dummy, pw ? pw : "");
}

static const char *const common_passwords[] = {
	"azertyuiop", "azerty1234", "motdepasse", "password12", "1234567890",
	"0123456789", "qwertyuiop", "soleil1234", "bonjour123", "motdepasse1",
	"password123", "azerty123456", "123456789a", "iloveyou12", NULL,
};

const char *auth_password_weakness(const char *pw, const char *login)
{
	if (!pw || utf8_length(pw) < 10)
		return N_("Le mot de passe doit comporter au moins 10 caractères.");
	if (utf8_length(pw) > 200)
		return N_("Le mot de passe ne doit pas dépasser 200 caractères.");
	int lower = 0, upper = 0, digit = 0, other = 0;
	for (const char *p = pw; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (islower(c))
			lower = 1;
		else if (isupper(c))
			upper = 1;
		else if (isdigit(c))
			digit = 1;
		else
			other = 1;
	}
	if (lower + upper + digit + other < 2)
		return N_("Le mot de passe doit mélanger au moins deux sortes de caractères "
		          "(minuscules, majuscules, chiffres, symboles).");
	if (login && *login && strcasestr(pw, login))
		return N_("Le mot de passe ne doit pas contenir l'identifiant.");
	for (const char *const *c = common_passwords; *c; c++)
		if (strcasecmp(pw, *c) == 0)
			return N_("Ce mot de passe est trop courant ; choisissez-en un autre.");
	return NULL;
}

void auth_random_token(char out[AUTH_TOKEN_LEN])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, AUTH_TOKEN_LEN, raw, sizeof raw,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void auth_random_code(char *out, size_t len)
{
	static const char alphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
	for (size_t i = 0; i < len; i++)
		out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
	out[len] = 0;
}

void auth_sha256_hex(const char *s, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
	str_hex(h, sizeof h, out);
}

void auth_hmac_token(const unsigned char key[32], const char *msg, char out[AUTH_TOKEN_LEN])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256(mac, (const unsigned char *)msg, strlen(msg), key);
	sodium_bin2base64(out, AUTH_TOKEN_LEN, mac, sizeof mac,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

bool auth_equal(const char *a, const char *b)
{
	if (!a || !b)
		return false;
	size_t n = strlen(a);
	if (n != strlen(b))
		return false;
	return sodium_memcmp(a, b, n) == 0;
}
