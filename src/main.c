/* main.c — sets up the locale and hands over to the command line. */
#include "config.h"

#include "cli.h"
#include "i18n.h"

int main(int argc, char **argv)
{
	i18n_init();
	return cli_main(argc, argv);
}
