/* i18n.h — gettext for every string shown to people, and the locale that
 * decides how text shows. */
#ifndef SAMPLAN_I18N_H
#define SAMPLAN_I18N_H

#if ENABLE_NLS
#include <libintl.h>
#define _(s) gettext(s)
#define ngettext_(s, p, n) ngettext(s, p, n)
#else
#define _(s) (s)
#define ngettext_(s, p, n) ((n) == 1 ? (s) : (p))
#endif
#define N_(s) (s)

struct buf;

/* Sets the locale from the environment and binds the translations: from
 * SAMPLAN_LOCALEDIR when set, from the build tree when this binary is the
 * build tree's own (not installed yet), else from where `make install`
 * puts them. */
void i18n_init(void);

/* Why Swedish text would not show right here, appended to out as one
 * message for people with the command that mends it: the locale the
 * environment names is not installed (å, ä, ö show as ? and the screen
 * is in English), or it is not UTF-8.  Appends nothing when all is well. */
void i18n_problem(struct buf *out);

#endif
