/* check_textwidth.c — text from files made safe and measured for the
 * screen (textwidth), and the line editor's text and cursor (tui_line). */
#include "config.h"

#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textwidth.h"
#include "tui_line.h"
#include "util.h"

static char *safe(const char *s)
{
	struct buf b = BUF_INIT;
	tw_sanitize(s, strlen(s), &b);
	return buf_detach(&b);
}

static void check_safe(const char *in, const char *want)
{
	char *got = safe(in);
	ck_assert_str_eq(got, want);
	free(got);
}

static void check_escape(const char *in, unsigned how, const char *want)
{
	struct buf b = BUF_INIT;
	tw_escape(in, strlen(in), how, &b);
	ck_assert_str_eq(buf_str(&b), want);
	buf_release(&b);
}

START_TEST(escape_for_output)
{
	/* a field: one line, whatever it holds; text kept off a terminal */
	check_escape("a\tb\nc\rd\\e", TW_FIELD, "a\\tb\\nc\\rd\\\\e");
	/* off a terminal: text kept, but C1 controls, format characters and
	 * bytes that are not UTF-8 written as \uXXXX and \xHH */
	check_escape("\x1b]0;x\x07 åäö\u202E", TW_FIELD, "\\x1b]0;x\\x07 åäö\\u202e");
	check_escape("a\xc2\x9b" "b\xc2\x85" "c\u200Bd\xff", TW_FIELD, "a\\u009bb\\u0085c\\u200bd\\xff");
	check_escape("\x1b]0;x\x07\u202E\xff", TW_FIELD | TW_TERMINAL, "\\x1b]0;x\\x07\uFFFD\uFFFD");
	/* lines: tabs and line breaks kept, the rest marked on a terminal */
	check_escape("a\tb\nc\x1b[2J", 0, "a\tb\nc\\x1b[2J");
	check_escape("a\tb\u202E\xc2\x9b", 0, "a\tb\\u202e\\u009b");
	check_escape("a\tb\nc\x1b[2J\u202Eåäö e\u0301", TW_TERMINAL, "a\tb\nc␛[2J\uFFFDåäö e\u0301");
	check_escape("a\xc2\x9b" "2J", TW_TERMINAL, "a\uFFFD" "2J");
}
END_TEST

START_TEST(sanitize_controls)
{
	check_safe("plain åäö", "plain åäö");
	check_safe("a\nb", "a␤b");
	check_safe("a\tb", "a␉b");
	check_safe("\x1b[2J\x1b[H", "␛[2J␛[H");
	check_safe("x\ry\bz", "x␍y␈z");
	check_safe("del\x7f", "del␡");
	/* a C1 control (U+009B is CSI on some terminals) */
	check_safe("a\xc2\x9b" "2J", "a�2J");
}
END_TEST

START_TEST(sanitize_format_chars)
{
	check_safe("abc\u202Edef", "abc�def");           /* right-to-left override */
	check_safe("\u202A\u202B\u202C\u202D", "����");
	check_safe("a\u2066b\u2067c\u2068d\u2069", "a�b�c�d�");
	check_safe("zero\u200Bwidth\u200C\u200D\u200E\u200F", "zero�width����");
	check_safe("line\u2028sep", "line�sep");
	check_safe("bom\uFEFF", "bom�");
}
END_TEST

START_TEST(sanitize_invalid_utf8)
{
	check_safe("a\xff" "b", "a�b");
	check_safe("\xc3", "�");                       /* cut short */
	check_safe("\xed\xa0\x80", "���");             /* a surrogate */
}
END_TEST

START_TEST(marks_are_one_column)
{
	ck_assert_int_eq(tw_width("\n\t\x1b\r", 4), 4);
	ck_assert_int_eq(tw_width("\u202E", strlen("\u202E")), 1);
	ck_assert_int_eq(tw_width("\u200B", strlen("\u200B")), 1);
}
END_TEST

START_TEST(widths)
{
	ck_assert_int_eq(tw_width("åäö ÅÄÖ", strlen("åäö ÅÄÖ")), 7);
	ck_assert_int_eq(tw_width("漢字", strlen("漢字")), 4);
	ck_assert_int_eq(tw_width("e\u0301", strlen("e\u0301")), 1); /* e + combining acute */
	ck_assert_int_eq(tw_width("", 0), 0);
}
END_TEST

static char *clip(const char *s, int cols, int *used)
{
	struct buf b = BUF_INIT;
	*used = tw_clip(s, strlen(s), cols, &b, NULL);
	return buf_detach(&b);
}

START_TEST(clip_ascii_and_swedish)
{
	int used;
	char *c = clip("Förändring", 4, &used);
	ck_assert_str_eq(c, "Förä");
	ck_assert_int_eq(used, 4);
	free(c);
	c = clip("kort", 10, &used);
	ck_assert_str_eq(c, "kort");
	ck_assert_int_eq(used, 4);
	free(c);
	c = clip("abc", 0, &used);
	ck_assert_str_eq(c, "");
	ck_assert_int_eq(used, 0);
	free(c);
}
END_TEST

START_TEST(clip_wide)
{
	int used;
	char *c = clip("漢字漢", 3, &used); /* the second would stand half outside */
	ck_assert_str_eq(c, "漢");
	ck_assert_int_eq(used, 2);
	free(c);
	c = clip("漢字漢", 4, &used);
	ck_assert_str_eq(c, "漢字");
	ck_assert_int_eq(used, 4);
	free(c);
	c = clip("a漢", 2, &used);
	ck_assert_str_eq(c, "a");
	ck_assert_int_eq(used, 1);
	free(c);
}
END_TEST

START_TEST(clip_combining)
{
	int used;
	char *c = clip("e\u0301x", 1, &used); /* the mark stays with its e */
	ck_assert_str_eq(c, "e\u0301");
	ck_assert_int_eq(used, 1);
	free(c);
	size_t taken;
	struct buf b = BUF_INIT;
	tw_clip("e\u0301x", strlen("e\u0301x"), 1, &b, &taken);
	ck_assert_uint_eq(taken, 3);
	buf_release(&b);
}
END_TEST

START_TEST(clip_makes_safe)
{
	int used;
	char *c = clip("\x1b[2Jhej", 5, &used);
	ck_assert_str_eq(c, "␛[2Jh");
	ck_assert_int_eq(used, 5);
	free(c);
}
END_TEST

/* Wraps s at cols and joins the lines with '|'. */
static char *wrap(const char *s, int cols)
{
	struct buf b = BUF_INIT;
	size_t n = strlen(s), at = 0;
	while (at < n) {
		size_t next, len = tw_wrap_line(s + at, n - at, cols, &next);
		if (b.len)
			buf_addc(&b, '|');
		buf_add(&b, s + at, len);
		ck_assert_uint_gt(next, 0);
		at += next;
	}
	return buf_detach(&b);
}

START_TEST(wrapping)
{
	char *w = wrap("hej på dig du", 6);
	ck_assert_str_eq(w, "hej på|dig du");
	free(w);
	w = wrap("abcdefghij", 4); /* a word longer than the line is cut */
	ck_assert_str_eq(w, "abcd|efgh|ij");
	free(w);
	w = wrap("漢字漢字", 5);
	ck_assert_str_eq(w, "漢字|漢字");
	free(w);
	w = wrap("漢", 1); /* wider than the line: still progresses */
	ck_assert_str_eq(w, "漢");
	free(w);
}
END_TEST

/* ---- the line editor ------------------------------------------------------ */

START_TEST(edit_insert_and_move)
{
	struct lineedit le;
	le_init(&le, "åä");
	ck_assert_uint_eq(le.cur, 4);
	le_left(&le);
	ck_assert_uint_eq(le.cur, 2);
	le_insert(&le, "ö", strlen("ö"));
	ck_assert_str_eq(buf_str(&le.text), "åöä");
	le_home(&le);
	le_insert(&le, "漢", strlen("漢"));
	ck_assert_str_eq(buf_str(&le.text), "漢åöä");
	le_end(&le);
	le_backspace(&le);
	ck_assert_str_eq(buf_str(&le.text), "漢åö");
	le_home(&le);
	le_delete(&le);
	ck_assert_str_eq(buf_str(&le.text), "åö");
	le_right(&le);
	ck_assert_uint_eq(le.cur, 2);
	le_insert(&le, "\xff", 1); /* invalid bytes are dropped */
	ck_assert_str_eq(buf_str(&le.text), "åö");
	le_free(&le);
}
END_TEST

START_TEST(edit_combining)
{
	struct lineedit le;
	le_init(&le, "ae\u0301b");
	le_left(&le); /* before b */
	le_left(&le); /* before e + mark, as one character */
	ck_assert_uint_eq(le.cur, 1);
	le_right(&le);
	ck_assert_uint_eq(le.cur, 4);
	le_home(&le);
	le_right(&le);
	le_delete(&le); /* deletes e and its mark */
	ck_assert_str_eq(buf_str(&le.text), "ab");
	le_free(&le);
}
END_TEST

START_TEST(edit_words)
{
	struct lineedit le;
	le_init(&le, "öka kunskap  om hälsa");
	le_word_left(&le);
	ck_assert_str_eq(buf_str(&le.text) + le.cur, "hälsa");
	le_word_left(&le);
	ck_assert_str_eq(buf_str(&le.text) + le.cur, "om hälsa");
	le_word_left(&le);
	le_word_left(&le);
	ck_assert_uint_eq(le.cur, 0);
	le_word_right(&le);
	ck_assert_str_eq(buf_str(&le.text) + le.cur, " kunskap  om hälsa");
	le_end(&le);
	le_kill_word(&le);
	ck_assert_str_eq(buf_str(&le.text), "öka kunskap  om ");
	le_word_left(&le);
	le_kill_start(&le);
	ck_assert_str_eq(buf_str(&le.text), "om ");
	ck_assert_uint_eq(le.cur, 0);
	le_end(&le);
	le_kill_start(&le);
	ck_assert_str_eq(buf_str(&le.text), "");
	le_free(&le);
}
END_TEST

START_TEST(edit_scrolls)
{
	struct lineedit le;
	le_init(&le, "0123456789abcdefghij");
	int col = le_view(&le, 10); /* cursor at the end: the last 9 shown */
	ck_assert_int_eq(col, 9);
	ck_assert_str_eq(buf_str(&le.text) + le.scroll, "bcdefghij");
	le_home(&le);
	col = le_view(&le, 10);
	ck_assert_int_eq(col, 0);
	ck_assert_uint_eq(le.scroll, 0);
	le_free(&le);
	le_init(&le, "漢字漢字漢字");
	col = le_view(&le, 5);
	ck_assert_int_le(col, 4);
	ck_assert_int_eq(tw_width(buf_str(&le.text) + le.scroll, le.cur - le.scroll), col);
	le_free(&le);
}
END_TEST

static char *para(const char *s)
{
	struct buf b = BUF_INIT;
	tw_paragraph(s, &b);
	return buf_detach(&b);
}

START_TEST(paragraph_joins_lines)
{
	const struct { const char *in, *want; } cases[] = {
		{ "en rad", "en rad" },
		{ "  runt om \n", "runt om" },
		{ "Första raden\nandra raden\n", "Första raden andra raden" },
		{ "a  \r\n\r\n   b", "a b" }, /* CRLF, a blank line, indentation */
		{ " \n \t\n", "" },
		{ "", "" },
		{ "tab\there\nx", "tab\xe2\x90\x89here x" }, /* a tab stays a mark */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *got = para(cases[i].in);
		ck_assert_str_eq(got, cases[i].want);
		free(got);
	}
}
END_TEST

/* Whether a search finds `needle` in `hay`: the needle's fold in the
 * text's fold (tw_fold, tw_fold_find), which memmem must find too. */
static bool fold_find(const char *hay, const char *needle)
{
	struct buf h = BUF_INIT, n = BUF_INIT;
	tw_fold(hay, &h);
	tw_fold(needle, &n);
	struct tw_needle nd;
	tw_needle_init(&nd, n.s, n.len);
	bool found = tw_fold_find(h.s ? h.s : "", h.len, &nd) != NULL;
	/* and memmem agrees */
	ck_assert(found == (n.len == 0 || (h.len && memmem(h.s, h.len, n.s, n.len) != NULL)));
	buf_release(&h);
	buf_release(&n);
	return found;
}

START_TEST(find_folds_case_and_marks)
{
	ck_assert(fold_find("Region Örebro län", "örebro"));
	ck_assert(fold_find("region örebro LÄN", "Län"));
	ck_assert(fold_find("ÅTGÄRD", "åtgärd"));
	ck_assert(fold_find("F12", "f1"));
	/* a letter and a combining mark match the precomposed letter, both ways */
	ck_assert(fold_find("Samverkan fo\xcc\x88r ha\xcc\x88lsa", "för häl"));
	ck_assert(fold_find("för hälsa", "fo\xcc\x88r"));
	ck_assert(fold_find("A\xcc\x8aNGEST", "ånge"));
	/* but the marks are letters of their own: o does not find ö */
	ck_assert(!fold_find("Örebro", "orebro"));
	ck_assert(!fold_find("fo\xcc\x88r", "for"));
	ck_assert(!fold_find("för", "fo"));
	ck_assert(!fold_find("abc", "abcd"));
	ck_assert(!fold_find("", "a"));
	ck_assert(fold_find("abc", ""));
	/* bytes that are not UTF-8 match only themselves */
	ck_assert(fold_find("a\xff\xfe" "b", "\xff\xfe"));
	ck_assert(!fold_find("a\xff" "b", "\xfe"));
	/* a match after a failed partial one, and at the very end */
	ck_assert(fold_find("ööööx", "ööx"));
	ck_assert(fold_find("漢字のテスト", "テスト"));
	/* a composed pair is one letter: its mark alone is not found inside it */
	ck_assert(!fold_find("fo\xcc\x88r", "\xcc\x88r"));
	/* a needle longer than the short buffer */
	char hay[200], needle[100];
	memset(hay, 'x', sizeof(hay) - 1);
	hay[sizeof(hay) - 1] = '\0';
	memset(needle, 'X', sizeof(needle) - 1);
	needle[sizeof(needle) - 1] = '\0';
	ck_assert(fold_find(hay, needle));
	hay[120] = 'y';
	hay[50] = 'y';
	ck_assert(!fold_find(hay, needle));
}
END_TEST

START_TEST(fold_find_agrees_with_memmem)
{
	static const char *const texts[] = {
		"Region Örebro län", "örebro", "LÄN", "ÅTGÄRD", "åtgärd", "F12", "f1",
		"Samverkan fo\xcc\x88r ha\xcc\x88lsa", "för häl", "fo\xcc\x88r", "A\xcc\x8aNGEST",
		"ånge", "orebro", "for", "fo", "abc", "abcd", "", "a", "a\xff\xfe" "b", "\xff\xfe",
		"\xfe", "a\xff" "b", "ööööx", "ööx", "漢字のテスト", "テスト", "\xcc\x88r", "r",
		"\xcc\x88", "ö", "o", "ä", "Ä", "x\ny", "\ny", "É", "e\xcc\x81", "\xc3",
		"aaxa", "xa", "bananas", "anas", "nan", "zq", "qz", "ezeze", "zez", "ab ab", " ",
	};
	size_t n = sizeof(texts) / sizeof(*texts);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++)
			fold_find(texts[i], texts[j]); /* it checks memmem */
}
END_TEST

static Suite *textwidth_suite(void)
{
	Suite *s = suite_create("textwidth");
	TCase *tc = tcase_create("safe");
	tcase_add_test(tc, sanitize_controls);
	tcase_add_test(tc, sanitize_format_chars);
	tcase_add_test(tc, sanitize_invalid_utf8);
	tcase_add_test(tc, escape_for_output);
	tcase_add_test(tc, marks_are_one_column);
	suite_add_tcase(s, tc);
	tc = tcase_create("width");
	tcase_add_test(tc, widths);
	tcase_add_test(tc, clip_ascii_and_swedish);
	tcase_add_test(tc, clip_wide);
	tcase_add_test(tc, clip_combining);
	tcase_add_test(tc, clip_makes_safe);
	tcase_add_test(tc, wrapping);
	tcase_add_test(tc, find_folds_case_and_marks);
	tcase_add_test(tc, fold_find_agrees_with_memmem);
	tcase_add_test(tc, paragraph_joins_lines);
	suite_add_tcase(s, tc);
	tc = tcase_create("lineedit");
	tcase_add_test(tc, edit_insert_and_move);
	tcase_add_test(tc, edit_combining);
	tcase_add_test(tc, edit_words);
	tcase_add_test(tc, edit_scrolls);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8") && !setlocale(LC_ALL, "en_US.UTF-8")) {
		printf("no UTF-8 locale: skipping\n");
		return 77;
	}
	SRunner *sr = srunner_create(textwidth_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
