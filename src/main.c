/* main.c — sets up the locale and hands over to the command line. */
#include "config.h"

#include "cli.h"
#include "i18n.h"
#include "textwidth.h"

int main(int argc, char **argv)
{
	i18n_init();
	/* messages quote plan and git text: nothing of it reaches standard
	 * error raw (control, bidi and zero-width characters as marks) */
	tw_safe_stderr();
	return cli_main(argc, argv);
}
