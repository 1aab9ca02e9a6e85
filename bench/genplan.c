/* genplan.c — writes a synthetic plan directory for `make bench`.
 *
 * Usage: genplan N DIR [ACTIVITIES [FOLLOWUPS]]
 *
 * Writes DIR/plan.yaml, DIR/groups.yaml and DIR/changes.yaml with N desired
 * changes F1..FN and, given ACTIVITIES, DIR/activities.yaml with that many
 * activities A1.. (each serving one or two of the changes), each with
 * FOLLOWUPS follow-ups inside it (default 3: the year 2025 of the parties
 * norr, soder, vaster, ... in turn, so followup:A1/2025-soder exists from
 * two on), in the schema of samplan(5) and in the style a person
 * editing by hand leaves: block mappings and sequences with two-space
 * indentation, flow sequences for short lists, a section comment every 50
 * changes and a blank line between some items.  The output depends on N
 * only: the generator has its own PRNG with a fixed seed, so two runs (and
 * two machines) produce byte-identical files.  About 270 bytes a change:
 * the 10,000-change plan is about 2.7 MB; about 815 bytes an activity with
 * three follow-ups. */
#define _GNU_SOURCE 1

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#define NGROUPS 20
#define SECTION_EVERY 50

/* splitmix64: small, well mixed, and the same everywhere (unlike rand()). */
static uint64_t prng_state = 0x5a4d504c414e3235ULL; /* "ZMPLAN25" */

static uint64_t prng_next(void)
{
	uint64_t z = (prng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A number in [0, n). The modulo bias is irrelevant here. */
static unsigned prng_below(unsigned n)
{
	return (unsigned)(prng_next() % n);
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The words the texts are made of: plain scalars without ':' or '#', so any
 * sequence of them is a valid plain YAML scalar. */
static const char *const subjects[] = {
	"Parterna", "Kommunerna", "Regionen", "Länets aktörer", "Skolan",
	"Civilsamhället", "Elevhälsan", "Socialtjänsten", "Primärvården",
	"Föräldrar", "Äldre personer", "Barn och unga", "Ungdomar",
	"Beslutsfattare", "Chefsgruppen", "Arbetsgrupperna", "Länsstyrelsen",
	"Idrottsrörelsen", "Förskolan", "Öppenvården",
};

static const char *const verbs[] = {
	"har", "får", "erbjuds", "utvecklar", "stärker", "använder",
	"tillämpar", "följer upp", "samordnar", "prioriterar", "ökar",
	"främjar", "når", "delar", "bygger upp",
};

static const char *const words[] = {
	"en", "ökad", "god", "jämlik", "jämställd", "hälsa", "kunskap",
	"om", "och", "för", "till", "med", "i", "länet", "på", "kort", "sikt",
	"folkhälsovetenskaplig", "kompetens", "som", "tillämpas", "stöd",
	"föräldraskapsstöd", "insatser", "hälsofrämjande", "förebyggande",
	"arbete", "samverkan", "mellan", "huvudmännen", "utifrån", "behov",
	"fysisk", "aktivitet", "psykisk", "levnadsvanor", "tobak", "alkohol",
	"spel", "narkotika", "skolnärvaro", "fullföljda", "studier",
	"delaktighet", "trygghet", "miljöer", "uppföljning", "lärande",
	"gemensam", "målgrupp", "våld", "förtroende", "tillgång", "likvärdig",
	"socioekonomiska", "skillnader", "minskar", "över", "tid", "för",
	"alla", "åldrar", "särskilt", "där", "behoven", "är", "störst",
	"nätverk", "mötesplatser", "kommunövergripande", "struktur",
	"långsiktig", "finansiering", "ansvar", "överenskommelse",
};

static const char *const topics[] = {
	"föräldraskapsstöd", "levnadsvanor", "psykisk hälsa", "ANDTS",
	"skolnärvaro", "fysisk aktivitet", "våldsprevention", "äldres hälsa",
	"jämlik hälsa", "suicidprevention", "mötesplatser", "tidiga insatser",
	"uppföljning", "kunskapsstöd", "ungas delaktighet", "trygghet",
	"kost och hälsa", "spel om pengar", "hälsosamt åldrande", "samordning",
};

static const char *const statuses[] = { "ej-paborjad", "pagar", "klar" };

/* The parties, as the shipped plan has them (ids and names). */
static const char *const parties[][2] = {
	{ "norr", "Norra länsdelen" },
	{ "soder", "Södra länsdelen" },
	{ "vaster", "Västra länsdelen" },
	{ "orebro", "Örebro" },
	{ "region", "Region Örebro län" },
	{ "rf-sisu", "RF-SISU Örebro län" },
	{ "olbf", "Örebro läns bildningsförbund (ÖLBF)" },
	{ "lansstyrelsen", "Länsstyrelsen i Örebro län" },
};

/* Notes a secretary leaves on some changes. */
static const char *const notes[] = {
	"Diskuterades på mötet 2025-03-19.",
	"Återrapporteras till chefsgruppen i höst.",
	"Ansvarig arbetsgrupp utses efter sommaren.",
	"Kopplas till länets aktivitetsplan.",
	"Följs upp med den gemensamma mallen.",
	"Väntar på beslut i Södra länsdelen.",
};

static int fail(const char *what, const char *path)
{
	fprintf(stderr, "genplan: %s %s: %s\n", what, path, strerror(errno));
	return 1;
}

/* Opens DIR/NAME for writing; NULL (message printed) on failure. */
static FILE *open_out(const char *dir, const char *name, char *path, size_t size)
{
	snprintf(path, size, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f)
		fail("cannot create", path);
	return f;
}

static int close_out(FILE *f, const char *path)
{
	int bad = ferror(f);
	if (fclose(f) != 0 || bad)
		return fail("cannot write", path);
	return 0;
}

static void write_plan(FILE *f, unsigned long n)
{
	fputs("# plan.yaml — what the plan is (synthetic, for measuring)\n"
	      "title: Samverkansplan för en god, jämlik och jämställd hälsa\n"
	      "subtitle: Syntetisk plan för mätning\n"
	      "version: 3\n"
	      "adopted:\n"
	      "  by: Chefsgrupp folkhälsa\n"
	      "  date: 2025-01-22\n"
	      "focus_year: 2025\n"
	      "statuses:\n"
	      "  - key: ej-paborjad\n"
	      "    label: Ej påbörjad\n"
	      "  - key: pagar\n"
	      "    label: Pågår\n"
	      "  - key: klar\n"
	      "    label: Klar\n"
	      "effects:\n"
	      "  - id: rus-folkhalsa\n"
	      "    name: God och jämlik folkhälsa\n"
	      "    kind: rus\n"
	      "parties:\n",
	      f);
	for (size_t i = 0; i < COUNT(parties); i++)
		fprintf(f, "  - id: %s\n    name: %s\n    members: []\n    note: \"\"\n", parties[i][0],
			parties[i][1]);
	fprintf(f, "# generated by genplan %lu\n", n);
}

static void write_groups(FILE *f)
{
	fputs("# groups.yaml — working groups (synthetic)\ngroups:\n", f);
	for (unsigned g = 1; g <= NGROUPS; g++) {
		fprintf(f,
			"  - id: g%u\n"
			"    name: Arbetsgrupp %u %s\n"
			"    lead: \"\"\n"
			"    mandate: \"\"\n"
			"    members: []\n",
			g, g, topics[(g - 1) % COUNT(topics)]);
		if (g % 5 == 0 && g < NGROUPS)
			fputc('\n', f);
	}
}

/* Writes a sentence of about 95-145 bytes, ending with a full stop. */
static void write_text(FILE *f)
{
	size_t target = 95 + prng_below(40);
	const char *w = subjects[prng_below(COUNT(subjects))];
	size_t len = strlen(w);
	fputs(w, f);
	w = verbs[prng_below(COUNT(verbs))];
	fputc(' ', f);
	fputs(w, f);
	len += 1 + strlen(w);
	while (len < target) {
		w = words[prng_below(COUNT(words))];
		fputc(' ', f);
		fputs(w, f);
		len += 1 + strlen(w);
	}
	fputc('.', f);
}

static void write_change(FILE *f, unsigned long id)
{
	fprintf(f, "  - id: F%lu\n", id);
	fprintf(f, "    horizon: %s\n", prng_below(4) == 0 ? "lång" : "kort");
	fputs("    text: ", f);
	write_text(f);
	fputc('\n', f);

	unsigned p = prng_below(12);
	if (p < 3)
		fputs("    priority: [2025]\n", f);
	else if (p == 3)
		fputs("    priority: [2025, 2026]\n", f);
	else
		fputs("    priority: []\n", f);

	unsigned s = prng_below(10); /* half not started, 3 in 10 going, 2 done */
	fprintf(f, "    status: %s\n", statuses[s < 5 ? 0 : s < 8 ? 1 : 2]);

	unsigned ng = prng_below(5); /* 0: 2 in 5, 1: 2 in 5, 2: 1 in 5 */
	ng = ng < 2 ? 0 : ng < 4 ? 1 : 2;
	if (ng == 0) {
		fputs("    groups: []\n", f);
	} else {
		unsigned a = 1 + prng_below(NGROUPS);
		if (ng == 1) {
			fprintf(f, "    groups: [g%u]\n", a);
		} else {
			unsigned b = 1 + (a + prng_below(NGROUPS - 1)) % NGROUPS; /* != a */
			fprintf(f, "    groups: [g%u, g%u]\n", a, b);
		}
	}

	fputs(prng_below(4) == 0 ? "    effects: [rus-folkhalsa]\n" : "    effects: []\n", f);
	if (prng_below(5) == 0)
		fprintf(f, "    notes: %s\n", notes[prng_below(COUNT(notes))]);
	else
		fputs("    notes: \"\"\n", f);
}

static void write_changes(FILE *f, unsigned long n)
{
	fputs("# changes.yaml — the desired changes (synthetic)\nchanges:\n", f);
	for (unsigned long i = 1; i <= n; i++) {
		if ((i - 1) % SECTION_EVERY == 0) {
			if (i > 1)
				fputc('\n', f);
			fprintf(f, "  # Avsnitt %lu\n", (i - 1) / SECTION_EVERY + 1);
		} else if (prng_below(8) == 0) {
			fputc('\n', f);
		}
		write_change(f, i);
	}
}

/* Writes a short phrase (the words only): an output, a result. */
static void write_phrase(FILE *f, unsigned nwords)
{
	fputs(topics[prng_below(COUNT(topics))], f);
	for (unsigned i = 0; i < nwords; i++)
		fprintf(f, " %s", words[prng_below(COUNT(words))]);
}

static void write_followup(FILE *f, unsigned k)
{
	fprintf(f, "      - year: 2025\n        party: %s\n", parties[k % COUNT(parties)][0]);
	fputs("        done: ", f);
	write_phrase(f, 6);
	fputc('\n', f);
	if (prng_below(2) == 0) {
		fputs("        output: ", f);
		write_phrase(f, 3);
		fputc('\n', f);
	}
	if (prng_below(3) == 0)
		fprintf(f, "        value: \"%u %%\"\n", prng_below(100));
}

static void write_activity(FILE *f, unsigned long id, unsigned long nchanges, unsigned long nfu)
{
	fprintf(f, "  - id: A%lu\n    text: ", id);
	write_phrase(f, 8);
	unsigned long c = 1 + prng_next() % nchanges;
	if (prng_below(4) == 0 && nchanges > 1)
		fprintf(f, "\n    changes: [F%lu, F%lu]\n", c, c % nchanges + 1);
	else
		fprintf(f, "\n    changes: [F%lu]\n", c);
	if (prng_below(2) == 0)
		fprintf(f, "    group: g%u\n", 1 + prng_below(NGROUPS));
	fprintf(f, "    period: {from: 2025, to: %u}\n", 2025 + prng_below(3));
	fputs("    output: ", f);
	write_phrase(f, 4);
	fputc('\n', f);
	if (prng_below(2) == 0) { /* half say what result they expect */
		fputs("    result: ", f);
		write_phrase(f, 5);
		fputc('\n', f);
	}
	if (prng_below(3) == 0) { /* a third have an indicator */
		fputs("    indicator: Andel ", f);
		write_phrase(f, 2);
		fprintf(f, "\n    baseline: \"%u %%\"\n    target: \"%u %%\"\n", prng_below(50),
			50 + prng_below(50));
	}
	unsigned s = prng_below(10);
	fprintf(f, "    status: %s\n", statuses[s < 5 ? 0 : s < 8 ? 1 : 2]);
	if (!nfu) {
		fputs("    followup: []\n", f);
		return;
	}
	fputs("    followup:\n", f);
	for (unsigned long k = 0; k < nfu; k++)
		write_followup(f, (unsigned)k);
}

static void write_activities(FILE *f, unsigned long n, unsigned long nchanges, unsigned long nfu)
{
	fputs("# activities.yaml — the activity plan (synthetic)\nactivities:\n", f);
	for (unsigned long i = 1; i <= n; i++)
		write_activity(f, i, nchanges, nfu);
}

/* Parses a count argument in [lo, 100000000]; -1 (message printed) if bad. */
static long count_arg(const char *what, const char *arg, unsigned long lo)
{
	char *end;
	errno = 0;
	unsigned long n = strtoul(arg, &end, 10);
	if (errno || end == arg || *end || n < lo || n > 100000000UL) {
		fprintf(stderr, "genplan: %s must be a number from %lu to 100000000, not '%s'\n", what,
			lo, arg);
		return -1;
	}
	return (long)n;
}

int main(int argc, char **argv)
{
	if (argc < 3 || argc > 5) {
		fprintf(stderr, "usage: genplan N DIR [ACTIVITIES [FOLLOWUPS]]\n");
		return 2;
	}
	long nact = argc > 3 ? count_arg("ACTIVITIES", argv[3], 0) : 0;
	long nfu = argc > 4 ? count_arg("FOLLOWUPS", argv[4], 0) : 3;
	if (nact < 0 || nfu < 0)
		return 2;
	if (nfu > (long)COUNT(parties)) {
		fprintf(stderr, "genplan: FOLLOWUPS must be at most %zu (one a party)\n", COUNT(parties));
		return 2;
	}
	char *end;
	errno = 0;
	unsigned long n = strtoul(argv[1], &end, 10);
	if (errno || end == argv[1] || *end || n == 0 || n > 100000000UL) {
		fprintf(stderr, "genplan: N must be a number from 1 to 100000000, not '%s'\n", argv[1]);
		return 2;
	}
	const char *dir = argv[2];
	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		return fail("cannot create directory", dir);

	char path[4096];
	FILE *f;
	if (!(f = open_out(dir, "plan.yaml", path, sizeof path)))
		return 1;
	write_plan(f, n);
	if (close_out(f, path))
		return 1;

	if (!(f = open_out(dir, "groups.yaml", path, sizeof path)))
		return 1;
	write_groups(f);
	if (close_out(f, path))
		return 1;

	if (!(f = open_out(dir, "changes.yaml", path, sizeof path)))
		return 1;
	write_changes(f, n);
	if (close_out(f, path))
		return 1;

	if (argc > 3) {
		if (!(f = open_out(dir, "activities.yaml", path, sizeof path)))
			return 1;
		write_activities(f, (unsigned long)nact, n, (unsigned long)nfu);
		if (close_out(f, path))
			return 1;
	}
	return 0;
}
