/* Unit tests of kernel/auth.c: Argon2id passwords, tokens, comparisons. */
#include "test.h"

#include "kernel/auth.h"

TEST(passwords_hash_and_verify)
{
	char h1[AUTH_HASH_LEN], h2[AUTH_HASH_LEN];
	CHECK_INT(auth_hash_password("Correct-horse-9", h1), 0);
	CHECK_INT(auth_hash_password("Correct-horse-9", h2), 0);
	CHECK(strncmp(h1, "$argon2id$", 10) == 0);
	CHECK(strcmp(h1, h2) != 0); /* salted */
	CHECK(auth_verify_password(h1, "Correct-horse-9"));
	CHECK(!auth_verify_password(h1, "correct-horse-9"));
	CHECK(!auth_verify_password(h1, ""));
	CHECK(!auth_verify_password("", "x"));
	CHECK(!auth_verify_password(NULL, "x"));
	CHECK(!auth_verify_password("$argon2id$garbage", "x"));
	auth_verify_dummy("x");
	auth_verify_dummy("y");
}

TEST(weak_passwords_are_named)
{
	CHECK(auth_password_weakness("court1", "x") != NULL);
	CHECK(auth_password_weakness("toutenminuscules", "x") != NULL);
	CHECK(auth_password_weakness("azertyuiop", "x") != NULL);
	CHECK(auth_password_weakness("lina.martin-2024", "lina.martin") != NULL);
	CHECK(auth_password_weakness("Soleil-de-juin", "lina") == NULL);
	CHECK(auth_password_weakness("été2024été", "x") == NULL);
	CHECK(auth_password_weakness(NULL, "x") != NULL);
}

TEST(tokens_are_random_and_url_safe)
{
	char a[AUTH_TOKEN_LEN], b[AUTH_TOKEN_LEN];
	auth_random_token(a);
	auth_random_token(b);
	CHECK_INT(strlen(a), 43);
	CHECK(strcmp(a, b) != 0);
	CHECK(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == 43);
	char code[11];
	auth_random_code(code, 10);
	CHECK_INT(strlen(code), 10);
	CHECK(strpbrk(code, "0O1IL") == NULL);
}

TEST(hashes_and_comparison)
{
	char hex[65];
	auth_sha256_hex("abc", hex);
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	unsigned char key[32] = {1};
	char t1[AUTH_TOKEN_LEN], t2[AUTH_TOKEN_LEN];
	auth_hmac_token(key, "s:abc", t1);
	auth_hmac_token(key, "s:abc", t2);
	CHECK_STR(t1, t2);
	auth_hmac_token(key, "s:abd", t2);
	CHECK(strcmp(t1, t2) != 0);
	CHECK(auth_equal("abc", "abc"));
	CHECK(!auth_equal("abc", "abd"));
	CHECK(!auth_equal("abc", "ab"));
	CHECK(!auth_equal(NULL, "ab"));
}

int main(void)
{
	if (auth_init() != 0)
		return 1;
	RUN(passwords_hash_and_verify);
	RUN(weak_passwords_are_named);
	RUN(tokens_are_random_and_url_safe);
	RUN(hashes_and_comparison);
	TEST_END();
}
