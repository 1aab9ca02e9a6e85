/* yaml_same.h — holds yfast to its promise (src/yfast.h): every event it
 * gives is the event libyaml gives at that place, and when it reads a
 * text to the end, libyaml reads the same text to the end; and plan files
 * load alike with it and with libyaml alone.  Shared by the fuzz harness
 * fuzz_yaml.c and the unit test check_yfast.c. */
#ifndef SAMPLAN_YAML_SAME_H
#define SAMPLAN_YAML_SAME_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>

#include "fuzz_common.h"
#include "yfast.h"
#include "yparse.h"

static inline bool yaml_same_mark(yaml_mark_t a, yaml_mark_t b)
{
	return a.index == b.index && a.line == b.line && a.column == b.column;
}

/* Whether yfast's event `a` is libyaml's `b`, in all that a reader sees. */
static inline bool yaml_same_event(const yaml_event_t *a, const yaml_event_t *b)
{
	if (a->type != b->type || !yaml_same_mark(a->start_mark, b->start_mark) ||
	    !yaml_same_mark(a->end_mark, b->end_mark))
		return false;
	switch (a->type) {
	case YAML_SCALAR_EVENT:
		return a->data.scalar.length == b->data.scalar.length &&
		       memcmp(a->data.scalar.value, b->data.scalar.value, a->data.scalar.length) ==
			       0 &&
		       a->data.scalar.value[a->data.scalar.length] == '\0' &&
		       a->data.scalar.style == b->data.scalar.style &&
		       a->data.scalar.plain_implicit == b->data.scalar.plain_implicit &&
		       a->data.scalar.quoted_implicit == b->data.scalar.quoted_implicit &&
		       !b->data.scalar.anchor && !b->data.scalar.tag;
	case YAML_SEQUENCE_START_EVENT:
		return a->data.sequence_start.style == b->data.sequence_start.style &&
		       a->data.sequence_start.implicit == b->data.sequence_start.implicit &&
		       !b->data.sequence_start.anchor && !b->data.sequence_start.tag;
	case YAML_MAPPING_START_EVENT:
		return a->data.mapping_start.style == b->data.mapping_start.style &&
		       a->data.mapping_start.implicit == b->data.mapping_start.implicit &&
		       !b->data.mapping_start.anchor && !b->data.mapping_start.tag;
	case YAML_DOCUMENT_START_EVENT:
		return a->data.document_start.implicit == b->data.document_start.implicit &&
		       !b->data.document_start.version_directive &&
		       !b->data.document_start.tag_directives.start;
	case YAML_DOCUMENT_END_EVENT:
		return a->data.document_end.implicit == b->data.document_end.implicit;
	case YAML_STREAM_START_EVENT:
		return a->data.stream_start.encoding == b->data.stream_start.encoding;
	default:
		return true;
	}
}

/* Reads text[0..n) with both.  Returns the number of events yfast gave
 * (all of them equal to libyaml's), with *whole set when it read to the
 * end; -1 (and a word on stderr) when they differ. */
static inline long yaml_same(const char *text, size_t n, bool *whole)
{
	struct yfast f;
	yaml_parser_t p;
	long k = 0;
	yfast_init(&f, text, n);
	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)text, n);
	*whole = false;
	for (;;) {
		yaml_event_t a, b;
		if (!yfast_next(&f, &a))
			break;
		if (!yaml_parser_parse(&p, &b)) {
			fprintf(stderr, "event %ld: yfast gives type %d where libyaml fails: %s\n", k,
				(int)a.type, p.problem ? p.problem : "?");
			k = -1;
			break;
		}
		bool same = yaml_same_event(&a, &b), end = b.type == YAML_STREAM_END_EVENT;
		if (!same)
			fprintf(stderr,
				"event %ld differs: yfast type %d at %zu:%zu-%zu:%zu, libyaml type %d "
				"at %zu:%zu-%zu:%zu\n",
				k, (int)a.type, a.start_mark.line, a.start_mark.column, a.end_mark.line,
				a.end_mark.column, (int)b.type, b.start_mark.line, b.start_mark.column,
				b.end_mark.line, b.end_mark.column);
		yaml_event_delete(&b);
		if (!same) {
			k = -1;
			break;
		}
		k++;
		if (end) {
			*whole = true;
			break;
		}
	}
	yfast_done(&f);
	yaml_parser_delete(&p);
	return k;
}

/* Loads the plan files texts[SF_COUNT] (NULL: absent), with yfast where it
 * can or with libyaml alone; the messages, formatted, in *out. */
static inline int yaml_same_load_with(const char *const *texts, const size_t *lens, bool fast,
				      struct plan **p, struct buf *out)
{
	const char *names[SF_COUNT];
	struct diags d = DIAGS_INIT;
	struct store *st = NULL;
	for (int f = 0; f < SF_COUNT; f++)
		names[f] = schema_files[f].name;
	yparse_use_fast = fast;
	int rc = store_load_texts(names, texts, lens, p, &st, &d);
	yparse_use_fast = true;
	for (size_t i = 0; i < d.n; i++) {
		diag_format(&d.v[i], out);
		buf_addc(out, '\n');
	}
	diags_clear(&d);
	store_free(&st);
	return rc;
}

/* Whether the plan files load alike both ways: the same outcome, the same
 * messages, the same records.  When not, both sides are said in *why. */
static inline bool yaml_same_load(const char *const *texts, const size_t *lens, struct buf *why)
{
	struct plan *a = NULL, *b = NULL;
	struct buf da = BUF_INIT, db = BUF_INIT;
	int ra = yaml_same_load_with(texts, lens, true, &a, &da);
	int rb = yaml_same_load_with(texts, lens, false, &b, &db);
	bool same = ra == rb && strcmp(buf_str(&da), buf_str(&db)) == 0 &&
		    (ra != 0 || fuzz_plans_equal(a, b));
	if (!same)
		buf_addf(why, "with yfast (%d):\n%s\nwith libyaml alone (%d):\n%s\n%s", ra,
			 buf_str(&da), rb, buf_str(&db), ra == rb ? "(the plans differ)\n" : "");
	plan_free(&a);
	plan_free(&b);
	buf_release(&da);
	buf_release(&db);
	return same;
}

#endif
