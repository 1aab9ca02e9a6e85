/* yamlout.c — the scalar writer.
 *
 * Why not libyaml's emitter: it folds long lines, switches styles on its
 * own and cannot write one value into the middle of an existing file.  The
 * rules here follow YAML 1.1 (libyaml's) and 1.2 both, so that a value
 * written here reads back the same in either. */
#include "config.h"

#include "yamlout.h"

#include <string.h>

/* Plain words YAML 1.1 or 1.2 would read as null or a boolean. */
static const char *const special_words[] = {
	"~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "n", "N",
	"no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
	"on", "On", "ON", "off", "Off", "OFF", "=", "<<",
};

static bool printable(uint32_t c)
{
	return c == 0x09 || (c >= 0x20 && c <= 0x7e) ||
	       (c >= 0xa0 && c <= 0xd7ff) ||
	       (c >= 0xe000 && c <= 0xfffd && c != 0xfeff) ||
	       (c >= 0x10000 && c <= 0x10ffff);
}

/* Characters YAML treats as line breaks besides \n and \r. */
static bool odd_break(uint32_t c)
{
	return c == 0x85 || c == 0x2028 || c == 0x2029;
}

bool value_chars_ok(const char *s, bool multiline, long *bad, size_t *at)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t c;
		size_t l = utf8_decode(s + i, n - i, &c);
		if (!l) {
			*bad = -1;
			*at = i;
			return false;
		}
		bool ok = (c == '\n' && multiline) || (printable(c) && !odd_break(c));
		if (!ok) {
			*bad = (long)c;
			*at = i;
			return false;
		}
		i += l;
	}
	return true;
}

static bool looks_numeric(const char *s)
{
	const char *p = s;
	if (*p == '+' || *p == '-')
		p++;
	if (*p == '.')
		p++;
	if (*p >= '0' && *p <= '9')
		return true;
	/* .inf, .nan and friends */
	if (s[0] == '.' || ((s[0] == '+' || s[0] == '-') && s[1] == '.'))
		return true;
	return false;
}

bool yamlout_plain_ok(const char *s, bool flow)
{
	size_t n = strlen(s);
	if (n == 0)
		return false;
	for (size_t i = 0; i < sizeof(special_words) / sizeof(*special_words); i++)
		if (strcmp(s, special_words[i]) == 0)
			return false;
	if (looks_numeric(s))
		return false;
	if (strchr("-?:,[]{}#&*!|>'\"%@`", s[0]))
		return false;
	if (s[0] == ' ' || s[n - 1] == ' ' || s[n - 1] == ':')
		return false;
	for (size_t i = 0; i < n;) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == ':' && (s[i + 1] == ' ' || s[i + 1] == '\t'))
			return false;
		if (ch == '#' && i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t'))
			return false;
		if (ch == '\t' || ch == '\n' || ch == '\r')
			return false;
		if (flow && strchr(",[]{}", ch))
			return false;
		uint32_t c;
		size_t l = utf8_decode(s + i, n - i, &c);
		if (!l || !printable(c) || odd_break(c))
			return false;
		i += l;
	}
	return true;
}

void yamlout_double_quoted(struct buf *out, const char *s)
{
	size_t n = strlen(s);
	buf_addc(out, '"');
	for (size_t i = 0; i < n;) {
		uint32_t c;
		size_t l = utf8_decode(s + i, n - i, &c);
		if (!l) { /* not reachable for validated values; keep bytes visible */
			buf_addf(out, "\\x%02x", (unsigned char)s[i]);
			i++;
			continue;
		}
		switch (c) {
		case '"': buf_adds(out, "\\\""); break;
		case '\\': buf_adds(out, "\\\\"); break;
		case '\n': buf_adds(out, "\\n"); break;
		case '\t': buf_adds(out, "\\t"); break;
		case '\r': buf_adds(out, "\\r"); break;
		case 0: buf_adds(out, "\\0"); break;
		case 0x85: buf_adds(out, "\\N"); break;
		case 0x2028: buf_adds(out, "\\L"); break;
		case 0x2029: buf_adds(out, "\\P"); break;
		default:
			if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
				buf_addf(out, "\\x%02x", (unsigned)c);
			else if (!printable(c))
				buf_addf(out, "\\u%04x", (unsigned)c);
			else
				buf_add(out, s + i, l);
		}
		i += l;
	}
	buf_addc(out, '"');
}

static void single_quoted(struct buf *out, const char *s)
{
	buf_addc(out, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			buf_addc(out, '\'');
		buf_addc(out, *s);
	}
	buf_addc(out, '\'');
}

/* A literal block keeps every character as written, so it can hold a
 * multi-line value only when no line has trailing blanks (editors strip
 * them, and libyaml's own emitter refuses them too), the first line does
 * not start with a blank (that would need an indentation indicator), every
 * character is printable and the value ends in at most one line feed. */
static bool literal_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || s[0] == ' ' || s[0] == '\t' || s[0] == '\n')
		return false;
	if (n >= 2 && s[n - 1] == '\n' && s[n - 2] == '\n')
		return false;
	long bad;
	size_t at;
	if (!value_chars_ok(s, true, &bad, &at))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\r')
			return false;
		if ((s[i] == ' ' || s[i] == '\t') && (s[i + 1] == '\n' || s[i + 1] == '\0'))
			return false;
	}
	return true;
}

static void literal_block(struct buf *out, const char *s, int indent)
{
	size_t n = strlen(s);
	bool clip = s[n - 1] == '\n';
	buf_adds(out, clip ? "|" : "|-");
	size_t end = clip ? n - 1 : n;
	size_t i = 0;
	while (i <= end) {
		const char *nl = memchr(s + i, '\n', end - i);
		size_t len = nl ? (size_t)(nl - (s + i)) : end - i;
		buf_addc(out, '\n');
		if (len) {
			for (int k = 0; k < indent; k++)
				buf_addc(out, ' ');
			buf_add(out, s + i, len);
		}
		i += len + 1;
		if (!nl)
			break;
	}
}

void yamlout_scalar(struct buf *out, const char *s, int indent, enum yq_style prefer)
{
	if (strchr(s, '\n')) {
		if (literal_ok(s))
			literal_block(out, s, indent);
		else
			yamlout_double_quoted(out, s);
		return;
	}
	long bad;
	size_t at;
	bool printable_only = value_chars_ok(s, false, &bad, &at) && !strchr(s, '\t');
	if (prefer == YQ_SINGLE && printable_only)
		single_quoted(out, s);
	else if (prefer == YQ_DOUBLE || !yamlout_plain_ok(s, false))
		yamlout_double_quoted(out, s);
	else
		buf_adds(out, s);
}

void yamlout_flow_strings(struct buf *out, const struct strlist *l)
{
	buf_addc(out, '[');
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			buf_adds(out, ", ");
		if (yamlout_plain_ok(l->v[i], true))
			buf_adds(out, l->v[i]);
		else
			yamlout_double_quoted(out, l->v[i]);
	}
	buf_addc(out, ']');
}

void yamlout_flow_years(struct buf *out, const struct yearlist *l)
{
	buf_addc(out, '[');
	for (size_t i = 0; i < l->n; i++)
		buf_addf(out, "%s%d", i ? ", " : "", l->v[i]);
	buf_addc(out, ']');
}
