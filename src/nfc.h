/* nfc.h — what people type, composed the way the plan's files are written.
 *
 * "lång" can arrive as 'a' followed by U+030A COMBINING RING ABOVE (some
 * keyboards, input methods and copied text do this) and then looks the
 * same as the composed U+00E5 but compares unequal.  Values from the
 * command line and the workbench are composed (Unicode's canonical
 * composition, NFC) before they are checked or stored; a file's values
 * are compared composed where a choice is looked up, and are never
 * rewritten unless edited.
 *
 * This is the composition step of NFC for a base character followed by
 * combining marks in canonical order, over a generated table (Latin,
 * Greek, Cyrillic: see tools/gen-nfc.py); marks it has no composite for
 * stay as they are. */
#ifndef SAMPLAN_NFC_H
#define SAMPLAN_NFC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nfc_pair {
	uint16_t base, mark, composite;
};

/* The table, sorted by base and mark (nfc_table.c, generated). */
extern const struct nfc_pair nfc_pairs[];
extern const size_t nfc_npairs;

/* The composite of `base` followed by `mark`, or 0 when there is none. */
uint32_t nfc_compose_pair(uint32_t base, uint32_t mark);

/* A copy of `s` composed (caller frees).  Bytes that are not UTF-8 are
 * copied as they are. */
char *nfc_dup(const char *s);

/* True when nfc_dup would give `s` back unchanged. */
bool nfc_is_composed(const char *s);

#endif
