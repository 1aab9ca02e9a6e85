/* floor.c — the floor samplan is measured against: one bare libyaml event
 * parse of a plan directory's three files, as a whole process.
 *
 * Usage: floor DIR
 *
 * Each file is read whole into memory (read(2) into one malloc'd buffer),
 * then run through yaml_parser_parse until the end of the stream; every
 * event is deleted at once.  Nothing is built, checked or printed.  Exits 0,
 * or 1 on a read or parse error. */
#define _GNU_SOURCE 1

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

static const char *const files[] = { "plan.yaml", "groups.yaml", "changes.yaml",
				     "activities.yaml" };
/* The files from this one on are optional. */
#define FIRST_OPTIONAL 3

/* Reads PATH whole into a malloc'd buffer the caller frees; NULL on error. */
static unsigned char *read_file(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct stat st;
	if (fstat(fd, &st) != 0) {
		close(fd);
		return NULL;
	}
	size_t cap = st.st_size > 0 ? (size_t)st.st_size : 1;
	unsigned char *buf = malloc(cap);
	size_t have = 0;
	while (buf && have < cap) {
		ssize_t r = read(fd, buf + have, cap - have);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(buf);
			buf = NULL;
		} else if (r == 0) {
			break; /* shrank since fstat: parse what is there */
		} else {
			have += (size_t)r;
		}
	}
	close(fd);
	*len = have;
	return buf;
}

static int parse(const char *path)
{
	size_t len;
	unsigned char *buf = read_file(path, &len);
	if (!buf) {
		fprintf(stderr, "floor: %s: %s\n", path, strerror(errno));
		return 1;
	}
	yaml_parser_t parser;
	yaml_event_t event;
	int rc = 0;
	if (!yaml_parser_initialize(&parser)) {
		free(buf);
		fprintf(stderr, "floor: out of memory\n");
		return 1;
	}
	yaml_parser_set_input_string(&parser, buf, len);
	for (;;) {
		if (!yaml_parser_parse(&parser, &event)) {
			fprintf(stderr, "floor: %s:%lu:%lu: %s\n", path,
				(unsigned long)parser.problem_mark.line + 1,
				(unsigned long)parser.problem_mark.column + 1,
				parser.problem ? parser.problem : "parse error");
			rc = 1;
			break;
		}
		int done = event.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&event);
		if (done)
			break;
	}
	yaml_parser_delete(&parser);
	free(buf);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: floor DIR\n");
		return 2;
	}
	char path[4096];
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", argv[1], files[i]);
		if (i >= FIRST_OPTIONAL && access(path, F_OK) != 0 && errno == ENOENT)
			continue;
		if (parse(path) != 0)
			return 1;
	}
	return 0;
}
