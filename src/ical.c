/* ical.c — the plan's meetings as iCalendar and as text (see ical.h). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ical.h"
#include "textwidth.h"

void meeting_title(const struct plan *p, const struct meeting *m, struct buf *out)
{
	if (strcmp(m->kind, "gemensam-chefsgrupp") == 0) {
		buf_adds(out, _("Joint management group"));
	} else if (strcmp(m->kind, "uppfoljningsdag") == 0) {
		buf_adds(out, _("Follow-up day"));
	} else if (strcmp(m->kind, "samverkansmote") == 0) {
		const struct party *pa = *m->part ? plan_find(p, K_PARTY, m->part) : NULL;
		if (pa)
			/* TRANSLATORS: a part of the county's collaboration meeting,
			 * "Collaboration meeting, Norra länsdelen" */
			buf_addf(out, _("Collaboration meeting, %s"), pa->name);
		else
			buf_adds(out, _("Collaboration meeting"));
	} else {
		buf_adds(out, *p->info->adopted_by ? p->info->adopted_by : _("Management group"));
	}
}

/* Reads "H.MM" or "HH:MM" at *s; false when there is none. */
static bool clock(const char **s, int *h, int *m)
{
	const char *t = *s;
	if (t[0] < '0' || t[0] > '9')
		return false;
	int hh = t[0] - '0';
	t++;
	if (*t >= '0' && *t <= '9')
		hh = hh * 10 + (*t++ - '0');
	if ((*t != '.' && *t != ':') || t[1] < '0' || t[1] > '5' || t[2] < '0' || t[2] > '9' ||
	    hh > 23)
		return false;
	*h = hh;
	*m = (t[1] - '0') * 10 + (t[2] - '0');
	*s = t + 3;
	return true;
}

bool meeting_times(const char *time, int *h1, int *m1, int *h2, int *m2)
{
	const char *s = time;
	*h2 = *m2 = -1;
	/* "kl." or "kl" before it */
	if (strncmp(s, "kl", 2) == 0) {
		s += 2;
		if (*s == '.')
			s++;
		while (*s == ' ')
			s++;
	}
	if (!clock(&s, h1, m1))
		return false;
	while (*s == ' ')
		s++;
	if (!*s)
		return true;
	if (*s == '-')
		s++;
	else if (strncmp(s, "\xe2\x80\x93", 3) == 0) /* an en dash */
		s += 3;
	else
		return false;
	while (*s == ' ')
		s++;
	if (!clock(&s, h2, m2) || *s || *h2 * 60 + *m2 < *h1 * 60 + *m1) {
		*h2 = *m2 = -1;
		return false;
	}
	return true;
}

void ical_line(struct buf *out, const char *line, size_t n)
{
	size_t room = 75; /* octets on this line; a continuation's space is one */
	while (n > room) {
		size_t cut = room;
		/* not inside a UTF-8 character: back to the start of one */
		while (cut > 0 && ((unsigned char)line[cut] & 0xc0) == 0x80)
			cut--;
		buf_add(out, line, cut);
		buf_adds(out, "\r\n ");
		line += cut;
		n -= cut;
		room = 74;
	}
	buf_add(out, line, n);
	buf_adds(out, "\r\n");
}

void ical_text(struct buf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == ';' || *s == ',') {
			buf_addc(out, '\\');
			buf_addc(out, *s);
		} else if (*s == '\n') {
			buf_adds(out, "\\n");
		} else if (*s != '\r') {
			buf_addc(out, *s);
		}
	}
}

/* Appends a content line from a format. */
static void line(struct buf *out, const char *fmt, ...) ATTR_PRINTF(2, 3);
static void line(struct buf *out, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	ical_line(out, buf_str(&b), b.len);
	buf_release(&b);
}

/* A NAME:TEXT line, the text escaped. */
static void text_line(struct buf *out, const char *name, const char *text)
{
	struct buf b = BUF_INIT;
	buf_addf(&b, "%s:", name);
	ical_text(&b, text);
	ical_line(out, buf_str(&b), b.len);
	buf_release(&b);
}

/* The rules of Swedish time since 1996, as the tz database has them. */
static const char *const stockholm[] = {
	"BEGIN:VTIMEZONE",
	"TZID:Europe/Stockholm",
	"BEGIN:DAYLIGHT",
	"TZOFFSETFROM:+0100",
	"TZOFFSETTO:+0200",
	"TZNAME:CEST",
	"DTSTART:19700329T020000",
	"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
	"END:DAYLIGHT",
	"BEGIN:STANDARD",
	"TZOFFSETFROM:+0200",
	"TZOFFSETTO:+0100",
	"TZNAME:CET",
	"DTSTART:19701025T030000",
	"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
	"END:STANDARD",
	"END:VTIMEZONE",
};

static bool in_year(const struct meeting *m, int year)
{
	return !year || (atoi(m->date) == year && m->date[4] == '-');
}

/* "2025-01-22" as "20250122". */
static void compact_date(const char *date, char out[9])
{
	memcpy(out, date, 4);
	memcpy(out + 4, date + 5, 2);
	memcpy(out + 6, date + 8, 2);
	out[8] = '\0';
}

void ical_meetings(const struct plan *p, int year, const char *stamp, struct buf *out)
{
	struct buf slug = BUF_INIT, b = BUF_INIT;
	plan_slug(p->info->title, &slug);
	line(out, "BEGIN:VCALENDAR");
	line(out, "VERSION:2.0");
	line(out, "PRODID:-//samplan//samplan//SV");
	line(out, "CALSCALE:GREGORIAN");
	line(out, "METHOD:PUBLISH");
	text_line(out, "X-WR-CALNAME", p->info->title);
	for (size_t i = 0; i < sizeof(stockholm) / sizeof(*stockholm); i++)
		line(out, "%s", stockholm[i]);
	for (size_t i = 0; i < plan_count(p, K_MEETING); i++) {
		const struct meeting *m = plan_meeting(p, i);
		if (!in_year(m, year))
			continue;
		char day[9], after[9], next[11];
		compact_date(m->date, day);
		line(out, "BEGIN:VEVENT");
		line(out, "UID:meeting-%s@%s.samplan", m->id, slug.len ? buf_str(&slug) : "plan");
		line(out, "DTSTAMP:%s", stamp);
		int h1, m1, h2, m2;
		if (meeting_times(m->time, &h1, &m1, &h2, &m2)) {
			line(out, "DTSTART;TZID=Europe/Stockholm:%sT%02d%02d00", day, h1, m1);
			if (h2 >= 0)
				line(out, "DTEND;TZID=Europe/Stockholm:%sT%02d%02d00", day, h2, m2);
		} else {
			date_next_day(m->date, next);
			compact_date(next, after);
			line(out, "DTSTART;VALUE=DATE:%s", day);
			line(out, "DTEND;VALUE=DATE:%s", after);
		}
		buf_reset(&b);
		meeting_title(p, m, &b);
		text_line(out, "SUMMARY", buf_str(&b));
		if (*m->place)
			text_line(out, "LOCATION", m->place);
		if (*m->note)
			text_line(out, "DESCRIPTION", m->note);
		line(out, "END:VEVENT");
	}
	line(out, "END:VCALENDAR");
	buf_release(&slug);
	buf_release(&b);
}

void text_meetings(const struct plan *p, int year, struct buf *out)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < plan_count(p, K_MEETING); i++) {
		const struct meeting *m = plan_meeting(p, i);
		if (!in_year(m, year))
			continue;
		buf_adds(out, m->date);
		buf_addc(out, ' ');
		/* the time in a column of its own, as wide as "13.00–16.30" */
		int w = tw_width(m->time, strlen(m->time));
		buf_adds(out, m->time);
		for (; w < 11; w++)
			buf_addc(out, ' ');
		buf_addc(out, ' ');
		buf_reset(&b);
		meeting_title(p, m, &b);
		buf_add(out, b.s, b.len);
		if (*m->place)
			buf_addf(out, ", %s", m->place);
		if (strcmp(m->status, "genomfort") == 0)
			buf_addf(out, " (%s)", _("held"));
		buf_addc(out, '\n');
	}
	buf_release(&b);
}
