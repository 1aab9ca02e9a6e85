# man/local.mk — included from the top-level Makefile.am (non-recursive
# build).  samplan(1): the commands; samplan(5): the plan files.
dist_man_MANS += man/samplan.1 man/samplan.5
