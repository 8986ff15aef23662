/*
** web.h - handlers and routes of courses: following a course (web.c),
** editing its content (edit.c), API (api.c); tables in routes.c.
*/
#ifndef CARTABLE_COURSES_WEB_H
#define CARTABLE_COURSES_WEB_H

#include "kernel/router.h"

extern const struct route courses_routes[];

int courses_page_mine(struct req *r);
int courses_page_course(struct req *r);
int courses_page_item(struct req *r);
int courses_page_item_done(struct req *r);
int courses_page_item_file(struct req *r);
int courses_page_item_attachment(struct req *r);

int courses_page_edit(struct req *r);
int courses_page_section_add(struct req *r);
int courses_page_section_rename(struct req *r);
int courses_page_section_delete(struct req *r);
int courses_page_section_up(struct req *r);
int courses_page_section_down(struct req *r);
int courses_page_item_add(struct req *r);
int courses_page_item_edit(struct req *r);
int courses_page_item_update(struct req *r);
int courses_page_item_upload(struct req *r);
int courses_page_item_attach(struct req *r);
int courses_page_item_up(struct req *r);
int courses_page_item_down(struct req *r);
int courses_page_item_delete(struct req *r);
int courses_page_copy(struct req *r);
int courses_page_staff_add(struct req *r);
int courses_page_staff_remove(struct req *r);

int courses_api_list(struct req *r);
int courses_api_get(struct req *r);

#endif
