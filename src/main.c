/*
** This file implements the cartable command: subcommand dispatch and the
** settings of `serve` (flags, or CARTABLE_* environment variables).
**
**   cartable serve [--port N] [--bind ADDR] [--data-dir DIR] [--database URL] [--demo] ...
**   cartable migrate | demo | jobs run | srs replay FILE | gift check FILE | help
*/
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "demo/demo.h"
#include "kernel/auth.h"
#include "kernel/csrf.h"
#include "kernel/db.h"
#include "kernel/files.h"
#include "kernel/http.h"
#include "kernel/i18n.h"
#include "kernel/jobs.h"
#include "kernel/log.h"
#include "kernel/mail.h"
#include "messaging/messaging.h"
#include "notices/notices.h"
#include "quizzes/gift_cli.h"
#include "srs/replay.h"
#include "srs/srs.h"

struct options {
	int port;
	const char *bind;
	const char *data_dir;
	const char *database;
	const char *base_url;
	bool demo;
	int threads;
	bool secure_cookies, trust_proxy, quiet;
	long upload_limit_mb;
	struct mail_config mail;
};

static void usage(FILE *out)
{
	fputs("usage: cartable <command> [options]\n"
	      "\n"
	      "commands:\n"
	      "  serve          serve the web site and the API\n"
	      "  migrate        apply database migrations, then exit\n"
	      "  demo           build the demo world (idempotent), then exit\n"
	      "  jobs run       run the background jobs that are due, then exit\n"
	      "  srs replay F   replay FSRS review sequences (JSON) and print the states\n"
	      "  gift check F   parse a Moodle GIFT file and print its questions as JSON\n"
	      "\n"
	      "options (environment variable in brackets):\n"
	      "  --port N             listen port, default 8080 [CARTABLE_PORT]\n"
	      "  --bind ADDR          listen address, default 127.0.0.1 [CARTABLE_BIND]\n"
	      "  --data-dir DIR       data directory, default var [CARTABLE_DATA_DIR]\n"
	      "  --database URL       postgresql://... ; default SQLite in the data\n"
	      "                       directory [CARTABLE_DATABASE_URL]\n"
	      "  --demo               build and serve the demo world [CARTABLE_DEMO=1]\n"
	      "  --threads N          HTTP worker threads, default 4 [CARTABLE_THREADS]\n"
	      "  --base-url URL       public address, for links in mail [CARTABLE_BASE_URL]\n"
	      "  --secure-cookies     mark cookies Secure (HTTPS in front) [CARTABLE_SECURE_COOKIES=1]\n"
	      "  --trust-proxy        believe X-Forwarded-For/-Proto [CARTABLE_TRUST_PROXY=1]\n"
	      "  --upload-limit-mb N  largest upload, default 20 [CARTABLE_UPLOAD_LIMIT_MB]\n"
	      "  --smtp-url URL       SMTP relay, smtp://host:port [CARTABLE_SMTP_URL]\n"
	      "  --smtp-user U        SMTP user [CARTABLE_SMTP_USER]\n"
	      "  --smtp-password P    SMTP password [CARTABLE_SMTP_PASSWORD]\n"
	      "  --mail-from ADDR     sender address [CARTABLE_MAIL_FROM]\n"
	      "  --quiet              no log line per request [CARTABLE_QUIET=1]\n",
	      out);
}

static const char *env_or(const char *name, const char *def)
{
	const char *v = getenv(name);
	return v && *v ? v : def;
}

static bool env_flag(const char *name)
{
	const char *v = getenv(name);
	return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || strcmp(v, "yes") == 0);
}

static long parse_long(const char *s, const char *what, long min, long max)
{
	char *end;
	errno = 0;
	long v = s ? strtol(s, &end, 10) : 0;
	if (!s || errno || *end || v < min || v > max) {
		fprintf(stderr, "cartable: %s must be a number from %ld to %ld\n", what, min, max);
		exit(2);
	}
	return v;
}

static void read_options(int argc, char **argv, struct options *o)
{
	o->port = (int)parse_long(env_or("CARTABLE_PORT", "8080"), "port", 1, 65535);
	o->bind = env_or("CARTABLE_BIND", "127.0.0.1");
	o->data_dir = env_or("CARTABLE_DATA_DIR", "var");
	o->database = env_or("CARTABLE_DATABASE_URL", NULL);
	o->base_url = env_or("CARTABLE_BASE_URL", NULL);
	o->demo = env_flag("CARTABLE_DEMO");
	o->threads = (int)parse_long(env_or("CARTABLE_THREADS", "4"), "threads", 1, 256);
	o->secure_cookies = env_flag("CARTABLE_SECURE_COOKIES");
	o->trust_proxy = env_flag("CARTABLE_TRUST_PROXY");
	o->quiet = env_flag("CARTABLE_QUIET");
	o->upload_limit_mb = parse_long(env_or("CARTABLE_UPLOAD_LIMIT_MB", "20"), "upload limit", 1, 4096);
	o->mail.smtp_url = env_or("CARTABLE_SMTP_URL", NULL);
	o->mail.user = env_or("CARTABLE_SMTP_USER", NULL);
	o->mail.password = env_or("CARTABLE_SMTP_PASSWORD", NULL);
	o->mail.from = env_or("CARTABLE_MAIL_FROM", "cartable@localhost");

	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define TAKE(flag) (strcmp(a, flag) == 0 && v && (i++, 1))
		if (TAKE("--port"))
			o->port = (int)parse_long(v, "--port", 1, 65535);
		else if (TAKE("--bind"))
			o->bind = v;
		else if (TAKE("--data-dir"))
			o->data_dir = v;
		else if (TAKE("--database"))
			o->database = v;
		else if (TAKE("--base-url"))
			o->base_url = v;
		else if (TAKE("--threads"))
			o->threads = (int)parse_long(v, "--threads", 1, 256);
		else if (TAKE("--upload-limit-mb"))
			o->upload_limit_mb = parse_long(v, "--upload-limit-mb", 1, 4096);
		else if (TAKE("--smtp-url"))
			o->mail.smtp_url = v;
		else if (TAKE("--smtp-user"))
			o->mail.user = v;
		else if (TAKE("--smtp-password"))
			o->mail.password = v;
		else if (TAKE("--mail-from"))
			o->mail.from = v;
		else if (strcmp(a, "--demo") == 0)
			o->demo = true;
		else if (strcmp(a, "--secure-cookies") == 0)
			o->secure_cookies = true;
		else if (strcmp(a, "--trust-proxy") == 0)
			o->trust_proxy = true;
		else if (strcmp(a, "--quiet") == 0)
			o->quiet = true;
		else {
			fprintf(stderr, "cartable: unknown or incomplete option '%s'\n\n", a);
			usage(stderr);
			exit(2);
		}
#undef TAKE
	}
	if (!o->base_url) {
		static char url[128];
		snprintf(url, sizeof url, "http://%s:%d", o->bind, o->port);
		o->base_url = url;
	}
}

/* Opens the data directory and the database, migrated; 0 or -1. */
static int open_storage(const struct options *o)
{
	if (mkdir(o->data_dir, 0750) != 0 && errno != EEXIST) {
		fprintf(stderr, "cartable: cannot create %s: %s\n", o->data_dir, strerror(errno));
		return -1;
	}
	char path[4096];
	const char *target = o->database;
	if (!target) {
		snprintf(path, sizeof path, "%s/cartable.db", o->data_dir);
		target = path;
	}
	if (auth_init() != 0 || files_init(o->data_dir) != 0 || db_setup(target) != 0 ||
	    db_migrate() != 0 || csrf_init() != 0) {
		fprintf(stderr, "cartable: cannot open the database (%s)\n",
		        o->database ? "PostgreSQL" : target);
		return -1;
	}
	i18n_init();
	app.data_dir = o->data_dir;
	app.base_url = o->base_url;
	app.demo = o->demo;
	app.upload_limit = (size_t)o->upload_limit_mb * 1024 * 1024;
	return 0;
}

static int cmd_serve(const struct options *o)
{
	log_set_quiet(o->quiet);
	if (open_storage(o) != 0)
		return 1;
	mail_configure(&o->mail);
	notices_setup();
	messages_setup();
	srs_setup();
	if (o->demo && demo_build(stdout) != 0)
		return 1;
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL); /* threads started below inherit it */
	signal(SIGPIPE, SIG_IGN);

	struct http_config hc = {
		.bind_address = o->bind,
		.port = o->port,
		.threads = o->threads,
		.body_limit = 1024 * 1024,
		.upload_limit = app.upload_limit,
		.tmp_dir = files_tmp_dir(),
		.secure_cookies = o->secure_cookies,
		.trust_proxy = o->trust_proxy,
		.routes = app_routes,
		.handle = app_handle,
		.request_end = db_request_end,
	};
	if (http_start(&hc) != 0 || jobs_start() != 0)
		return 1;
	log_warn("cartable: serving on http://%s:%d (%s)", o->bind, o->port,
	         db_engine() == DB_POSTGRES ? "PostgreSQL" : "SQLite");
	int sig = 0;
	sigwait(&set, &sig);
	log_warn("cartable: %s received, finishing requests in flight",
	         sig == SIGTERM ? "SIGTERM" : "SIGINT");
	http_stop(10);
	jobs_stop();
	db_shutdown();
	log_warn("cartable: stopped");
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!getenv("TZ"))
		setenv("TZ", "Europe/Paris", 1);
	tzset();
	if (argc < 2 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "srs") == 0 && argc >= 3 && strcmp(argv[2], "replay") == 0)
		return srs_replay_main(argc - 2, argv + 2);
	if (strcmp(cmd, "gift") == 0 && argc >= 3 && strcmp(argv[2], "check") == 0)
		return gift_cli_main(argc - 2, argv + 2);

	struct options o = {0};
	if (strcmp(cmd, "serve") == 0) {
		read_options(argc - 2, argv + 2, &o);
		return cmd_serve(&o);
	}
	if (strcmp(cmd, "migrate") == 0) {
		read_options(argc - 2, argv + 2, &o);
		int rc = open_storage(&o) == 0 ? 0 : 1;
		db_shutdown();
		return rc;
	}
	if (strcmp(cmd, "demo") == 0) {
		read_options(argc - 2, argv + 2, &o);
		o.demo = true;
		int rc = open_storage(&o) == 0 && demo_build(stdout) == 0 ? 0 : 1;
		db_shutdown();
		return rc;
	}
	if (strcmp(cmd, "jobs") == 0 && argc >= 3 && strcmp(argv[2], "run") == 0) {
		read_options(argc - 3, argv + 3, &o);
		if (open_storage(&o) != 0)
			return 1;
		mail_configure(&o.mail);
		notices_setup();
		messages_setup();
		srs_setup();
		printf("%d job(s) run\n", jobs_run_due());
		db_shutdown();
		return 0;
	}
	fprintf(stderr, "cartable: unknown command '%s'\n\n", cmd);
	usage(stderr);
	return 2;
}
