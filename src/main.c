/* main.c — sets up the locale and hands over to the command line. */
#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include "cli.h"
#include "i18n.h"

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
#if ENABLE_NLS
	/* the translations from elsewhere, such as a build tree (the tests) */
	const char *localedir = getenv("SAMPLAN_LOCALEDIR");
	bindtextdomain(PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
	textdomain(PACKAGE);
#endif
	return cli_main(argc, argv);
}
