/* fuzz_matcher.c - libFuzzer target for the matcher
 *
 * Copyright 2026 The mmi2errcode authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * The input is message text.  The first byte picks the matcher: the default
 * keywords, a custom list, or match="any".  Every scan is checked against the
 * contract of i2e_matcher_scan: at most I2E_SCAN_MAX_CODES distinct codes,
 * each inside a family's range, known ones with their table entry, none
 * twice, and the same result on a second scan.  The text is scanned from a
 * heap copy of exactly its length, so AddressSanitizer catches any read past
 * its end.  i2e_lookup_number_text gets the same input.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i2e.h"

static struct i2e_table *table;
static struct i2e_matcher *matchers[3];

static void
check(const struct i2e_scan *scan, bool list_unknown)
{
	size_t known = 0;

	if (scan->count > I2E_SCAN_MAX_CODES)
		abort();
	for (size_t i = 0; i < scan->count; i++) {
		const struct i2e_hit *hit = &scan->hits[i];

		if (!list_unknown && hit->entry == NULL)
			abort();
		if (i2e_family_of_code(hit->code) == I2E_FAMILY_COUNT)
			abort();
		if (hit->entry != i2e_table_lookup(table, hit->code))
			abort();
		if (hit->entry != NULL)
			known++;
		for (size_t j = 0; j < i; j++) {
			if (scan->hits[j].code == hit->code)
				abort();
		}
	}
	if (known != scan->known)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const custom[] = { "rc", "状态码", "error code" };
	struct i2e_scan scan;
	struct i2e_scan again;
	char *copy = NULL;

	if (table == NULL) {
		table = i2e_table_new_builtin();
		if (table == NULL ||
		    i2e_matcher_new_default(&matchers[0], I2E_MATCH_KEYWORD) != I2E_OK ||
		    i2e_matcher_new(&matchers[1], custom, 3, I2E_MATCH_KEYWORD, NULL) != I2E_OK ||
		    i2e_matcher_new_default(&matchers[2], I2E_MATCH_ANY) != I2E_OK)
			abort();
	}
	if (size == 0)
		return 0;

	/* an exact-size heap copy lets AddressSanitizer catch any read past the end */
	copy = malloc(size - 1 ? size - 1 : 1);
	if (copy == NULL)
		return 0;
	memcpy(copy, data + 1, size - 1);

	i2e_matcher_list_unknown(matchers[data[0] % 3], data[0] & 4);
	i2e_matcher_scan(matchers[data[0] % 3], table, copy, size - 1, &scan);
	check(&scan, data[0] & 4);
	i2e_matcher_scan(matchers[data[0] % 3], table, copy, size - 1, &again);
	if (again.count != scan.count || again.known != scan.known ||
	    again.dropped != scan.dropped)
		abort();
	for (size_t i = 0; i < scan.count; i++) {
		if (again.hits[i].code != scan.hits[i].code ||
		    again.hits[i].entry != scan.hits[i].entry)
			abort();
	}

	i2e_lookup_number_text(table, copy, size - 1, data[0] & 1, &scan);
	check(&scan, data[0] & 1);
	if (scan.count > 1)
		abort();
	free(copy);
	return 0;
}
