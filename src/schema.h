/* schema.h — the plan's shape, declared once.
 *
 * A plan is records of a few kinds (the plan itself, statuses, parties,
 * effects, meetings, working groups, desired changes, activities and
 * their follow-ups), each kind kept in one file, each record a handful
 * of typed fields.  The lists below are the one place where a kind or a
 * field is declared: the loader, the writer, the ops, the journal, the
 * semantic diff, commit messages, the command line, print and the
 * workbench all walk them.  Adding a field is one line in its kind's
 * list plus a member in its struct (model.h); adding a kind is one line
 * in SCHEMA_KINDS, its field list, its struct and its words in schema.c.
 *
 * How the kinds are arranged:
 *
 * - A file's own record (the plan, plan.yaml's top level) is a kind
 *   without a list key (kind_is_own); every other kind is a list of
 *   records with ids.  A file may be optional (activities.yaml: older
 *   plans lack it); absent or empty, it holds no records.
 *
 * - Records inside records: a kind may name a parent kind, and the
 *   parent an FT_RECORDS field whose value is the list of the child's
 *   records (an activity's `followup:`; later a meeting's points and
 *   actions).  The model keeps that list in the parent record itself
 *   (struct reclist, model.h), each record knowing its parent; the
 *   store reads and patches it where it stands in the parent's lines,
 *   in its own indent and block or flow style; ops, the journal, the
 *   diff and messages name such a record by its path, KIND:PARENT/ID
 *   (followup:A1/2025-soder), and one function finds any record by kind
 *   and path (plan_find).
 *
 * - Ids: given (a meeting's date), made from the name (a group's),
 *   numbered with a prefix within their list (F13, A2; a bare id on the
 *   command line is resolved by the prefix), or made of fields
 *   (ID_FROM_FIELDS: a follow-up is its year and party, "2025-soder";
 *   setting one of them renames it).
 *
 * - References (FT_REF, FT_REFS) point to top-level kinds of the same
 *   file or of a file read before; they are checked on load, followed on
 *   a rename and refused on a delete, from wherever they stand (a
 *   follow-up's party too).  A single reference (FT_REF) may point
 *   forward, to a kind of a file read after its own (an action's working
 *   group): it is checked once every file is read.
 *
 * A build for the shapes test adds a kind with a field of every type and
 * flag and a kind inside it (SAMPLAN_SHAPES, below), so that what no
 * shipped kind uses yet is tested before a kind needs it. */
#ifndef SAMPLAN_SCHEMA_H
#define SAMPLAN_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

/* The plan's files: enum, file name, required.  A file that is not
 * required may be absent (older plans have no activities.yaml); it is
 * then an empty file of its kinds, written when it gets a record.  The
 * order is the order they are read in: a file's references go to kinds
 * of the files before it. */
#define SCHEMA_FILES(_)                                  \
	_(SF_PLAN, "plan.yaml", true)                    \
	_(SF_GROUPS, "groups.yaml", true)                \
	_(SF_CHANGES, "changes.yaml", true)              \
	_(SF_ACTIVITIES, "activities.yaml", false)       \
	SCHEMA_TEST_FILES(_)

/* A build for the shapes test (tests/unit/check_shapes.c) has one more
 * file and two more kinds, which use every type and flag the schema has,
 * so that shapes no shipped kind uses yet are tested before a kind needs
 * them. */
#ifdef SAMPLAN_SHAPES
#define SCHEMA_TEST_FILES(_) _(SF_SHAPES, "shapes.yaml", false)
#define SCHEMA_TEST_KINDS(_)                                                      \
	_(K_SHAPE, "shape", SF_SHAPES, "shapes", K_NONE, SHAPE_FIELDS)            \
	_(K_PART, "part", SF_SHAPES, "parts", K_SHAPE, PART_FIELDS)
#else
#define SCHEMA_TEST_FILES(_)
#define SCHEMA_TEST_KINDS(_)
#endif

enum store_file_id {
#define SCHEMA_FILE_ENUM(e, name, required) e,
	SCHEMA_FILES(SCHEMA_FILE_ENUM)
#undef SCHEMA_FILE_ENUM
	SF_COUNT
};

/* The record kinds: enum, name (on the command line: KIND:ID), file, the
 * key of its list (NULL: the file's own record, its top level), the kind
 * whose records hold its list (K_NONE: the list stands at the file's top
 * level; else it is the value of that kind's FT_RECORDS field whose key
 * is the list's key: records inside records), and its fields' list
 * (below).  In the order the files hold them; a kind after its parent. */
#define SCHEMA_KINDS(_)                                                  \
	_(K_PLAN, "plan", SF_PLAN, NULL, K_NONE, PLAN_FIELDS)             \
	_(K_STATUS, "status", SF_PLAN, "statuses", K_NONE, STATUS_FIELDS) \
	_(K_PARTY, "party", SF_PLAN, "parties", K_NONE, PARTY_FIELDS)     \
	_(K_EFFECT, "effect", SF_PLAN, "effects", K_NONE, EFFECT_FIELDS)  \
	_(K_MEMBER, "member", SF_PLAN, "roster", K_NONE, MEMBER_FIELDS)   \
	_(K_MEETING, "meeting", SF_PLAN, "meetings", K_NONE, MEETING_FIELDS) \
	_(K_GUEST, "guest", SF_PLAN, "guests", K_MEETING, GUEST_FIELDS)   \
	_(K_POINT, "point", SF_PLAN, "points", K_MEETING, POINT_FIELDS)   \
	_(K_ACTION, "action", SF_PLAN, "actions", K_MEETING, ACTION_FIELDS) \
	_(K_TOPIC, "topic", SF_PLAN, "topics", K_NONE, TOPIC_FIELDS)      \
	_(K_GROUP, "group", SF_GROUPS, "groups", K_NONE, GROUP_FIELDS)    \
	_(K_CHANGE, "change", SF_CHANGES, "changes", K_NONE, CHANGE_FIELDS) \
	_(K_ACTIVITY, "activity", SF_ACTIVITIES, "activities", K_NONE, ACTIVITY_FIELDS) \
	_(K_FOLLOWUP, "followup", SF_ACTIVITIES, "followup", K_ACTIVITY, FOLLOWUP_FIELDS) \
	SCHEMA_TEST_KINDS(_)

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
	FT_PERIOD, /* a year, a month or a day: YYYY, YYYY-MM or YYYY-MM-DD */
	FT_RECORDS, /* a list of records of kind `ref`, inside this record */
	FT_COUNT
};

/* How a value is held in its record's struct. */
enum value_repr { VR_STR, VR_STRS, VR_YEARS, VR_INT, VR_RECS };

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

/* A member of the management group's roster (Chefsgrupp folkhälsa): a
 * name and a role as the minutes write them, and the organisation and
 * party where the role names them. */
#define MEMBER_FIELDS(_)                                                                  \
	_(MB_ID, id, "id", FT_STRING, FF_ID | FF_REQ, K_NONE, NULL, N_("id"))             \
	_(MB_NAME, name, "name", FT_STRING, FF_REQ | FF_UNIQUE, K_NONE, NULL, N_("name")) \
	_(MB_ROLE, role, "role", FT_STRING, 0, K_NONE, NULL, N_("role"))                  \
	_(MB_ORG, org, "org", FT_STRING, 0, K_NONE, NULL, N_("organisation"))             \
	_(MB_PART, part, "part", FT_REF, 0, K_PARTY, NULL, N_("party"))

/* A meeting: of the management group (chefsgrupp, the default), a joint
 * one of several management groups, the follow-up day, or a part's
 * collaboration meeting (samverkansmöte, with its party).  Its id is its
 * date, and the party's id after it when it has one ("2025-12-02-norr").
 * Chair, secretary and attendance are members of the roster; guests,
 * the agenda's points and the actions decided (till nästa möte) stand
 * inside it. */
#define MEETING_FIELDS(_)                                                                 \
	_(ME_DATE, date, "date", FT_DATE, FF_REQ, K_NONE, NULL, N_("date"))               \
	_(ME_KIND, kind, "kind", FT_CHOICE, 0, K_NONE,                                    \
	  CHOICES("chefsgrupp", "gemensam-chefsgrupp", "uppfoljningsdag", "samverkansmote"),   \
	  N_("meeting kind"))                                                             \
	_(ME_PART, part, "part", FT_REF, 0, K_PARTY, NULL, N_("party"))                   \
	_(ME_STATUS, status, "status", FT_CHOICE, 0, K_NONE, CHOICES("planerat", "genomfort"), \
	  N_("meeting status"))                                                           \
	_(ME_TIME, time, "time", FT_STRING, 0, K_NONE, NULL, N_("time"))                  \
	_(ME_PLACE, place, "place", FT_STRING, 0, K_NONE, NULL, N_("place"))              \
	_(ME_NOTE, note, "note", FT_TEXT, 0, K_NONE, NULL, N_("note"))                    \
	_(ME_CHAIR, chair, "chair", FT_REF, 0, K_MEMBER, NULL, N_("chair"))               \
	_(ME_SECRETARY, secretary, "secretary", FT_REF, 0, K_MEMBER, NULL, N_("secretary")) \
	_(ME_ATTENDEES, attendees, "attendees", FT_REFS, 0, K_MEMBER, NULL, N_("attendees")) \
	_(ME_GUESTS, guests, "guests", FT_RECORDS, 0, K_GUEST, NULL, N_("guests"))        \
	_(ME_POINTS, points, "points", FT_RECORDS, 0, K_POINT, NULL, N_("agenda"))        \
	_(ME_ACTIONS, actions, "actions", FT_RECORDS, 0, K_ACTION, NULL, N_("actions"))

/* A guest of a meeting, inside it: a name, what the minutes say besides
 * ("forskare, Linköpings universitet"), and the numbers of the points
 * the guest came for. */
#define GUEST_FIELDS(_)                                                                   \
	_(GU_ID, id, "id", FT_STRING, FF_ID | FF_REQ, K_NONE, NULL, N_("id"))             \
	_(GU_NAME, name, "name", FT_STRING, FF_REQ, K_NONE, NULL, N_("name"))             \
	_(GU_NOTE, note, "note", FT_STRING, 0, K_NONE, NULL, N_("note"))                  \
	_(GU_POINTS, points, "points", FT_NAMES, 0, K_NONE, NULL, N_("points"))

/* A point of a meeting's agenda (dagordning), inside it, numbered in
 * order from 1; its id is its number.  `decided`: the edits of the plan
 * made at the point (in the decision round), in words, one a line. */
#define POINT_FIELDS(_)                                                                   \
	_(PO_NUMBER, number, "number", FT_NUMBER, FF_REQUIRED, K_NONE, NULL, N_("number"))  \
	_(PO_TITLE, title, "title", FT_STRING, FF_REQ, K_NONE, NULL, N_("title"))         \
	_(PO_PRESENTER, presenter, "presenter", FT_STRING, 0, K_NONE, NULL, N_("presenter")) \
	_(PO_NOTES, notes, "notes", FT_TEXT, 0, K_NONE, NULL, N_("notes"))                \
	_(PO_DECISION, decision, "decision", FT_TEXT, 0, K_NONE, NULL, N_("decision"))      \
	_(PO_DECIDED, decided, "decided", FT_NAMES, 0, K_NONE, NULL, N_("decided on the plan"))

/* An action decided at a meeting (till nästa möte), inside it: what, who
 * (members of the roster, a party, a working group), by when, the day it
 * was done (none: open) and the number of the point it came from (0:
 * none).  Its group is of groups.yaml, read after plan.yaml: a reference
 * forward, checked once every file is read (load.c). */
#define ACTION_FIELDS(_)                                                                  \
	_(AN_ID, id, "id", FT_STRING, FF_ID | FF_REQ, K_NONE, NULL, N_("id"))             \
	_(AN_WHAT, what, "what", FT_TEXT, FF_REQ, K_NONE, NULL, N_("what"))               \
	_(AN_WHO, who, "who", FT_REFS, 0, K_MEMBER, NULL, N_("who"))                      \
	_(AN_PARTY, party, "party", FT_REF, 0, K_PARTY, NULL, N_("party"))                \
	_(AN_GROUP, group, "group", FT_REF, 0, K_GROUP, NULL, N_("group"))                \
	_(AN_DUE, due, "due", FT_DATE, 0, K_NONE, NULL, N_("due"))                        \
	_(AN_DONE, done, "done", FT_DATE, 0, K_NONE, NULL, N_("done"))                    \
	_(AN_POINT, point, "point", FT_NUMBER, 0, K_NONE, NULL, N_("point"))

/* A topic for coming meetings (till kommande möten): its text, a note,
 * the meeting that raised it and, once placed, the meeting it went to. */
#define TOPIC_FIELDS(_)                                                                   \
	_(TO_ID, id, "id", FT_STRING, FF_ID | FF_REQ, K_NONE, NULL, N_("id"))             \
	_(TO_TEXT, text, "text", FT_TEXT, FF_REQ, K_NONE, NULL, N_("text"))               \
	_(TO_NOTE, note, "note", FT_TEXT, 0, K_NONE, NULL, N_("note"))                    \
	_(TO_FROM, from, "from", FT_REF, 0, K_MEETING, NULL, N_("raised at"))             \
	_(TO_MEETING, meeting, "meeting", FT_REF, 0, K_MEETING, NULL, N_("placed on"))

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

/* An activity of the activity plan (aktivitetsplan): what is done to
 * bring about desired changes, with the programme logic's output
 * (prestation) and result, and an indicator followed up every year. */
#define ACTIVITY_FIELDS(_)                                                                \
	_(AC_ID, id, "id", FT_STRING, FF_ID | FF_REQ, K_NONE, NULL, N_("id"))             \
	_(AC_TEXT, text, "text", FT_TEXT, FF_REQ, K_NONE, NULL, N_("text"))               \
	_(AC_CHANGES, changes, "changes", FT_REFS, FF_REQ, K_CHANGE, NULL, N_("changes")) \
	_(AC_GROUP, group, "group", FT_REF, 0, K_GROUP, NULL, N_("group"))                \
	_(AC_PARTIES, parties, "parties", FT_REFS, 0, K_PARTY, NULL, N_("parties"))       \
	_(AC_FROM, period_from, "period.from", FT_PERIOD, 0, K_NONE, NULL, N_("from"))    \
	_(AC_TO, period_to, "period.to", FT_PERIOD, 0, K_NONE, NULL, N_("to"))            \
	_(AC_OUTPUT, output, "output", FT_TEXT, 0, K_NONE, NULL, N_("output"))            \
	_(AC_RESULT, result, "result", FT_TEXT, 0, K_NONE, NULL, N_("result"))            \
	_(AC_INDICATOR, indicator, "indicator", FT_STRING, 0, K_NONE, NULL, N_("indicator")) \
	_(AC_BASELINE, baseline, "baseline", FT_STRING, 0, K_NONE, NULL, N_("baseline"))  \
	_(AC_TARGET, target, "target", FT_STRING, 0, K_NONE, NULL, N_("target"))          \
	_(AC_STATUS, status, "status", FT_REF, FF_REQ, K_STATUS, NULL, N_("status"))      \
	_(AC_NOTES, notes, "notes", FT_TEXT, 0, K_NONE, NULL, N_("notes"))                \
	_(AC_FOLLOWUP, followup, "followup", FT_RECORDS, 0, K_FOLLOWUP, NULL, N_("follow-ups"))

/* A follow-up (uppföljning) of an activity, inside it: what one party
 * did in one year; its id is made of the two ("2025-soder"). */
#define FOLLOWUP_FIELDS(_)                                                                \
	_(FU_YEAR, year, "year", FT_YEAR, FF_REQUIRED, K_NONE, NULL, N_("year"))          \
	_(FU_PARTY, party, "party", FT_REF, FF_REQ, K_PARTY, NULL, N_("party"))           \
	_(FU_DONE, done, "done", FT_TEXT, 0, K_NONE, NULL, N_("done"))                    \
	_(FU_OUTPUT, output, "output", FT_TEXT, 0, K_NONE, NULL, N_("output"))            \
	_(FU_RESULT, result, "result", FT_TEXT, 0, K_NONE, NULL, N_("result"))            \
	_(FU_VALUE, value, "value", FT_STRING, 0, K_NONE, NULL, N_("value"))              \
	_(FU_COMMENT, comment, "comment", FT_TEXT, 0, K_NONE, NULL, N_("comment"))

#ifdef SAMPLAN_SHAPES
/* Every type and flag: the shapes test's kinds (not for people). */
#define SHAPE_FIELDS(_)                                                                  \
	_(SH_ID, id, "id", FT_STRING, FF_ID | FF_REQ, K_NONE, NULL, "id")                \
	_(SH_NAME, name, "name", FT_STRING, FF_REQ | FF_UNIQUE, K_NONE, NULL, "name")    \
	_(SH_TEXT, text, "text", FT_TEXT, 0, K_NONE, NULL, "text")                       \
	_(SH_CHOICE, choice, "choice", FT_CHOICE, 0, K_NONE, CHOICES("ett", "två"), "choice") \
	_(SH_OWNER, owner, "owner", FT_REF, 0, K_GROUP, NULL, "owner")                   \
	_(SH_LINKS, links, "links", FT_REFS, 0, K_CHANGE, NULL, "links")                 \
	_(SH_PEOPLE, people, "people", FT_NAMES, 0, K_NONE, NULL, "people")              \
	_(SH_YEARS, years, "years", FT_YEARS, 0, K_NONE, NULL, "years")                  \
	_(SH_YEAR, year, "year", FT_YEAR, 0, K_NONE, NULL, "year")                       \
	_(SH_NUMBER, count, "count", FT_NUMBER, 0, K_NONE, NULL, "count")                \
	_(SH_DAY, day, "day", FT_DATE, 0, K_NONE, NULL, "day")                           \
	_(SH_FROM, from, "period.from", FT_PERIOD, 0, K_NONE, NULL, "from")              \
	_(SH_TO, to, "period.to", FT_PERIOD, 0, K_NONE, NULL, "to")                      \
	_(SH_PARTS, parts, "parts", FT_RECORDS, 0, K_PART, NULL, "parts")

#define PART_FIELDS(_)                                                                   \
	_(PT_ID, id, "id", FT_STRING, FF_ID | FF_REQ, K_NONE, NULL, "id")                \
	_(PT_TEXT, text, "text", FT_STRING, FF_REQ, K_NONE, NULL, "text")                \
	_(PT_WHO, who, "who", FT_REF, 0, K_PARTY, NULL, "who")                           \
	_(PT_NOTE, note, "note", FT_TEXT, 0, K_NONE, NULL, "note")
#endif

#define SCHEMA_FIELD_ENUM(e, member, key, type, flags, ref, choices, label) e,
enum plan_field { PLAN_FIELDS(SCHEMA_FIELD_ENUM) PL_COUNT };
enum status_field { STATUS_FIELDS(SCHEMA_FIELD_ENUM) ST_COUNT };
enum party_field { PARTY_FIELDS(SCHEMA_FIELD_ENUM) PA_COUNT };
enum effect_field { EFFECT_FIELDS(SCHEMA_FIELD_ENUM) EF_COUNT };
enum member_field { MEMBER_FIELDS(SCHEMA_FIELD_ENUM) MB_COUNT };
enum meeting_field { MEETING_FIELDS(SCHEMA_FIELD_ENUM) ME_COUNT };
enum guest_field { GUEST_FIELDS(SCHEMA_FIELD_ENUM) GU_COUNT };
enum point_field { POINT_FIELDS(SCHEMA_FIELD_ENUM) PO_COUNT };
enum action_field { ACTION_FIELDS(SCHEMA_FIELD_ENUM) AN_COUNT };
enum topic_field { TOPIC_FIELDS(SCHEMA_FIELD_ENUM) TO_COUNT };
enum group_field { GROUP_FIELDS(SCHEMA_FIELD_ENUM) GF_COUNT };
enum change_field { CHANGE_FIELDS(SCHEMA_FIELD_ENUM) CF_COUNT };
enum activity_field { ACTIVITY_FIELDS(SCHEMA_FIELD_ENUM) AC_COUNT };
enum followup_field { FOLLOWUP_FIELDS(SCHEMA_FIELD_ENUM) FU_COUNT };
#ifdef SAMPLAN_SHAPES
enum shape_field { SHAPE_FIELDS(SCHEMA_FIELD_ENUM) SH_COUNT };
enum part_field { PART_FIELDS(SCHEMA_FIELD_ENUM) PT_COUNT };
#endif
#undef SCHEMA_FIELD_ENUM

/* The most fields a kind has (a record's dirty marks are one bit each). */
#define FIELD_MAX 32

/* How a new record's id is made. */
enum id_rule {
	ID_NONE,     /* the plan itself: no id */
	ID_NUMBERED, /* a prefix and the next free number in its list: F13, A2 */
	ID_FROM_NAME, /* from the name field, in ASCII: halsokunniga-beslutsfattare */
	ID_FROM_FIELDS, /* made of the values of its id_parts, joined by '-'
			 * ("2025-soder"), and made again when one changes;
			 * not written in the file */
};

/* The most fields an ID_FROM_FIELDS id is made of. */
#define ID_PARTS_MAX 3

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

/* How the value of a field is spoken of, where it is more than a value:
 * an item of a list field added or removed ("group %s assigned"), an
 * item that is not there, and what stops deleting the record a reference
 * field names.  `added` and `removed` take the item; `not_there` the
 * record's id and the item, and `used_by` the id of what is named and the
 * records that name it, both in that order ("%1$s", "%2$s" where the
 * words need them the other way round).  Any may be NULL. */
struct field_words {
	enum kind k;
	int field;
	const char *added, *removed; /* "group %s assigned" */
	const char *not_there;       /* "group '%2$s' is not assigned to %1$s" */
	const char *used_by;         /* deleting what it names: "group '%1$s' is
				      * responsible for %2$s; ..." */
};

/* The words of field `field` of kind k, or NULL (plain words serve). */
const struct field_words *field_words(enum kind k, int field);

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
	enum kind parent;      /* K_NONE: a list at the file's top level */
	int parent_field;      /* the parent's FT_RECORDS field that holds
				* the list (-1: none) */
	int depth;             /* 0 at the top level, 1 inside a parent... */
	bool holds_records;    /* some kind's records stand inside its records */
	const struct field *fields;
	int nfields;
	int id_field;          /* the field that is the id; -1: none */
	long id_off;           /* where the id (a string) is in the struct:
				* the id field's, or made (ID_FROM_FIELDS);
				* -1: the kind has no id */
	int id_parts[ID_PARTS_MAX], nid_parts; /* ID_FROM_FIELDS */
	unsigned id_optional;  /* bit i: id part i may be empty, and is then
				* left out with its '-' (a meeting with no
				* party is known by its date alone) */
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

/* The file's own record (the plan): one, at the file's top level. */
static inline bool kind_is_own(enum kind k)
{
	return !schema_kinds[k].list_key;
}

/* Its records have ids (every kind in a list has). */
static inline bool kind_has_id(enum kind k)
{
	return schema_kinds[k].id_off >= 0;
}

/* Its records stand inside records of its parent kind. */
static inline bool kind_is_nested(enum kind k)
{
	return schema_kinds[k].parent != K_NONE;
}

/* A kind of the meetings' own records (the roster, a meeting and what it
 * holds, the topics for coming meetings): their edits are the minutes'
 * own, not decisions on the plan. */
static inline bool kind_of_meetings(enum kind k)
{
	return k == K_MEMBER || k == K_MEETING || k == K_TOPIC || schema_kinds[k].parent == K_MEETING;
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
/* The kind whose list stands under top-level key `key` of file f (not a
 * kind inside records). */
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
