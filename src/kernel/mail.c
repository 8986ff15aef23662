/*
** This file implements the outbox and its delivery through an SMTP relay
** with libcurl: the message is written with its headers (UTF-8 subject
** encoded per RFC 2047, CRLF line ends) and sent; the outcome is recorded
** in the outbox row.
*/
#include "kernel/mail.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kernel/db.h"
#include "kernel/jobs.h"
#include "kernel/log.h"

static struct mail_config mcfg;

static int mail_deliver(int64_t tenant_id, const char *payload, struct err *e);

void mail_configure(const struct mail_config *cfg)
{
	mcfg = *cfg;
	if (!mcfg.from)
		mcfg.from = "cartable@localhost";
	curl_global_init(CURL_GLOBAL_DEFAULT);
	jobs_register("mail.deliver", mail_deliver);
}

bool mail_address_valid(const char *a)
{
	if (!a)
		return false;
	size_t n = strlen(a);
	const char *at = strchr(a, '@');
	if (n < 3 || n > 254 || !at || at == a || !at[1] || strchr(at + 1, '@'))
		return false;
	for (const char *p = a; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '<' || *p == '>' || *p == ',' || *p == ';' ||
		    *p == '"' || *p == '(' || *p == ')' || *p == '\\')
			return false;
	return strchr(at, '.') != NULL;
}

int mail_queue(int64_t tenant_id, const char *to, const char *subject, const char *body)
{
	if (!mail_address_valid(to))
		return ERR_INVALID;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"INSERT INTO outbox (tenant_id, to_addr, subject, body, status, created_at)"
		" VALUES (?, ?, ?, ?, ?, ?) RETURNING id") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, tenant_id);
	db_bind_text(st, 2, to);
	db_bind_text(st, 3, subject);
	db_bind_text(st, 4, body);
	db_bind_text(st, 5, mcfg.smtp_url ? "queued" : "held");
	db_bind_int(st, 6, time(NULL));
	if (db_step(st) != DB_ROW)
		return ERR_INTERNAL;
	int64_t id = db_int(st, 0);
	db_done(st);
	if (!mcfg.smtp_url)
		return 0;
	char payload[32];
	snprintf(payload, sizeof payload, "%lld", (long long)id);
	return jobs_enqueue(tenant_id, "mail.deliver", payload, 0);
}

/* ---- Delivery ---- */

struct upload_buf {
	const char *p;
	size_t left;
};

static size_t read_cb(char *dst, size_t size, size_t nmemb, void *userp)
{
	struct upload_buf *u = userp;
	size_t room = size * nmemb, n = u->left < room ? u->left : room;
	memcpy(dst, u->p, n);
	u->p += n;
	u->left -= n;
	return n;
}

/* Writes a header value: as is when ASCII, else as an RFC 2047 word. */
static void add_encoded(struct sb *sb, const char *s)
{
	bool ascii = true;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p >= 0x80)
			ascii = false;
	if (ascii) {
		for (const char *p = s; *p; p++)
			if (*p != '\r' && *p != '\n')
				sb_addc(sb, *p);
		return;
	}
	size_t n = strlen(s);
	size_t b64len = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	char *b64 = arena_alloc(sb->arena, b64len);
	sodium_bin2base64(b64, b64len, (const unsigned char *)s, n, sodium_base64_VARIANT_ORIGINAL);
	sb_printf(sb, "=?UTF-8?B?%s?=", b64);
}

static char *build_message(struct arena *a, int64_t id, const char *to, const char *subject,
                           const char *body)
{
	struct sb m;
	sb_init(&m, a, strlen(body) + 512);
	char date[64];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
	const char *domain = strchr(mcfg.from, '@');
	sb_printf(&m, "Date: %s\r\nFrom: %s\r\nTo: %s\r\nSubject: ", date, mcfg.from, to);
	add_encoded(&m, subject);
	sb_printf(&m, "\r\nMessage-ID: <cartable.%lld.%lld%s>\r\n"
	              "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
	              "Content-Transfer-Encoding: 8bit\r\n\r\n",
	          (long long)id, (long long)now, domain ? domain : "@localhost");
	for (const char *p = body; *p; p++) {
		if (*p == '\n' && (p == body || p[-1] != '\r'))
			sb_addc(&m, '\r');
		sb_addc(&m, *p);
	}
	sb_adds(&m, "\r\n");
	return m.buf;
}

static int smtp_send(struct arena *a, const char *to, const char *message, struct err *e)
{
	CURL *curl = curl_easy_init();
	if (!curl)
		return err_set(e, ERR_INTERNAL, NULL, "curl_easy_init failed");
	struct curl_slist *rcpt = curl_slist_append(NULL, arena_printf(a, "<%s>", to));
	struct upload_buf u = {message, strlen(message)};
	curl_easy_setopt(curl, CURLOPT_URL, mcfg.smtp_url);
	curl_easy_setopt(curl, CURLOPT_MAIL_FROM, arena_printf(a, "<%s>", mcfg.from));
	curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(curl, CURLOPT_READDATA, &u);
	curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	if (mcfg.user) {
		curl_easy_setopt(curl, CURLOPT_USERNAME, mcfg.user);
		curl_easy_setopt(curl, CURLOPT_PASSWORD, mcfg.password ? mcfg.password : "");
	}
	CURLcode rc = curl_easy_perform(curl);
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(curl);
	if (rc != CURLE_OK)
		return err_set(e, ERR_INTERNAL, NULL, "SMTP: %s", curl_easy_strerror(rc));
	return 0;
}

static int mail_deliver(int64_t tenant_id, const char *payload, struct err *e)
{
	int64_t id;
	if (!str_to_int64(payload, &id))
		return err_set(e, ERR_INVALID, NULL, "bad payload");
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT to_addr, subject, body, status FROM outbox WHERE tenant_id = ? AND id = ?")
		: NULL;
	if (!st)
		return err_set(e, ERR_INTERNAL, NULL, "database");
	db_bind_int(st, 1, tenant_id);
	db_bind_int(st, 2, id);
	if (db_step(st) != DB_ROW)
		return 0; /* gone: nothing to deliver */
	struct arena *a = arena_new();
	char *to = db_text_dup(st, 0, a), *subject = db_text_dup(st, 1, a);
	char *body = db_text_dup(st, 2, a), *status = db_text_dup(st, 3, a);
	db_done(st);
	int rc = 0;
	if (strcmp(status, "sent") != 0) {
		rc = smtp_send(a, to, build_message(a, id, to, subject, body), e);
		st = db_prepare(db, "UPDATE outbox SET status = ?, attempts = attempts + 1,"
		                    " last_error = ?, sent_at = ? WHERE tenant_id = ? AND id = ?");
		if (st) {
			db_bind_text(st, 1, rc == 0 ? "sent" : "queued");
			db_bind_text(st, 2, rc == 0 ? "" : e->msg);
			if (rc == 0)
				db_bind_int(st, 3, time(NULL));
			else
				db_bind_null(st, 3);
			db_bind_int(st, 4, tenant_id);
			db_bind_int(st, 5, id);
			(void)db_run(st);
		}
	}
	arena_free(a);
	return rc;
}

int mail_outbox_list(struct arena *a, int64_t tenant_id, int limit, struct outbox_item **items)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT id, to_addr, subject, body, status, last_error, created_at, sent_at, attempts"
		" FROM outbox WHERE tenant_id = ? ORDER BY id DESC LIMIT ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, tenant_id);
	db_bind_int(st, 2, limit);
	struct outbox_item *it = arena_array(a, (size_t)limit, sizeof *it);
	int n = 0, rc;
	while (n < limit && (rc = db_step(st)) == DB_ROW) {
		it[n].id = db_int(st, 0);
		it[n].to = db_text_dup(st, 1, a);
		it[n].subject = db_text_dup(st, 2, a);
		it[n].body = db_text_dup(st, 3, a);
		it[n].status = db_text_dup(st, 4, a);
		it[n].last_error = db_text_dup(st, 5, a);
		it[n].created_at = db_int(st, 6);
		it[n].sent_at = db_int(st, 7);
		it[n].attempts = db_int(st, 8);
		n++;
	}
	db_done(st);
	*items = it;
	return n;
}
