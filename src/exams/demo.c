/*
** This file builds the demo of the certification exams (exams.h): a
** road-safety question bank in French (24 questions, six with a picture of
** a road sign drawn here as PNG), open to public practice; two exams; the
** partner school "Collège Jean Moulin (démo)" registered with two classes
** of candidates whose codes are FIXED so the README can list them; two
** open sessions; and four pupils who already sat, so that results,
** certificates and statistics have something to show.
*/
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "exams/exams.h"
#include "kernel/db.h"
#include "kernel/files.h"
#include "kernel/log.h"
#include "questions/questions.h"

/* ---- Road signs as PNG ---- */

#define SIGN 160

struct canvas {
	unsigned char px[SIGN * SIGN * 3];
};

static void fill(struct canvas *c, unsigned r, unsigned g, unsigned b)
{
	for (int i = 0; i < SIGN * SIGN; i++) {
		c->px[i * 3] = (unsigned char)r;
		c->px[i * 3 + 1] = (unsigned char)g;
		c->px[i * 3 + 2] = (unsigned char)b;
	}
}

static void dot(struct canvas *c, int x, int y, unsigned rgb)
{
	unsigned char *p = &c->px[(y * SIGN + x) * 3];
	p[0] = (unsigned char)(rgb >> 16);
	p[1] = (unsigned char)(rgb >> 8);
	p[2] = (unsigned char)rgb;
}

/* Is (x, y) inside the convex polygon of n points (clockwise or not)? */
static bool inside(const double *xs, const double *ys, int n, double x, double y)
{
	int sign = 0;
	for (int i = 0; i < n; i++) {
		int j = (i + 1) % n;
		double cross = (xs[j] - xs[i]) * (y - ys[i]) - (ys[j] - ys[i]) * (x - xs[i]);
		int s = cross > 0 ? 1 : cross < 0 ? -1 : 0;
		if (s && sign && s != sign)
			return false;
		if (s)
			sign = s;
	}
	return true;
}

static void polygon(struct canvas *c, const double *xs, const double *ys, int n, unsigned rgb)
{
	for (int y = 0; y < SIGN; y++)
		for (int x = 0; x < SIGN; x++)
			if (inside(xs, ys, n, x + 0.5, y + 0.5))
				dot(c, x, y, rgb);
}

/* A regular polygon of n sides, radius rad, first corner at angle a0 (degrees). */
static void regular(struct canvas *c, int n, double rad, double a0, unsigned rgb)
{
	double xs[8], ys[8];
	for (int i = 0; i < n; i++) {
		double a = (a0 + 360.0 * i / n) * 3.14159265358979 / 180;
		xs[i] = SIGN / 2.0 + rad * __builtin_cos(a);
		ys[i] = SIGN / 2.0 + rad * __builtin_sin(a);
	}
	polygon(c, xs, ys, n, rgb);
}

static void disc(struct canvas *c, double cx, double cy, double rad, unsigned rgb)
{
	for (int y = 0; y < SIGN; y++)
		for (int x = 0; x < SIGN; x++) {
			double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
			if (dx * dx + dy * dy <= rad * rad)
				dot(c, x, y, rgb);
		}
}

static void rect(struct canvas *c, int x0, int y0, int x1, int y1, unsigned rgb)
{
	for (int y = y0; y < y1; y++)
		for (int x = x0; x < x1; x++)
			dot(c, x, y, rgb);
}

#define RED 0xC8102Eu
#define WHITE 0xFFFFFFu
#define BLUE 0x1D4E89u
#define BLACK 0x1B1F24u
#define GREEN 0x1FA34Au
#define GREY 0x555555u

static void draw(struct canvas *c, const char *which)
{
	fill(c, 0xF3, 0xF5, 0xF8);
	if (strcmp(which, "stop") == 0) {
		regular(c, 8, 72, 22.5, RED);
		regular(c, 8, 64, 22.5, WHITE);
		regular(c, 8, 60, 22.5, RED);
	} else if (strcmp(which, "sens") == 0) {
		disc(c, 80, 80, 72, RED);
		rect(c, 30, 70, 130, 90, WHITE);
	} else if (strcmp(which, "danger") == 0) {
		regular(c, 3, 76, -90, RED);
		regular(c, 3, 54, -90, WHITE);
		rect(c, 76, 60, 84, 100, BLACK);
		rect(c, 76, 106, 84, 114, BLACK);
	} else if (strcmp(which, "cedez") == 0) {
		regular(c, 3, 76, 90, RED);
		regular(c, 3, 54, 90, WHITE);
	} else if (strcmp(which, "feu") == 0) {
		rect(c, 55, 10, 105, 150, BLACK);
		disc(c, 80, 35, 17, GREY);
		disc(c, 80, 80, 17, GREY);
		disc(c, 80, 125, 17, GREEN);
	} else if (strcmp(which, "obligation") == 0) {
		disc(c, 80, 80, 72, BLUE);
		rect(c, 74, 50, 86, 120, WHITE);
		double xs[3] = {58, 102, 80}, ys[3] = {62, 62, 32};
		polygon(c, xs, ys, 3, WHITE);
	}
}

static uint32_t crc_table[256];

static uint32_t crc(const unsigned char *p, size_t n, uint32_t c)
{
	if (!crc_table[1])
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t v = i;
			for (int k = 0; k < 8; k++)
				v = v & 1 ? 0xEDB88320u ^ (v >> 1) : v >> 1;
			crc_table[i] = v;
		}
	c = ~c;
	for (size_t i = 0; i < n; i++)
		c = crc_table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
	return ~c;
}

static void be32(struct sb *sb, uint32_t v)
{
	unsigned char b[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16), (unsigned char)(v >> 8), (unsigned char)v};
	sb_add(sb, b, 4);
}

static void chunk(struct sb *sb, const char *type, const unsigned char *data, size_t n)
{
	be32(sb, (uint32_t)n);
	size_t at = sb->len;
	sb_add(sb, type, 4);
	if (n)
		sb_add(sb, data, n);
	be32(sb, crc((const unsigned char *)sb->buf + at, n + 4, 0));
}

/* An RGB PNG of the canvas, its image data in stored (uncompressed) deflate blocks. */
static void png(struct canvas *c, struct sb *out)
{
	struct sb raw, z;
	sb_init(&raw, out->arena, SIGN * (SIGN * 3 + 1));
	for (int y = 0; y < SIGN; y++) {
		sb_addc(&raw, 0);
		sb_add(&raw, &c->px[y * SIGN * 3], SIGN * 3);
	}
	sb_init(&z, out->arena, raw.len + 64);
	sb_addc(&z, 0x78);
	sb_addc(&z, 0x01);
	uint32_t a = 1, b = 0;
	for (size_t i = 0; i < raw.len; i++) {
		a = (a + (unsigned char)raw.buf[i]) % 65521;
		b = (b + a) % 65521;
	}
	for (size_t at = 0; at < raw.len;) {
		size_t n = raw.len - at > 65535 ? 65535 : raw.len - at;
		unsigned char hdr[5] = {at + n == raw.len, (unsigned char)n, (unsigned char)(n >> 8),
		                        (unsigned char)~n, (unsigned char)(~n >> 8)};
		sb_add(&z, hdr, 5);
		sb_add(&z, raw.buf + at, n);
		at += n;
	}
	be32(&z, (b << 16) | a);
	sb_add(out, "\x89PNG\r\n\x1a\n", 8);
	unsigned char ihdr[13] = {0, 0, 0, SIGN, 0, 0, 0, SIGN, 8, 2, 0, 0, 0};
	chunk(out, "IHDR", ihdr, 13);
	chunk(out, "IDAT", (const unsigned char *)z.buf, z.len);
	chunk(out, "IEND", NULL, 0);
}

/* Stores a drawn sign as a file and attaches it to the question idnumber. */
static int attach_sign(struct req *r, const int64_t *ids, const struct gift_doc *doc, const char *idnumber,
                       const char *which, const char *alt)
{
	int64_t qid = 0;
	for (size_t i = 0; i < doc->nquestions; i++)
		if (strcmp(doc->questions[i].idnumber, idnumber) == 0)
			qid = ids[i];
	if (!qid)
		return -1;
	struct canvas *c = arena_alloc(r->arena, sizeof *c);
	draw(c, which);
	struct sb data;
	sb_init(&data, r->arena, 80000);
	png(c, &data);
	struct upload up = {.field = "media", .size = (int64_t)data.len};
	up.filename = arena_printf(r->arena, "%s.png", which);
	up.path = arena_printf(r->arena, "%s/demo-%s-%d.png", files_tmp_dir(), which, (int)getpid());
	FILE *f = fopen(up.path, "wb");
	if (!f)
		return -1;
	bool ok = fwrite(data.buf, 1, data.len, f) == data.len;
	ok &= fclose(f) == 0;
	if (!ok)
		return -1;
	crypto_hash_sha256(up.sha256, (const unsigned char *)data.buf, data.len);
	up.head_len = data.len < sizeof up.head ? data.len : sizeof up.head;
	memcpy(up.head, data.buf, up.head_len);
	struct err e = {0};
	int rc = questions_set_media(r, qid, &up, alt, &e);
	unlink(up.path); /* kept under its hash, or not at all */
	if (rc)
		log_error("demo: medium of %s: %s", idnumber, e.msg);
	return rc;
}

/* ---- The bank ---- */

static const char assr_gift[] =
	"$CATEGORY: Sécurité routière/Attestations (ASSR)\n"
	"\n"
	"// [id:ASSR-STOP] [tag:panneaux]\n"
	"::Panneau stop::Que devez-vous faire devant ce panneau ? {\n"
	"\t=Marquer un arrêt complet, puis céder le passage#Oui : l'arrêt est obligatoire, même si la route paraît libre.\n"
	"\t~Ralentir et passer si personne ne vient#Non : devant ce panneau, il faut s'arrêter.\n"
	"\t~Klaxonner pour prévenir#Non.\n"
	"\t####Le panneau octogonal rouge impose l'arrêt absolu.\n"
	"}\n"
	"\n"
	"// [id:ASSR-SENS-INTERDIT] [tag:panneaux]\n"
	"::Sens interdit::Que signifie ce panneau rond rouge barré de blanc ? {\n"
	"\t=Sens interdit à tout véhicule\n"
	"\t~Stationnement interdit\n"
	"\t~Fin de limitation de vitesse\n"
	"}\n"
	"\n"
	"// [id:ASSR-DANGER] [tag:panneaux]\n"
	"::Triangle::Un panneau triangulaire à bord rouge, pointe en haut, annonce : {\n"
	"\t=un danger\n"
	"\t~une obligation\n"
	"\t~une indication\n"
	"}\n"
	"\n"
	"// [id:ASSR-CEDEZ] [tag:panneaux]\n"
	"::Cédez le passage::Ce triangle pointe en bas vous demande de : {\n"
	"\t=céder le passage aux véhicules de la route que vous abordez\n"
	"\t~vous arrêter dans tous les cas\n"
	"\t~passer en priorité\n"
	"}\n"
	"\n"
	"// [id:ASSR-FEU] [tag:carrefour]\n"
	"::Feu vert::Le feu passe au vert, mais un piéton traverse encore. Que faites-vous ? {\n"
	"\t=J'attends qu'il ait fini de traverser#Oui : le piéton engagé est toujours prioritaire.\n"
	"\t~Je passe, j'ai la priorité\n"
	"\t~Je klaxonne pour qu'il se dépêche\n"
	"}\n"
	"\n"
	"// [id:ASSR-OBLIGATION] [tag:panneaux]\n"
	"::Panneau bleu rond::Un panneau rond à fond bleu indique : {\n"
	"\t=une obligation\n"
	"\t~une interdiction\n"
	"\t~un danger\n"
	"}\n"
	"\n"
	"::Casque vélo::Le casque est obligatoire à vélo pour les enfants de moins de 12 ans, qu'ils conduisent ou qu'ils soient passagers. {T#C'est bien la règle.#Si : c'est obligatoire avant 12 ans.}\n"
	"\n"
	"::Équipements du vélo::Quels équipements sont obligatoires sur un vélo ? {\n"
	"\t~%33.33333%Deux freins\n"
	"\t~%33.33333%Un avertisseur sonore\n"
	"\t~%33.33334%Des catadioptres (réflecteurs)\n"
	"\t~%-100%Un rétroviseur#Non, il n'est pas obligatoire.\n"
	"}\n"
	"\n"
	"::Gilet::Hors agglomération, la nuit, le gilet rétroréfléchissant est obligatoire pour un cycliste. {T}\n"
	"\n"
	"::Trottoir::Un enfant de moins de 8 ans peut rouler à vélo sur le trottoir, à l'allure du pas. {T}\n"
	"\n"
	"::Écouteurs::À vélo, on peut rouler avec des écouteurs si le son est faible. {F#Non : tout appareil qui émet du son dans les oreilles est interdit.#Exact.}\n"
	"\n"
	"::Passage piéton::Où traverser quand un passage piéton est à moins de 50 mètres ? {\n"
	"\t=Sur le passage piéton\n"
	"\t~Entre deux voitures garées\n"
	"\t~Là où je me trouve\n"
	"}\n"
	"\n"
	"::Vitesse en ville::Quelle est la vitesse maximale en agglomération, en km/h, sauf panneau contraire ? {#50}\n"
	"\n"
	"::Pluie::Par temps de pluie, la distance de freinage : {\n"
	"\t=augmente\n"
	"\t~diminue\n"
	"\t~reste la même\n"
	"}\n"
	"\n"
	"::Ceinture::En voiture, la ceinture de sécurité est obligatoire : {\n"
	"\t=pour tous les passagers, à l'avant comme à l'arrière\n"
	"\t~seulement à l'avant\n"
	"\t~seulement sur l'autoroute\n"
	"}\n"
	"\n"
	"::Rehausseur::Jusqu'à quel âge un enfant doit-il voyager dans un siège adapté ou un rehausseur ? {\n"
	"\t=10 ans\n"
	"\t~6 ans\n"
	"\t~14 ans\n"
	"}\n"
	"\n"
	"::Car scolaire::Je descends du car scolaire et je veux traverser. Que dois-je faire ? {\n"
	"\t=Attendre que le car soit reparti pour bien voir la route\n"
	"\t~Passer devant le car tout de suite\n"
	"\t~Passer derrière le car en courant\n"
	"}\n"
	"\n"
	"::Permis AM::À partir de quel âge peut-on conduire un cyclomoteur avec le permis AM ? {#14}\n"
	"\n"
	"::Angle mort::Un camion tourne à droite. Où est-il dangereux de se trouver à vélo ? {\n"
	"\t=Juste à sa droite, le long de la cabine\n"
	"\t~Loin derrière lui\n"
	"\t~Sur le trottoir d'en face\n"
	"}\n"
	"\n"
	"::Alcool::Quel appareil mesure l'alcool dans l'air expiré ? {=éthylotest =éthylomètre =%50%alcootest}\n"
	"\n"
	"::Formes des panneaux::Associez chaque forme de panneau à son sens. {\n"
	"\t=Triangle à bord rouge -> danger\n"
	"\t=Rond à bord rouge -> interdiction\n"
	"\t=Rond bleu -> obligation\n"
	"\t=Carré ou rectangle bleu -> indication\n"
	"}\n"
	"\n"
	"::La nuit::La nuit, un piéton est mieux vu s'il porte : {\n"
	"\t=des vêtements clairs ou un brassard réfléchissant\n"
	"\t~des vêtements sombres\n"
	"\t~une casquette\n"
	"}\n"
	"\n"
	"::Téléphone::Regarder son téléphone en traversant la rue : {\n"
	"\t=détourne l'attention et augmente le risque d'accident\n"
	"\t~n'a aucun effet\n"
	"\t~aide à traverser plus vite\n"
	"}\n"
	"\n"
	"::Priorité à droite::À un carrefour sans panneau ni feu, je dois céder le passage : {\n"
	"\t=aux véhicules venant de ma droite\n"
	"\t~aux véhicules venant de ma gauche\n"
	"\t~à personne\n"
	"}\n";

/* The response that earns every point (for the pupils who sat in the demo). */
static const char *best_response(struct req *r, const struct question *q)
{
	const struct gift_question *g = &q->q;
	struct sb sb;
	sb_init(&sb, r->arena, 32);
	switch (g->type) {
	case GIFT_MULTICHOICE: {
		size_t best = 0;
		for (size_t i = 0; i < g->nanswers; i++) {
			if (g->answers[i].fraction > g->answers[best].fraction)
				best = i;
			if (!g->single && g->answers[i].fraction > 0)
				sb_printf(&sb, "%s%zu", sb.len ? "," : "", i);
		}
		if (g->single)
			sb_printf(&sb, "%zu", best);
		break;
	}
	case GIFT_TRUEFALSE:
		sb_adds(&sb, g->correct ? "true" : "false");
		break;
	case GIFT_NUMERICAL:
		sb_printf(&sb, "%g", g->answers[0].num_kind == GIFT_NUM_RANGE ? g->answers[0].min : g->answers[0].value);
		break;
	case GIFT_MATCHING: {
		const char **rights;
		int nr = question_match_choices(r->arena, g, &rights);
		for (size_t i = 0; i < g->npairs; i++) {
			if (!*g->pairs[i].left)
				continue;
			int k = 0;
			while (k < nr && strcmp(rights[k], g->pairs[i].right) != 0)
				k++;
			sb_printf(&sb, "%s%d", sb.len ? "," : "", k);
		}
		break;
	}
	default:
		sb_adds(&sb, g->nanswers ? g->answers[0].text : "");
	}
	return sb.buf;
}

/* ---- Candidates ---- */

static const struct {
	const char *family, *given, *birth, *class_name, *extra, *code;
} pupils[] = {
	{"Bernard", "Jules", "14/03/2011", "3e B", "non", "AB23CD45"},
	{"Petit", "Inès", "02/07/2011", "3e B", "non", "EF67GH89"},
	{"Moreau", "Noah", "23/11/2010", "3e B", "oui", "JK23MN45"},
	{"Lefèvre", "Zoé", "09/01/2011", "3e B", "non", "PQ67RS89"},
	{"Durand", "Maël", "30/05/2011", "3e B", "non", "TU23VW45"},
	{"N'Diaye", "Aïssata", "17/09/2011", "3e B", "oui", "XY67ZA89"},
	{"Roux", "Léo", "04/04/2013", "5e A", "non", "BC34DE56"},
	{"Garcia", "Chloé", "12/12/2012", "5e A", "non", "FG78HJ92"},
	{"Fontaine", "Élise", "21/06/2013", "5e A", "oui", "KM34NP56"},
	{"Martinez", "Sacha", "08/08/2013", "5e A", "non", "QR78ST92"},
};

static int set_candidate_code(struct req *r, int64_t school, const char *family, const char *given,
                              const char *code)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "UPDATE exam_candidates SET code = ? WHERE tenant_id = ?"
	                                         " AND school_id = ? AND family_name = ? AND given_name = ?") : NULL;
	if (!st)
		return -1;
	db_bind_text(st, 1, code);
	db_bind_int(st, 2, r->tenant.id);
	db_bind_int(st, 3, school);
	db_bind_text(st, 4, family);
	db_bind_text(st, 5, given);
	return db_run(st) == 0 && db_changes(st) == 1 ? 0 : -1;
}

static int set_session_code(struct req *r, int64_t id, const char *code)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "UPDATE exam_sessions SET code = ? WHERE tenant_id = ? AND id = ?") : NULL;
	if (!st)
		return -1;
	db_bind_text(st, 1, code);
	db_bind_int(st, 2, r->tenant.id);
	db_bind_int(st, 3, id);
	return db_run(st) == 0 ? 0 : -1;
}

static const char *local_date(struct req *r, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	return arena_printf(r->arena, "%02d/%02d/%04d", tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900);
}

static const char *local_hm(struct req *r, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	return arena_printf(r->arena, "%02d:%02d", tm.tm_hour, tm.tm_min);
}

/* A pupil sits the exam: right answers but `wrong` of them. */
static int sit(struct req *r, const char *session, const char *code, int wrong)
{
	struct err e = {0};
	int64_t id;
	char token[64];
	if (exams_enter(r, session, code, &id, token, &e) != 0) {
		log_error("demo: %s enters %s: %s", code, session, e.msg);
		return -1;
	}
	struct exam_attempt a;
	if (exams_attempt_auth(r, id, token, &a) != 0)
		return -1;
	for (int i = 0; i < a.nquestions; i++) {
		struct question q;
		if (questions_get(r, a.questions[i], &q) != 0)
			return -1;
		const char *resp = i < wrong ? "" : best_response(r, &q);
		if (exams_answer_save(r, &a, q.id, resp, &e) != 0)
			return -1;
	}
	return exams_attempt_finish(r, &a);
}

int exams_demo_build(struct req *r, int64_t school, int64_t staff_id)
{
	struct err e = {0};
	struct user admin = r->user;
	struct question_import imp;
	if (questions_import(r, assr_gift, sizeof assr_gift - 1, NULL, true, &imp, &e) != 0 || imp.doc->nerrors) {
		log_error("demo: road-safety bank: %s", e.msg);
		return -1;
	}
	static const struct {
		const char *id, *sign, *alt;
	} signs[] = {
		{"ASSR-STOP", "stop", "Panneau octogonal rouge bordé de blanc."},
		{"ASSR-SENS-INTERDIT", "sens", "Panneau rond rouge traversé d'une barre blanche horizontale."},
		{"ASSR-DANGER", "danger", "Panneau triangulaire blanc à bord rouge, pointe en haut, avec un point d'exclamation."},
		{"ASSR-CEDEZ", "cedez", "Panneau triangulaire blanc à bord rouge, pointe en bas."},
		{"ASSR-FEU", "feu", "Feu tricolore dont la lumière verte est allumée."},
		{"ASSR-OBLIGATION", "obligation", "Panneau rond bleu avec une flèche blanche vers le haut."},
	};
	for (size_t i = 0; i < sizeof signs / sizeof signs[0]; i++)
		if (attach_sign(r, imp.ids, imp.doc, signs[i].id, signs[i].sign, signs[i].alt) != 0)
			return -1;
	struct question q;
	if (questions_get(r, imp.ids[0], &q) != 0 || questions_category_set_practice(r, q.category_id, true) != 0)
		return -1;
	int64_t exam1, exam2;
	struct exam_input x1 = {.code = "ASSR1", .title = "Attestation scolaire de sécurité routière — niveau 1",
	                        .question_count = "10", .time_limit_minutes = "15", .pass_pct = "50",
	                        .categories = &q.category_id, .ncategories = 1};
	struct exam_input x2 = {.code = "ASSR2", .title = "Attestation scolaire de sécurité routière — niveau 2",
	                        .question_count = "12", .time_limit_minutes = "20", .pass_pct = "50",
	                        .categories = &q.category_id, .ncategories = 1};
	if (exams_create(r, &x1, &exam1, &e) != 0 || exams_create(r, &x2, &exam2, &e) != 0) {
		log_error("demo: exams: %s", e.msg);
		return -1;
	}
	/* from here on, the school's secretary */
	r->user = (struct user){.id = staff_id, .roles = ROLE_SCHOOL, .school_id = school,
	                        .display_name = "Nadia Roux"};
	if (exams_school_register(r, "Nadia Roux", "secretariat@college-demo.example.org", &e) != 0)
		return -1;
	struct sb csv;
	sb_init(&csv, r->arena, 1024);
	sb_adds(&csv, "Nom;Prénom;Date de naissance;Classe;Tiers-temps\n");
	for (size_t i = 0; i < sizeof pupils / sizeof pupils[0]; i++)
		sb_printf(&csv, "%s;%s;%s;%s;%s\n", pupils[i].family, pupils[i].given, pupils[i].birth,
		          pupils[i].class_name, pupils[i].extra);
	struct candidate_import ci;
	if (exams_candidates_import(r, csv.buf, csv.len, true, &ci) != 0 || ci.nerrors || ci.file_error) {
		log_error("demo: candidates: %s", ci.file_error ? ci.file_error : "line errors");
		return -1;
	}
	for (size_t i = 0; i < sizeof pupils / sizeof pupils[0]; i++)
		if (set_candidate_code(r, school, pupils[i].family, pupils[i].given, pupils[i].code) != 0)
			return -1;
	int64_t now = (int64_t)time(NULL), opens = now - 3600, closes = now + 60 * 86400;
	const char *c3[] = {"3e B"}, *c5[] = {"5e A"};
	struct exam_session_input s2 = {.exam_id = exam2, .title = "ASSR2 — 3e B", .opens_date = local_date(r, opens),
	                                .opens_time = local_hm(r, opens), .closes_date = local_date(r, closes),
	                                .closes_time = "18:00", .classes = c3, .nclasses = 1,
	                                .supervisors = "Mme Roux\nM. Benali"};
	struct exam_session_input s1 = s2;
	s1.exam_id = exam1;
	s1.title = "ASSR1 — 5e A";
	s1.classes = c5;
	s1.supervisors = "M. Garnier";
	int64_t sid2, sid1;
	if (exams_session_create(r, &s2, &sid2, &e) != 0 || exams_session_create(r, &s1, &sid1, &e) != 0) {
		log_error("demo: sessions: %s", e.msg);
		return -1;
	}
	if (set_session_code(r, sid2, "CASQUE") != 0 || set_session_code(r, sid1, "TRAJET") != 0)
		return -1;
	/* four pupils of 3e B sat already: three passed, one did not */
	if (sit(r, "CASQUE", "AB23CD45", 0) != 0 || sit(r, "CASQUE", "EF67GH89", 2) != 0 ||
	    sit(r, "CASQUE", "JK23MN45", 1) != 0 || sit(r, "CASQUE", "PQ67RS89", 9) != 0)
		return -1;
	r->user = admin;
	return 0;
}
