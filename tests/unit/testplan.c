/* testplan.c — see testplan.h. */
#include "config.h"

#include "testplan.h"

#include <check.h>
#include <string.h>

struct plan *testplan_load(const char *plan, const char *groups, const char *changes,
			   struct store **stp)
{
	const char *names[SF_COUNT] = { "plan.yaml", "groups.yaml", "changes.yaml" };
	const char *texts[SF_COUNT] = { plan, groups, changes };
	size_t lens[SF_COUNT] = { strlen(plan), strlen(groups), strlen(changes) };
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
		for (size_t i = 0; i < p->nchanges; i++)
			p->changes[i]->src = NULL;
		store_free(&st);
	}
	return p;
}
