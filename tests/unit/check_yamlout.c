/* check_yamlout.c — the scalar writer: every value it writes must read
 * back, through libyaml, as exactly the bytes it was given. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "model.h"
#include "util.h"
#include "yamlout.h"

/* 300 characters of Swedish on one line (no line break). */
#define LONG_SV                                                                  \
	"Parternas beslutsfattare har en ökad folkhälsovetenskaplig kompetens som " \
	"tillämpas i styrning och ledning, så att beslut om resurser och insatser " \
	"vilar på kunskap om hälsans bestämningsfaktorer och om skillnader i hälsa " \
	"mellan grupper i länet; arbetet följs upp årligen av chefsgruppen för " \
	"folkhälsa i Örebro län."

static const char *const values[] = {
	"yes", "no", "Yes", "NO", "on", "off", "y", "n", "true", "False",
	"null", "Null", "~", "", "2025", "-12", "+1", "0x1f", "1e3", ".5",
	".inf", "2025-01-22", "a: b", "a:b", "x # y", "x#y", "#x", "- x", "-x",
	"? x", "[x]", "{x}", "x, y", "&a", "*a", "!t", "|x", ">x", "'q'",
	"\"q\"", "%x", "@x", "`x", " leading", "trailing ", "  both  ",
	"tab\there", "å ä ö Å Ä Ö", "emoji 😀 🇸🇪", "CJK 漢字",
	"combining e\u0301", "line1\nline2", "line1\nline2\n",
	"trailing space \nnext", "multi\n\n\nblank", "ends with two\n\n",
	"\n starts with newline", " indented\nsecond", "back\\slash",
	"quote\"mark", "U+2028 \u2028 sep", "NEL \xc2\x85 x", "BOM \uFEFF x",
	"control \x07 bell", "DEL \x7f", "CR \r here", LONG_SV,
	/* a few more shapes around the same rules */
	"a:", "key:\tvalue", "x\t# y", "---", "...", "- ", "<<", "=", "NULL",
	"TRUE", "Off", "line\n  indented second\n", "a\n\tb", "# only comment\nx",
	"x\r\ny", "tab at end\t", "  \n", "\t", "'", "\"", "\\", "a'b", "it's",
	"é", "x\ny: z", "- a\n- b", "a\u2029b", "ends: ", ": starts",
	"a\n \nb", "Ö\nÄ\n", "x |", "x >", "x\n#y",
};
#define NVALUES ((int)(sizeof(values) / sizeof(*values)))

/* ---- reading YAML back with libyaml's event API ------------------------ */

/* Appends to `out` the scalars of the document in `doc` in event order,
 * each as (value, length, style).  Returns false on a parse error and
 * puts libyaml's problem in `why`. */
struct scalar {
	char *v;
	size_t len;
	yaml_scalar_style_t style;
};

struct scalars {
	struct scalar s[64];
	size_t n;
	int seq_starts, map_starts;
};

static bool parse_doc(const char *doc, size_t len, struct scalars *out, struct buf *why)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	bool ok = true, done = false;
	memset(out, 0, sizeof(*out));
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)doc, len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			buf_addf(why, "libyaml: %s at %zu:%zu", parser.problem ? parser.problem : "?",
				 parser.problem_mark.line + 1, parser.problem_mark.column + 1);
			ok = false;
			break;
		}
		switch (ev.type) {
		case YAML_SCALAR_EVENT:
			if (out->n < sizeof(out->s) / sizeof(*out->s)) {
				struct scalar *s = &out->s[out->n++];
				s->v = xstrndup((const char *)ev.data.scalar.value, ev.data.scalar.length);
				s->len = ev.data.scalar.length;
				s->style = ev.data.scalar.style;
			}
			break;
		case YAML_SEQUENCE_START_EVENT:
			out->seq_starts++;
			break;
		case YAML_MAPPING_START_EVENT:
			out->map_starts++;
			break;
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	return ok;
}

static void scalars_free(struct scalars *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->s[i].v);
	s->n = 0;
}

/* Shows a value with its bytes made visible, for failure messages. */
static const char *visible(const char *s, size_t n, struct buf *b)
{
	buf_reset(b);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f || c == '\\')
			buf_addf(b, "\\x%02x", c);
		else
			buf_addc(b, (char)c);
	}
	return buf_str(b);
}

static const char *style_name(enum yq_style st)
{
	return st == YQ_ANY ? "YQ_ANY" : st == YQ_SINGLE ? "YQ_SINGLE" : "YQ_DOUBLE";
}

/* Writes `s` as the value of key k in a top-level mapping and in a
 * mapping inside a list, followed in each by another key, and checks
 * that libyaml reads back exactly `s` and that the next key survives. */
static void check_round_trip(const char *s, enum yq_style st)
{
	struct buf doc = BUF_INIT, why = BUF_INIT, v1 = BUF_INIT, v2 = BUF_INIT;
	struct scalars sc;
	size_t n = strlen(s);

	/* k: <value>\nafter: end\n */
	buf_adds(&doc, "k: ");
	yamlout_scalar(&doc, s, 4, st);
	buf_adds(&doc, "\nafter: end\n");
	bool ok = parse_doc(doc.s, doc.len, &sc, &why);
	ck_assert_msg(ok, "%s [%s] did not parse: %s\n---\n%s---", visible(s, n, &v1),
		      style_name(st), buf_str(&why), visible(doc.s, doc.len, &v2));
	ck_assert_msg(sc.n == 4, "%s [%s]: %zu scalars in\n%s", visible(s, n, &v1),
		      style_name(st), sc.n, visible(doc.s, doc.len, &v2));
	ck_assert_str_eq(sc.s[0].v, "k");
	ck_assert_msg(sc.s[1].len == n && memcmp(sc.s[1].v, s, n) == 0,
		      "wrote %s [%s] as\n%s\nread back %s", visible(s, n, &v1), style_name(st),
		      visible(doc.s, doc.len, &v2), visible(sc.s[1].v, sc.s[1].len, &why));
	ck_assert_str_eq(sc.s[2].v, "after");
	ck_assert_str_eq(sc.s[3].v, "end");
	/* the writer writes no line break after the value */
	ck_assert_msg(doc.len >= 13 && !(doc.s[doc.len - 12] == '\n' && doc.s[doc.len - 13] == '\n'),
		      "a blank line after %s", visible(s, n, &v1));
	scalars_free(&sc);

	/* items:\n  - k: <value>\n    other: 1\n  - k: x\n */
	buf_reset(&doc);
	buf_reset(&why);
	buf_adds(&doc, "items:\n  - k: ");
	yamlout_scalar(&doc, s, 6, st);
	buf_adds(&doc, "\n    other: 1\n  - k: x\n");
	ok = parse_doc(doc.s, doc.len, &sc, &why);
	ck_assert_msg(ok, "nested %s [%s] did not parse: %s\n---\n%s---", visible(s, n, &v1),
		      style_name(st), buf_str(&why), visible(doc.s, doc.len, &v2));
	ck_assert_msg(sc.n == 7, "nested %s [%s]: %zu scalars in\n%s", visible(s, n, &v1),
		      style_name(st), sc.n, visible(doc.s, doc.len, &v2));
	ck_assert_msg(sc.s[2].len == n && memcmp(sc.s[2].v, s, n) == 0,
		      "nested: wrote %s [%s] as\n%s\nread back %s", visible(s, n, &v1),
		      style_name(st), visible(doc.s, doc.len, &v2),
		      visible(sc.s[2].v, sc.s[2].len, &why));
	ck_assert_str_eq(sc.s[3].v, "other");
	ck_assert_str_eq(sc.s[4].v, "1");
	ck_assert_str_eq(sc.s[6].v, "x");
	ck_assert_int_eq(sc.seq_starts, 1);
	ck_assert_int_eq(sc.map_starts, 3);
	scalars_free(&sc);

	buf_release(&doc);
	buf_release(&why);
	buf_release(&v1);
	buf_release(&v2);
}

START_TEST(test_round_trip_any)
{
	check_round_trip(values[_i], YQ_ANY);
}
END_TEST

START_TEST(test_round_trip_single)
{
	check_round_trip(values[_i], YQ_SINGLE);
}
END_TEST

START_TEST(test_round_trip_double)
{
	check_round_trip(values[_i], YQ_DOUBLE);
}
END_TEST

/* ---- which style is chosen ---------------------------------------------- */

static yaml_scalar_style_t written_style(const char *s, enum yq_style st, struct buf *text)
{
	struct buf doc = BUF_INIT, why = BUF_INIT;
	struct scalars sc;
	buf_reset(text);
	yamlout_scalar(text, s, 4, st);
	buf_adds(&doc, "k: ");
	buf_adds(&doc, buf_str(text));
	buf_adds(&doc, "\n");
	ck_assert_msg(parse_doc(doc.s, doc.len, &sc, &why), "%s", buf_str(&why));
	ck_assert_uint_eq(sc.n, 2);
	ck_assert_str_eq(sc.s[1].v, s);
	yaml_scalar_style_t style = sc.s[1].style;
	scalars_free(&sc);
	buf_release(&doc);
	buf_release(&why);
	return style;
}

START_TEST(test_style_plain)
{
	struct buf t = BUF_INIT;
	static const char *const plain[] = {
		"Parternas beslutsfattare", "å ä ö", "a:b", "x#y", "x, y", "CJK 漢字",
		"emoji 😀 🇸🇪", LONG_SV, "fstod", "F12",
	};
	for (size_t i = 0; i < sizeof(plain) / sizeof(*plain); i++) {
		ck_assert_msg(written_style(plain[i], YQ_ANY, &t) == YAML_PLAIN_SCALAR_STYLE,
			      "'%s' written as %s, expected plain", plain[i], buf_str(&t));
		ck_assert_str_eq(buf_str(&t), plain[i]);
		ck_assert(yamlout_plain_ok(plain[i], false));
	}
	buf_release(&t);
}
END_TEST

START_TEST(test_style_quoted)
{
	struct buf t = BUF_INIT;
	static const char *const quoted[] = {
		"yes", "2025", "a: b", " x", "x ", "", "null", "~", "-12", "2025-01-22",
		"x # y", "#x", "[x]", "{x}", "&a", "*a", "!t", "|x", ">x", "%x", "@x",
		"`x", "'q'", "\"q\"", "- x", "? x", "tab\there", "CR \r here", ".inf",
		"on", "Off", "a:",
	};
	for (size_t i = 0; i < sizeof(quoted) / sizeof(*quoted); i++) {
		yaml_scalar_style_t st = written_style(quoted[i], YQ_ANY, &t);
		ck_assert_msg(st == YAML_DOUBLE_QUOTED_SCALAR_STYLE ||
			      st == YAML_SINGLE_QUOTED_SCALAR_STYLE,
			      "value %zu written as %s, expected quotes", i, buf_str(&t));
		ck_assert(!yamlout_plain_ok(quoted[i], false));
	}
	/* the exact form for a few */
	written_style("yes", YQ_ANY, &t);
	ck_assert_str_eq(buf_str(&t), "\"yes\"");
	written_style("2025", YQ_ANY, &t);
	ck_assert_str_eq(buf_str(&t), "\"2025\"");
	written_style("a: b", YQ_ANY, &t);
	ck_assert_str_eq(buf_str(&t), "\"a: b\"");
	written_style(" x", YQ_ANY, &t);
	ck_assert_str_eq(buf_str(&t), "\" x\"");
	written_style("", YQ_ANY, &t);
	ck_assert_str_eq(buf_str(&t), "\"\"");
	/* a quote inside needs none around */
	ck_assert(written_style("quote\"mark", YQ_ANY, &t) == YAML_PLAIN_SCALAR_STYLE);
	ck_assert_str_eq(buf_str(&t), "quote\"mark");
	written_style("\"q\"", YQ_ANY, &t);
	ck_assert_str_eq(buf_str(&t), "\"\\\"q\\\"\"");
	buf_release(&t);
}
END_TEST

START_TEST(test_style_literal)
{
	struct buf t = BUF_INIT;
	ck_assert(written_style("line1\nline2", YQ_ANY, &t) == YAML_LITERAL_SCALAR_STYLE);
	ck_assert_str_eq(buf_str(&t), "|-\n    line1\n    line2");
	ck_assert(written_style("line1\nline2\n", YQ_ANY, &t) == YAML_LITERAL_SCALAR_STYLE);
	ck_assert_str_eq(buf_str(&t), "|\n    line1\n    line2");
	/* a blank line inside is written without trailing blanks */
	ck_assert(written_style("a\n\nb", YQ_ANY, &t) == YAML_LITERAL_SCALAR_STYLE);
	ck_assert_str_eq(buf_str(&t), "|-\n    a\n\n    b");
	/* the preferred quoting of a single-line value does not apply */
	ck_assert(written_style("line1\nline2", YQ_SINGLE, &t) == YAML_LITERAL_SCALAR_STYLE);
	ck_assert(written_style("line1\nline2", YQ_DOUBLE, &t) == YAML_LITERAL_SCALAR_STYLE);
	/* what a literal block cannot hold goes in double quotes */
	ck_assert(written_style("trailing space \nnext", YQ_ANY, &t) ==
		  YAML_DOUBLE_QUOTED_SCALAR_STYLE);
	ck_assert(written_style(" indented\nsecond", YQ_ANY, &t) == YAML_DOUBLE_QUOTED_SCALAR_STYLE);
	ck_assert(written_style("ends with two\n\n", YQ_ANY, &t) == YAML_DOUBLE_QUOTED_SCALAR_STYLE);
	ck_assert(written_style("x\r\ny", YQ_ANY, &t) == YAML_DOUBLE_QUOTED_SCALAR_STYLE);
	buf_release(&t);
}
END_TEST

START_TEST(test_style_preferred)
{
	struct buf t = BUF_INIT;
	ck_assert(written_style("Parternas", YQ_SINGLE, &t) == YAML_SINGLE_QUOTED_SCALAR_STYLE);
	ck_assert_str_eq(buf_str(&t), "'Parternas'");
	ck_assert(written_style("it's", YQ_SINGLE, &t) == YAML_SINGLE_QUOTED_SCALAR_STYLE);
	ck_assert_str_eq(buf_str(&t), "'it''s'");
	ck_assert(written_style("yes", YQ_SINGLE, &t) == YAML_SINGLE_QUOTED_SCALAR_STYLE);
	ck_assert(written_style("Parternas", YQ_DOUBLE, &t) == YAML_DOUBLE_QUOTED_SCALAR_STYLE);
	ck_assert_str_eq(buf_str(&t), "\"Parternas\"");
	/* single quotes cannot hold a tab escape or a bell */
	ck_assert(written_style("tab\there", YQ_SINGLE, &t) == YAML_DOUBLE_QUOTED_SCALAR_STYLE);
	ck_assert(written_style("control \x07 bell", YQ_SINGLE, &t) ==
		  YAML_DOUBLE_QUOTED_SCALAR_STYLE);
	buf_release(&t);
}
END_TEST

START_TEST(test_double_quoted_escapes)
{
	struct buf t = BUF_INIT;
	yamlout_double_quoted(&t, "a\"b\\c\nd\te\r\x07\x7f\xc2\x85\u2028\u2029\uFEFF");
	ck_assert_str_eq(buf_str(&t),
			 "\"a\\\"b\\\\c\\nd\\te\\r\\x07\\x7f\\N\\L\\P\\ufeff\"");
	buf_reset(&t);
	yamlout_double_quoted(&t, "å😀");
	ck_assert_str_eq(buf_str(&t), "\"å😀\"");
	buf_release(&t);
}
END_TEST

/* ---- flow lists ------------------------------------------------------------ */

static void check_flow_strings(const char *const *v, size_t n)
{
	struct strlist l = { (const char **)v, n };
	struct buf doc = BUF_INIT, why = BUF_INIT, vis = BUF_INIT;
	struct scalars sc;
	buf_adds(&doc, "k: ");
	yamlout_flow_strings(&doc, &l);
	buf_adds(&doc, "\nafter: end\n");
	ck_assert_msg(parse_doc(doc.s, doc.len, &sc, &why), "%s in\n%s", buf_str(&why),
		      visible(doc.s, doc.len, &vis));
	ck_assert_msg(sc.n == n + 3, "%zu scalars in %s", sc.n, visible(doc.s, doc.len, &vis));
	ck_assert_int_eq(sc.seq_starts, 1);
	for (size_t i = 0; i < n; i++)
		ck_assert_msg(strcmp(sc.s[i + 1].v, v[i]) == 0, "item %zu: '%s' read back as '%s' from %s",
			      i, v[i], sc.s[i + 1].v, visible(doc.s, doc.len, &vis));
	ck_assert_str_eq(sc.s[n + 1].v, "after");
	ck_assert_str_eq(sc.s[n + 2].v, "end");
	scalars_free(&sc);
	buf_release(&doc);
	buf_release(&why);
	buf_release(&vis);
}

START_TEST(test_flow_strings)
{
	static const char *const ids[] = {
		"fstod", "2025", "a,b", "[x]", "{y}", "yes", "", "a b", "x: y", "å ä ö",
		"x # y", "-x", "a]b", "c}", "F1", "null", " lead", "a\"b", "x\ty",
		"rus-folkhalsa", "line\nbreak",
	};
	check_flow_strings(ids, sizeof(ids) / sizeof(*ids));
	check_flow_strings(ids, 1);
	check_flow_strings(ids + 1, 1);
	check_flow_strings(ids + 2, 1);
	check_flow_strings(ids, 0);

	/* exact text: plain where safe, quotes inside the brackets otherwise */
	static const char *const some[] = { "fstod", "2025", "a,b", "halsa" };
	struct strlist l = { (const char **)some, 4 };
	struct buf t = BUF_INIT;
	yamlout_flow_strings(&t, &l);
	ck_assert_str_eq(buf_str(&t), "[fstod, \"2025\", \"a,b\", halsa]");
	buf_reset(&t);
	l.n = 0;
	yamlout_flow_strings(&t, &l);
	ck_assert_str_eq(buf_str(&t), "[]");
	buf_release(&t);

	ck_assert(!yamlout_plain_ok("a,b", true));
	ck_assert(yamlout_plain_ok("a,b", false));
	ck_assert(!yamlout_plain_ok("a]", true));
	ck_assert(!yamlout_plain_ok("{a", true));
	ck_assert(yamlout_plain_ok("fstod", true));
}
END_TEST

START_TEST(test_flow_years)
{
	int years[] = { 2024, 2025, 2026 };
	struct yearlist l = { years, 3 };
	struct buf doc = BUF_INIT, why = BUF_INIT;
	struct scalars sc;
	yamlout_flow_years(&doc, &l);
	ck_assert_str_eq(buf_str(&doc), "[2024, 2025, 2026]");
	buf_reset(&doc);
	buf_adds(&doc, "priority: ");
	yamlout_flow_years(&doc, &l);
	buf_adds(&doc, "\n");
	ck_assert_msg(parse_doc(doc.s, doc.len, &sc, &why), "%s", buf_str(&why));
	ck_assert_uint_eq(sc.n, 4);
	ck_assert_str_eq(sc.s[1].v, "2024");
	ck_assert_str_eq(sc.s[2].v, "2025");
	ck_assert_str_eq(sc.s[3].v, "2026");
	ck_assert_int_eq(sc.s[1].style, YAML_PLAIN_SCALAR_STYLE);
	scalars_free(&sc);

	buf_reset(&doc);
	l.n = 0;
	yamlout_flow_years(&doc, &l);
	ck_assert_str_eq(buf_str(&doc), "[]");
	buf_reset(&doc);
	l.n = 1;
	yamlout_flow_years(&doc, &l);
	ck_assert_str_eq(buf_str(&doc), "[2024]");
	buf_release(&doc);
	buf_release(&why);
}
END_TEST

/* ---- value_chars_ok --------------------------------------------------------- */

struct chars_case {
	const char *s;
	bool multiline, ok;
	long bad;
	size_t at;
};

static const struct chars_case chars_cases[] = {
	{ "plain text", false, true, 0, 0 },
	{ "tab\there", false, true, 0, 0 },
	{ "tab\there", true, true, 0, 0 },
	{ "å ä ö 😀 漢字 e\u0301", false, true, 0, 0 },
	{ "", false, true, 0, 0 },
	{ "line1\nline2", true, true, 0, 0 },
	{ "line1\nline2", false, false, '\n', 5 },
	{ "\n", true, true, 0, 0 },
	{ "bell \x07", false, false, 7, 5 },
	{ "bell \x07", true, false, 7, 5 },
	{ "\x01", true, false, 1, 0 },
	{ "esc \x1b[2J", false, false, 0x1b, 4 },
	{ "CR \r here", true, false, '\r', 3 },
	{ "x\r\ny", true, false, '\r', 1 },
	{ "DEL \x7f", false, false, 0x7f, 4 },
	{ "vt \x0b", true, false, 0x0b, 3 },
	{ "ff \x0c", true, false, 0x0c, 3 },
	{ "NEL \xc2\x85 x", true, false, 0x85, 4 },
	{ "C1 \xc2\x9b x", true, false, 0x9b, 3 },
	{ "ä U+2028 \u2028", true, false, 0x2028, 10 },
	{ "U+2029 \u2029", true, false, 0x2029, 7 },
	{ "BOM \uFEFF", false, false, 0xfeff, 4 },
	{ "bad \xff utf8", false, false, -1, 4 },
	{ "overlong \xc0\xaf", false, false, -1, 9 },
	{ "cut \xc3", false, false, -1, 4 },
	{ "surrogate \xed\xa0\x80", false, false, -1, 10 },
};

START_TEST(test_value_chars_ok)
{
	const struct chars_case *c = &chars_cases[_i];
	long bad = 12345;
	size_t at = 12345;
	bool ok = value_chars_ok(c->s, c->multiline, &bad, &at);
	ck_assert_msg(ok == c->ok, "case %d: value_chars_ok(multiline=%d) = %d, expected %d", _i,
		      c->multiline, ok, c->ok);
	if (!c->ok) {
		ck_assert_msg(bad == c->bad, "case %d: bad = %ld, expected %ld", _i, bad, c->bad);
		ck_assert_msg(at == c->at, "case %d: at = %zu, expected %zu", _i, at, c->at);
	}
}
END_TEST

START_TEST(test_plain_ok)
{
	ck_assert(!yamlout_plain_ok("", false));
	ck_assert(!yamlout_plain_ok("yes", false));
	ck_assert(!yamlout_plain_ok("No", false));
	ck_assert(!yamlout_plain_ok("2025", false));
	ck_assert(!yamlout_plain_ok(".5", false));
	ck_assert(!yamlout_plain_ok("-.inf", false));
	ck_assert(!yamlout_plain_ok("x: y", false));
	ck_assert(!yamlout_plain_ok("x:\ty", false));
	ck_assert(!yamlout_plain_ok("x #y", false));
	ck_assert(!yamlout_plain_ok("ends:", false));
	ck_assert(!yamlout_plain_ok("a\nb", false));
	ck_assert(!yamlout_plain_ok("BOM \uFEFF x", false));
	ck_assert(!yamlout_plain_ok("U+2028 \u2028 sep", false));
	ck_assert(yamlout_plain_ok("a:b", false));
	ck_assert(yamlout_plain_ok("x#y", false));
	ck_assert(yamlout_plain_ok("yesterday", false));
	ck_assert(yamlout_plain_ok("Folkhälsa", false));
	ck_assert(yamlout_plain_ok("F2025", false));
}
END_TEST

static Suite *yamlout_suite(void)
{
	Suite *s = suite_create("yamlout");
	TCase *tc = tcase_create("round trip");
	tcase_add_loop_test(tc, test_round_trip_any, 0, NVALUES);
	tcase_add_loop_test(tc, test_round_trip_single, 0, NVALUES);
	tcase_add_loop_test(tc, test_round_trip_double, 0, NVALUES);
	suite_add_tcase(s, tc);

	tc = tcase_create("style");
	tcase_add_test(tc, test_style_plain);
	tcase_add_test(tc, test_style_quoted);
	tcase_add_test(tc, test_style_literal);
	tcase_add_test(tc, test_style_preferred);
	tcase_add_test(tc, test_double_quoted_escapes);
	tcase_add_test(tc, test_plain_ok);
	suite_add_tcase(s, tc);

	tc = tcase_create("lists");
	tcase_add_test(tc, test_flow_strings);
	tcase_add_test(tc, test_flow_years);
	suite_add_tcase(s, tc);

	tc = tcase_create("chars");
	tcase_add_loop_test(tc, test_value_chars_ok, 0,
			    (int)(sizeof(chars_cases) / sizeof(*chars_cases)));
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(yamlout_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
