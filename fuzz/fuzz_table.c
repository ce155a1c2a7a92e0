/* fuzz_table.c - libFuzzer target for the table file parser
 *
 * Copyright 2026 The mmi2errcode authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * The input is a table file.  It is merged over the built-in table; a failed
 * merge must leave the table unchanged and report a line no greater than the
 * number of lines, with a NUL-terminated detail.  A successful merge must
 * yield entries that satisfy the grammar: codes in their family's range,
 * non-empty Chinese description, valid strings.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i2e.h"

static void
check_entry(const struct i2e_entry *e, void *ctx)
{
	(void)ctx;
	if (i2e_family_of_code(e->code) != e->family)
		abort();
	if (e->description[I2E_LANG_ZH] == NULL || e->description[I2E_LANG_ZH][0] == '\0')
		abort();
	for (int lang = 0; lang < I2E_LANG_COUNT; lang++) {
		if (e->remedy[lang] != NULL && strlen(e->remedy[lang]) > I2E_TABLE_FIELD_MAX)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct i2e_table *table = i2e_table_new_builtin();
	struct i2e_error err;
	char *buf = malloc(size + 1);	/* the parser's contract: room for a terminator */
	size_t lines = 1;

	if (table == NULL || buf == NULL)
		abort();
	memcpy(buf, data, size);
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	memset(&err, 0, sizeof(err));

	if (i2e_table_merge_buffer(table, buf, size, &err) == I2E_OK) {
		if (i2e_table_count(table) < 108)
			abort();
		i2e_table_foreach(table, check_entry, NULL);
	} else {
		free(buf);
		if (i2e_table_count(table) != 108 || err.line > lines ||
		    memchr(err.detail, '\0', sizeof(err.detail)) == NULL || err.status == I2E_OK)
			abort();
	}
	i2e_table_free(table);
	return 0;
}
