/* schema.c — the tables declared in schema.h, and lookups in them. */
#include "config.h"

#include "schema.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "model.h"
#include "nfc.h"

struct plan_file schema_files[SF_COUNT] = {
#define SCHEMA_FILE_ROW(e, fname, req) [e] = { .name = fname, .required = req },
	SCHEMA_FILES(SCHEMA_FILE_ROW)
#undef SCHEMA_FILE_ROW
};

#define SCHEMA_FIELD_ROW(T, e, member, fkey, ftype, fflags, fref, fchoices, flabel)       \
	[e] = { .name = #member, .key = fkey, .type = ftype, .flags = fflags, .ref = fref, \
		.choices = fchoices, .label = flabel, .off = offsetof(T, member) },

#define PLAN_ROW(...) SCHEMA_FIELD_ROW(struct plan_info, __VA_ARGS__)
#define STATUS_ROW(...) SCHEMA_FIELD_ROW(struct status, __VA_ARGS__)
#define PARTY_ROW(...) SCHEMA_FIELD_ROW(struct party, __VA_ARGS__)
#define EFFECT_ROW(...) SCHEMA_FIELD_ROW(struct effect, __VA_ARGS__)
#define MEMBER_ROW(...) SCHEMA_FIELD_ROW(struct member, __VA_ARGS__)
#define MEETING_ROW(...) SCHEMA_FIELD_ROW(struct meeting, __VA_ARGS__)
#define GUEST_ROW(...) SCHEMA_FIELD_ROW(struct guest, __VA_ARGS__)
#define POINT_ROW(...) SCHEMA_FIELD_ROW(struct point, __VA_ARGS__)
#define ACTION_ROW(...) SCHEMA_FIELD_ROW(struct action, __VA_ARGS__)
#define TOPIC_ROW(...) SCHEMA_FIELD_ROW(struct topic, __VA_ARGS__)
#define GROUP_ROW(...) SCHEMA_FIELD_ROW(struct group, __VA_ARGS__)
#define CHANGE_ROW(...) SCHEMA_FIELD_ROW(struct change, __VA_ARGS__)
#define ACTIVITY_ROW(...) SCHEMA_FIELD_ROW(struct activity, __VA_ARGS__)
#define FOLLOWUP_ROW(...) SCHEMA_FIELD_ROW(struct followup, __VA_ARGS__)

static struct field plan_fields[PL_COUNT] = { PLAN_FIELDS(PLAN_ROW) };
static struct field status_fields[ST_COUNT] = { STATUS_FIELDS(STATUS_ROW) };
static struct field party_fields[PA_COUNT] = { PARTY_FIELDS(PARTY_ROW) };
static struct field effect_fields[EF_COUNT] = { EFFECT_FIELDS(EFFECT_ROW) };
static struct field member_fields[MB_COUNT] = { MEMBER_FIELDS(MEMBER_ROW) };
static struct field meeting_fields[ME_COUNT] = { MEETING_FIELDS(MEETING_ROW) };
static struct field guest_fields[GU_COUNT] = { GUEST_FIELDS(GUEST_ROW) };
static struct field point_fields[PO_COUNT] = { POINT_FIELDS(POINT_ROW) };
static struct field action_fields[AN_COUNT] = { ACTION_FIELDS(ACTION_ROW) };
static struct field topic_fields[TO_COUNT] = { TOPIC_FIELDS(TOPIC_ROW) };
static struct field group_fields[GF_COUNT] = { GROUP_FIELDS(GROUP_ROW) };
static struct field change_fields[CF_COUNT] = { CHANGE_FIELDS(CHANGE_ROW) };
static struct field activity_fields[AC_COUNT] = { ACTIVITY_FIELDS(ACTIVITY_ROW) };
static struct field followup_fields[FU_COUNT] = { FOLLOWUP_FIELDS(FOLLOWUP_ROW) };
#ifdef SAMPLAN_SHAPES
#define SHAPE_ROW(...) SCHEMA_FIELD_ROW(struct shape, __VA_ARGS__)
#define PART_ROW(...) SCHEMA_FIELD_ROW(struct shape_part, __VA_ARGS__)
static struct field shape_fields[SH_COUNT] = { SHAPE_FIELDS(SHAPE_ROW) };
static struct field part_fields[PT_COUNT] = { PART_FIELDS(PART_ROW) };
#endif

/* ---- what each kind says -------------------------------------------------- */

static const struct kind_words plan_words = {
	.unknown = N_("unknown plan '%s' (known: %s)"),
	.label = N_("plan"), .plural = N_("plans"),
	.missing_key = N_("missing required key '%s'"),
	.not_mapping = N_("the top level must be a mapping of keys (key: value), not %s"),
};

static const struct kind_words status_words = {
	.unknown = N_("unknown status '%s' (known: %s)"),
	.label = N_("status"), .plural = N_("statuses"),
	.missing_key = N_("status is missing required key '%s'"),
	.not_mapping = N_("each status must be a mapping (key:, label:), not %s"),
	.duplicate = N_("duplicate status key '%s'"),
	.too_many = N_("too many statuses (more than %zu); a plan needs far fewer"),
	.no_such = N_("no status with key '%s'"),
	.added = N_("status %s added"),
	.deleted = N_("status %s deleted"),
};

static const struct kind_words party_words = {
	.unknown = N_("unknown party '%s' (known: %s)"),
	.label = N_("party"), .plural = N_("parties"),
	/* TRANSLATORS: one of the plan's parties (plan.yaml's 'parties') */
	.missing_key = N_("party is missing required key '%s'"),
	.not_mapping = N_("each party must be a mapping (id:, name: ...), not %s"),
	.duplicate = N_("duplicate party id '%s'"),
	.too_many = N_("too many parties (more than %zu); a plan needs far fewer"),
	.no_such = N_("no party with id '%s'"),
	.added = N_("party %s added"),
	.deleted = N_("party %s deleted"),
};

static const struct kind_words effect_words = {
	.unknown = N_("unknown effect '%s' (known: %s)"),
	.label = N_("effect"), .plural = N_("effects"),
	/* TRANSLATORS: one of the plan's effect goals ('effects') */
	.missing_key = N_("effect is missing required key '%s'"),
	.not_mapping = N_("each effect must be a mapping (id:, name:, kind:), not %s"),
	.duplicate = N_("duplicate effect id '%s'"),
	.too_many = N_("too many effects (more than %zu); a plan needs far fewer"),
	.no_such = N_("no effect with id '%s'"),
	.added = N_("effect %s added"),
	.deleted = N_("effect %s deleted"),
};

static const struct kind_words member_words = {
	.unknown = N_("unknown member '%s' (known: %s)"),
	/* TRANSLATORS: one of the management group's roster */
	.label = N_("member"), .plural = N_("members"),
	.missing_key = N_("member is missing required key '%s'"),
	.not_mapping = N_("each member must be a mapping (id:, name:, role: ...), not %s"),
	.duplicate = N_("duplicate member id '%s'"),
	.too_many = N_("too many members (more than %zu); a roster needs far fewer"),
	.no_such = N_("no member with id '%s'"),
	.added = N_("member %s added"),
	.deleted = N_("member %s deleted"),
};

static const struct kind_words guest_words = {
	.unknown = N_("unknown guest '%s' (known: %s)"),
	.label = N_("guest"), .plural = N_("guests"),
	.missing_key = N_("guest is missing required key '%s'"),
	.not_mapping = N_("each guest must be a mapping (id:, name: ...), not %s"),
	.duplicate = N_("duplicate guest id '%s' (first at line %u)"),
	.too_many = N_("too many guests (more than %zu)"),
	.no_such = N_("no guest '%s'"),
	.added = N_("guest %s added"),
	.deleted = N_("guest %s deleted"),
};

static const struct kind_words point_words = {
	.unknown = N_("unknown point '%s' (known: %s)"),
	/* TRANSLATORS: a point of a meeting's agenda */
	.label = N_("point"), .plural = N_("points"),
	.missing_key = N_("point is missing required key '%s'"),
	.not_mapping = N_("each point must be a mapping (number:, title: ...), not %s"),
	.duplicate = N_("a second point %s (the first at line %u)"),
	.too_many = N_("too many points (more than %zu)"),
	.no_such = N_("no point '%s'"),
	.added = N_("point %s added"),
	.deleted = N_("point %s deleted"),
};

static const struct kind_words action_words = {
	.unknown = N_("unknown action '%s' (known: %s)"),
	/* TRANSLATORS: an action decided at a meeting (till nästa möte) */
	.label = N_("action"), .plural = N_("actions"),
	.missing_key = N_("action is missing required key '%s'"),
	.not_mapping = N_("each action must be a mapping (id:, what: ...), not %s"),
	.duplicate = N_("duplicate action id '%s' (first at line %u)"),
	.too_many = N_("too many actions (more than %zu)"),
	.no_such = N_("no action '%s'"),
	.added = N_("action %s added"),
	.deleted = N_("action %s deleted"),
};

static const struct kind_words topic_words = {
	.unknown = N_("unknown topic '%s' (known: %s)"),
	/* TRANSLATORS: a topic for coming meetings (till kommande möten) */
	.label = N_("topic"), .plural = N_("topics"),
	.missing_key = N_("topic is missing required key '%s'"),
	.not_mapping = N_("each topic must be a mapping (id:, text: ...), not %s"),
	.duplicate = N_("duplicate topic id '%s' (first at line %u)"),
	.no_such = N_("no topic with id '%s'"),
	.added = N_("topic %s added"),
	.deleted = N_("topic %s deleted"),
};

static const struct kind_words meeting_words = {
	.unknown = N_("unknown meeting '%s' (known: %s)"),
	.label = N_("meeting"), .plural = N_("meetings"),
	.missing_key = N_("meeting is missing required key '%s'"),
	.not_mapping = N_("each meeting must be a mapping (date: ...), not %s"),
	.duplicate = N_("duplicate meeting '%s'"),
	.too_many = N_("too many meetings (more than %zu); a plan needs far fewer"),
	.no_such = N_("no meeting on '%s'"),
	.added = N_("meeting %s added"),
	.deleted = N_("meeting %s deleted"),
};

static const struct kind_words group_words = {
	.unknown = N_("unknown group '%s' (known: %s)"),
	.label = N_("group"), .plural = N_("groups"),
	/* TRANSLATORS: a working group (groups.yaml) */
	.missing_key = N_("group is missing required key '%s'"),
	.not_mapping = N_("each group must be a mapping (id:, name: ...), not %s"),
	.duplicate = N_("duplicate group id '%s'"),
	.too_many = N_("too many groups (more than %zu); a plan needs far fewer"),
	.no_such = N_("no group with id '%s'"),
	.added = N_("group %s added"),
	.deleted = N_("group %s deleted"),
};

static const struct kind_words change_words = {
	.unknown = N_("unknown change '%s' (known: %s)"),
	.label = N_("change"), .plural = N_("changes"),
	.missing_key = N_("change is missing required key '%s'"),
	.not_mapping = N_("each change must be a mapping (id:, text:, status: ...), not %s"),
	.duplicate = N_("duplicate change id '%s' (first at line %u)"),
	.no_such = N_("no change with id '%s'"),
	.added = N_("%s added"),
	.deleted = N_("%s deleted"),
};

static const struct kind_words activity_words = {
	.unknown = N_("unknown activity '%s' (known: %s)"),
	.label = N_("activity"), .plural = N_("activities"),
	.missing_key = N_("activity is missing required key '%s'"),
	.not_mapping = N_("each activity must be a mapping (id:, text:, changes: ...), not %s"),
	.duplicate = N_("duplicate activity id '%s' (first at line %u)"),
	.no_such = N_("no activity with id '%s'"),
	.added = N_("activity %s added"),
	.deleted = N_("activity %s deleted"),
};

static const struct kind_words followup_words = {
	.unknown = N_("unknown follow-up '%s' (known: %s)"),
	.label = N_("follow-up"), .plural = N_("follow-ups"),
	.missing_key = N_("follow-up is missing required key '%s'"),
	.not_mapping = N_("each follow-up must be a mapping (year:, party: ...), not %s"),
	/* TRANSLATORS: %s is "2025-soder": the year and the party */
	.duplicate = N_("a second follow-up for %s (year and party; the first at line %u)"),
	.no_such = N_("no follow-up '%s'"),
	.added = N_("follow-up %s added"),
	.deleted = N_("follow-up %s deleted"),
};

#ifdef SAMPLAN_SHAPES
static const struct kind_words shape_words = {
	.unknown = "unknown shape '%s' (known: %s)", .label = "shape", .plural = "shapes",
	.missing_key = "shape is missing required key '%s'",
	.not_mapping = "each shape must be a mapping, not %s",
	.duplicate = "duplicate shape id '%s' (first at line %u)",
	.no_such = "no shape with id '%s'", .added = "shape %s added",
	.deleted = "shape %s deleted",
};

static const struct kind_words part_words = {
	.unknown = "unknown part '%s' (known: %s)", .label = "part", .plural = "parts",
	.missing_key = "part is missing required key '%s'",
	.not_mapping = "each part must be a mapping, not %s",
	.duplicate = "duplicate part id '%s' (first at line %u)",
	.no_such = "no part with id '%s'", .added = "part %s added",
	.deleted = "part %s deleted",
};
#endif

/* ---- the kinds ---------------------------------------------------------- */

/* What is specific to each kind beyond its row in SCHEMA_KINDS. */
struct kind_extra {
	struct field *fields; /* their top_len and sub are filled in here */
	int nfields;
	size_t size;
	int name_field;
	enum id_rule id_rule;
	const char *id_prefix;
	long id_off;              /* ID_FROM_FIELDS: where the made id is */
	int id_parts[ID_PARTS_MAX]; /* ID_FROM_FIELDS: its fields, then -1 */
	unsigned id_optional;       /* ID_FROM_FIELDS: the parts that may be empty */
	unsigned max_items, min_items;
	bool list_required;
	const struct kind_words *words;
};

#define EXTRA(f, n, T) .fields = f, .nfields = n, .size = sizeof(T)

static const struct kind_extra extras[K_COUNT] = {
	[K_PLAN] = { EXTRA(plan_fields, PL_COUNT, struct plan_info), .name_field = PL_TITLE,
		     .id_rule = ID_NONE, .max_items = 1, .min_items = 1, .words = &plan_words },
	[K_STATUS] = { EXTRA(status_fields, ST_COUNT, struct status), .name_field = ST_LABEL,
		       .id_rule = ID_FROM_NAME, .max_items = 64, .min_items = 1,
		       .list_required = true, .words = &status_words },
	[K_PARTY] = { EXTRA(party_fields, PA_COUNT, struct party), .name_field = PA_NAME,
		      .id_rule = ID_FROM_NAME, .max_items = 10000, .words = &party_words },
	[K_EFFECT] = { EXTRA(effect_fields, EF_COUNT, struct effect), .name_field = EF_NAME,
		       .id_rule = ID_FROM_NAME, .max_items = 10000, .words = &effect_words },
	[K_MEMBER] = { EXTRA(member_fields, MB_COUNT, struct member), .name_field = MB_NAME,
		       .id_rule = ID_FROM_NAME, .max_items = 10000, .words = &member_words },
	[K_MEETING] = { EXTRA(meeting_fields, ME_COUNT, struct meeting), .name_field = -1,
			.id_rule = ID_FROM_FIELDS, .id_off = offsetof(struct meeting, id),
			.id_parts = { ME_DATE, ME_PART, -1 }, .id_optional = 1u << 1,
			.max_items = 10000, .words = &meeting_words },
	[K_GUEST] = { EXTRA(guest_fields, GU_COUNT, struct guest), .name_field = GU_NAME,
		      .id_rule = ID_FROM_NAME, .max_items = 1000, .words = &guest_words },
	[K_POINT] = { EXTRA(point_fields, PO_COUNT, struct point), .name_field = PO_TITLE,
		      .id_rule = ID_FROM_FIELDS, .id_off = offsetof(struct point, id),
		      .id_parts = { PO_NUMBER, -1 }, .max_items = 1000, .words = &point_words },
	[K_ACTION] = { EXTRA(action_fields, AN_COUNT, struct action), .name_field = AN_WHAT,
		       .id_rule = ID_NUMBERED, .id_prefix = "T", .max_items = 1000,
		       .words = &action_words },
	[K_TOPIC] = { EXTRA(topic_fields, TO_COUNT, struct topic), .name_field = TO_TEXT,
		      .id_rule = ID_NUMBERED, .id_prefix = "K", .words = &topic_words },
	[K_GROUP] = { EXTRA(group_fields, GF_COUNT, struct group), .name_field = GF_NAME,
		      .id_rule = ID_FROM_NAME, .max_items = 10000, .list_required = true,
		      .words = &group_words },
	[K_CHANGE] = { EXTRA(change_fields, CF_COUNT, struct change), .name_field = CF_TEXT,
		       .id_rule = ID_NUMBERED, .id_prefix = "F", .list_required = true,
		       .words = &change_words },
	[K_ACTIVITY] = { EXTRA(activity_fields, AC_COUNT, struct activity), .name_field = AC_TEXT,
			 .id_rule = ID_NUMBERED, .id_prefix = "A", .words = &activity_words },
	[K_FOLLOWUP] = { EXTRA(followup_fields, FU_COUNT, struct followup), .name_field = -1,
			 .id_rule = ID_FROM_FIELDS, .id_off = offsetof(struct followup, id),
			 .id_parts = { FU_YEAR, FU_PARTY, -1 }, .max_items = 10000,
			 .words = &followup_words },
#ifdef SAMPLAN_SHAPES
	[K_SHAPE] = { EXTRA(shape_fields, SH_COUNT, struct shape), .name_field = SH_NAME,
		      .id_rule = ID_NUMBERED, .id_prefix = "S", .words = &shape_words },
	[K_PART] = { EXTRA(part_fields, PT_COUNT, struct shape_part), .name_field = PT_TEXT,
		     .id_rule = ID_NUMBERED, .id_prefix = "P", .max_items = 100,
		     .words = &part_words },
#endif
};
#undef EXTRA

#define SCHEMA_KIND_ROW(e, kname, kfile, klist, kparent, kfields) \
	[e] = { .name = kname, .file = kfile, .list_key = klist, .parent = kparent },

struct kind_info schema_kinds[K_COUNT] = { SCHEMA_KINDS(SCHEMA_KIND_ROW) };
#undef SCHEMA_KIND_ROW

/* Fills in the rest of each kind, once, before main: its fields, what is
 * specific to it, and which field is its id. */
__attribute__((constructor)) static void schema_init(void)
{
	for (int k = 0; k < K_COUNT; k++) {
		struct kind_info *kd = &schema_kinds[k];
		const struct kind_extra *x = &extras[k];
		kd->fields = x->fields;
		kd->nfields = x->nfields;
		kd->size = x->size;
		kd->name_field = x->name_field;
		kd->id_rule = x->id_rule;
		kd->id_prefix = x->id_prefix;
		kd->max_items = x->max_items;
		kd->min_items = x->min_items;
		kd->list_required = x->list_required;
		kd->words = x->words;
		kd->id_field = -1;
		kd->id_off = -1;
		for (int f = 0; f < x->nfields; f++) {
			struct field *fd = &x->fields[f];
			if (fd->flags & FF_ID) {
				kd->id_field = f;
				kd->id_off = (long)fd->off;
			}
			const char *dot = strchr(fd->key, '.');
			fd->top_len = dot ? (size_t)(dot - fd->key) : strlen(fd->key);
			fd->sub = dot ? dot + 1 : NULL;
		}
		if (x->id_rule == ID_FROM_FIELDS) {
			kd->id_off = x->id_off;
			for (int i = 0; i < ID_PARTS_MAX && x->id_parts[i] >= 0; i++)
				kd->id_parts[kd->nid_parts++] = x->id_parts[i];
			kd->id_optional = x->id_optional;
		}
	}
	/* where each nested kind's list is held, and how deep */
	for (int k = 0; k < K_COUNT; k++) {
		struct kind_info *kd = &schema_kinds[k];
		kd->parent_field = -1;
		if (kd->parent == K_NONE)
			continue;
		struct kind_info *pd = &schema_kinds[kd->parent];
		for (int f = 0; f < pd->nfields; f++)
			if (pd->fields[f].type == FT_RECORDS && pd->fields[f].ref == (enum kind)k)
				kd->parent_field = f;
		kd->depth = pd->depth + 1;
		pd->holds_records = true;
	}
}

/* ---- lookups ------------------------------------------------------------ */

enum kind kind_from_name(const char *name)
{
	for (int k = 0; k < K_COUNT; k++)
		if (strcmp(schema_kinds[k].name, name) == 0)
			return (enum kind)k;
	return K_NONE;
}

int kind_field_from_name(enum kind k, const char *name)
{
	const struct kind_info *kd = kind_of(k);
	for (int f = 0; f < kd->nfields; f++)
		if (strcmp(kd->fields[f].name, name) == 0 || strcmp(kd->fields[f].key, name) == 0)
			return f;
	return -1;
}

int kind_field_by_key(enum kind k, const char *key, size_t len)
{
	const struct kind_info *kd = kind_of(k);
	for (int f = 0; f < kd->nfields; f++) {
		const struct field *fd = &kd->fields[f];
		if (fd->key[0] == key[0] && field_top_len(fd) == len && memcmp(fd->key, key, len) == 0)
			return f;
	}
	return -1;
}

enum kind schema_list_kind(enum store_file_id f, const char *key)
{
	for (int k = 0; k < K_COUNT; k++) {
		const struct kind_info *kd = &schema_kinds[k];
		if (kd->file == f && kd->list_key && kd->parent == K_NONE &&
		    strcmp(kd->list_key, key) == 0)
			return (enum kind)k;
	}
	return K_NONE;
}

enum kind schema_file_record(enum store_file_id f)
{
	for (int k = 0; k < K_COUNT; k++)
		if (schema_kinds[k].file == f && !schema_kinds[k].list_key)
			return (enum kind)k;
	return K_NONE;
}

enum value_repr field_repr(const struct field *fd)
{
	switch (fd->type) {
	case FT_STRING:
	case FT_TEXT:
	case FT_CHOICE:
	case FT_REF:
	case FT_DATE:
	case FT_PERIOD:
		return VR_STR;
	case FT_RECORDS:
		return VR_RECS;
	case FT_REFS:
	case FT_NAMES:
		return VR_STRS;
	case FT_YEARS:
		return VR_YEARS;
	case FT_YEAR:
	case FT_NUMBER:
		return VR_INT;
	case FT_COUNT:
		break;
	}
	return VR_STR;
}

bool field_multiline(const struct field *fd)
{
	return fd->type == FT_TEXT;
}

bool field_is_list(const struct field *fd)
{
	enum value_repr r = field_repr(fd);
	return r == VR_STRS || r == VR_YEARS;
}

void field_choices(const struct field *fd, struct buf *out)
{
	for (size_t i = 0; fd->choices && fd->choices[i]; i++)
		buf_addf(out, "%s%s", i ? ", " : "", fd->choices[i]);
}

const char *field_choice(const struct field *fd, const char *s)
{
	for (size_t i = 0; fd->choices && fd->choices[i]; i++)
		if (strcmp(fd->choices[i], s) == 0)
			return fd->choices[i]; /* as written, mostly */
	/* compared composed: "la\u030ang" is the choice "l\u00e5ng" (nfc.h) */
	char *c = nfc_dup(s);
	const char *found = NULL;
	for (size_t i = 0; !found && fd->choices && fd->choices[i]; i++)
		if (strcmp(fd->choices[i], c) == 0)
			found = fd->choices[i];
	free(c);
	return found;
}


/* What a choice means to people, where its word is not enough. */
static const struct {
	enum kind k;
	int field;
	const char *choice, *label, *plural;
} choice_labels[] = {
	{ K_EFFECT, EF_KIND, "rus", N_("RUS effect goal"), N_("RUS effect goals") },
	{ K_EFFECT, EF_KIND, "nationell", N_("national target area"),
	  N_("National target areas") },
};

const char *field_choice_label(enum kind k, int field, const char *choice, bool plural)
{
	for (size_t i = 0; i < sizeof(choice_labels) / sizeof(*choice_labels); i++)
		if (choice_labels[i].k == k && choice_labels[i].field == field &&
		    strcmp(choice_labels[i].choice, choice) == 0)
			return plural ? choice_labels[i].plural : choice_labels[i].label;
	return choice;
}

/* The words of the fields that need their own (see field_words). */
static const struct field_words words_table[] = {
	{ K_CHANGE, CF_PRIORITY, N_("prioritised %s"), N_("no longer prioritised %s"),
	  N_("%1$s is not prioritised in %2$s"), NULL },
	{ K_CHANGE, CF_GROUPS, N_("group %s assigned"), N_("group %s unassigned"),
	  N_("group '%2$s' is not assigned to %1$s"),
	  N_("group '%1$s' is responsible for %2$s; unassign them first or use --unassign") },
	{ K_CHANGE, CF_EFFECTS, N_("effect %s linked"), N_("effect %s unlinked"),
	  N_("effect '%2$s' is not linked to %1$s"),
	  N_("effect '%1$s' is linked to %2$s; unlink them first or use --unassign") },
	{ K_CHANGE, CF_STATUS, NULL, NULL, NULL,
	  N_("status '%1$s' is the status of %2$s; give them another status first") },
	{ K_ACTIVITY, AC_CHANGES, N_("serves %s"), N_("no longer serves %s"),
	  N_("%1$s does not serve '%2$s'"),
	  N_("change '%1$s' is served by activity %2$s; remove it from their changes first or use --unassign") },
	{ K_ACTIVITY, AC_PARTIES, N_("party %s takes part"), N_("party %s no longer takes part"),
	  N_("party '%2$s' does not take part in %1$s"),
	  N_("party '%1$s' takes part in activity %2$s; remove it first or use --unassign") },
	{ K_ACTIVITY, AC_GROUP, NULL, NULL, NULL,
	  N_("group '%1$s' is responsible for activity %2$s; give them another group first") },
	{ K_ACTIVITY, AC_STATUS, NULL, NULL, NULL,
	  N_("status '%1$s' is the status of activity %2$s; give them another status first") },
	{ K_FOLLOWUP, FU_PARTY, NULL, NULL, NULL,
	  N_("party '%1$s' has followed up %2$s; delete those follow-ups first") },
};

const struct field_words *field_words(enum kind k, int field)
{
	for (size_t i = 0; i < sizeof(words_table) / sizeof(*words_table); i++)
		if (words_table[i].k == k && words_table[i].field == field)
			return &words_table[i];
	return NULL;
}
