/*
** Unit tests of kernel/session.c and kernel/csrf.c on a real SQLite
** database: sessions from cookies, timeouts, closing, and CSRF tokens.
*/
#include "test.h"

#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "kernel/auth.h"
#include "kernel/csrf.h"
#include "kernel/db.h"
#include "kernel/session.h"
#include "tenants/tenants.h"

static char dir[] = "/tmp/cartable-test-session-XXXXXX";
static int64_t tenant;

/* A request carrying the cookies a browser would send after `from`. */
static struct req *next_request(struct arena *a, const struct req *from, const char *cookie)
{
	struct req *r = arena_alloc(a, sizeof *r);
	r->arena = a;
	r->client_ip = "127.0.0.1";
	if (cookie) {
		r->cookie_header = cookie;
	} else if (from) {
		/* carry the Set-Cookie values of the previous answer */
		struct sb sb;
		sb_init(&sb, a, 128);
		for (int i = 0; i < from->nheaders; i++) {
			const char *v = from->headers[i].val;
			size_t n = strcspn(v, ";");
			sb_printf(&sb, "%s%.*s", sb.len ? "; " : "", (int)n, v);
		}
		r->cookie_header = sb.buf;
	}
	return r;
}

TEST(session_round_trip)
{
	struct arena *a = arena_new();
	struct req *r1 = next_request(a, NULL, NULL);
	CHECK_INT(session_open(r1, tenant, 77), 0);
	CHECK(r1->session_token != NULL);
	CHECK(r1->nheaders == 1 && strstr(r1->headers[0].val, "HttpOnly") &&
	      strstr(r1->headers[0].val, "SameSite=Lax") && !strstr(r1->headers[0].val, "Secure"));
	struct req *r2 = next_request(a, r1, NULL);
	int64_t t = 0, acc = 0;
	CHECK_INT(session_resume(r2, &t, &acc), 0);
	CHECK(t == tenant && acc == 77);
	/* the token is not stored: only its hash */
	struct db_stmt *st = db_prepare(db_get(), "SELECT COUNT(*) FROM sessions WHERE token_hash = ?");
	db_bind_text(st, 1, r1->session_token);
	CHECK(db_step(st) == DB_ROW && db_int(st, 0) == 0);
	db_done(st);
	session_close(r2);
	struct req *r3 = next_request(a, r1, NULL);
	CHECK_INT(session_resume(r3, &t, &acc), ERR_NOT_FOUND);
	arena_free(a);
}

TEST(unknown_and_expired_sessions)
{
	struct arena *a = arena_new();
	int64_t t, acc;
	CHECK_INT(session_resume(next_request(a, NULL, "cartable_session=forged"), &t, &acc), ERR_NOT_FOUND);
	CHECK_INT(session_resume(next_request(a, NULL, NULL), &t, &acc), ERR_NOT_FOUND);
	struct req *r1 = next_request(a, NULL, NULL);
	r1->secure = true;
	CHECK_INT(session_open(r1, tenant, 78), 0);
	CHECK(strstr(r1->headers[0].val, "Secure") != NULL);
	/* idle for longer than allowed */
	CHECK_INT(db_exec(db_get(), "UPDATE sessions SET last_seen_at = last_seen_at - 7201"
	                            " WHERE account_id = 78"), 0);
	CHECK_INT(session_resume(next_request(a, r1, NULL), &t, &acc), ERR_NOT_FOUND);
	arena_free(a);
}

TEST(closing_other_sessions)
{
	struct arena *a = arena_new();
	struct req *phone = next_request(a, NULL, NULL), *laptop = next_request(a, NULL, NULL);
	CHECK_INT(session_open(phone, tenant, 79), 0);
	CHECK_INT(session_open(laptop, tenant, 79), 0);
	CHECK_INT(session_close_others(tenant, 79, laptop->session_token), 0);
	int64_t t, acc;
	CHECK_INT(session_resume(next_request(a, phone, NULL), &t, &acc), ERR_NOT_FOUND);
	CHECK_INT(session_resume(next_request(a, laptop, NULL), &t, &acc), 0);
	arena_free(a);
}

TEST(csrf_tokens)
{
	struct arena *a = arena_new();
	/* signed in: the token follows the session */
	struct req *r = next_request(a, NULL, NULL);
	r->session_token = "session-one";
	const char *tok = csrf_token(r);
	CHECK(tok && strlen(tok) == 43);
	struct kv field = {CSRF_FIELD, tok};
	r->form = &field;
	r->nform = 1;
	CHECK(csrf_valid(r));
	struct req *other = next_request(a, NULL, NULL);
	other->session_token = "session-two";
	other->form = &field;
	other->nform = 1;
	CHECK(!csrf_valid(other)); /* another session's token */
	struct kv wrong = {CSRF_FIELD, "x"};
	r->form = &wrong;
	r->csrf = NULL;
	CHECK(!csrf_valid(r));
	r->nform = 0;
	CHECK(!csrf_valid(r));

	/* anonymous: a visit cookie is set, then must come back */
	struct req *anon = next_request(a, NULL, NULL);
	const char *atok = csrf_token(anon);
	CHECK(anon->nheaders == 1 && strstr(anon->headers[0].val, VISIT_COOKIE "="));
	struct req *back = next_request(a, anon, NULL);
	struct kv f2 = {CSRF_FIELD, atok};
	back->form = &f2;
	back->nform = 1;
	CHECK(csrf_valid(back));
	struct req *nocookie = next_request(a, NULL, NULL);
	nocookie->form = &f2;
	nocookie->nform = 1;
	CHECK(!csrf_valid(nocookie));
	arena_free(a);
}

int main(void)
{
	if (!mkdtemp(dir) || auth_init() != 0)
		return 1;
	char path[128];
	snprintf(path, sizeof path, "%s/t.db", dir);
	if (db_setup(path) != 0 || db_migrate() != 0 || csrf_init() != 0 ||
	    tenants_create_raw("t", "Test", NULL, true, &tenant) != 0)
		return 1;
	RUN(session_round_trip);
	RUN(unknown_and_expired_sessions);
	RUN(closing_other_sessions);
	RUN(csrf_tokens);
	db_shutdown();
	char cmd[160];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	TEST_END();
}
