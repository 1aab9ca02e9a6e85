/* check_ical — the iCalendar writer's own rules (ical.h): content lines
 * folded at 75 octets and never inside a UTF-8 character, text escaped,
 * and meeting times read as a start and an end. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "ical.h"
#include "util.h"

/* Unfolds `s` (CRLF then a space joins lines) and checks every physical
 * line: at most 75 octets, ended by CRLF, none starting inside a UTF-8
 * character. */
static void check_folded(const char *s, size_t n, const char *want)
{
	struct buf un = BUF_INIT;
	size_t start = 0;
	for (size_t i = 0; i + 1 < n; i++) {
		if (s[i] != '\r' || s[i + 1] != '\n')
			continue;
		size_t len = i - start;
		ck_assert_msg(len <= 75, "a line of %zu octets", len);
		const char *l = s + start;
		if (start) {
			ck_assert_msg(l[0] == ' ', "a line after the first does not start with a space");
			ck_assert_msg(((unsigned char)l[1] & 0xc0) != 0x80, "a line starts inside a character");
			buf_add(&un, l + 1, len - 1);
		} else {
			buf_add(&un, l, len);
		}
		start = i + 2;
	}
	ck_assert_uint_eq(start, n); /* ends with CRLF */
	ck_assert_str_eq(buf_str(&un), want);
	buf_release(&un);
}

START_TEST(test_fold)
{
	/* every length from 1 to 300, of ASCII, of å (2 octets) and of € (3),
	 * so that every boundary falls at every place in a character */
	static const char *const units[] = { "a", "\xc3\xa5", "\xe2\x82\xac", "x\xc3\xa5" };
	for (size_t u = 0; u < sizeof(units) / sizeof(*units); u++)
		for (int n = 1; n <= 300; n++) {
			struct buf line = BUF_INIT, out = BUF_INIT;
			buf_adds(&line, "LOCATION:");
			while (line.len < (size_t)n + 9)
				buf_adds(&line, units[u]);
			ical_line(&out, line.s, line.len);
			check_folded(out.s, out.len, line.s);
			buf_release(&line);
			buf_release(&out);
		}
}
END_TEST

START_TEST(test_text)
{
	struct buf b = BUF_INIT;
	ical_text(&b, "Rådhuset, sal 3; plan\\2\nrad två\r\n");
	ck_assert_str_eq(buf_str(&b), "Rådhuset\\, sal 3\\; plan\\\\2\\nrad två\\n");
	buf_release(&b);
}
END_TEST

START_TEST(test_next_day)
{
	static const char *const pairs[][2] = {
		{ "2025-02-07", "2025-02-08" }, { "2025-02-28", "2025-03-01" },
		{ "2024-02-28", "2024-02-29" }, { "2024-02-29", "2024-03-01" },
		{ "2000-02-28", "2000-02-29" }, { "2100-02-28", "2100-03-01" },
		{ "2025-04-30", "2025-05-01" }, { "2025-12-31", "2026-01-01" },
	};
	for (size_t i = 0; i < sizeof(pairs) / sizeof(*pairs); i++) {
		char out[11];
		date_next_day(pairs[i][0], out);
		ck_assert_str_eq(out, pairs[i][1]);
	}
}
END_TEST

START_TEST(test_times)
{
	int h1, m1, h2, m2;
	ck_assert(meeting_times("13.00–16.30", &h1, &m1, &h2, &m2));
	ck_assert(h1 == 13 && m1 == 0 && h2 == 16 && m2 == 30);
	ck_assert(meeting_times("kl. 9:15 - 12:00", &h1, &m1, &h2, &m2));
	ck_assert(h1 == 9 && m1 == 15 && h2 == 12 && m2 == 0);
	ck_assert(meeting_times("kl 13.00", &h1, &m1, &h2, &m2));
	ck_assert(h1 == 13 && m1 == 0 && h2 == -1);
	static const char *const bad[] = { "", "eftermiddag", "25.00", "13.60", "13.00–12.00",
					   "13.00–16.30 ungefär", "13", "13.0" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		ck_assert_msg(!meeting_times(bad[i], &h1, &m1, &h2, &m2), "'%s' read as a time",
			      bad[i]);
}
END_TEST

static Suite *ical_suite(void)
{
	Suite *s = suite_create("ical");
	TCase *tc = tcase_create("ical");
	tcase_add_test(tc, test_fold);
	tcase_add_test(tc, test_text);
	tcase_add_test(tc, test_times);
	tcase_add_test(tc, test_next_day);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(ical_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
