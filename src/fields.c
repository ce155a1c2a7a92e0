/* fields.c - the JSON fields of a scan
 *
 * Copyright 2026 The mmi2errcode authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "i2e-config.h"

#include <stdlib.h>
#include <string.h>

#include "fields.h"

#ifdef HAVE_JSON_OBJECT_PRIVATE_H
#include <malloc.h>
/* The library is built with atomic reference counts; the macro only picks
 * the layout the header describes. */
#ifndef HAVE_ATOMIC_BUILTINS
#define HAVE_ATOMIC_BUILTINS 1
#endif
#include <json_object_private.h>
#endif

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

/* The fields of one container as added, in order: what a pool checks a
 * returned container against.  Scalars (numbers, the boolean) are made for
 * the container; strings come from the cache. */
#define FIELDS_MAX 8

struct record {
	int count;
	const char *keys[FIELDS_MAX];
	struct json_object *values[FIELDS_MAX];
	bool scalar[FIELDS_MAX];
};

/* Adds value under a constant key to an object just made, noting it in rec
 * where rec is given; false if value is NULL (out of memory). */
static bool
add(struct json_object *fields, struct record *rec, const char *key,
    struct json_object *value, bool scalar)
{
	if (value == NULL)
		return false;
	json_object_object_add_ex(fields, key, value,
				  FJSON_OBJECT_ADD_KEY_IS_NEW | FJSON_OBJECT_KEY_IS_CONSTANT);
	if (rec != NULL && rec->count < FIELDS_MAX) {
		rec->keys[rec->count] = key;
		rec->values[rec->count] = value;
		rec->scalar[rec->count] = scalar;
		rec->count++;
	}
	return true;
}

/* The hit whose fields a container carries: the first known one, else the
 * first; NULL for an empty scan. */
static const struct i2e_hit *
leading_hit(const struct i2e_scan *scan)
{
	const struct i2e_hit *first = NULL;

	for (size_t i = 0; i < scan->count; i++) {
		if (first == NULL || (first->entry == NULL && scan->hits[i].entry != NULL))
			first = &scan->hits[i];
	}
	return first;
}

/* The container for scan, led by first; see i2e_fields_build. */
static struct json_object *
build(const struct i2e_json_cache *cache, const struct i2e_scan *scan,
      const struct i2e_hit *first, bool unknown_codes, struct record *rec)
{
	const struct i2e_entry *e = first->entry;
	const size_t index = i2e_code_index(first->code);
	struct json_object *fields = NULL;
	struct json_object *codes = NULL;
	bool ok = true;

	fields = json_object_new_object();
	if (fields == NULL)
		return NULL;
	ok = add(fields, rec, "code", json_object_new_int((int)first->code), true) &&
	     add(fields, rec, "family",
		 json_object_get(cache->family[i2e_family_of_code(first->code)]), false);
	if (ok && e != NULL) {
		ok = add(fields, rec, "severity", json_object_get(cache->severity[e->severity]),
			 false) &&
		     add(fields, rec, "syslogseverity",
			 json_object_new_int(i2e_severity_syslog(e->severity)), true) &&
		     add(fields, rec, "description", json_object_get(cache->description[index]),
			 false);
		if (ok && cache->remedy[index] != NULL)
			ok = add(fields, rec, "remedy", json_object_get(cache->remedy[index]),
				 false);
	}
	if (ok && unknown_codes)
		ok = add(fields, rec, "known", json_object_new_boolean(e != NULL), true);

	/* the list only where it says more than "code" does: every JSON value
	 * is an allocation, and most messages carry one code */
	if (ok && scan->count > 1) {
		codes = json_object_new_array();
		/* out of memory, the library hands out an array without its list,
		 * which it can neither fill nor free: left alone, a small leak
		 * instead of a crash */
		if (codes != NULL && json_object_get_array(codes) == NULL)
			codes = NULL;
		ok = codes != NULL;
		for (size_t i = 0; ok && i < scan->count; i++) {
			struct json_object *code = json_object_new_int((int)scan->hits[i].code);

			ok = code != NULL && json_object_array_add(codes, code) == 0;
			if (!ok)
				json_object_put(code);
		}
		if (ok) {
			ok = add(fields, NULL, "codes", codes, false);
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

struct json_object *
i2e_fields_build(const struct i2e_json_cache *cache, const struct i2e_scan *scan,
		 bool unknown_codes)
{
	const struct i2e_hit *first = leading_hit(scan);

	return first == NULL ? NULL : build(cache, scan, first, unknown_codes, NULL);
}


/* ---- reuse -------------------------------------------------------------- */

/* A pool keeps, per code, containers it made earlier, holding a reference to
 * each.  Once no reference but the pool's is left -- rsyslog destroyed the
 * message -- and the container still holds exactly what it was made with, it
 * is handed out again instead of making a new one: a coded message then
 * allocates nothing for its fields.  Telling that no other reference is left
 * needs the reference count, which libfastjson keeps in the object layout it
 * installs as json_object_private.h and changes atomically; the pool reads it
 * with an atomic load.  Whether that header describes the library actually
 * loaded is checked when a pool is made, by making objects and reading them
 * back; where it does not, or where the header was missing at build time,
 * the pool makes every container anew.
 *
 * A code's containers are handed out in turn, so the one looked at first is
 * the one handed out longest ago, the likeliest to be free again.  Only a
 * few are looked at: in a burst of one code, where all are in use, a message
 * costs a few looks, not one per container kept.  The limits below bound
 * what a burst leaves behind (a container with its root and numbers takes
 * about 1.3 KiB); a fuzzing build lowers them to reach them. */

#ifndef POOL_PER_CODE
#define POOL_PER_CODE I2E_FIELDS_POOL_PER_CODE
#endif
#ifndef POOL_MAX
#define POOL_MAX I2E_FIELDS_POOL_MAX
#endif
#define POOL_PROBES 4		/* containers looked at before making one */

struct tree {
	struct json_object *top;	/* handed out: the root, or the container */
	struct json_object *fields;	/* the container */
	const char *leaf_key;		/* the root's key, as the root holds it */
	struct record rec;
};

struct ring {
	unsigned count;
	unsigned size;			/* of trees[] */
	unsigned next;			/* the one handed out longest ago */
	struct tree **trees;
};

struct i2e_fields_pool {
	const struct i2e_json_cache *cache;
	char *leaf;
	bool unknown_codes;
	bool reuse;
	unsigned trees;
	struct ring *rings[I2E_CODE_INDEX_COUNT];
};

enum tree_state { TREE_BUSY, TREE_FREE, TREE_SPOILT };

#ifdef HAVE_JSON_OBJECT_PRIVATE_H
static int
refs(const struct json_object *obj)
{
	return __atomic_load_n(&obj->_ref_count, __ATOMIC_ACQUIRE);
}

static const struct _fjson_child *
children(const struct json_object *obj)
{
	return obj->o.c_obj.pg.children;
}

/* Whether obj holds the count children of keys and values and nothing
 * else, in the order they were added. */
static bool
holds_exactly(const struct json_object *obj, int count, const char *const *keys,
	      struct json_object *const *values)
{
	if (obj->o.c_obj.nelem != count || obj->o.c_obj.ndeleted != 0 ||
	    obj->o.c_obj.pg.next != NULL)
		return false;
	for (int i = 0; i < count; i++) {
		if (children(obj)[i].k != keys[i] || children(obj)[i].v != values[i])
			return false;
	}
	return true;
}

/* Whether the header describes the library loaded: objects made by it read
 * back as the header says, and are as large as the header says. */
static bool
layout_checks_out(void)
{
	static const char key[] = "probe";
	struct json_object *obj = json_object_new_object();
	struct json_object *num = json_object_new_int(3530);
	bool ok = obj != NULL && num != NULL;

	ok = ok && malloc_usable_size(obj) >= sizeof(*obj) &&
	     malloc_usable_size(num) >= sizeof(*num) &&
	     obj->o_type == json_type_object && refs(obj) == 1 && obj->o.c_obj.nelem == 0 &&
	     num->o_type == json_type_int && num->o.c_int64 == 3530 && refs(num) == 1;
	if (ok) {
		json_object_object_add_ex(obj, key, json_object_get(num),
					  FJSON_OBJECT_ADD_KEY_IS_NEW | FJSON_OBJECT_KEY_IS_CONSTANT);
		ok = refs(num) == 2 && holds_exactly(obj, 1, (const char *const[]){ key }, &num);
		json_object_object_del(obj, key);
		ok = ok && refs(num) == 1 && obj->o.c_obj.nelem == 0 &&
		     obj->o.c_obj.ndeleted == 1;
	}
	json_object_put(obj);
	json_object_put(num);
	return ok;
}

/* Where t stands.  The counts are read first: while another holds a
 * reference, the objects may change under the reader. */
static enum tree_state
tree_state(const struct tree *t)
{
	int want = 1;

	if (t->top != t->fields) {
		if (refs(t->top) != 1)
			return TREE_BUSY;
		if (!holds_exactly(t->top, 1, &t->leaf_key, &t->fields))
			return TREE_SPOILT;
		want = 2;
	}
	/* more: a message still holds the container through a root of its own */
	if (refs(t->fields) > want)
		return TREE_BUSY;
	if (refs(t->fields) < want ||
	    !holds_exactly(t->fields, t->rec.count, t->rec.keys, t->rec.values))
		return TREE_SPOILT;
	for (int i = 0; i < t->rec.count; i++) {
		/* a number held elsewhere may be rendered there, into itself */
		if (t->rec.scalar[i] && refs(t->rec.values[i]) != 2)
			return TREE_SPOILT;
	}
	return TREE_FREE;
}

/* The key of root's only child, NULL where copying it failed. */
static const char *
root_key(const struct json_object *root)
{
	return children(root)[0].k;
}
#else
static bool
layout_checks_out(void)
{
	return false;
}

static const char *
root_key(const struct json_object *root)
{
	(void)root;
	return "";
}

static enum tree_state
tree_state(const struct tree *t)
{
	(void)t;
	return TREE_BUSY;
}
#endif

/* Drops the pool's references to t's objects and forgets t; what a message
 * still holds lives on. */
static void
tree_release(struct tree *t)
{
	for (int i = 0; i < t->rec.count; i++) {
		if (t->rec.scalar[i])
			json_object_put(t->rec.values[i]);
	}
	if (t->top != t->fields)
		json_object_put(t->top);
	json_object_put(t->fields);
	free(t);
}

/* A root holding fields under the pool's leaf, taking over the reference
 * to fields given; NULL, with that reference dropped, when out of memory.
 * The key is the root's own copy: a root may outlive the pool. */
static struct json_object *
root_for(const struct i2e_fields_pool *pool, struct json_object *fields)
{
	struct json_object *root = json_object_new_object();

	if (root == NULL) {
		json_object_put(fields);
		return NULL;
	}
	json_object_object_add_ex(root, pool->leaf, fields, FJSON_OBJECT_ADD_KEY_IS_NEW);
	if (root_key(root) == NULL) {
		/* the library skips a child without key when it frees the root */
		json_object_put(fields);
		json_object_put(root);
		return NULL;
	}
	return root;
}

static struct tree *
tree_new(const struct i2e_fields_pool *pool, const struct i2e_scan *scan,
	 const struct i2e_hit *first)
{
	struct tree *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	t->fields = build(pool->cache, scan, first, pool->unknown_codes, &t->rec);
	if (t->fields == NULL) {
		free(t);
		return NULL;
	}
	for (int i = 0; i < t->rec.count; i++) {
		if (t->rec.scalar[i])
			json_object_get(t->rec.values[i]);
	}
	t->top = t->fields;
	if (pool->leaf == NULL)
		return t;

	t->top = root_for(pool, json_object_get(t->fields));
	if (t->top == NULL) {
		t->top = t->fields;
		tree_release(t);
		return NULL;
	}
	t->leaf_key = root_key(t->top);
	return t;
}

static void
pool_flush(struct i2e_fields_pool *pool)
{
	for (size_t i = 0; i < I2E_CODE_INDEX_COUNT; i++) {
		struct ring *ring = pool->rings[i];

		if (ring == NULL)
			continue;
		for (unsigned k = 0; k < ring->count; k++)
			tree_release(ring->trees[k]);
		free(ring->trees);
		free(ring);
		pool->rings[i] = NULL;
	}
	pool->trees = 0;
}

struct i2e_fields_pool *
i2e_fields_pool_new(const struct i2e_json_cache *cache, const char *leaf, bool unknown_codes,
		    bool reuse)
{
	struct i2e_fields_pool *pool = calloc(1, sizeof(*pool));

	if (pool == NULL)
		return NULL;
	pool->cache = cache;
	if (leaf != NULL && (pool->leaf = strdup(leaf)) == NULL) {
		free(pool);
		return NULL;
	}
	pool->unknown_codes = unknown_codes;
	pool->reuse = reuse && layout_checks_out();
	return pool;
}

bool
i2e_fields_pool_reuses(const struct i2e_fields_pool *pool)
{
	return pool->reuse;
}

void
i2e_fields_pool_rebind(struct i2e_fields_pool *pool, const struct i2e_json_cache *cache)
{
	pool_flush(pool);
	pool->cache = cache;
}

void
i2e_fields_pool_free(struct i2e_fields_pool *pool)
{
	if (pool == NULL)
		return;
	pool_flush(pool);
	free(pool->leaf);
	free(pool);
}

/* Makes room in ring for one more tree; false when out of memory. */
static bool
ring_has_room(struct ring *ring)
{
	unsigned size = ring->size == 0 ? POOL_PROBES : ring->size * 2;
	struct tree **trees = NULL;

	if (ring->count < ring->size)
		return true;
	if (size > POOL_PER_CODE)
		size = POOL_PER_CODE;
	trees = realloc(ring->trees, size * sizeof(*trees));
	if (trees == NULL)
		return false;
	ring->trees = trees;
	ring->size = size;
	return true;
}

/* Hands out a new reference to t. */
static struct json_object *
hand_out(struct tree *t, bool *whole)
{
	*whole = t->top != t->fields;
	return json_object_get(t->top);
}

/* A container made for one message alone, under a root of its own where the
 * pool hands out roots: a message gets the same shape either way. */
static struct json_object *
make_one(const struct i2e_fields_pool *pool, const struct i2e_scan *scan,
	 const struct i2e_hit *first, bool *whole)
{
	struct json_object *fields = build(pool->cache, scan, first, pool->unknown_codes, NULL);
	struct json_object *root = NULL;

	if (fields == NULL || pool->leaf == NULL)
		return fields;
	root = root_for(pool, fields);
	*whole = root != NULL;
	return root;
}

struct json_object *
i2e_fields_pool_take(struct i2e_fields_pool *pool, const struct i2e_scan *scan, bool *whole,
		     bool *reused)
{
	const struct i2e_hit *first = leading_hit(scan);
	size_t index = 0;
	struct ring *ring = NULL;
	struct tree *t = NULL;

	*whole = false;
	*reused = false;
	if (first == NULL)
		return NULL;
	index = i2e_code_index(first->code);
	if (!pool->reuse || scan->count != 1 || index >= I2E_CODE_INDEX_COUNT)
		return make_one(pool, scan, first, whole);
	ring = pool->rings[index];
	if (ring == NULL && (ring = pool->rings[index] = calloc(1, sizeof(*ring))) == NULL)
		return make_one(pool, scan, first, whole);

	for (unsigned k = 0; k < ring->count && k < POOL_PROBES; k++) {
		unsigned at = (ring->next + k) % ring->count;
		enum tree_state state = tree_state(ring->trees[at]);

		if (state == TREE_BUSY)
			continue;
		if (state == TREE_SPOILT) {
			tree_release(ring->trees[at]);
			t = tree_new(pool, scan, first);
			if (t == NULL) {
				ring->trees[at] = ring->trees[--ring->count];
				pool->trees--;
				ring->next = 0;
				return NULL;
			}
			ring->trees[at] = t;
		}
		*reused = state == TREE_FREE;
		ring->next = (at + 1) % ring->count;
		return hand_out(ring->trees[at], whole);
	}
	if (ring->count < POOL_PER_CODE && pool->trees < POOL_MAX && ring_has_room(ring) &&
	    (t = tree_new(pool, scan, first)) != NULL) {
		ring->trees[ring->count++] = t;
		pool->trees++;
		/* the oldest comes next: trees[] is in the order of making */
		ring->next = 0;
		return hand_out(t, whole);
	}
	/* those looked at are in use, and no more may be kept */
	return make_one(pool, scan, first, whole);
}
