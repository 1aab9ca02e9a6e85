/* testplan.c — see testplan.h. */
#include "config.h"

#include "testplan.h"
#include "history.h"
#include "ops.h"

#include <check.h>
#include <stdio.h>
#include <string.h>

const char testplan_plan_yaml[] =
	"title: Testplan\n"
	"focus_year: 2025\n"
	"statuses:\n"
	"  - {key: ej-paborjad, label: Ej påbörjad}\n"
	"  - {key: pagar, label: Pågår}\n"
	"  - {key: klar, label: Klar}\n"
	"effects:\n"
	"  - {id: rus-folkhalsa, name: God och jämlik folkhälsa, kind: rus}\n"
	"  - {id: nat-1, name: Det tidiga livets villkor, kind: nationell}\n";

const char testplan_groups_yaml[] =
	"groups:\n"
	"  - id: fstod\n"
	"    name: Arbetsgrupp föräldraskapsstöd\n"
	"  - id: halsa\n"
	"    name: Hälsofrämjande arbete\n";

struct plan *testplan_load(const char *plan, const char *groups, const char *changes,
			   struct store **stp)
{
	return testplan_load4(plan, groups, changes, NULL, stp);
}

struct plan *testplan_load4(const char *plan, const char *groups, const char *changes,
			    const char *activities, struct store **stp)
{
	const char *names[SF_COUNT] = { NULL };
	const char *texts[SF_COUNT] = { plan, groups, changes, activities };
	size_t lens[SF_COUNT] = { strlen(plan), strlen(groups), strlen(changes),
				  activities ? strlen(activities) : 0 };
	struct plan *p = NULL;
	struct store *st = NULL;
	struct diags d = DIAGS_INIT;
	int rc = store_load_texts(names, texts, lens, &p, &st, &d);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < d.n; i++) {
		diag_format(&d.v[i], &b);
		buf_addc(&b, '\n');
	}
	ck_assert_msg(rc == 0, "the test plan does not load:\n%s", buf_str(&b));
	buf_release(&b);
	diags_clear(&d);
	if (stp) {
		*stp = st;
	} else {
		plan_forget_srcs(p);
		store_free(&st);
	}
	return p;
}

char *testplan_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct buf b = BUF_INIT;
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	ck_assert_msg(!ferror(f), "cannot read %s", path);
	fclose(f);
	if (len)
		*len = b.len;
	return b.s ? buf_detach(&b) : xstrdup("");
}

void testplan_write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	ck_assert_msg(f != NULL, "cannot write %s", path);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

char *testplan_diff_lines(const struct plan *a, const struct plan *b)
{
	struct oplist ops = OPLIST_INIT;
	plan_diff(a, b, &ops);
	struct buf out = BUF_INIT;
	for (size_t i = 0; i < ops.n;) {
		i += op_describe_at(b, ops.v, ops.n, i, &out);
		buf_addc(&out, '\n');
	}
	oplist_clear(&ops);
	return buf_detach(&out);
}
