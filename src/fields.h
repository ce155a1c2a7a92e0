/* fields.h - the JSON fields of a scan, shared by the rsyslog module and the
 * command-line tool so that both write exactly the same
 *
 * Copyright 2026 The mmi2errcode authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Depends on libfastjson (which rsyslog uses), not on rsyslog.
 */
#ifndef I2E_FIELDS_H
#define I2E_FIELDS_H

#include <stdbool.h>
#include <json.h>

#include "i2e.h"

/* The text fields of every entry of a table in one language, built once as
 * JSON strings and handed out by reference.  libfastjson counts references
 * atomically and readers only read string values in place, so a cache may be
 * shared by threads; numbers are not cached, since rendering a number writes
 * into a buffer inside its object. */
struct i2e_json_cache;

/* A cache for table in lang (English falls back to Chinese where the table
 * has no English text).  Returns NULL when out of memory.  The cache does
 * not refer to table afterwards. */
struct i2e_json_cache *i2e_json_cache_new(const struct i2e_table *table, enum i2e_lang lang);

/* Drops the cache's references; objects still held by messages live on. */
void i2e_json_cache_free(struct i2e_json_cache *cache);

/* The container object for a scan with at least one hit: code, family and,
 * for a known code, severity, syslogseverity, description and remedy (where
 * the table has one), then known (with unknown_codes), then codes (where the
 * scan holds more than one hit).  The fields are those of the first known
 * hit, or of the first hit if none is known.  Returns NULL when out of
 * memory or when the scan has no hit. */
struct json_object *i2e_fields_build(const struct i2e_json_cache *cache,
				     const struct i2e_scan *scan, bool unknown_codes);

#endif /* I2E_FIELDS_H */
