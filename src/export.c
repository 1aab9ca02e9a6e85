/* export.c — see export.h. */
#include "config.h"

#include "export.h"

#include <string.h>

bool export_format_from_name(const char *name, enum export_format *f)
{
	if (strcmp(name, "csv") == 0)
		*f = EXPORT_CSV;
	else if (strcmp(name, "excel") == 0)
		*f = EXPORT_EXCEL;
	else
		return false;
	return true;
}

/* One cell: inert when a spreadsheet would run it, quoted when needed. */
static void cell(const char *s, char sep, struct buf *out)
{
	struct buf v = BUF_INIT;
	if (strchr("=+-@\t\r", s[0]) && s[0])
		buf_addc(&v, '\'');
	buf_adds(&v, s);
	const char *t = buf_str(&v);
	if (!strchr(t, sep) && !strpbrk(t, "\"\r\n")) {
		buf_add(out, t, v.len);
		buf_release(&v);
		return;
	}
	buf_addc(out, '"');
	for (; *t; t++) {
		if (*t == '"')
			buf_addc(out, '"');
		buf_addc(out, *t);
	}
	buf_addc(out, '"');
	buf_release(&v);
}

void export_records(const struct plan *p, enum kind k, enum export_format f, struct buf *out)
{
	const struct kind_info *kd = kind_of(k);
	char sep = f == EXPORT_EXCEL ? ';' : ',';
	const char *list_sep = f == EXPORT_EXCEL ? ", " : "; ";
	if (f == EXPORT_EXCEL)
		buf_adds(out, "\xef\xbb\xbf");
	bool first = true;
	if (kind_is_nested(k)) {
		cell(kind_of(kd->parent)->name, sep, out);
		first = false;
	}
	for (int c = 0; c < kd->nfields; c++) {
		if (!first)
			buf_addc(out, sep);
		cell(kd->fields[c].key, sep, out);
		first = false;
	}
	buf_adds(out, "\r\n");
	struct rec_iter it;
	struct buf v = BUF_INIT;
	for (const void *r = rec_iter_first(&it, p, k); r; r = rec_iter_next(&it)) {
		first = true;
		if (kind_is_nested(k)) {
			buf_reset(&v);
			rec_path(kd->parent, rec_head((void *)r)->parent, &v);
			cell(buf_str(&v), sep, out);
			first = false;
		}
		for (int c = 0; c < kd->nfields; c++) {
			buf_reset(&v);
			rec_format(r, k, c, list_sep, &v);
			if (!first)
				buf_addc(out, sep);
			cell(buf_str(&v), sep, out);
			first = false;
		}
		buf_adds(out, "\r\n");
	}
	buf_release(&v);
}
