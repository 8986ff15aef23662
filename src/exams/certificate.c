/*
** This file implements the certificates of exams.h as PDF (libharu): one
** A4 landscape page per pupil, in DejaVu Sans embedded as a TrueType font
** with UTF-8 text (libharu's base-14 fonts cannot write every French name),
** and a QR code (libqrencode) to the public verification page.
*/
#include <hpdf.h>
#include <qrencode.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "exams/exams.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "kernel/log.h"

/* From Debian's fonts-dejavu-core (scripts/deps.sh). */
#define CERT_FONT "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define CERT_FONT_BOLD "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

struct pdf_error {
	HPDF_STATUS code, detail;
};

static void on_error(HPDF_STATUS code, HPDF_STATUS detail, void *data)
{
	struct pdf_error *e = data;
	if (code == HPDF_STREAM_EOF) /* the end of the document read back */
		return;
	if (!e->code) {
		e->code = code;
		e->detail = detail;
	}
}

static void text_at(HPDF_Page page, HPDF_Font font, float size, float x, float y, const char *s)
{
	HPDF_Page_BeginText(page);
	HPDF_Page_SetFontAndSize(page, font, size);
	HPDF_Page_TextOut(page, x, y, s);
	HPDF_Page_EndText(page);
}

/* Writes s centred on the page's width at height y, in a smaller size if
** it would not fit within the frame (long names, long titles). */
static void centred(HPDF_Page page, HPDF_Font font, float size, float y, const char *s)
{
	float room = HPDF_Page_GetWidth(page) - 2 * 56;
	HPDF_Page_SetFontAndSize(page, font, size);
	float w = HPDF_Page_TextWidth(page, s);
	if (w > room && w > 0) {
		size = size * room / w;
		if (size < 7)
			size = 7;
		HPDF_Page_SetFontAndSize(page, font, size);
		w = HPDF_Page_TextWidth(page, s);
	}
	text_at(page, font, size, (HPDF_Page_GetWidth(page) - w) / 2, y, s);
}

/* Draws the QR code of url with its bottom-left corner at (x, y), side `side`. */
static int qr_at(HPDF_Page page, const char *url, float x, float y, float side)
{
	QRcode *qr = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!qr)
		return -1;
	int w = qr->width, quiet = 4;
	float m = side / (float)(w + 2 * quiet);
	HPDF_Page_SetRGBFill(page, 1, 1, 1);
	HPDF_Page_Rectangle(page, x, y, side, side);
	HPDF_Page_Fill(page);
	HPDF_Page_SetRGBFill(page, 0, 0, 0);
	for (int row = 0; row < w; row++)
		for (int col = 0; col < w; col++)
			if (qr->data[row * w + col] & 1)
				HPDF_Page_Rectangle(page, x + (float)(col + quiet) * m,
				                    y + side - (float)(row + quiet + 1) * m, m, m);
	HPDF_Page_Fill(page);
	QRcode_free(qr);
	return 0;
}

static const char *grouped(struct arena *a, const char *code)
{
	struct sb sb;
	sb_init(&sb, a, 32);
	for (size_t i = 0; code && code[i]; i++) {
		if (i && i % 5 == 0)
			sb_addc(&sb, '-');
		sb_addc(&sb, code[i]);
	}
	return sb.buf;
}

static void page_of(struct req *r, HPDF_Doc pdf, HPDF_Font font, HPDF_Font bold,
                    const struct exam_certificate *c, const char *base_url)
{
	HPDF_Page page = HPDF_AddPage(pdf);
	HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_LANDSCAPE);
	float w = HPDF_Page_GetWidth(page), h = HPDF_Page_GetHeight(page);
	HPDF_Page_SetRGBStroke(page, 0.11f, 0.31f, 0.54f);
	HPDF_Page_SetLineWidth(page, 3);
	HPDF_Page_Rectangle(page, 24, 24, w - 48, h - 48);
	HPDF_Page_Stroke(page);
	HPDF_Page_SetLineWidth(page, 1);
	HPDF_Page_Rectangle(page, 32, 32, w - 64, h - 64);
	HPDF_Page_Stroke(page);
	HPDF_Page_SetRGBFill(page, 0.11f, 0.31f, 0.54f);
	centred(page, bold, 15, h - 90, _("ATTESTATION DE RÉUSSITE"));
	HPDF_Page_SetRGBFill(page, 0, 0, 0);
	centred(page, bold, 26, h - 140, c->exam_title);
	centred(page, font, 14, h - 190, _("est délivrée à"));
	centred(page, bold, 30, h - 240, arena_printf(r->arena, "%s %s", c->given_name, c->family_name));
	char iso[11];
	const char *born = "";
	if (c->birth_date && *c->birth_date && date_parse(c->birth_date, iso))
		born = arena_printf(r->arena, _("né(e) le %.2s/%.2s/%.4s"), iso + 8, iso + 5, iso);
	if (*born)
		centred(page, font, 13, h - 270, born);
	centred(page, font, 13, h - 300, arena_printf(r->arena, _("élève de %s, %s (%s)"), c->class_name,
	                                              c->school_name, c->school_city ? c->school_city : ""));
	centred(page, font, 13, h - 340,
	        arena_printf(r->arena, _("qui a réussi l'épreuve le %s, avec %lld bonne(s) réponse(s) sur %lld."),
	                     fmt_date(r->arena, c->finished_at), (long long)((c->score + 5000) / 10000),
	                     (long long)(c->max_score / 10000)));
	const char *url = arena_printf(r->arena, "%s/verify/%s", base_url, c->verify_code);
	float side = 120;
	if (qr_at(page, url, w - 48 - side - 16, 56, side) != 0)
		log_error("exams: no QR code for %s", c->verify_code);
	HPDF_Page_SetRGBFill(page, 0, 0, 0);
	text_at(page, font, 10, 64, 120, _("Pour vérifier cette attestation, lisez le code QR ou ouvrez :"));
	text_at(page, font, 10, 64, 104, url);
	text_at(page, bold, 12, 64, 80, arena_printf(r->arena, _("Code de vérification : %s"),
	                                             grouped(r->arena, c->verify_code)));
}

int exams_certificates_pdf(struct req *r, const struct exam_certificate *c, int n, const char *base_url,
                           char **out, size_t *len)
{
	struct pdf_error err = {0};
	HPDF_Doc pdf = HPDF_New(on_error, &err);
	if (!pdf)
		return ERR_INTERNAL;
	int rc = ERR_INTERNAL;
	if (access(CERT_FONT, R_OK) != 0 || access(CERT_FONT_BOLD, R_OK) != 0) {
		log_error("exams: font %s missing (install fonts-dejavu-core)", CERT_FONT);
		goto done;
	}
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(pdf);
	HPDF_SetCurrentEncoder(pdf, "UTF-8");
	const char *name = HPDF_LoadTTFontFromFile(pdf, CERT_FONT, HPDF_TRUE);
	const char *bold_name = HPDF_LoadTTFontFromFile(pdf, CERT_FONT_BOLD, HPDF_TRUE);
	HPDF_Font font = name ? HPDF_GetFont(pdf, name, "UTF-8") : NULL;
	HPDF_Font bold = bold_name ? HPDF_GetFont(pdf, bold_name, "UTF-8") : NULL;
	if (!font || !bold || err.code)
		goto done;
	HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, _("Attestations"));
	HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "cartable");
	for (int i = 0; i < n && !err.code; i++)
		page_of(r, pdf, font, bold, &c[i], base_url);
	if (err.code || HPDF_SaveToStream(pdf) != HPDF_OK)
		goto done;
	HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
	char *buf = arena_alloc(r->arena, (size_t)size + 1);
	HPDF_UINT32 got = size;
	HPDF_STATUS st = HPDF_ReadFromStream(pdf, (HPDF_BYTE *)buf, &got);
	if ((st != HPDF_OK && st != HPDF_STREAM_EOF) || got != size)
		goto done;
	*out = buf;
	*len = got;
	rc = 0;
done:
	if (err.code)
		log_error("exams: libharu error %04lX (detail %lu)", (unsigned long)err.code, (unsigned long)err.detail);
	HPDF_Free(pdf);
	return rc;
}
