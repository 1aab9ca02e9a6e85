/* nfc.c — canonical composition over the generated table. */
#include "config.h"

#include "nfc.h"

#include <string.h>

#include "util.h"

uint32_t nfc_compose_pair(uint32_t base, uint32_t mark)
{
	if (base > 0xffff || mark > 0xffff)
		return 0;
	uint32_t key = base << 16 | mark;
	size_t lo = 0, hi = nfc_npairs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint32_t k = (uint32_t)nfc_pairs[mid].base << 16 | nfc_pairs[mid].mark;
		if (k == key)
			return nfc_pairs[mid].composite;
		if (k < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* A combining mark: one that blocks a later mark from composing with the
 * base when it does not compose itself.  (The marks of the table's
 * scripts are all in these blocks.) */
static bool is_mark(uint32_t cp)
{
	return (cp >= 0x0300 && cp <= 0x036f) || (cp >= 0x0483 && cp <= 0x0489) ||
	       (cp >= 0x1dc0 && cp <= 0x1dff) || (cp >= 0x20d0 && cp <= 0x20ff);
}

static void compose(const char *s, struct buf *out)
{
	size_t n = strlen(s);
	size_t base_at = 0;
	uint32_t base = 0;
	bool have_base = false;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t l = utf8_decode(s + i, n - i, &cp);
		if (!l) { /* not UTF-8: as it is, and nothing composes across it */
			buf_addc(out, s[i++]);
			have_base = false;
			continue;
		}
		uint32_t c = have_base ? nfc_compose_pair(base, cp) : 0;
		if (c) {
			out->len = base_at;
			out->s[out->len] = '\0';
			utf8_encode(out, c);
			base = c;
		} else {
			if (is_mark(cp)) {
				have_base = false; /* marks in another order stay */
			} else {
				have_base = true;
				base = cp;
				base_at = out->len;
			}
			buf_add(out, s + i, l);
		}
		i += l;
	}
}

bool nfc_is_composed(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p && *p < 0x80)
		p++;
	if (!*p)
		return true;
	struct buf b = BUF_INIT;
	compose(s, &b);
	bool same = strcmp(buf_str(&b), s) == 0;
	buf_release(&b);
	return same;
}

char *nfc_dup(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p && *p < 0x80)
		p++;
	if (!*p)
		return xstrdup(s);
	struct buf b = BUF_INIT;
	compose(s, &b);
	return buf_detach(&b);
}
