/* builtin.c - the table of built-in entries
 *
 * Copyright 2026 The mmi2errcode authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Kept apart from table.c so that the build-time generator, which produces
 * i2e_builtin_entries, can use the table code without it.
 */
#include "i2e.h"
#include "internal.h"

struct i2e_table *
i2e_table_new_builtin(void)
{
	struct i2e_table *table = i2e_table_new_empty();

	if (table != NULL)
		i2e_table_put_static(table, i2e_builtin_entries, i2e_builtin_count);
	return table;
}
