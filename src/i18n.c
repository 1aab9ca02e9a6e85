/* i18n.c — the locale and the translations' catalogue. */
#include "config.h"

#include "i18n.h"

#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

/* True when this program is the one the build tree made (BUILDBINDIR). */
static bool running_from_build(void)
{
#ifdef BUILDBINDIR
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return false;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return false;
	*slash = '\0';
	char *bin = realpath(BUILDBINDIR, NULL);
	bool same = bin && strcmp(bin, exe) == 0;
	free(bin);
	return same;
#else
	return false;
#endif
}

void i18n_init(void)
{
	setlocale(LC_ALL, "");
#if ENABLE_NLS
	const char *dir = getenv("SAMPLAN_LOCALEDIR");
	if (!(dir && *dir)) {
		dir = LOCALEDIR;
#ifdef BUILDLOCALEDIR
		if (running_from_build())
			dir = BUILDLOCALEDIR;
#endif
	}
	bindtextdomain(PACKAGE, dir);
	textdomain(PACKAGE);
#else
	(void)running_from_build;
#endif
}

/* The locale the environment names for category `cat` (its variable),
 * as setlocale reads them: LC_ALL, then the category's own, then LANG. */
static const char *wanted_locale(const char *own)
{
	static const char *const order[] = { "LC_ALL", NULL, "LANG" };
	for (size_t i = 0; i < 3; i++) {
		const char *v = getenv(order[i] ? order[i] : own);
		if (v && *v)
			return v;
	}
	return "";
}

/* Whether the locale `name` can be loaded for the categories in `mask`. */
static bool locale_installed(int mask, const char *name)
{
	locale_t l = newlocale(mask, name, (locale_t)0);
	if (!l)
		return false;
	freelocale(l);
	return true;
}

/* Appends the command that installs locale `name` ("sv_SE.UTF-8"): its
 * language and territory, in UTF-8. */
static void install_command(const char *name, struct buf *out)
{
	size_t lang = strcspn(name, ".@");
	const char *mod = strchr(name, '@');
	buf_addf(out, "localedef -i %.*s%s -f UTF-8 %.*s.UTF-8%s", (int)lang, name, mod ? mod : "",
		 (int)lang, name, mod ? mod : "");
}

void i18n_problem(struct buf *out)
{
	static const struct {
		int mask;
		const char *var;
	} cats[] = { { LC_CTYPE_MASK, "LC_CTYPE" }, { LC_MESSAGES_MASK, "LC_MESSAGES" } };
	for (size_t i = 0; i < sizeof(cats) / sizeof(*cats); i++) {
		const char *name = wanted_locale(cats[i].var);
		if (!*name || locale_installed(cats[i].mask, name))
			continue;
		size_t start = out->len;
		buf_addf(out, _("the locale %s is not installed on this machine: å, ä and ö show as ? and samplan speaks English. To install it, as root: "),
			 name);
		install_command(name, out);
		buf_adds(out, _(" (or: dpkg-reconfigure locales)"));
		if (out->len == start)
			buf_adds(out, "?");
		return;
	}
	const char *codeset = nl_langinfo(CODESET);
	if (!codeset || strcmp(codeset, "UTF-8") != 0) {
		const char *name = wanted_locale("LC_CTYPE");
		buf_addf(out, _("the locale %s is not UTF-8: å, ä and ö show as ?. Start samplan with LANG=sv_SE.UTF-8 (or C.UTF-8)"),
			 *name ? name : "C");
	}
}
