/* matcher.c - finds Info2soft codes in log text
 *
 * Copyright 2026 The mmi2errcode authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * A code is a run of decimal digits that stands alone: no digit, ASCII letter
 * or '_' touches it, nor a '.' or ',' that continues a decimal number.  Its
 * value must lie in a family's range.  In keyword mode a keyword must come
 * before it, separated by at most SEPARATOR_UNITS_MAX separators (blank,
 * TAB, ':', '=', '"', '\'', '#', full-width colon or space); a keyword that
 * ends in an ASCII letter needs at least one separator, one that ends in a
 * CJK character may touch the number.  A keyword that starts with an ASCII
 * letter must not follow a letter, digit or '_'.  Keywords match ASCII
 * letters case-insensitively.
 *
 * Every family's range holds four-digit numbers only, so a code is a run of
 * exactly CODE_DIGITS digits.  The scan runs forward once over windows of 64
 * bytes: it turns each window into a bit mask of its digits (with SSE2, one
 * compare per sixteen bytes) and from the mask, with a few shifts, the
 * positions where a run of exactly CODE_DIGITS digits starts.  Only those
 * candidates are looked at: a range check, the bytes around the run, then a
 * look back over at most SEPARATOR_UNITS_MAX separators and the longest
 * keyword.  The work per byte is bounded and does not depend on how many
 * digits the text holds.  Nothing is allocated.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "i2e.h"
#include "internal.h"

#define SEPARATOR_UNITS_MAX 4
#define CODE_DIGITS 4
#define WINDOW 64		/* bytes whose digits one mask covers */
#define WINDOW_STRIDE 60	/* a run starting later may go on past the window */

_Static_assert(CODE_DIGITS == 4 && I2E_VP_MIN >= 1000 && I2E_REPLICATION_MAX <= 9999,
	       "the matcher assumes that every code has four digits");

/* Bit d is set if some code starts with digit d. */
#define DIGIT_SPAN(min, max) \
	((2u << ((max) / 1000u)) - (1u << ((min) / 1000u)))
#define FIRST_DIGITS \
	(DIGIT_SPAN(I2E_REPLICATION_MIN, I2E_REPLICATION_MAX) | DIGIT_SPAN(I2E_VP_MIN, I2E_VP_MAX))

const char *const i2e_default_keywords[] = {
	"error code", "errorcode", "error_code", "errcode", "err_code", "code",
	"错误代码", "错误码", NULL
};

struct keyword {
	unsigned char text[I2E_KEYWORD_LEN_MAX];	/* ASCII letters folded to lower case */
	size_t len;
	uint64_t tail;		/* its last (up to) 8 bytes, as tail_word() packs text */
	uint64_t tail_mask;	/* the bytes of tail that belong to the keyword */
	bool needs_word_start;	/* starts with an ASCII letter or digit */
	bool needs_separator;	/* ends with an ASCII letter */
};

struct i2e_matcher {
	enum i2e_match_mode mode;
	bool list_unknown;
	size_t nkeywords;
	struct keyword keywords[I2E_KEYWORDS_MAX];
	bool is_last_byte[256];	/* folded last bytes of the keywords */
};

/* Byte classes, one table lookup per test in the hot paths. */
enum {
	C_DIGIT = 1,		/* 0-9 */
	C_WORD = 2,		/* 0-9, A-Z, a-z, _ */
	C_SEPARATOR = 4,	/* blank, TAB, : = " ' # */
};

#define DIGITS_ ['0'] = 3, ['1'] = 3, ['2'] = 3, ['3'] = 3, ['4'] = 3, \
		['5'] = 3, ['6'] = 3, ['7'] = 3, ['8'] = 3, ['9'] = 3
#define UPPER_ ['A'] = 2, ['B'] = 2, ['C'] = 2, ['D'] = 2, ['E'] = 2, ['F'] = 2, ['G'] = 2, \
		['H'] = 2, ['I'] = 2, ['J'] = 2, ['K'] = 2, ['L'] = 2, ['M'] = 2, ['N'] = 2, \
		['O'] = 2, ['P'] = 2, ['Q'] = 2, ['R'] = 2, ['S'] = 2, ['T'] = 2, ['U'] = 2, \
		['V'] = 2, ['W'] = 2, ['X'] = 2, ['Y'] = 2, ['Z'] = 2
#define LOWER_ ['a'] = 2, ['b'] = 2, ['c'] = 2, ['d'] = 2, ['e'] = 2, ['f'] = 2, ['g'] = 2, \
		['h'] = 2, ['i'] = 2, ['j'] = 2, ['k'] = 2, ['l'] = 2, ['m'] = 2, ['n'] = 2, \
		['o'] = 2, ['p'] = 2, ['q'] = 2, ['r'] = 2, ['s'] = 2, ['t'] = 2, ['u'] = 2, \
		['v'] = 2, ['w'] = 2, ['x'] = 2, ['y'] = 2, ['z'] = 2

static const unsigned char byte_class[256] = {
	DIGITS_, UPPER_, LOWER_, ['_'] = C_WORD,
	[' '] = C_SEPARATOR, ['\t'] = C_SEPARATOR, [':'] = C_SEPARATOR, ['='] = C_SEPARATOR,
	['"'] = C_SEPARATOR, ['\''] = C_SEPARATOR, ['#'] = C_SEPARATOR,
};

static inline bool
is_digit(unsigned char c)
{
	return (byte_class[c] & C_DIGIT) != 0;
}

static inline bool
is_word(unsigned char c)
{
	return (byte_class[c] & C_WORD) != 0;
}

static inline unsigned char
fold(unsigned char c)
{
	return (unsigned)(c - 'A') < 26u ? (unsigned char)(c | 0x20) : c;
}

/* The 8 bytes before text + k, ASCII letters folded, packed with the byte
 * at k - 1 in the top byte; bytes before the start of the text are 0. */
static inline uint64_t
tail_word(const unsigned char *text, size_t k)
{
	uint64_t v = 0;

	if (k >= 8) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		memcpy(&v, text + k - 8, sizeof(v));
#else
		for (int i = 0; i < 8; i++)
			v |= (uint64_t)text[k - 8 + (size_t)i] << (8 * i);
#endif
	} else {
		for (size_t i = 0; i < k; i++)
			v |= (uint64_t)text[i] << (8 * (8 - k + i));
	}

	/* fold 'A'..'Z' in all eight bytes at once: set 0x20 where a byte is
	 * an upper-case ASCII letter */
	{
		const uint64_t ones = 0x0101010101010101ull;
		uint64_t low7 = v & (0x7f * ones);
		uint64_t ge_a = low7 + (0x80 - 'A') * ones;
		uint64_t gt_z = low7 + (0x80 - 'Z' - 1) * ones;
		uint64_t upper = ge_a & ~gt_z & ~v & (0x80 * ones);

		v |= upper >> 2;
	}
	return v;
}

static inline bool
is_ascii_separator(unsigned char c)
{
	return (byte_class[c] & C_SEPARATOR) != 0;
}

/* Length of the separator that ends just before text + k, or 0. */
static inline size_t
separator_before(const unsigned char *text, size_t k)
{
	if (k == 0)
		return 0;
	if (is_ascii_separator(text[k - 1]))
		return 1;
	if (k >= 3 && ((text[k - 3] == 0xef && text[k - 2] == 0xbc && text[k - 1] == 0x9a) ||
		       (text[k - 3] == 0xe3 && text[k - 2] == 0x80 && text[k - 1] == 0x80)))
		return 3;
	return 0;
}

static enum i2e_status
keyword_init(struct keyword *kw, const char *text, size_t index, struct i2e_error *err)
{
	size_t len = strlen(text);
	const unsigned char *u = (const unsigned char *)text;
	unsigned line = (unsigned)(index + 1);

	if (len == 0)
		return i2e_error_set(err, I2E_ERR_KEYWORD, line, "keyword %zu is empty", index + 1);
	if (len > I2E_KEYWORD_LEN_MAX)
		return i2e_error_set(err, I2E_ERR_KEYWORD, line,
				     "keyword '%s' is longer than %u bytes", text, I2E_KEYWORD_LEN_MAX);
	if (!i2e_text_is_clean(text, len))
		return i2e_error_set(err, I2E_ERR_KEYWORD, line,
				     "keyword '%s' is not valid UTF-8 or holds a control character",
				     text);
	if (u[0] == ' ' || u[0] == '\t')
		return i2e_error_set(err, I2E_ERR_KEYWORD, line, "keyword '%s' starts with a blank",
				     text);
	if (is_digit(u[len - 1]))
		return i2e_error_set(err, I2E_ERR_KEYWORD, line, "keyword '%s' ends with a digit",
				     text);
	if (separator_before(u, len) != 0)
		return i2e_error_set(err, I2E_ERR_KEYWORD, line,
				     "keyword '%s' ends with a separator", text);

	for (size_t i = 0; i < len; i++)
		kw->text[i] = fold(u[i]);
	kw->len = len;
	kw->tail = tail_word(kw->text, len);
	kw->tail_mask = len >= 8 ? ~(uint64_t)0 : ~(uint64_t)0 << (8 * (8 - len));
	kw->needs_word_start = is_word(u[0]);
	kw->needs_separator = is_word(u[len - 1]);
	return I2E_OK;
}

static int
keyword_cmp_len(const void *a, const void *b)
{
	const struct keyword *ka = a;
	const struct keyword *kb = b;

	return (ka->len > kb->len) - (ka->len < kb->len);
}

enum i2e_status
i2e_matcher_new(struct i2e_matcher **matcher, const char *const *keywords, size_t nkeywords,
		enum i2e_match_mode mode, struct i2e_error *err)
{
	struct i2e_matcher *m = NULL;
	enum i2e_status st = I2E_OK;

	*matcher = NULL;
	if (mode != I2E_MATCH_KEYWORD && mode != I2E_MATCH_ANY)
		return i2e_error_set(err, I2E_ERR_INVALID, 0, "unknown match mode %d", (int)mode);
	if (mode == I2E_MATCH_KEYWORD && (nkeywords == 0 || nkeywords > I2E_KEYWORDS_MAX))
		return i2e_error_set(err, I2E_ERR_KEYWORD, 0,
				     "%zu keywords given, 1 to %u are accepted", nkeywords,
				     I2E_KEYWORDS_MAX);
	if (nkeywords > I2E_KEYWORDS_MAX)
		nkeywords = I2E_KEYWORDS_MAX;

	m = calloc(1, sizeof(*m));
	if (m == NULL)
		return i2e_error_set(err, I2E_ERR_NOMEM, 0, "out of memory");
	m->mode = mode;
	for (size_t i = 0; i < nkeywords; i++) {
		struct keyword *kw = &m->keywords[m->nkeywords];

		st = keyword_init(kw, keywords[i], i, err);
		if (st != I2E_OK)
			goto out;
		m->is_last_byte[kw->text[kw->len - 1]] = true;
		m->nkeywords++;
	}

	/* shortest first: the short keywords ("code") end most matches early */
	qsort(m->keywords, m->nkeywords, sizeof(m->keywords[0]), keyword_cmp_len);
	*matcher = m;
	m = NULL;
out:
	free(m);
	return st;
}

enum i2e_status
i2e_matcher_new_default(struct i2e_matcher **matcher, enum i2e_match_mode mode)
{
	size_t n = 0;

	while (i2e_default_keywords[n] != NULL)
		n++;
	return i2e_matcher_new(matcher, i2e_default_keywords, n, mode, NULL);
}

void
i2e_matcher_list_unknown(struct i2e_matcher *matcher, bool list)
{
	matcher->list_unknown = list;
}

void
i2e_matcher_free(struct i2e_matcher *matcher)
{
	free(matcher);
}

/* Bit i of the result is set if p[i] is a decimal digit, for i < 16. */
static inline unsigned
digit_mask16(const unsigned char *p)
{
#ifdef __SSE2__
	const __m128i below = _mm_set1_epi8('0' - 1);
	const __m128i above = _mm_set1_epi8('9' + 1);
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);

	return (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_cmpgt_epi8(v, below),
							 _mm_cmplt_epi8(v, above)));
#else
	unsigned mask = 0;

	for (int i = 0; i < 16; i++)
		mask |= (unsigned)is_digit(p[i]) << i;
	return mask;
#endif
}

/* Bit i of the result is set if base[pos + i] is a decimal digit, for the
 * n = min(WINDOW, len - pos) bytes of the window; the bits above are clear.
 * Reads nothing outside base[0, len): a short last chunk is read as the
 * sixteen bytes that end at len, where the text is that long. */
static inline uint64_t
digit_mask(const unsigned char *base, size_t pos, size_t len)
{
	size_t n = len - pos < WINDOW ? len - pos : WINDOW;
	uint64_t mask = 0;
	size_t i = 0;

	for (; i + 16 <= n; i += 16)
		mask |= (uint64_t)digit_mask16(base + pos + i) << i;
	if (i < n) {
		size_t r = n - i;
		unsigned bits = 0;

		if (len >= 16) {
			bits = digit_mask16(base + len - 16) >> (16 - r);
		} else {
			for (size_t k = 0; k < r; k++)
				bits |= (unsigned)is_digit(base[pos + i + k]) << k;
		}
		mask |= (uint64_t)bits << i;
	}
	return mask;
}

/* Bit i is set where a run of exactly CODE_DIGITS digits starts at bit i of
 * the digit mask d; digit_before says whether the byte before bit 0 is one. */
static inline uint64_t
code_run_starts(uint64_t d, bool digit_before)
{
	uint64_t starts = d & ~((d << 1) | (uint64_t)digit_before);
	uint64_t run = starts;

	for (int k = 1; k < CODE_DIGITS; k++)
		run &= d >> k;
	return run & ~(d >> CODE_DIGITS);
}

/* True if the byte at i continues a number across a '.' or ',' touching a
 * digit at i + dir (dir is -1 or 1). */
static inline bool
is_decimal_mark(const unsigned char *text, size_t len, size_t i, int dir)
{
	size_t j = i + (size_t)dir;

	return (text[i] == '.' || text[i] == ',') && j < len && is_digit(text[j]);
}

/* True if a keyword ends just before text + k, given units separators after it. */
static bool
keyword_ends_at(const struct i2e_matcher *m, const unsigned char *text, size_t k,
		unsigned units)
{
	uint64_t tail;

	if (k == 0 || !m->is_last_byte[fold(text[k - 1])])
		return false;
	tail = tail_word(text, k);
	for (size_t i = 0; i < m->nkeywords; i++) {
		const struct keyword *kw = &m->keywords[i];
		size_t start;
		size_t j;

		if ((tail & kw->tail_mask) != kw->tail)
			continue;
		if (kw->len > k || (kw->needs_separator && units == 0))
			continue;
		/* the last 8 bytes match; a longer keyword compares the rest */
		start = k - kw->len;
		for (j = 0; j + 8 < kw->len; j++) {
			if (fold(text[start + j]) != kw->text[j])
				break;
		}
		if (j + 8 < kw->len)
			continue;
		if (kw->needs_word_start && start > 0 && is_word(text[start - 1]))
			continue;
		return true;
	}
	return false;
}

/* True if a keyword introduces the number starting at text + s. */
static bool
introduced_by_keyword(const struct i2e_matcher *m, const unsigned char *text, size_t s)
{
	size_t k = s;
	unsigned units = 0;

	while (units < SEPARATOR_UNITS_MAX) {
		size_t n = separator_before(text, k);

		if (n == 0)
			break;
		k -= n;
		units++;
	}
	return keyword_ends_at(m, text, k, units);
}

static void
scan_reset(struct i2e_scan *scan)
{
	scan->count = 0;
	scan->known = 0;
	scan->unknown = 0;
	scan->dropped = 0;
}

/* Records code in scan unless it is already there; seen has one bit a slot.
 * An unknown code takes a place in hits[] only if list_unknown is set, so
 * that unknown codes cannot crowd known ones out of the list. */
static void
scan_add(struct i2e_scan *scan, uint64_t *seen, const struct i2e_table *table, unsigned code,
	 bool list_unknown)
{
	size_t slot = i2e_slot_of_code(code);
	uint64_t bit = (uint64_t)1 << (slot % 64);
	const struct i2e_entry *entry;

	if (seen[slot / 64] & bit)
		return;
	seen[slot / 64] |= bit;
	entry = i2e_table_lookup(table, code);
	if (entry == NULL) {
		scan->unknown++;
		if (!list_unknown)
			return;
	}
	if (scan->count == I2E_SCAN_MAX_CODES) {
		scan->dropped++;
		return;
	}
	scan->hits[scan->count].code = code;
	scan->hits[scan->count].entry = entry;
	if (entry != NULL)
		scan->known++;
	scan->count++;
}

/* Checks the run of CODE_DIGITS digits at base + s and records it if it is
 * a code. */
static inline void
check_candidate(const struct i2e_matcher *m, const struct i2e_table *table,
		const unsigned char *base, size_t len, size_t s, struct i2e_scan *scan,
		uint64_t *seen)
{
	size_t e = s + CODE_DIGITS;
	unsigned value;
	size_t slot;

	/* most four-digit numbers (years, sizes) start with a digit no family
	 * range starts with */
	if (!(FIRST_DIGITS >> (base[s] - '0') & 1u))
		return;
	value = (unsigned)(base[s] - '0') * 1000u + (unsigned)(base[s + 1] - '0') * 100u +
		(unsigned)(base[s + 2] - '0') * 10u + (unsigned)(base[s + 3] - '0');
	slot = i2e_slot_of_code(value);
	if (slot == I2E_SLOT_COUNT)
		return;
	/* a code already found needs no second look */
	if (seen[slot / 64] & ((uint64_t)1 << (slot % 64)))
		return;
	if (e < len && (is_word(base[e]) || is_decimal_mark(base, len, e, 1)))
		return;
	if (m->mode == I2E_MATCH_ANY) {
		if (s > 0 && (is_word(base[s - 1]) ||
			      (s > 1 && is_decimal_mark(base, len, s - 1, -1))))
			return;
	} else if (!introduced_by_keyword(m, base, s)) {
		return;
	}
	scan_add(scan, seen, table, value, m->list_unknown);
}

size_t
i2e_matcher_scan(const struct i2e_matcher *m, const struct i2e_table *table, const char *text,
		 size_t len, struct i2e_scan *scan)
{
	const unsigned char *base = (const unsigned char *)text;
	uint64_t seen[(I2E_SLOT_COUNT + 63) / 64] = { 0 };
	size_t pos = 0;

	scan_reset(scan);
	if (text == NULL)
		return 0;

	while (pos < len) {
		bool last = len - pos <= WINDOW;
		uint64_t starts;

		starts = code_run_starts(digit_mask(base, pos, len),
					 pos > 0 && is_digit(base[pos - 1]));
		if (!last)
			starts &= ((uint64_t)1 << WINDOW_STRIDE) - 1;
		while (starts != 0) {
			check_candidate(m, table, base, len, pos + (size_t)__builtin_ctzll(starts),
					scan, seen);
			starts &= starts - 1;
		}
		if (last)
			break;
		pos += WINDOW_STRIDE;
	}
	return scan->count;
}

size_t
i2e_lookup_number_text(const struct i2e_table *table, const char *text, size_t len,
		       bool list_unknown, struct i2e_scan *scan)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t s = 0;
	size_t e = len;
	unsigned value = 0;
	uint64_t seen[(I2E_SLOT_COUNT + 63) / 64] = { 0 };

	scan_reset(scan);
	if (text == NULL)
		return 0;

	while (s < e && (p[s] == ' ' || p[s] == '\t'))
		s++;
	while (e > s && (p[e - 1] == ' ' || p[e - 1] == '\t'))
		e--;
	if (e - s != CODE_DIGITS)
		return 0;
	for (size_t i = s; i < e; i++) {
		if (!is_digit(p[i]))
			return 0;
		value = value * 10 + (unsigned)(p[i] - '0');
	}
	if (i2e_slot_of_code(value) != I2E_SLOT_COUNT)
		scan_add(scan, seen, table, value, list_unknown);
	return scan->count;
}
