/* test_fields.c - unit tests of the JSON fields and of the pool that reuses
 * them
 *
 * Copyright 2026 The mmi2errcode authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * A message is played by a reference: rsyslog holds what the pool hands out
 * until it destroys the message, and may change the tree meanwhile (set,
 * unset, a merge into a tree the message already had).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "i2e-config.h"
#include "fields.h"

#include "count-allocations.h"

/* ---- fixtures ------------------------------------------------------------ */

#define LEAF "i2err"

struct fixture {
	struct i2e_table *table;
	struct i2e_matcher *matcher;
	struct i2e_json_cache *zh;
	struct i2e_json_cache *en;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	f->table = i2e_table_new_builtin();
	if (f->table == NULL ||
	    i2e_matcher_new_default(&f->matcher, I2E_MATCH_KEYWORD) != I2E_OK)
		return -1;
	i2e_matcher_list_unknown(f->matcher, true);
	f->zh = i2e_json_cache_new(f->table, I2E_LANG_ZH);
	f->en = i2e_json_cache_new(f->table, I2E_LANG_EN);
	if (f->zh == NULL || f->en == NULL)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	i2e_json_cache_free(f->zh);
	i2e_json_cache_free(f->en);
	i2e_matcher_free(f->matcher);
	i2e_table_free(f->table);
	free(f);
	return 0;
}

static void
scan_text(const struct fixture *f, const char *text, struct i2e_scan *scan)
{
	i2e_matcher_scan(f->matcher, f->table, text, strlen(text), scan);
	assert_true(scan->count > 0);
}

/* The container of what a pool handed out. */
static struct json_object *
container_of(struct json_object *handed, bool whole)
{
	struct json_object *fields = NULL;

	if (!whole)
		return handed;
	assert_int_equal(json_object_object_length(handed), 1);
	assert_true(json_object_object_get_ex(handed, LEAF, &fields));
	return fields;
}

/* Asserts that fields render exactly as a container built anew for text. */
static void
assert_fields_as_built(const struct fixture *f, const struct i2e_json_cache *cache,
		       const char *text, bool unknown_codes, struct json_object *fields)
{
	struct i2e_scan scan;
	struct json_object *fresh = NULL;
	char *want = NULL;

	scan_text(f, text, &scan);
	fresh = i2e_fields_build(cache, &scan, unknown_codes);
	assert_non_null(fresh);
	want = strdup(json_object_to_json_string_ext(fresh, FJSON_TO_STRING_PLAIN));
	assert_string_equal(json_object_to_json_string_ext(fields, FJSON_TO_STRING_PLAIN), want);
	free(want);
	json_object_put(fresh);
}

/* Takes the fields for text from pool. */
static struct json_object *
take(const struct fixture *f, struct i2e_fields_pool *pool, const char *text, bool *whole)
{
	struct i2e_scan scan;
	struct json_object *handed = NULL;
	bool reused = false;

	scan_text(f, text, &scan);
	handed = i2e_fields_pool_take(pool, &scan, whole, &reused);
	assert_non_null(handed);
	return handed;
}

static struct i2e_fields_pool *
new_pool(const struct i2e_json_cache *cache, const char *leaf, bool unknown_codes)
{
	struct i2e_fields_pool *pool = i2e_fields_pool_new(cache, leaf, unknown_codes, true);

	assert_non_null(pool);
	return pool;
}

/* ---- tests --------------------------------------------------------------- */

static void
test_layout_of_the_installed_library_checks_out(void **state)
{
	struct fixture *f = *state;
	struct i2e_fields_pool *pool = new_pool(f->zh, LEAF, false);

#ifdef HAVE_JSON_OBJECT_PRIVATE_H
	assert_true(i2e_fields_pool_reuses(pool));
#else
	skip();
#endif
	i2e_fields_pool_free(pool);
}

/* Every code, known or not, both shapes, both languages, first and reused. */
static void
test_pool_hands_out_what_build_makes(void **state)
{
	struct fixture *f = *state;
	static const char *const extra[] = {
		"code 3530 then code 1073 then code 3521",	/* several: made anew */
		"code 3521",					/* unknown */
		"code 1199",					/* unknown, end of a range */
	};

	for (int shape = 0; shape < 2; shape++) {
		for (int u = 0; u < 2; u++) {
			for (int l = 0; l < 2; l++) {
				const struct i2e_json_cache *cache = l ? f->en : f->zh;
				struct i2e_fields_pool *pool =
					new_pool(cache, shape ? LEAF : NULL, u != 0);
				char text[64];

				for (unsigned code = 1000; code < 3600; code++) {
					if (i2e_table_lookup(f->table, code) == NULL)
						continue;
					snprintf(text, sizeof(text), "error code: %u", code);
					for (int round = 0; round < 2; round++) {
						bool whole = false;
						struct json_object *h = take(f, pool, text, &whole);

						assert_int_equal(whole, shape == 1);
						assert_fields_as_built(f, cache, text, u != 0,
								       container_of(h, whole));
						json_object_put(h);
					}
				}
				for (size_t i = 0; i < sizeof(extra) / sizeof(extra[0]); i++) {
					bool whole = false;
					bool reused = true;
					struct i2e_scan scan;
					struct json_object *h = NULL;

					scan_text(f, extra[i], &scan);
					if (!u && scan.known == 0)
						continue;
					h = i2e_fields_pool_take(pool, &scan, &whole,
								 &reused);
					assert_non_null(h);
					assert_int_equal(whole, shape == 1);
					assert_fields_as_built(f, cache, extra[i], u != 0,
							       container_of(h, whole));
					json_object_put(h);
				}
				i2e_fields_pool_free(pool);
			}
		}
	}
}

static void
test_released_fields_are_reused_without_allocating(void **state)
{
	struct fixture *f = *state;

	for (int shape = 0; shape < 2; shape++) {
		struct i2e_fields_pool *pool = new_pool(f->zh, shape ? LEAF : NULL, false);
		struct i2e_scan scan;
		bool whole = false;
		bool reused = true;
		struct json_object *a = NULL;
		struct json_object *b = NULL;
		unsigned long before;

		scan_text(f, "error code: 3530", &scan);
		a = i2e_fields_pool_take(pool, &scan, &whole, &reused);
		assert_non_null(a);
		assert_false(reused);

		if (!i2e_fields_pool_reuses(pool)) {
			json_object_put(a);
			i2e_fields_pool_free(pool);
			skip();
		}
		/* the pool keeps a reference: the message's put frees nothing */
		assert_int_equal(json_object_put(a), 0);
		before = allocations;
		b = i2e_fields_pool_take(pool, &scan, &whole, &reused);
		if (COUNTS_ALLOCATIONS)
			assert_int_equal(allocations - before, 0);
		assert_ptr_equal(b, a);
		assert_true(reused);
		json_object_put(b);
		i2e_fields_pool_free(pool);
	}
}

static void
test_fields_in_use_are_not_handed_out_twice(void **state)
{
	struct fixture *f = *state;
	struct i2e_fields_pool *pool = new_pool(f->zh, LEAF, false);
	bool whole = false;
	struct json_object *a = take(f, pool, "error code: 3530", &whole);
	struct json_object *b = take(f, pool, "error code: 3530", &whole);
	struct json_object *c = NULL;

	assert_ptr_not_equal(a, b);
	assert_ptr_not_equal(container_of(a, true), container_of(b, true));
	json_object_put(b);
	c = take(f, pool, "error code: 3530", &whole);
	if (i2e_fields_pool_reuses(pool))
		assert_ptr_equal(c, b);
	json_object_put(a);
	json_object_put(c);
	i2e_fields_pool_free(pool);
}

/* The ways a pipeline can change the fields after the action, each followed
 * by the message's end. */
enum change {
	ADD_TO_ROOT, ADD_TO_CONTAINER, REPLACE_CODE, DELETE_REMEDY, DELETE_CONTAINER,
	HOLD_CODE, CHANGE_COUNT
};

static void
test_changed_fields_are_not_reused(void **state)
{
	struct fixture *f = *state;
	static const char *const text = "error code: 3530";

	for (int change = 0; change < CHANGE_COUNT; change++) {
		struct i2e_fields_pool *pool = new_pool(f->zh, LEAF, false);
		bool whole = false;
		struct json_object *a = take(f, pool, text, &whole);
		struct json_object *fields = container_of(a, whole);
		struct json_object *held = NULL;
		struct json_object *b = NULL;

		switch (change) {
		case ADD_TO_ROOT:
			json_object_object_add(a, "other", json_object_new_int(1));
			break;
		case ADD_TO_CONTAINER:
			json_object_object_add(fields, "note", json_object_new_string("x"));
			break;
		case REPLACE_CODE:
			json_object_object_add(fields, "code", json_object_new_int(1));
			break;
		case DELETE_REMEDY:
			json_object_object_del(fields, "remedy");
			break;
		case DELETE_CONTAINER:
			json_object_object_del(a, LEAF);
			break;
		case HOLD_CODE:
			assert_true(json_object_object_get_ex(fields, "code", &held));
			json_object_get(held);
			break;
		default:
			break;
		}
		json_object_put(a);

		b = take(f, pool, text, &whole);
		print_message("change %d\n", change);
		assert_true(whole);
		assert_fields_as_built(f, f->zh, text, false, container_of(b, whole));
		if (change == HOLD_CODE) {
			struct json_object *code = NULL;

			assert_true(json_object_object_get_ex(container_of(b, whole), "code", &code));
			assert_ptr_not_equal(code, held);
			assert_int_equal(json_object_get_int(held), 3530);
			json_object_put(held);
		}
		json_object_put(b);
		i2e_fields_pool_free(pool);
	}
}

/* rsyslog's merge into a tree the message already has: the root is let go
 * at once, the container stays with the message. */
static void
test_fields_merged_into_another_tree_stay_busy_until_it_ends(void **state)
{
	struct fixture *f = *state;
	struct i2e_fields_pool *pool = new_pool(f->zh, LEAF, false);
	struct json_object *tree = json_object_new_object();
	bool whole = false;
	struct json_object *a = NULL;
	struct json_object *b = NULL;
	struct json_object *c = NULL;

	assert_non_null(tree);
	json_object_object_add(tree, "parsed", json_object_new_string("before"));
	a = take(f, pool, "error code: 3530", &whole);
	json_object_object_add(tree, LEAF, json_object_get(container_of(a, whole)));
	json_object_put(a);

	b = take(f, pool, "error code: 3530", &whole);
	assert_ptr_not_equal(container_of(b, whole), container_of(a, true));
	assert_fields_as_built(f, f->zh, "error code: 3530", false, container_of(b, whole));
	json_object_put(b);

	json_object_put(tree);
	c = take(f, pool, "error code: 3530", &whole);
	assert_fields_as_built(f, f->zh, "error code: 3530", false, container_of(c, whole));
	json_object_put(c);
	i2e_fields_pool_free(pool);
}

/* More of one code than a code may keep, then more of several codes than a
 * pool may keep. */
static void
test_fields_in_use_beyond_the_pool_are_made_anew(void **state)
{
	static const char *const texts[] = {
		"code 3530", "code 1073", "code 3555", "code 1024", "code 3519",
		"code 3520", "code 3522", "code 3523", "code 3524",
	};
	enum { CODES = sizeof(texts) / sizeof(texts[0]), EACH = I2E_FIELDS_POOL_PER_CODE + 2 };
	struct fixture *f = *state;
	struct i2e_fields_pool *pool = new_pool(f->zh, LEAF, false);
	struct json_object **held = calloc(CODES * EACH, sizeof(*held));
	bool whole = false;
	int pooled[CODES] = { 0 };
	int total = 0;

	assert_non_null(held);
	for (int c = 0; c < CODES; c++) {
		for (int i = 0; i < EACH; i++) {
			struct json_object *h = take(f, pool, texts[c], &whole);

			assert_fields_as_built(f, f->zh, texts[c], false, container_of(h, whole));
			held[c * EACH + i] = h;
		}
	}
	/* a put that frees nothing was one the pool kept a reference to */
	for (int c = 0; c < CODES; c++) {
		for (int i = 0; i < EACH; i++)
			pooled[c] += json_object_put(held[c * EACH + i]) == 0;
		assert_true(pooled[c] <= I2E_FIELDS_POOL_PER_CODE);
		total += pooled[c];
	}
	if (i2e_fields_pool_reuses(pool)) {
		assert_int_equal(pooled[0], I2E_FIELDS_POOL_PER_CODE);
		assert_int_equal(total, I2E_FIELDS_POOL_MAX);
	} else {
		assert_int_equal(total, 0);
	}
	free(held);
	i2e_fields_pool_free(pool);
}

static void
test_rebinding_drops_fields_of_the_old_table(void **state)
{
	struct fixture *f = *state;
	struct i2e_fields_pool *pool = new_pool(f->zh, NULL, false);
	bool whole = false;
	struct json_object *a = take(f, pool, "error code: 3530", &whole);

	json_object_put(a);
	i2e_fields_pool_rebind(pool, f->en);
	a = take(f, pool, "error code: 3530", &whole);
	assert_fields_as_built(f, f->en, "error code: 3530", false, a);
	json_object_put(a);
	i2e_fields_pool_free(pool);
}

static void
test_without_reuse_every_message_gets_its_own_fields(void **state)
{
	struct fixture *f = *state;
	struct i2e_fields_pool *pool = i2e_fields_pool_new(f->zh, LEAF, false, false);
	bool whole = false;
	struct json_object *a = NULL;

	assert_non_null(pool);
	assert_false(i2e_fields_pool_reuses(pool));
	a = take(f, pool, "error code: 3530", &whole);
	assert_true(whole);
	assert_fields_as_built(f, f->zh, "error code: 3530", false, container_of(a, whole));
	/* nobody else holds it: the message's put frees it */
	assert_int_equal(json_object_put(a), 1);
	i2e_fields_pool_free(pool);
}

/* Takes fields for text with the n-th allocation from now failing: fields
 * as built, or nothing. */
static void
take_failing(const struct fixture *f, struct i2e_fields_pool *pool, const char *text,
	     unsigned long n)
{
	struct i2e_scan scan;
	struct json_object *h = NULL;
	bool whole = false;
	bool reused = false;

	scan_text(f, text, &scan);
	fail_allocation = allocations + n;
	h = i2e_fields_pool_take(pool, &scan, &whole, &reused);
	fail_allocation = 0;
	if (h == NULL)
		return;
	assert_fields_as_built(f, f->zh, text, true, container_of(h, whole));
	json_object_put(h);
}

/* Every allocation of a take failing in turn -- making fields for the pool,
 * reusing them, making them for one message while the pool's are in use --
 * for one code and for several: a take gives the fields as built or
 * nothing, the pool works on, and everything is freed in the end (but for
 * an array libfastjson cannot free, see build() in fields.c). */
static void
test_out_of_memory_gives_nothing_or_the_right_fields(void **state)
{
	struct fixture *f = *state;
	static const char *const texts[] = { "error code: 3530", "code 3530 and code 1073" };

	if (!COUNTS_ALLOCATIONS)
		skip();
	for (int shape = 0; shape < 2; shape++) {
		for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
			for (unsigned long n = 1; n <= 24; n++) {
				const long live = live_blocks;
				struct i2e_fields_pool *pool =
					new_pool(f->zh, shape ? LEAF : NULL, true);
				struct json_object *held = NULL;
				bool whole = false;

				take_failing(f, pool, texts[i], n);
				json_object_put(take(f, pool, texts[i], &whole));
				take_failing(f, pool, texts[i], n);
				held = take(f, pool, texts[i], &whole);
				take_failing(f, pool, texts[i], n);
				assert_fields_as_built(f, f->zh, texts[i], true,
						       container_of(held, whole));
				json_object_put(held);
				i2e_fields_pool_free(pool);
				print_message("%s, allocation %lu failing: %ld blocks left\n",
					      texts[i], n, live_blocks - live);
				assert_in_range(live_blocks - live, 0, i == 1 ? 3 : 0);
			}
		}
	}
}

static void
test_fields_outlive_their_pool(void **state)
{
	struct fixture *f = *state;
	struct i2e_fields_pool *pool = new_pool(f->zh, LEAF, false);
	bool whole = false;
	struct json_object *a = take(f, pool, "error code: 3530", &whole);

	i2e_fields_pool_free(pool);
	assert_fields_as_built(f, f->zh, "error code: 3530", false, container_of(a, whole));
	assert_int_equal(json_object_put(a), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_of_the_installed_library_checks_out),
		cmocka_unit_test(test_pool_hands_out_what_build_makes),
		cmocka_unit_test(test_released_fields_are_reused_without_allocating),
		cmocka_unit_test(test_fields_in_use_are_not_handed_out_twice),
		cmocka_unit_test(test_changed_fields_are_not_reused),
		cmocka_unit_test(test_fields_merged_into_another_tree_stay_busy_until_it_ends),
		cmocka_unit_test(test_fields_in_use_beyond_the_pool_are_made_anew),
		cmocka_unit_test(test_rebinding_drops_fields_of_the_old_table),
		cmocka_unit_test(test_without_reuse_every_message_gets_its_own_fields),
		cmocka_unit_test(test_fields_outlive_their_pool),
		cmocka_unit_test(test_out_of_memory_gives_nothing_or_the_right_fields),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
