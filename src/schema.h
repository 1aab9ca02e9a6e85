/* schema.h — the plan's shape, declared once.
 *
 * A plan is records of a few kinds (the plan itself, statuses, parties,
 * effects, meetings, working groups, desired changes), each kind kept in
 * one file under one list key, each record a handful of typed fields.
 * The lists below are the one place where a kind or a field is declared:
 * the loader, the writer, the ops, the journal, the semantic diff, the
 * command line, print and the workbench's detail all walk them.  Adding a
 * field is one line in its kind's list plus a member in its struct
 * (model.h); adding a kind is one line in SCHEMA_KINDS, its field list,
 * its struct and its words in schema.c.
 *
 * Where the roadmap goes (DESIGN.md): activities and their yearly
 * follow-up in a file of their own (activities.yaml, which older plans do
 * not have: a file may be optional), points and actions inside a meeting
 * (a kind's records may live inside another kind's record: `parent`), and
 * references between all of them (FT_REF, FT_REFS). */
#ifndef SAMPLAN_SCHEMA_H
#define SAMPLAN_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

/* The plan's files: enum, file name, required. */
#define SCHEMA_FILES(_)                          \
	_(SF_PLAN, "plan.yaml", true)            \
	_(SF_GROUPS, "groups.yaml", true)        \
	_(SF_CHANGES, "changes.yaml", true)

enum store_file_id {
#define SCHEMA_FILE_ENUM(e, name, required) e,
	SCHEMA_FILES(SCHEMA_FILE_ENUM)
#undef SCHEMA_FILE_ENUM
	SF_COUNT
};

/* The record kinds: enum, name (on the command line: KIND:ID), file, the
 * top-level key of its list (NULL: the file's own top level, one record),
 * the kind whose records hold its list (K_NONE: the file's top level),
 * and its fields' list (below).  In the order the files hold them. */
#define SCHEMA_KINDS(_)                                                  \
	_(K_PLAN, "plan", SF_PLAN, NULL, K_NONE, PLAN_FIELDS)             \
	_(K_STATUS, "status", SF_PLAN, "statuses", K_NONE, STATUS_FIELDS) \
	_(K_PARTY, "party", SF_PLAN, "parties", K_NONE, PARTY_FIELDS)     \
	_(K_EFFECT, "effect", SF_PLAN, "effects", K_NONE, EFFECT_FIELDS)  \
	_(K_MEETING, "meeting", SF_PLAN, "meetings", K_NONE, MEETING_FIELDS) \
	_(K_GROUP, "group", SF_GROUPS, "groups", K_NONE, GROUP_FIELDS)    \
	_(K_CHANGE, "change", SF_CHANGES, "changes", K_NONE, CHANGE_FIELDS)

enum kind {
	K_NONE = -1,
#define SCHEMA_KIND_ENUM(e, name, file, list, parent, fields) e,
	SCHEMA_KINDS(SCHEMA_KIND_ENUM)
#undef SCHEMA_KIND_ENUM
	K_COUNT
};

/* What a field holds, and how it is written and read. */
enum field_type {
	FT_STRING, /* one line of text */
	FT_TEXT,   /* text that may span lines */
	FT_CHOICE, /* one of fixed words (the first is the default) */
	FT_REF,    /* the id of a record of kind `ref` */
	FT_REFS,   /* a list of ids of records of kind `ref` */
	FT_NAMES,  /* a list of one-line strings (people, organisations) */
	FT_YEARS,  /* a list of years, kept ascending */
	FT_YEAR,   /* a year 1900..2999 */
	FT_NUMBER, /* a whole number, 0 or more; 0 when absent */
	FT_DATE,   /* YYYY-MM-DD, a real date */
	FT_COUNT
};

/* How a value is held in its record's struct. */
enum value_repr { VR_STR, VR_STRS, VR_YEARS, VR_INT };

enum field_flags {
	FF_ID = 1u << 0,       /* the record's id */
	FF_REQUIRED = 1u << 1, /* the key must be there */
	FF_NONEMPTY = 1u << 2, /* and its value must not be empty */
	FF_UNIQUE = 1u << 3,   /* no two records of the kind share a value
				* (compared without regard to case): a
				* group's name */
};

#define FF_REQ (FF_REQUIRED | FF_NONEMPTY)

/* The words of an FT_CHOICE field. */
#define CHOICES(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* Each kind's fields, in the order a new record's keys are written.
 * _(enum, struct member, key in the file ("a.b": key b of the mapping
 * under key a), type, flags, the kind it refers to, the choices of an
 * FT_CHOICE, label for people (gettext)). */
#define PLAN_FIELDS(_)                                                                         \
	_(PL_TITLE, title, "title", FT_STRING, FF_REQ, K_NONE, NULL, N_("title"))              \
	_(PL_SUBTITLE, subtitle, "subtitle", FT_STRING, 0, K_NONE, NULL, N_("subtitle"))       \
	_(PL_VERSION, version, "version", FT_NUMBER, 0, K_NONE, NULL, N_("version"))           \
	_(PL_ADOPTED_BY, adopted_by, "adopted.by", FT_STRING, 0, K_NONE, NULL,                 \
	  N_("adopted by"))                                                                    \
	_(PL_ADOPTED_DATE, adopted_date, "adopted.date", FT_DATE, 0, K_NONE, NULL,             \
	  N_("adopted on"))                                                                    \
	_(PL_FOCUS_YEAR, focus_year, "focus_year", FT_YEAR, FF_REQUIRED, K_NONE, NULL,         \
	  N_("focus year"))

#define STATUS_FIELDS(_)                                                                  \
	_(ST_KEY, key, "key", FT_STRING, FF_ID | FF_REQ, K_NONE, NULL, N_("key"))         \
	_(ST_LABEL, label, "label", FT_STRING, FF_REQ, K_NONE, NULL, N_("label"))

#define PARTY_FIELDS(_)                                                                   \
	_(PA_ID, id, "id", FT_STRING, FF_ID | FF_REQ, K_NONE, NULL, N_("id"))             \
	_(PA_NAME, name, "name", FT_STRING, FF_REQ, K_NONE, NULL, N_("name"))             \
	_(PA_MEMBERS, members, "members", FT_NAMES, 0, K_NONE, NULL, N_("members"))       \
	_(PA_NOTE, note, "note", FT_TEXT, 0, K_NONE, NULL, N_("note"))

#define EFFECT_FIELDS(_)                                                                  \
	_(EF_ID, id, "id", FT_STRING, FF_ID | FF_REQ, K_NONE, NULL, N_("id"))             \
	_(EF_NAME, name, "name", FT_STRING, FF_REQ, K_NONE, NULL, N_("name"))             \
	_(EF_KIND, kind, "kind", FT_CHOICE, FF_REQ, K_NONE, CHOICES("rus", "nationell"), N_("effect kind"))

#define MEETING_FIELDS(_)                                                                 \
	_(ME_DATE, date, "date", FT_DATE, FF_ID | FF_REQ, K_NONE, NULL, N_("date"))       \
	_(ME_TIME, time, "time", FT_STRING, 0, K_NONE, NULL, N_("time"))                  \
	_(ME_PLACE, place, "place", FT_STRING, 0, K_NONE, NULL, N_("place"))              \
	_(ME_NOTE, note, "note", FT_TEXT, 0, K_NONE, NULL, N_("note"))

#define GROUP_FIELDS(_)                                                                   \
	_(GF_ID, id, "id", FT_STRING, FF_ID | FF_REQ, K_NONE, NULL, N_("id"))             \
	_(GF_NAME, name, "name", FT_STRING, FF_REQ | FF_UNIQUE, K_NONE, NULL, N_("name")) \
	_(GF_LEAD, lead, "lead", FT_STRING, 0, K_NONE, NULL, N_("lead"))                  \
	_(GF_MANDATE, mandate, "mandate", FT_TEXT, 0, K_NONE, NULL, N_("mandate"))        \
	_(GF_MEMBERS, members, "members", FT_NAMES, 0, K_NONE, NULL, N_("members"))       \
	_(GF_NOTES, notes, "notes", FT_TEXT, 0, K_NONE, NULL, N_("notes"))

#define CHANGE_FIELDS(_)                                                                  \
	_(CF_ID, id, "id", FT_STRING, FF_ID | FF_REQ, K_NONE, NULL, N_("id"))             \
	_(CF_HORIZON, horizon, "horizon", FT_CHOICE, 0, K_NONE, CHOICES("kort", "lång"), N_("horizon")) \
	_(CF_TEXT, text, "text", FT_TEXT, FF_REQ, K_NONE, NULL, N_("text"))               \
	_(CF_PRIORITY, priority, "priority", FT_YEARS, 0, K_NONE, NULL, N_("priority"))   \
	_(CF_STATUS, status, "status", FT_REF, FF_REQ, K_STATUS, NULL, N_("status"))      \
	_(CF_GROUPS, groups, "groups", FT_REFS, 0, K_GROUP, NULL, N_("groups"))           \
	_(CF_EFFECTS, effects, "effects", FT_REFS, 0, K_EFFECT, NULL, N_("effects"))      \
	_(CF_NOTES, notes, "notes", FT_TEXT, 0, K_NONE, NULL, N_("notes"))

#define SCHEMA_FIELD_ENUM(e, member, key, type, flags, ref, choices, label) e,
enum plan_field { PLAN_FIELDS(SCHEMA_FIELD_ENUM) PL_COUNT };
enum status_field { STATUS_FIELDS(SCHEMA_FIELD_ENUM) ST_COUNT };
enum party_field { PARTY_FIELDS(SCHEMA_FIELD_ENUM) PA_COUNT };
enum effect_field { EFFECT_FIELDS(SCHEMA_FIELD_ENUM) EF_COUNT };
enum meeting_field { MEETING_FIELDS(SCHEMA_FIELD_ENUM) ME_COUNT };
enum group_field { GROUP_FIELDS(SCHEMA_FIELD_ENUM) GF_COUNT };
enum change_field { CHANGE_FIELDS(SCHEMA_FIELD_ENUM) CF_COUNT };
#undef SCHEMA_FIELD_ENUM

/* The most fields a kind has (a record's dirty marks are one bit each). */
#define FIELD_MAX 32

/* How a new record's id is made. */
enum id_rule {
	ID_NONE,     /* the plan itself: no id */
	ID_NUMBERED, /* a prefix and the next free number: F13 */
	ID_FROM_NAME, /* from the name field, in ASCII: halsokunniga-beslutsfattare */
	ID_GIVEN,    /* given by the user (a meeting's date) */
};

/* What a kind says in messages: whole sentences, since how the subject is
 * written differs by language.  Each holds the %s (or %u) shown. */
struct kind_words {
	const char *label, *plural;  /* "change", "changes" (N_) */
	const char *missing_key;     /* "change is missing required key '%s'" */
	const char *not_mapping;     /* "each change must be a mapping (...), not %s" */
	const char *duplicate;       /* "duplicate change id '%s'" (%s, then %u: line) */
	const char *too_many;        /* "too many groups (more than %u)..." */
	const char *no_such;         /* "no change with id '%s'" */
	const char *unknown;         /* a reference to nothing: "unknown group '%s'
				      * (known: %s)" */
	const char *added;           /* "group %s added" */
	const char *deleted;         /* "group %s deleted" */
};

struct field {
	const char *name;      /* on the command line: the struct member's name */
	const char *key;       /* in the file: "adopted.by" is key "by" of the
				* mapping under top-level key "adopted" */
	enum field_type type;
	unsigned flags;        /* enum field_flags */
	enum kind ref;         /* FT_REF, FT_REFS */
	const char *const *choices; /* FT_CHOICE, NULL-terminated */
	const char *label;     /* N_() */
	size_t off;            /* of the value in the kind's struct */
	/* Made from `key` before main (schema.c): the length of its top-level
	 * part, and the key under it (NULL when it has no dot). */
	size_t top_len;
	const char *sub;
};

struct kind_info {
	const char *name;
	enum store_file_id file;
	const char *list_key;  /* NULL for the file's own record */
	enum kind parent;
	const struct field *fields;
	int nfields;
	int id_field;          /* -1: none */
	int name_field;        /* what people call a record (-1: its id) */
	enum id_rule id_rule;
	const char *id_prefix; /* ID_NUMBERED */
	size_t size;           /* of its struct */
	unsigned max_items;    /* 0: no limit */
	unsigned min_items;
	bool list_required;    /* its list's key must be in the file */
	const struct kind_words *words;
};

/* Filled in before main runs (schema.c); read-only after. */
extern struct kind_info schema_kinds[K_COUNT];

struct plan_file {
	const char *name;
	bool required;
};
/* Not const only so that a test can make a file optional: none is today,
 * and a later version's activities.yaml will be (older plans lack it). */
extern struct plan_file schema_files[SF_COUNT];

static inline const struct kind_info *kind_of(enum kind k)
{
	return &schema_kinds[k];
}

static inline const struct field *kind_field(enum kind k, int f)
{
	return &schema_kinds[k].fields[f];
}

/* The kind named `name` ("group"), K_NONE when none. */
enum kind kind_from_name(const char *name);
/* The field of kind k named `name` (its name, or its key such as
 * "adopted.by"), -1 when none. */
int kind_field_from_name(enum kind k, const char *name);
/* The field of kind k whose key in the file is `key` at the top of a
 * record (for "adopted.by": "adopted"), -1 when none.  `len` is the key's
 * length. */
int kind_field_by_key(enum kind k, const char *key, size_t len);
/* The kind whose list stands under top-level key `key` of file f. */
enum kind schema_list_kind(enum store_file_id f, const char *key);
/* The kind that is file f's own record (the plan), K_NONE when none. */
enum kind schema_file_record(enum store_file_id f);

enum value_repr field_repr(const struct field *fd);
/* The choices of an FT_CHOICE field as "a, b" (for messages). */
void field_choices(const struct field *fd, struct buf *out);
/* The choice `s` as the schema spells it (static), or NULL when it is
 * not one. */
const char *field_choice(const struct field *fd, const char *s);
/* The top-level key of the field's key ("adopted" of "adopted.by"), its
 * length, and the key under it (NULL when the key has no dot). */
static inline size_t field_top_len(const struct field *fd)
{
	return fd->top_len;
}
static inline const char *field_sub_key(const struct field *fd)
{
	return fd->sub;
}
/* What choice `choice` of field `field` of kind k means, for people
 * (N_(): translate it), "RUS effect goals" for an effect's kind "rus"
 * (plural), or the choice itself when it has no label. */
const char *field_choice_label(enum kind k, int field, const char *choice, bool plural);
/* Fields of a type that may span lines. */
bool field_multiline(const struct field *fd);
bool field_is_list(const struct field *fd);

#endif
