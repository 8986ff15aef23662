/*
** web.h - handlers and routes of the question bank: the authors' pages
** (web.c: categories, questions edited as GIFT, media, import with its
** preview, export) and the JSON API (api.c); tables in routes.c.
*/
#ifndef CARTABLE_QUESTIONS_WEB_H
#define CARTABLE_QUESTIONS_WEB_H

#include "kernel/router.h"
#include "questions/questions.h"

extern const struct route questions_routes[];

/* web.c */
int questions_page_bank(struct req *r);
int questions_page_category_create(struct req *r);
int questions_page_category(struct req *r);
int questions_page_category_practice(struct req *r);
int questions_page_question(struct req *r);
int questions_page_question_save(struct req *r);
int questions_page_question_create(struct req *r);
int questions_page_question_media(struct req *r);
int questions_page_question_archive(struct req *r);
int questions_page_media(struct req *r);
int questions_page_import(struct req *r);
int questions_page_import_check(struct req *r);
int questions_page_import_confirm(struct req *r);
int questions_page_export(struct req *r);

/* api.c */
int questions_api_categories(struct req *r);
int questions_api_question(struct req *r);
int questions_api_export(struct req *r);
int questions_api_import(struct req *r);

/* questions_read_upload() reads an uploaded file of at most max bytes into
** r->arena (NUL-terminated); NULL with *too_large set when over. */
char *questions_read_upload(struct req *r, const struct upload *up, size_t max, size_t *len,
                            bool *too_large);

#endif
