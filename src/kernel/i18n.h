/*
** i18n.h - French by default, English available.
**
** Messages are written in French in the code, wrapped in _("..."). When the
** request's language is English, _() looks the message up in po/en.po
** (compiled into the program) and falls back to the French text when it has
** no translation. The language is per thread, set by the application at the
** start of each request, so services can use _() too.
*/
#ifndef CARTABLE_I18N_H
#define CARTABLE_I18N_H

#include "kernel/req.h"

/* i18n_init() loads the translations; returns how many were loaded. */
int i18n_init(void);

void i18n_set_lang(enum lang lang);
enum lang i18n_lang(void);

/* i18n_tr() returns msgid in the current language (never NULL). format_arg:
** the compiler checks the conversions of a translated printf format against
** the arguments, as for the French text. */
const char *i18n_tr(const char *msgid) __attribute__((format_arg(1)));

#define _(s) i18n_tr(s)
/* N_() marks a message translated later (tables of constant strings). */
#define N_(s) (s)

#endif
