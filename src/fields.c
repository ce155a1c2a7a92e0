/* fields.c - the JSON fields of a scan
 *
 * Copyright 2026 The mmi2errcode authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>

#include "fields.h"

struct i2e_json_cache {
	struct json_object *family[I2E_FAMILY_COUNT];
	struct json_object *severity[I2E_SEVERITY_COUNT];
	struct json_object *description[I2E_CODE_INDEX_COUNT];
	struct json_object *remedy[I2E_CODE_INDEX_COUNT];
};

struct fill {
	struct i2e_json_cache *cache;
	enum i2e_lang lang;
	bool failed;
};

static void
fill_entry(const struct i2e_entry *e, void *arg)
{
	struct fill *f = arg;
	size_t i = i2e_code_index(e->code);
	const char *remedy = i2e_entry_text(e->remedy, f->lang);

	f->cache->description[i] = json_object_new_string(i2e_entry_text(e->description, f->lang));
	if (f->cache->description[i] == NULL)
		f->failed = true;
	if (remedy != NULL && (f->cache->remedy[i] = json_object_new_string(remedy)) == NULL)
		f->failed = true;
}

struct i2e_json_cache *
i2e_json_cache_new(const struct i2e_table *table, enum i2e_lang lang)
{
	struct fill f = { NULL, lang, false };

	f.cache = calloc(1, sizeof(*f.cache));
	if (f.cache == NULL)
		return NULL;
	for (int i = 0; i < I2E_FAMILY_COUNT; i++) {
		f.cache->family[i] = json_object_new_string(i2e_family_name((enum i2e_family)i));
		f.failed |= f.cache->family[i] == NULL;
	}
	for (int i = 0; i < I2E_SEVERITY_COUNT; i++) {
		f.cache->severity[i] =
			json_object_new_string(i2e_severity_name((enum i2e_severity)i));
		f.failed |= f.cache->severity[i] == NULL;
	}
	i2e_table_foreach(table, fill_entry, &f);
	if (f.failed) {
		i2e_json_cache_free(f.cache);
		return NULL;
	}
	return f.cache;
}

void
i2e_json_cache_free(struct i2e_json_cache *cache)
{
	if (cache == NULL)
		return;
	for (int i = 0; i < I2E_FAMILY_COUNT; i++)
		json_object_put(cache->family[i]);
	for (int i = 0; i < I2E_SEVERITY_COUNT; i++)
		json_object_put(cache->severity[i]);
	for (size_t i = 0; i < I2E_CODE_INDEX_COUNT; i++) {
		json_object_put(cache->description[i]);
		json_object_put(cache->remedy[i]);
	}
	free(cache);
}

/* Adds value under a constant key to an object just made; false if value is
 * NULL (out of memory). */
static bool
add(struct json_object *fields, const char *key, struct json_object *value)
{
	if (value == NULL)
		return false;
	json_object_object_add_ex(fields, key, value,
				  FJSON_OBJECT_ADD_KEY_IS_NEW | FJSON_OBJECT_KEY_IS_CONSTANT);
	return true;
}

struct json_object *
i2e_fields_build(const struct i2e_json_cache *cache, const struct i2e_scan *scan,
		 bool unknown_codes)
{
	const struct i2e_hit *first = NULL;
	const struct i2e_entry *e = NULL;
	struct json_object *fields = NULL;
	struct json_object *codes = NULL;
	size_t index;
	bool ok = true;

	for (size_t i = 0; i < scan->count; i++) {
		if (first == NULL || (first->entry == NULL && scan->hits[i].entry != NULL))
			first = &scan->hits[i];
	}
	if (first == NULL)
		return NULL;
	e = first->entry;
	index = i2e_code_index(first->code);

	fields = json_object_new_object();
	if (fields == NULL)
		return NULL;
	ok = add(fields, "code", json_object_new_int((int)first->code)) &&
	     add(fields, "family",
		 json_object_get(cache->family[i2e_family_of_code(first->code)]));
	if (ok && e != NULL) {
		ok = add(fields, "severity", json_object_get(cache->severity[e->severity])) &&
		     add(fields, "syslogseverity",
			 json_object_new_int(i2e_severity_syslog(e->severity))) &&
		     add(fields, "description", json_object_get(cache->description[index]));
		if (ok && cache->remedy[index] != NULL)
			ok = add(fields, "remedy", json_object_get(cache->remedy[index]));
	}
	if (ok && unknown_codes)
		ok = add(fields, "known", json_object_new_boolean(e != NULL));

	/* the list only where it says more than "code" does: every JSON value
	 * is an allocation, and most messages carry one code */
	if (ok && scan->count > 1) {
		codes = json_object_new_array();
		ok = codes != NULL;
		for (size_t i = 0; ok && i < scan->count; i++) {
			struct json_object *code = json_object_new_int((int)scan->hits[i].code);

			ok = code != NULL && json_object_array_add(codes, code) == 0;
			if (!ok)
				json_object_put(code);
		}
		if (ok) {
			ok = add(fields, "codes", codes);
			codes = NULL;
		}
	}
	if (!ok) {
		json_object_put(codes);
		json_object_put(fields);
		return NULL;
	}
	return fields;
}
