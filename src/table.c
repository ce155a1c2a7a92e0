/* table.c - the code table: built-in entries, merged table files, O(1) lookup
 *
 * Copyright 2026 The mmi2errcode authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * A table is an array of slot pointers, one per code of every family's range,
 * so a lookup is a range check and an index.  Built-in entries are static;
 * entries merged from a file live in a block that also owns the file's bytes,
 * which their strings point into.  A table is never changed after it is
 * handed to readers: a reload builds a new table and swaps the pointer.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "i2e.h"
#include "internal.h"

struct block {
	struct block *next;
	char *buf;
	size_t count;
	struct i2e_entry entries[I2E_SLOT_COUNT];
};

struct i2e_table {
	size_t count;
	struct block *blocks;
	const struct i2e_entry *slots[I2E_SLOT_COUNT];
};

struct i2e_table *
i2e_table_new_empty(void)
{
	return calloc(1, sizeof(struct i2e_table));
}

void
i2e_table_put_static(struct i2e_table *table, const struct i2e_entry *entries, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		size_t slot = i2e_slot_of_code(entries[i].code);

		if (table->slots[slot] == NULL)
			table->count++;
		table->slots[slot] = &entries[i];
	}
}

void
i2e_table_free(struct i2e_table *table)
{
	struct block *b;

	if (table == NULL)
		return;
	b = table->blocks;
	while (b != NULL) {
		struct block *next = b->next;

		free(b->buf);
		free(b);
		b = next;
	}
	free(table);
}

const struct i2e_entry *
i2e_table_lookup(const struct i2e_table *table, unsigned code)
{
	size_t slot = i2e_slot_of_code(code);

	return slot < I2E_SLOT_COUNT ? table->slots[slot] : NULL;
}

size_t
i2e_table_count(const struct i2e_table *table)
{
	return table->count;
}

void
i2e_table_foreach(const struct i2e_table *table,
		  void (*fn)(const struct i2e_entry *entry, void *ctx), void *ctx)
{
	const struct i2e_entry *sorted[I2E_SLOT_COUNT];
	size_t n = 0;

	/* VP codes are numerically lower but sit after replication in the slots. */
	for (size_t i = I2E_REPLICATION_SLOTS; i < I2E_SLOT_COUNT; i++) {
		if (table->slots[i] != NULL)
			sorted[n++] = table->slots[i];
	}
	for (size_t i = 0; i < I2E_REPLICATION_SLOTS; i++) {
		if (table->slots[i] != NULL)
			sorted[n++] = table->slots[i];
	}
	for (size_t i = 0; i < n; i++)
		fn(sorted[i], ctx);
}

struct collect {
	struct block *block;
	unsigned line_of_slot[I2E_SLOT_COUNT];
	unsigned dup_code;
	unsigned dup_line;
	unsigned dup_first_line;
};

static void
collect_row(const struct i2e_entry *entry, unsigned line, void *ctx)
{
	struct collect *c = ctx;
	size_t slot = i2e_slot_of_code(entry->code);

	if (c->line_of_slot[slot] != 0) {
		if (c->dup_line == 0) {
			c->dup_code = entry->code;
			c->dup_line = line;
			c->dup_first_line = c->line_of_slot[slot];
		}
		return;
	}
	c->line_of_slot[slot] = line;
	c->block->entries[c->block->count++] = *entry;
}

enum i2e_status
i2e_table_merge_buffer(struct i2e_table *table, char *buf, size_t len, struct i2e_error *err)
{
	struct collect c;
	enum i2e_status st;

	memset(&c, 0, sizeof(c));
	c.block = calloc(1, sizeof(*c.block));
	if (c.block == NULL)
		return i2e_error_set(err, I2E_ERR_NOMEM, 0, "out of memory");

	st = i2e_table_parse(buf, len, collect_row, &c, err);
	if (st == I2E_OK && c.dup_line != 0)
		st = i2e_error_set(err, I2E_ERR_DUPLICATE, c.dup_line,
				   "code %u is already defined on line %u", c.dup_code,
				   c.dup_first_line);
	if (st != I2E_OK) {
		free(c.block);
		return st;
	}

	for (size_t i = 0; i < c.block->count; i++) {
		size_t slot = i2e_slot_of_code(c.block->entries[i].code);

		if (table->slots[slot] == NULL)
			table->count++;
		table->slots[slot] = &c.block->entries[i];
	}
	c.block->buf = buf;
	c.block->next = table->blocks;
	table->blocks = c.block;
	return I2E_OK;
}

/* Reads the whole file at path into a new buffer, refusing files larger than
 * I2E_TABLE_FILE_MAX. */
static enum i2e_status
read_file(const char *path, char **bufp, size_t *lenp, struct i2e_error *err)
{
	FILE *fp = NULL;
	char *buf = NULL;
	struct stat sb;
	size_t len = 0;
	enum i2e_status st = I2E_OK;

	fp = fopen(path, "rb");
	if (fp == NULL || fstat(fileno(fp), &sb) != 0) {
		st = i2e_error_set(err, I2E_ERR_IO, 0, "cannot open: %s", strerror(errno));
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		st = i2e_error_set(err, I2E_ERR_IO, 0, "not a regular file");
		goto out;
	}
	if (sb.st_size > (off_t)I2E_TABLE_FILE_MAX) {
		st = i2e_error_set(err, I2E_ERR_TOO_BIG, 0,
				   "file is %lld bytes long, the limit is %u",
				   (long long)sb.st_size, I2E_TABLE_FILE_MAX);
		goto out;
	}

	/* One byte more than expected shows a file that grew while being read. */
	buf = malloc((size_t)sb.st_size + 1);
	if (buf == NULL) {
		st = i2e_error_set(err, I2E_ERR_NOMEM, 0, "out of memory");
		goto out;
	}
	len = fread(buf, 1, (size_t)sb.st_size + 1, fp);
	if (ferror(fp) || len != (size_t)sb.st_size) {
		st = i2e_error_set(err, I2E_ERR_IO, 0, "cannot read: %s",
				   ferror(fp) ? strerror(errno) : "file changed while being read");
		goto out;
	}

	*bufp = buf;
	*lenp = len;
	buf = NULL;
out:
	free(buf);
	if (fp != NULL)
		fclose(fp);
	return st;
}

enum i2e_status
i2e_table_merge_file(struct i2e_table *table, const char *path, struct i2e_error *err)
{
	char *buf = NULL;
	size_t len = 0;
	enum i2e_status st;

	st = read_file(path, &buf, &len, err);
	if (st != I2E_OK)
		return st;
	st = i2e_table_merge_buffer(table, buf, len, err);
	if (st != I2E_OK)
		free(buf);
	return st;
}
