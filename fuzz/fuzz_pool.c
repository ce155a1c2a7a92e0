/* fuzz_pool.c - libFuzzer target for the pool that reuses fields
 *
 * Copyright 2026 The mmi2errcode authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * The input is a program of operations on one pool, playing rsyslog and a
 * pipeline: take fields for a message, end a message, change its fields in
 * every way a pipeline can (add, replace, delete, keep a value elsewhere,
 * merge the container into a tree the message has), render them, reload the
 * table.  Whatever is taken must read exactly as fields built anew, and
 * fields a message holds and nobody changed must keep reading as they did
 * when taken: the pool never hands out what is in use.  AddressSanitizer
 * catches a reference dropped too often or leaked.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"

#define LEAF "i2err"
#define HANDLES 24

static const char *const texts[] = {
	"error code: 3530", "ErrorCode 1073", "code 3555", "errcode=1024", "code 3519",
	"code 3521",		/* unknown */
	"code 1199",		/* unknown */
	"code 3530 and code 1073",
	"code 3521 and code 3530",
};

struct handle {
	struct json_object *top;	/* what the message holds */
	struct json_object *fields;	/* its container */
	char *pristine;			/* how it read when taken; NULL once changed */
};

static struct i2e_table *table;
static struct i2e_matcher *matcher;
static struct i2e_json_cache *caches[2];

static void
init(void)
{
	table = i2e_table_new_builtin();
	if (table == NULL || i2e_matcher_new_default(&matcher, I2E_MATCH_KEYWORD) != I2E_OK)
		abort();
	i2e_matcher_list_unknown(matcher, true);
	caches[0] = i2e_json_cache_new(table, I2E_LANG_ZH);
	caches[1] = i2e_json_cache_new(table, I2E_LANG_EN);
	if (caches[0] == NULL || caches[1] == NULL)
		abort();
}

static char *
render(struct json_object *obj)
{
	char *s = strdup(json_object_to_json_string_ext(obj, FJSON_TO_STRING_PLAIN));

	if (s == NULL)
		abort();
	return s;
}

static void
drop(struct handle *h)
{
	json_object_put(h->top);
	free(h->pristine);
	memset(h, 0, sizeof(*h));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keys[] = { "code", "family", "severity", "syslogseverity",
					    "description", "remedy", "known" };
	struct handle h[HANDLES];
	struct json_object *kept[HANDLES] = { NULL };
	struct i2e_fields_pool *pool = NULL;
	int cache = 0;
	bool unknown_codes;
	bool leaf;

	if (table == NULL)
		init();
	if (size < 1)
		return 0;
	leaf = data[0] & 1;
	unknown_codes = data[0] & 2;
	pool = i2e_fields_pool_new(caches[0], leaf ? LEAF : NULL, unknown_codes, true);
	if (pool == NULL)
		abort();
	memset(h, 0, sizeof(h));

	for (size_t i = 1; i + 1 < size; i += 2) {
		const unsigned op = data[i] % 10;
		const unsigned arg = data[i + 1];
		struct handle *t = &h[arg % HANDLES];
		const char *key = keys[(arg / HANDLES) % 7];
		struct json_object *v = NULL;

		switch (op) {
		case 0: {	/* a message gets fields */
			const char *text = texts[(arg / HANDLES) % (sizeof(texts) / sizeof(texts[0]))];
			struct i2e_scan scan;
			struct json_object *fresh = NULL;
			char *want = NULL;
			bool whole = false;
			bool reused = false;

			i2e_matcher_scan(matcher, table, text, strlen(text), &scan);
			if (scan.count == 0)
				break;
			drop(t);
			t->top = i2e_fields_pool_take(pool, &scan, &whole, &reused);
			if (t->top == NULL || whole != leaf)
				abort();
			t->fields = t->top;
			if (whole && !json_object_object_get_ex(t->top, LEAF, &t->fields))
				abort();
			fresh = i2e_fields_build(caches[cache], &scan, unknown_codes);
			want = render(fresh);
			t->pristine = render(t->fields);
			if (strcmp(want, t->pristine) != 0)
				abort();
			free(want);
			json_object_put(fresh);
			break;
		}
		case 1:		/* the message ends */
			drop(t);
			break;
		case 2:		/* set $!other = … */
			if (t->top == NULL || t->top == t->fields)
				break;
			json_object_object_add(t->top, "other", json_object_new_int((int)arg));
			break;
		case 3:		/* set $!i2err!note = … */
			if (t->top == NULL)
				break;
			json_object_object_add(t->fields, "note", json_object_new_string("x"));
			free(t->pristine);
			t->pristine = NULL;
			break;
		case 4:		/* set $!i2err!<key> = … */
			if (t->top == NULL)
				break;
			json_object_object_add(t->fields, key, json_object_new_int((int)arg));
			free(t->pristine);
			t->pristine = NULL;
			break;
		case 5:		/* unset $!i2err!<key> */
			if (t->top == NULL)
				break;
			json_object_object_del(t->fields, key);
			free(t->pristine);
			t->pristine = NULL;
			break;
		case 6:		/* a value kept elsewhere */
			if (t->top == NULL || !json_object_object_get_ex(t->fields, key, &v))
				break;
			json_object_put(kept[arg % HANDLES]);
			kept[arg % HANDLES] = json_object_get(v);
			break;
		case 7: {	/* rsyslog merges the root into the message's own tree */
			struct json_object *tree = NULL;

			if (t->top == NULL || t->top == t->fields)
				break;
			tree = json_object_new_object();
			if (tree == NULL)
				abort();
			json_object_object_add(tree, "parsed", json_object_new_string("yes"));
			json_object_object_add(tree, LEAF, json_object_get(t->fields));
			json_object_put(t->top);
			t->top = tree;
			break;
		}
		case 8:		/* a HUP reloads the table */
			cache = !cache;
			i2e_fields_pool_rebind(pool, caches[cache]);
			break;
		case 9:		/* a template renders the fields */
			if (t->top != NULL)
				(void)json_object_to_json_string(t->fields);
			break;
		}

		/* fields nobody changed read as they did */
		for (int k = 0; k < HANDLES; k++) {
			char *now = NULL;

			if (h[k].top == NULL || h[k].pristine == NULL)
				continue;
			now = render(h[k].fields);
			if (strcmp(now, h[k].pristine) != 0)
				abort();
			free(now);
		}
	}

	for (int k = 0; k < HANDLES; k++) {
		drop(&h[k]);
		json_object_put(kept[k]);
	}
	i2e_fields_pool_free(pool);
	return 0;
}
