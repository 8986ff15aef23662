/*
** Fuzz target for multipart bodies as the server reads them: the real HTTP
** layer (kernel/http.c over libmicrohttpd and its PostProcessor) is started
** once in this process on a loopback port, and each input is sent to it as
** the body of a POST to an upload route. The input's first line is the
** boundary (at most 70 bytes), the rest the body. The handler checks what
** the layer made of it: every upload's temporary file holds exactly the
** bytes counted, hashed and peeked at (or was cut at the limit and flagged),
** fields are bounded, and nothing crashes or leaks.
*/
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kernel/form.h"
#include "kernel/http.h"
#include "kernel/log.h"

#define UPLOAD_LIMIT (48 * 1024)

static int port;

/* Every upload must be what its temporary file holds. */
static void check_upload(const struct upload *up)
{
	if (!up->field || !up->path || up->size < 0 || up->head_len > sizeof up->head)
		abort();
	FILE *f = fopen(up->path, "rb");
	if (!f)
		abort();
	unsigned char buf[4096], sha[32];
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	int64_t total = 0;
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
		if (total < (int64_t)up->head_len) {
			size_t k = up->head_len - (size_t)total < n ? up->head_len - (size_t)total : n;
			if (memcmp(buf, up->head + total, k) != 0)
				abort();
		}
		crypto_hash_sha256_update(&st, buf, n);
		total += (int64_t)n;
	}
	fclose(f);
	crypto_hash_sha256_final(&st, sha);
	if (total > UPLOAD_LIMIT || total != up->size)
		abort();
	if (!up->truncated && memcmp(sha, up->sha256, 32) != 0)
		abort();
	if (up->head_len != (size_t)(total < 128 ? total : 128) && !up->truncated)
		abort();
}

static int handle(struct req *r)
{
	if (r->nform < 0 || r->nform > FORM_MAX_FIELDS || r->nuploads < 0)
		abort();
	for (int i = 0; i < r->nform; i++)
		if (!r->form[i].key || !r->form[i].val)
			abort();
	for (int i = 0; i < r->nuploads; i++)
		check_upload(&r->uploads[i]);
	return reply_body(r, 200, "text/plain", "ok\n", 3);
}

static const struct route routes[] = {
	{"POST", "/u", handle, 0, ROUTE_UPLOAD},
	{NULL, NULL, NULL, 0, 0},
};
static const struct route *const tables[] = {routes, NULL};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (sodium_init() < 0)
		abort();
	log_set_quiet(1);
	static char dir[] = "/tmp/cartable-fuzz-mp-XXXXXX";
	if (!mkdtemp(dir))
		abort();
	/* a free port: bind to 0, read it, release it */
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof a;
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) != 0 ||
	    getsockname(s, (struct sockaddr *)&a, &len) != 0)
		abort();
	port = ntohs(a.sin_port);
	close(s);
	struct http_config cfg = {
		.bind_address = "127.0.0.1", .port = port, .threads = 1,
		.body_limit = 16 * 1024, .upload_limit = UPLOAD_LIMIT, .tmp_dir = dir,
		.routes = tables, .handle = handle,
	};
	if (http_start(&cfg) != 0)
		abort();
	return 0;
}

static void send_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	while (n) {
		ssize_t w = send(fd, c, n, MSG_NOSIGNAL);
		if (w <= 0)
			return; /* the server may refuse early and close */
		c += w;
		n -= (size_t)w;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t nl = 0;
	while (nl < size && nl < 70 && data[nl] != '\n')
		nl++;
	if (nl == 0 || nl >= size || data[nl] != '\n')
		return 0;
	char boundary[80];
	memcpy(boundary, data, nl);
	boundary[nl] = 0;
	if (strpbrk(boundary, "\r\"") || strlen(boundary) != nl)
		return 0;
	const uint8_t *body = data + nl + 1;
	size_t blen = size - nl - 1;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
	                        .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) != 0)
		abort();
	char head[300];
	int hn = snprintf(head, sizeof head,
	                  "POST /u HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
	                  "Content-Type: multipart/form-data; boundary=%s\r\n"
	                  "Content-Length: %zu\r\n\r\n", boundary, blen);
	send_all(fd, head, (size_t)hn);
	send_all(fd, body, blen);
	shutdown(fd, SHUT_WR);
	char buf[4096];
	while (recv(fd, buf, sizeof buf, 0) > 0)
		;
	close(fd);
	return 0;
}
