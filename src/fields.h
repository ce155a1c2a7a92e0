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

/* Containers made once and handed out again, for one worker thread (a pool
 * is not shared).  A pool keeps a reference to each container it made and
 * reuses one only when no other reference is left and it holds exactly what
 * it was made with; messages may outlive the pool.  Only scans with a single
 * code are served from the pool; others get a container made for them. */
struct i2e_fields_pool;

/* What a pool keeps at most: containers of one code, and in all.  Beyond,
 * containers are made for one message alone. */
#define I2E_FIELDS_POOL_PER_CODE 128
#define I2E_FIELDS_POOL_MAX 1024

/* A pool for containers of cache's strings, with or without known
 * (unknown_codes).  With leaf,
 * it hands out roots holding the container under the key leaf, to be
 * attached as the whole tree ("$!" merges them into a tree already there);
 * without, the containers themselves.  reuse false, or a libfastjson whose
 * object layout is not the one built against, makes a pool that makes every
 * container anew.  Returns NULL when out of memory. */
struct i2e_fields_pool *i2e_fields_pool_new(const struct i2e_json_cache *cache,
					    const char *leaf, bool unknown_codes, bool reuse);

/* Empties the pool and makes its containers from cache from now on (after a
 * table reload). */
void i2e_fields_pool_rebind(struct i2e_fields_pool *pool, const struct i2e_json_cache *cache);

/* Whether the pool reuses containers. */
bool i2e_fields_pool_reuses(const struct i2e_fields_pool *pool);

/* Drops the pool's references; containers held by messages live on. */
void i2e_fields_pool_free(struct i2e_fields_pool *pool);

/* What i2e_fields_build makes for the scan, as a new reference: a root
 * holding it under the pool's leaf (*whole set) or the container itself
 * (*whole cleared).  *reused tells whether it was handed out before.
 * Returns NULL when out of memory or when the scan has no hit. */
struct json_object *i2e_fields_pool_take(struct i2e_fields_pool *pool,
					 const struct i2e_scan *scan, bool *whole, bool *reused);

#endif /* I2E_FIELDS_H */
