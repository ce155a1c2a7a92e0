/* i2e.h - lookup core of mmi2errcode: Info2soft code table and code matcher
 *
 * Copyright 2026 The mmi2errcode authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Plain C, no rsyslog dependency.  The library never prints: every failure is
 * reported to the caller as a status plus, where a file is involved, the line
 * and a human-readable detail in a struct i2e_error.
 */
#ifndef I2E_H
#define I2E_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes of every fallible function. */
enum i2e_status {
	I2E_OK = 0,
	I2E_ERR_NOMEM,
	I2E_ERR_IO,		/* a file could not be opened or read */
	I2E_ERR_TOO_BIG,	/* a file, line or field exceeds its named limit */
	I2E_ERR_HEADER,		/* the header line is missing or wrong */
	I2E_ERR_COLUMNS,	/* a row has the wrong number of columns */
	I2E_ERR_CODE,		/* a code is not a number or lies in no family's range */
	I2E_ERR_FAMILY,		/* a family name is unknown or does not fit the code */
	I2E_ERR_LEVEL,		/* a level or level source is not an accepted value */
	I2E_ERR_EMPTY,		/* a required field is empty */
	I2E_ERR_UTF8,		/* a field is not valid UTF-8 or holds a control character */
	I2E_ERR_DUPLICATE,	/* a code appears twice in one file */
	I2E_ERR_KEYWORD,	/* a keyword is empty, too long or ends in a digit */
	I2E_ERR_INVALID,	/* an argument is out of its accepted range */
};

/* A short English text for a status, never NULL. */
const char *i2e_strerror(enum i2e_status status);

/* Where and why something failed.  line is 0 where no line applies. */
#define I2E_ERROR_DETAIL_MAX 200
struct i2e_error {
	enum i2e_status status;
	unsigned line;
	char detail[I2E_ERROR_DETAIL_MAX];
};

/* ---- the code table ---------------------------------------------------- */

enum i2e_family {
	I2E_FAMILY_REPLICATION,
	I2E_FAMILY_VP,
	I2E_FAMILY_COUNT
};

enum i2e_severity {
	I2E_SEVERITY_ERROR,
	I2E_SEVERITY_INFO,
	I2E_SEVERITY_COUNT
};

enum i2e_lang {
	I2E_LANG_ZH,
	I2E_LANG_EN,
	I2E_LANG_COUNT
};

/* The code ranges of the families.  A code outside every range is never a
 * code, whatever introduces it. */
#define I2E_REPLICATION_MIN 3500u
#define I2E_REPLICATION_MAX 3599u
#define I2E_VP_MIN 1024u
#define I2E_VP_MAX 1199u

/* One code.  Text fields are UTF-8; remedy[] and description[I2E_LANG_EN]
 * are NULL where the table has none. */
struct i2e_entry {
	unsigned code;
	enum i2e_family family;
	enum i2e_severity severity;
	bool severity_derived;	/* the vendor gives no level; the table's rule chose it */
	const char *description[I2E_LANG_COUNT];
	const char *remedy[I2E_LANG_COUNT];
};

/* texts[lang], or the Chinese text where the entry has none in lang (NULL if
 * it has none at all): for an entry's description[] or remedy[]. */
const char *i2e_entry_text(const char *const texts[I2E_LANG_COUNT], enum i2e_lang lang);

/* Name of a family ("replication", "vp") or severity ("Error", "Info"). */
const char *i2e_family_name(enum i2e_family family);
const char *i2e_severity_name(enum i2e_severity severity);

/* The syslog severity a code's level maps to: 3 (err) or 6 (info). */
int i2e_severity_syslog(enum i2e_severity severity);

/* The family whose range holds code, or I2E_FAMILY_COUNT if none does. */
enum i2e_family i2e_family_of_code(unsigned code);

/* Every code of every family's range has a dense index below
 * I2E_CODE_INDEX_COUNT, for callers that keep data per code. */
#define I2E_CODE_INDEX_COUNT \
	((I2E_REPLICATION_MAX - I2E_REPLICATION_MIN + 1) + (I2E_VP_MAX - I2E_VP_MIN + 1))

/* The index of code, or I2E_CODE_INDEX_COUNT if it lies in no family's range. */
size_t i2e_code_index(unsigned code);

struct i2e_table;

/* A new table holding the built-in entries.  Returns NULL when out of memory. */
struct i2e_table *i2e_table_new_builtin(void);

/* A new, empty table.  Returns NULL when out of memory. */
struct i2e_table *i2e_table_new_empty(void);

void i2e_table_free(struct i2e_table *table);

/* The entry for code, or NULL.  O(1); safe to call from many threads at once. */
const struct i2e_entry *i2e_table_lookup(const struct i2e_table *table, unsigned code);

/* Number of entries in the table. */
size_t i2e_table_count(const struct i2e_table *table);

/* Calls fn for every entry in ascending code order. */
void i2e_table_foreach(const struct i2e_table *table,
		       void (*fn)(const struct i2e_entry *entry, void *ctx), void *ctx);

/* Limits of a table file; larger input is refused with I2E_ERR_TOO_BIG. */
#define I2E_TABLE_FILE_MAX (4u * 1024u * 1024u)
#define I2E_TABLE_FIELD_MAX 2048u

/* Parses a table file held in buf and merges its entries over table,
 * replacing entries with the same code.  The file's len bytes are modified
 * in place and kept: the entries point into them, and every field is
 * NUL-terminated where its separator was, so buf must have room for len + 1
 * bytes (a last line without a newline is terminated at buf[len]).  On
 * failure the table is unchanged and err says which line is wrong and why.
 * On success the table owns buf, which must have been allocated with malloc;
 * on failure the caller keeps it. */
enum i2e_status i2e_table_merge_buffer(struct i2e_table *table, char *buf, size_t len,
				       struct i2e_error *err);

/* Reads the table file at path and merges it over table, as
 * i2e_table_merge_buffer does.  On failure the table is unchanged. */
enum i2e_status i2e_table_merge_file(struct i2e_table *table, const char *path,
				     struct i2e_error *err);

/* Parses a table file without keeping anything: calls fn for every row, in
 * order, with the row's entry and line number.  buf is modified in place and
 * must have room for len + 1 bytes, as for i2e_table_merge_buffer; the
 * entry's strings point into it.  Stops at the first bad row. */
enum i2e_status i2e_table_parse(char *buf, size_t len,
				void (*fn)(const struct i2e_entry *entry, unsigned line, void *ctx),
				void *ctx, struct i2e_error *err);

/* ---- the matcher ------------------------------------------------------- */

/* At most this many distinct codes are reported for one text; further codes
 * are counted in i2e_scan.dropped but not listed. */
#define I2E_SCAN_MAX_CODES 32

/* Limits of a keyword list. */
#define I2E_KEYWORDS_MAX 32
#define I2E_KEYWORD_LEN_MAX 32

enum i2e_match_mode {
	I2E_MATCH_KEYWORD,	/* a code keyword must introduce the number */
	I2E_MATCH_ANY		/* any standalone number inside a family's range */
};

/* One code found in a text.  entry is NULL for a code that lies in a family's
 * range but is not in the table (an unknown code); those are listed only by a
 * matcher told to with i2e_matcher_list_unknown. */
struct i2e_hit {
	unsigned code;
	const struct i2e_entry *entry;
};

/* What one scan found: distinct codes in order of first appearance.  Lives
 * on the caller's stack; the scan allocates nothing. */
struct i2e_scan {
	size_t count;		/* entries used in hits[] */
	size_t known;		/* how many of them have an entry */
	size_t unknown;		/* distinct unknown codes, listed or not */
	size_t dropped;		/* distinct codes beyond I2E_SCAN_MAX_CODES, not listed */
	struct i2e_hit hits[I2E_SCAN_MAX_CODES];
};

struct i2e_matcher;

/* A matcher for the default keyword list. */
enum i2e_status i2e_matcher_new_default(struct i2e_matcher **matcher, enum i2e_match_mode mode);

/* A matcher for nkeywords keywords (UTF-8, matched ASCII-case-insensitively).
 * On I2E_ERR_KEYWORD, err->line holds the 1-based index of the bad keyword. */
enum i2e_status i2e_matcher_new(struct i2e_matcher **matcher, const char *const *keywords,
				size_t nkeywords, enum i2e_match_mode mode,
				struct i2e_error *err);

/* Whether unknown codes take places in i2e_scan.hits (default: no; they are
 * only counted in i2e_scan.unknown). */
void i2e_matcher_list_unknown(struct i2e_matcher *matcher, bool list);

void i2e_matcher_free(struct i2e_matcher *matcher);

/* The default keyword list, NULL-terminated. */
extern const char *const i2e_default_keywords[];

/* Scans len bytes of text (need not be NUL-terminated; may hold NULs and
 * invalid UTF-8) for codes and fills scan.  One pass, bounded work per byte,
 * no allocation.  Returns scan->count. */
size_t i2e_matcher_scan(const struct i2e_matcher *matcher, const struct i2e_table *table,
			const char *text, size_t len, struct i2e_scan *scan);

/* Looks up text that is a bare number (optionally surrounded by blanks), as a
 * parsed JSON field holds it.  Fills scan with at most one hit; an unknown
 * code is listed only if list_unknown is set.  Returns scan->count. */
size_t i2e_lookup_number_text(const struct i2e_table *table, const char *text, size_t len,
			      bool list_unknown, struct i2e_scan *scan);

#ifdef __cplusplus
}
#endif

#endif /* I2E_H */
