/* internal.h - declarations shared between the files of the lookup core
 *
 * Copyright 2026 The mmi2errcode authors
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef I2E_INTERNAL_H
#define I2E_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "i2e.h"

/* The built-in entries, generated at build time from the data file. */
extern const struct i2e_entry i2e_builtin_entries[];
extern const size_t i2e_builtin_count;

/* Puts count entries with static lifetime into table, replacing entries with
 * the same code.  Every code must lie in a family's range. */
void i2e_table_put_static(struct i2e_table *table, const struct i2e_entry *entries, size_t count);

/* Fills err (if not NULL) and returns status. */
enum i2e_status i2e_error_set(struct i2e_error *err, enum i2e_status status, unsigned line,
			      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Length of the valid UTF-8 sequence at s, or 0. */
size_t i2e_utf8_sequence_len(const unsigned char *s, size_t n);

/* True if s[0..n) is valid UTF-8 without control characters. */
bool i2e_text_is_clean(const char *s, size_t n);

/* Every code of every family has one slot in a table: the slot index of a
 * code is its offset in its family's range, the ranges laid end to end. */
#define I2E_REPLICATION_SLOTS (I2E_REPLICATION_MAX - I2E_REPLICATION_MIN + 1)
#define I2E_VP_SLOTS (I2E_VP_MAX - I2E_VP_MIN + 1)
#define I2E_SLOT_COUNT (I2E_REPLICATION_SLOTS + I2E_VP_SLOTS)

_Static_assert(I2E_SLOT_COUNT == I2E_CODE_INDEX_COUNT, "slots are the public code indexes");

static inline size_t
i2e_slot_of_code(unsigned code)
{
	if (code - I2E_REPLICATION_MIN < I2E_REPLICATION_SLOTS)
		return code - I2E_REPLICATION_MIN;
	if (code - I2E_VP_MIN < I2E_VP_SLOTS)
		return I2E_REPLICATION_SLOTS + (code - I2E_VP_MIN);
	return I2E_SLOT_COUNT;
}

#endif /* I2E_INTERNAL_H */
