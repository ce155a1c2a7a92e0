/* parse.c - the table file grammar, shared by the build-time generator and
 * the run-time table loader
 *
 * Copyright 2026 The mmi2errcode authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * A table file is UTF-8 text, one record per line, fields separated by one
 * TAB each:
 *
 *   code  family  level  level_source  description_zh  remedy_zh
 *         description_en  remedy_en
 *
 * Empty lines and lines whose first byte is '#' are ignored.  The first other
 * line must be the header, exactly the eight column names above.  A leading
 * byte order mark and a CR before each LF are tolerated.  Every field is at
 * most I2E_TABLE_FIELD_MAX bytes of valid UTF-8 without control characters;
 * code, family, level, level_source and description_zh must not be empty.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "i2e.h"
#include "internal.h"

#define COLUMN_COUNT 8

static const char *const column_names[COLUMN_COUNT] = {
	"code", "family", "level", "level_source",
	"description_zh", "remedy_zh", "description_en", "remedy_en",
};

enum column {
	COL_CODE, COL_FAMILY, COL_LEVEL, COL_LEVEL_SOURCE,
	COL_DESCRIPTION_ZH, COL_REMEDY_ZH, COL_DESCRIPTION_EN, COL_REMEDY_EN,
};

const char *
i2e_strerror(enum i2e_status status)
{
	switch (status) {
	case I2E_OK: return "success";
	case I2E_ERR_NOMEM: return "out of memory";
	case I2E_ERR_IO: return "cannot read file";
	case I2E_ERR_TOO_BIG: return "input exceeds a size limit";
	case I2E_ERR_HEADER: return "missing or wrong header line";
	case I2E_ERR_COLUMNS: return "wrong number of columns";
	case I2E_ERR_CODE: return "invalid code";
	case I2E_ERR_FAMILY: return "invalid family";
	case I2E_ERR_LEVEL: return "invalid level";
	case I2E_ERR_EMPTY: return "required field is empty";
	case I2E_ERR_UTF8: return "invalid UTF-8 or control character";
	case I2E_ERR_DUPLICATE: return "duplicate code";
	case I2E_ERR_KEYWORD: return "invalid keyword";
	case I2E_ERR_INVALID: return "invalid argument";
	}
	return "unknown status";
}

const char *
i2e_entry_text(const char *const texts[I2E_LANG_COUNT], enum i2e_lang lang)
{
	return texts[lang] != NULL ? texts[lang] : texts[I2E_LANG_ZH];
}

const char *
i2e_family_name(enum i2e_family family)
{
	switch (family) {
	case I2E_FAMILY_REPLICATION: return "replication";
	case I2E_FAMILY_VP: return "vp";
	case I2E_FAMILY_COUNT: break;
	}
	return "unknown";
}

const char *
i2e_severity_name(enum i2e_severity severity)
{
	return severity == I2E_SEVERITY_INFO ? "Info" : "Error";
}

int
i2e_severity_syslog(enum i2e_severity severity)
{
	return severity == I2E_SEVERITY_INFO ? 6 : 3;
}

enum i2e_family
i2e_family_of_code(unsigned code)
{
	if (code >= I2E_REPLICATION_MIN && code <= I2E_REPLICATION_MAX)
		return I2E_FAMILY_REPLICATION;
	if (code >= I2E_VP_MIN && code <= I2E_VP_MAX)
		return I2E_FAMILY_VP;
	return I2E_FAMILY_COUNT;
}

size_t
i2e_code_index(unsigned code)
{
	return i2e_slot_of_code(code);
}

enum i2e_status
i2e_error_set(struct i2e_error *err, enum i2e_status status, unsigned line, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return status;
	err->status = status;
	err->line = line;
	va_start(ap, fmt);
	vsnprintf(err->detail, sizeof(err->detail), fmt, ap);
	va_end(ap);
	return status;
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0 if the
 * bytes there are not one.  Overlong forms and surrogates are invalid. */
size_t
i2e_utf8_sequence_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return (n >= 2 && (s[1] & 0xc0) == 0x80) ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		if (n < 3 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		if (c == 0xe0 && s[1] < 0xa0)
			return 0;
		if (c == 0xed && s[1] >= 0xa0)
			return 0;
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (n < 4 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 ||
		    (s[3] & 0xc0) != 0x80)
			return 0;
		if (c == 0xf0 && s[1] < 0x90)
			return 0;
		if (c == 0xf4 && s[1] >= 0x90)
			return 0;
		return 4;
	}
	return 0;
}

bool
i2e_text_is_clean(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		size_t len;

		if (p[i] < 0x20 || p[i] == 0x7f)
			return false;
		len = i2e_utf8_sequence_len(p + i, n - i);
		if (len == 0)
			return false;
		i += len;
	}
	return true;
}

/* Parses a decimal code of at most 5 digits without a leading zero. */
static bool
parse_code(const char *s, unsigned *code)
{
	size_t n = strlen(s);
	unsigned value = 0;

	if (n == 0 || n > 5 || (s[0] == '0' && n > 1))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		value = value * 10 + (unsigned)(s[i] - '0');
	}
	*code = value;
	return true;
}

static bool
is_header(char *const *fields, size_t nfields)
{
	if (nfields != COLUMN_COUNT)
		return false;
	for (size_t i = 0; i < COLUMN_COUNT; i++) {
		if (strcmp(fields[i], column_names[i]) != 0)
			return false;
	}
	return true;
}

/* Turns the split fields of one row into an entry. */
static enum i2e_status
row_to_entry(char *const *fields, unsigned line, struct i2e_entry *entry, struct i2e_error *err)
{
	const char *level = fields[COL_LEVEL];
	const char *source = fields[COL_LEVEL_SOURCE];
	enum i2e_family expected;

	memset(entry, 0, sizeof(*entry));
	if (!parse_code(fields[COL_CODE], &entry->code))
		return i2e_error_set(err, I2E_ERR_CODE, line,
				     "column 'code': '%s' is not a decimal number of 1 to 5 digits",
				     fields[COL_CODE]);
	expected = i2e_family_of_code(entry->code);
	if (expected == I2E_FAMILY_COUNT)
		return i2e_error_set(err, I2E_ERR_CODE, line,
				     "code %u lies in no family's range (replication %u-%u, vp %u-%u)",
				     entry->code, I2E_REPLICATION_MIN, I2E_REPLICATION_MAX,
				     I2E_VP_MIN, I2E_VP_MAX);

	if (strcmp(fields[COL_FAMILY], "replication") == 0)
		entry->family = I2E_FAMILY_REPLICATION;
	else if (strcmp(fields[COL_FAMILY], "vp") == 0)
		entry->family = I2E_FAMILY_VP;
	else
		return i2e_error_set(err, I2E_ERR_FAMILY, line,
				     "column 'family': '%s' is not one of replication, vp",
				     fields[COL_FAMILY]);
	if (entry->family != expected)
		return i2e_error_set(err, I2E_ERR_FAMILY, line,
				     "code %u belongs to family '%s', not '%s'", entry->code,
				     i2e_family_name(expected), fields[COL_FAMILY]);

	if (strcmp(level, "Error") == 0)
		entry->severity = I2E_SEVERITY_ERROR;
	else if (strcmp(level, "Info") == 0)
		entry->severity = I2E_SEVERITY_INFO;
	else
		return i2e_error_set(err, I2E_ERR_LEVEL, line,
				     "column 'level': '%s' is not one of Error, Info", level);

	if (strcmp(source, "seed") == 0)
		entry->severity_derived = false;
	else if (strcmp(source, "derived") == 0)
		entry->severity_derived = true;
	else
		return i2e_error_set(err, I2E_ERR_LEVEL, line,
				     "column 'level_source': '%s' is not one of seed, derived", source);

	if (fields[COL_DESCRIPTION_ZH][0] == '\0')
		return i2e_error_set(err, I2E_ERR_EMPTY, line,
				     "column 'description_zh' is empty for code %u", entry->code);

	entry->description[I2E_LANG_ZH] = fields[COL_DESCRIPTION_ZH];
	entry->remedy[I2E_LANG_ZH] = fields[COL_REMEDY_ZH][0] ? fields[COL_REMEDY_ZH] : NULL;
	entry->description[I2E_LANG_EN] =
		fields[COL_DESCRIPTION_EN][0] ? fields[COL_DESCRIPTION_EN] : NULL;
	entry->remedy[I2E_LANG_EN] = fields[COL_REMEDY_EN][0] ? fields[COL_REMEDY_EN] : NULL;
	return I2E_OK;
}

/* Splits line (NUL-terminated, no newline) at TABs into at most
 * COLUMN_COUNT + 1 fields, checking every field's text. */
static enum i2e_status
split_row(char *line, size_t len, unsigned lineno, char **fields, size_t *nfields,
	  struct i2e_error *err)
{
	size_t n = 0;
	char *start = line;
	char *end = line + len;

	for (;;) {
		char *tab = memchr(start, '\t', (size_t)(end - start));
		char *stop = tab ? tab : end;
		size_t flen = (size_t)(stop - start);

		if (n == COLUMN_COUNT)
			return i2e_error_set(err, I2E_ERR_COLUMNS, lineno,
					     "expected %d columns separated by tabs, found more",
					     COLUMN_COUNT);
		if (flen > I2E_TABLE_FIELD_MAX)
			return i2e_error_set(err, I2E_ERR_TOO_BIG, lineno,
					     "column '%s' is %zu bytes long, the limit is %u",
					     column_names[n], flen, I2E_TABLE_FIELD_MAX);
		if (!i2e_text_is_clean(start, flen))
			return i2e_error_set(err, I2E_ERR_UTF8, lineno,
					     "column '%s' is not valid UTF-8 or holds a control character",
					     column_names[n]);
		*stop = '\0';
		fields[n++] = start;
		if (tab == NULL)
			break;
		start = tab + 1;
	}
	*nfields = n;
	return I2E_OK;
}

enum i2e_status
i2e_table_parse(char *buf, size_t len,
		void (*fn)(const struct i2e_entry *entry, unsigned line, void *ctx),
		void *ctx, struct i2e_error *err)
{
	char *p = buf;
	char *end = buf + len;
	unsigned lineno = 0;
	bool seen_header = false;

	if (len > I2E_TABLE_FILE_MAX)
		return i2e_error_set(err, I2E_ERR_TOO_BIG, 0,
				     "file is %zu bytes long, the limit is %u", len, I2E_TABLE_FILE_MAX);
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;

	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *stop = nl ? nl : end;
		char *fields[COLUMN_COUNT] = { NULL };
		size_t nfields = 0;
		struct i2e_entry entry;
		enum i2e_status st;

		lineno++;
		if (stop > p && stop[-1] == '\r')
			stop--;
		if (stop == p || p[0] == '#')
			goto next;

		st = split_row(p, (size_t)(stop - p), lineno, fields, &nfields, err);
		if (st != I2E_OK)
			return st;
		if (!seen_header) {
			if (!is_header(fields, nfields))
				return i2e_error_set(err, I2E_ERR_HEADER, lineno,
						     "the first line must be the header 'code, family, "
						     "level, level_source, description_zh, remedy_zh, "
						     "description_en, remedy_en' (TAB-separated)");
			seen_header = true;
			goto next;
		}
		if (nfields != COLUMN_COUNT)
			return i2e_error_set(err, I2E_ERR_COLUMNS, lineno,
					     "expected %d columns separated by tabs, found %zu",
					     COLUMN_COUNT, nfields);
		st = row_to_entry(fields, lineno, &entry, err);
		if (st != I2E_OK)
			return st;
		fn(&entry, lineno, ctx);
next:
		if (nl == NULL)
			break;
		p = nl + 1;
	}

	if (!seen_header)
		return i2e_error_set(err, I2E_ERR_HEADER, lineno, "the header line is missing");
	return I2E_OK;
}
