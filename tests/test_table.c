/* test_table.c - unit tests of the code table and the table file parser
 *
 * Copyright 2026 The mmi2errcode authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "i2e.h"

#define HEADER "code\tfamily\tlevel\tlevel_source\tdescription_zh\tremedy_zh\t" \
	       "description_en\tremedy_en\n"

static const char *
data_file_path(void)
{
	static char path[4096];
	const char *srcdir = getenv("top_srcdir");

	snprintf(path, sizeof(path), "%s/data/i2-error-codes.tsv", srcdir ? srcdir : ".");
	return path;
}

/* Reads a whole file into a malloc'ed, NUL-terminated buffer. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	long size;

	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	size = ftell(fp);
	assert_true(size > 0);
	rewind(fp);
	buf = malloc((size_t)size + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)size, fp), (size_t)size);
	buf[size] = '\0';
	fclose(fp);
	*len = (size_t)size;
	return buf;
}

static bool
same_text(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

struct compare_ctx {
	const struct i2e_table *builtin;
	size_t rows;
};

static void
compare_with_builtin(const struct i2e_entry *row, unsigned line, void *arg)
{
	struct compare_ctx *ctx = arg;
	const struct i2e_entry *e = i2e_table_lookup(ctx->builtin, row->code);

	(void)line;
	ctx->rows++;
	assert_non_null(e);
	assert_int_equal(e->code, row->code);
	assert_int_equal(e->family, row->family);
	assert_int_equal(e->severity, row->severity);
	assert_int_equal(e->severity_derived, row->severity_derived);
	for (int lang = 0; lang < I2E_LANG_COUNT; lang++) {
		assert_true(same_text(e->description[lang], row->description[lang]));
		assert_true(same_text(e->remedy[lang], row->remedy[lang]));
	}
}

static void
test_builtin_table_equals_data_file_row_by_row(void **state)
{
	struct i2e_table *table = i2e_table_new_builtin();
	struct compare_ctx ctx = { table, 0 };
	struct i2e_error err = { 0 };
	size_t len = 0;
	char *buf = slurp(data_file_path(), &len);

	(void)state;
	assert_int_equal(i2e_table_parse(buf, len, compare_with_builtin, &ctx, &err), I2E_OK);
	assert_int_equal(ctx.rows, 108);
	assert_int_equal(i2e_table_count(table), 108);
	free(buf);
	i2e_table_free(table);
}

static void
count_family(const struct i2e_entry *e, void *arg)
{
	size_t *counts = arg;

	counts[e->family]++;
}

static void
test_builtin_table_has_57_replication_and_51_vp_codes(void **state)
{
	struct i2e_table *table = i2e_table_new_builtin();
	size_t counts[I2E_FAMILY_COUNT] = { 0 };

	(void)state;
	i2e_table_foreach(table, count_family, counts);
	assert_int_equal(counts[I2E_FAMILY_REPLICATION], 57);
	assert_int_equal(counts[I2E_FAMILY_VP], 51);
	i2e_table_free(table);
}

struct expected_entry {
	unsigned code;
	enum i2e_family family;
	enum i2e_severity severity;
	bool derived;
	const char *description;
	const char *remedy;
};

static const struct expected_entry expected_entries[] = {
	{ 3519, I2E_FAMILY_REPLICATION, I2E_SEVERITY_INFO, false, "复制规则重新启动",
	  "重启系统，或者用户重启规则" },
	{ 3530, I2E_FAMILY_REPLICATION, I2E_SEVERITY_ERROR, false, "文件Checksum错误",
	  "文件不同步，尝试重新镜像" },
	{ 3545, I2E_FAMILY_REPLICATION, I2E_SEVERITY_ERROR, false, "写消息分片内容不正确", NULL },
	{ 3551, I2E_FAMILY_REPLICATION, I2E_SEVERITY_INFO, false, "删除快照失败", NULL },
	{ 3570, I2E_FAMILY_REPLICATION, I2E_SEVERITY_ERROR, true, "Cdp目录下的cfg文件出错",
	  "检查文件系统是否可以访问或者磁盘满；" },
	{ 3591, I2E_FAMILY_REPLICATION, I2E_SEVERITY_ERROR, false, "读取文件属性失败", NULL },
	{ 1024, I2E_FAMILY_VP, I2E_SEVERITY_INFO, true, "操作成功", NULL },
	{ 1078, I2E_FAMILY_VP, I2E_SEVERITY_ERROR, true, "无法连接灾备机", NULL },
	{ 1107, I2E_FAMILY_VP, I2E_SEVERITY_ERROR, true, "重新配置磁盘失败", NULL },
};

static void
test_lookup_returns_the_vendor_fields(void **state)
{
	struct i2e_table *table = i2e_table_new_builtin();

	(void)state;
	for (size_t i = 0; i < sizeof(expected_entries) / sizeof(expected_entries[0]); i++) {
		const struct expected_entry *x = &expected_entries[i];
		const struct i2e_entry *e = i2e_table_lookup(table, x->code);

		assert_non_null(e);
		assert_int_equal(e->family, x->family);
		assert_int_equal(e->severity, x->severity);
		assert_int_equal(e->severity_derived, x->derived);
		assert_string_equal(e->description[I2E_LANG_ZH], x->description);
		assert_true(same_text(e->remedy[I2E_LANG_ZH], x->remedy));
		assert_non_null(e->description[I2E_LANG_EN]);
	}
	i2e_table_free(table);
}

static bool
is_ascii(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s >= 0x80)
			return false;
	}
	return true;
}

static void
check_english(const struct i2e_entry *e, void *arg)
{
	(void)arg;
	print_message("code %u\n", e->code);
	assert_non_null(e->description[I2E_LANG_EN]);
	assert_true(is_ascii(e->description[I2E_LANG_EN]));
	/* an English remedy exactly where the vendor gives one */
	assert_int_equal(e->remedy[I2E_LANG_EN] != NULL, e->remedy[I2E_LANG_ZH] != NULL);
	if (e->remedy[I2E_LANG_EN] != NULL)
		assert_true(is_ascii(e->remedy[I2E_LANG_EN]));
}

static void
test_every_code_has_english_text_where_the_vendor_has_chinese(void **state)
{
	struct i2e_table *table = i2e_table_new_builtin();

	(void)state;
	i2e_table_foreach(table, check_english, NULL);
	i2e_table_free(table);
}

static void
test_lookup_of_codes_not_in_the_table_is_null(void **state)
{
	static const unsigned absent[] = { 0, 1, 1023, 1029, 1108, 1199, 1200, 3499, 3521,
					   3592, 3600, 9999, 65535, 4294967295u };
	struct i2e_table *table = i2e_table_new_builtin();

	(void)state;
	for (size_t i = 0; i < sizeof(absent) / sizeof(absent[0]); i++)
		assert_null(i2e_table_lookup(table, absent[i]));
	i2e_table_free(table);
}

static void
test_family_of_code_follows_the_ranges(void **state)
{
	(void)state;
	assert_int_equal(i2e_family_of_code(3500), I2E_FAMILY_REPLICATION);
	assert_int_equal(i2e_family_of_code(3599), I2E_FAMILY_REPLICATION);
	assert_int_equal(i2e_family_of_code(1024), I2E_FAMILY_VP);
	assert_int_equal(i2e_family_of_code(1199), I2E_FAMILY_VP);
	assert_int_equal(i2e_family_of_code(3499), I2E_FAMILY_COUNT);
	assert_int_equal(i2e_family_of_code(3600), I2E_FAMILY_COUNT);
	assert_int_equal(i2e_family_of_code(1023), I2E_FAMILY_COUNT);
	assert_int_equal(i2e_family_of_code(1200), I2E_FAMILY_COUNT);
	assert_int_equal(i2e_severity_syslog(I2E_SEVERITY_ERROR), 3);
	assert_int_equal(i2e_severity_syslog(I2E_SEVERITY_INFO), 6);
}

/* Merges text into a fresh built-in table and returns the status. */
static enum i2e_status
merge_text(struct i2e_table *table, const char *text, struct i2e_error *err)
{
	size_t len = strlen(text);
	char *buf = malloc(len + 1);
	enum i2e_status st;

	assert_non_null(buf);
	memcpy(buf, text, len + 1);
	st = i2e_table_merge_buffer(table, buf, len, err);
	if (st != I2E_OK)
		free(buf);
	return st;
}

static void
test_merge_overrides_and_adds_entries(void **state)
{
	struct i2e_table *table = i2e_table_new_builtin();
	struct i2e_error err = { 0 };
	const struct i2e_entry *e;

	(void)state;
	assert_int_equal(merge_text(table, "# local codes\n" HEADER
				    "3530\treplication\tInfo\tseed\t本地描述\t\tlocal\t\r\n"
				    "\n"
				    "3599\treplication\tError\tderived\t新代码\t处理\tnew\tfix\n",
				    &err), I2E_OK);
	assert_int_equal(i2e_table_count(table), 109);
	e = i2e_table_lookup(table, 3530);
	assert_string_equal(e->description[I2E_LANG_ZH], "本地描述");
	assert_string_equal(e->description[I2E_LANG_EN], "local");
	assert_null(e->remedy[I2E_LANG_ZH]);
	assert_null(e->remedy[I2E_LANG_EN]);
	assert_int_equal(e->severity, I2E_SEVERITY_INFO);
	e = i2e_table_lookup(table, 3599);
	assert_string_equal(e->remedy[I2E_LANG_EN], "fix");
	assert_true(e->severity_derived);
	assert_string_equal(i2e_table_lookup(table, 3555)->description[I2E_LANG_ZH], "复制文件错误");
	i2e_table_free(table);
}

static void
test_merge_reads_a_last_line_without_newline(void **state)
{
	struct i2e_table *table = i2e_table_new_builtin();
	struct i2e_error err = { 0 };

	(void)state;
	assert_int_equal(merge_text(table, HEADER "3599\treplication\tError\tseed\t末行\t\t\tlast",
				    &err), I2E_OK);
	assert_string_equal(i2e_table_lookup(table, 3599)->description[I2E_LANG_ZH], "末行");
	assert_string_equal(i2e_table_lookup(table, 3599)->remedy[I2E_LANG_EN], "last");
	i2e_table_free(table);
}

struct bad_table {
	const char *name;
	const char *text;
	enum i2e_status status;
	unsigned line;
	const char *detail;
};

static const struct bad_table bad_tables[] = {
	{ "empty file", "", I2E_ERR_HEADER, 0, "the header line is missing" },
	{ "comments only", "# nothing\n", I2E_ERR_HEADER, 1, "the header line is missing" },
	{ "no header", "3530\treplication\tError\tseed\ta\tb\tc\td\n", I2E_ERR_HEADER, 1,
	  "the first line must be the header 'code, family, level, level_source, "
	  "description_zh, remedy_zh, description_en, remedy_en' (TAB-separated)" },
	{ "too few columns", HEADER "3530\treplication\tError\n", I2E_ERR_COLUMNS, 2,
	  "expected 8 columns separated by tabs, found 3" },
	{ "too many columns", HEADER "3530\treplication\tError\tseed\ta\tb\tc\td\te\n",
	  I2E_ERR_COLUMNS, 2, "expected 8 columns separated by tabs, found more" },
	{ "code not a number", HEADER "35x0\treplication\tError\tseed\ta\t\t\t\n", I2E_ERR_CODE, 2,
	  "column 'code': '35x0' is not a decimal number of 1 to 5 digits" },
	{ "code with leading zero", HEADER "03530\treplication\tError\tseed\ta\t\t\t\n",
	  I2E_ERR_CODE, 2, "column 'code': '03530' is not a decimal number of 1 to 5 digits" },
	{ "code outside the ranges", HEADER "4000\treplication\tError\tseed\ta\t\t\t\n",
	  I2E_ERR_CODE, 2,
	  "code 4000 lies in no family's range (replication 3500-3599, vp 1024-1199)" },
	{ "unknown family", HEADER "3530\tcdp\tError\tseed\ta\t\t\t\n", I2E_ERR_FAMILY, 2,
	  "column 'family': 'cdp' is not one of replication, vp" },
	{ "family does not fit the code", HEADER "3530\tvp\tError\tseed\ta\t\t\t\n",
	  I2E_ERR_FAMILY, 2, "code 3530 belongs to family 'replication', not 'vp'" },
	{ "unknown level", HEADER "3530\treplication\terror\tseed\ta\t\t\t\n", I2E_ERR_LEVEL, 2,
	  "column 'level': 'error' is not one of Error, Info" },
	{ "unknown level source", HEADER "3530\treplication\tError\tvendor\ta\t\t\t\n",
	  I2E_ERR_LEVEL, 2, "column 'level_source': 'vendor' is not one of seed, derived" },
	{ "empty description", HEADER "\n3530\treplication\tError\tseed\t\tb\t\t\n", I2E_ERR_EMPTY,
	  3, "column 'description_zh' is empty for code 3530" },
	{ "invalid UTF-8", HEADER "3530\treplication\tError\tseed\t\xe6\x96\t\t\t\n", I2E_ERR_UTF8,
	  2, "column 'description_zh' is not valid UTF-8 or holds a control character" },
	{ "control character", HEADER "3530\treplication\tError\tseed\ta\x01\t\t\t\n",
	  I2E_ERR_UTF8, 2,
	  "column 'description_zh' is not valid UTF-8 or holds a control character" },
	{ "duplicate code", HEADER "3530\treplication\tError\tseed\ta\t\t\t\n"
	  "1078\tvp\tError\tseed\tb\t\t\t\n3530\treplication\tInfo\tseed\tc\t\t\t\n",
	  I2E_ERR_DUPLICATE, 4, "code 3530 is already defined on line 2" },
};

static void
test_merge_rejects_bad_tables_naming_line_and_problem(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_tables) / sizeof(bad_tables[0]); i++) {
		const struct bad_table *b = &bad_tables[i];
		struct i2e_table *table = i2e_table_new_builtin();
		struct i2e_error err = { 0 };

		print_message("case: %s\n", b->name);
		assert_int_equal(merge_text(table, b->text, &err), b->status);
		assert_int_equal(err.status, b->status);
		assert_int_equal(err.line, b->line);
		assert_string_equal(err.detail, b->detail);
		/* a failed merge leaves the table as it was */
		assert_int_equal(i2e_table_count(table), 108);
		assert_string_equal(i2e_table_lookup(table, 3530)->description[I2E_LANG_ZH],
				    "文件Checksum错误");
		i2e_table_free(table);
	}
}

static void
test_merge_rejects_an_overlong_field(void **state)
{
	struct i2e_table *table = i2e_table_new_builtin();
	struct i2e_error err = { 0 };
	size_t n = I2E_TABLE_FIELD_MAX + 1;
	size_t size = sizeof(HEADER) + 64 + n;
	char *text = malloc(size);
	char *p = text;

	(void)state;
	assert_non_null(text);
	p += snprintf(p, size, "%s3530\treplication\tError\tseed\t", HEADER);
	memset(p, 'a', n);
	p += n;
	memcpy(p, "\t\t\t\n", sizeof("\t\t\t\n"));
	assert_int_equal(merge_text(table, text, &err), I2E_ERR_TOO_BIG);
	assert_int_equal(err.line, 2);
	assert_string_equal(err.detail, "column 'description_zh' is 2049 bytes long, the limit is 2048");
	free(text);
	i2e_table_free(table);
}

static void
test_merge_file_names_a_missing_file(void **state)
{
	struct i2e_table *table = i2e_table_new_builtin();
	struct i2e_error err = { 0 };

	(void)state;
	assert_int_equal(i2e_table_merge_file(table, "/nonexistent/table.tsv", &err), I2E_ERR_IO);
	assert_string_equal(err.detail, "cannot open: No such file or directory");
	assert_int_equal(i2e_table_merge_file(table, "/", &err), I2E_ERR_IO);
	assert_string_equal(err.detail, "not a regular file");
	i2e_table_free(table);
}

static void
test_merge_file_reads_the_data_file_itself(void **state)
{
	struct i2e_table *table = i2e_table_new_empty();
	struct i2e_error err = { 0 };

	(void)state;
	assert_int_equal(i2e_table_merge_file(table, data_file_path(), &err), I2E_OK);
	assert_int_equal(i2e_table_count(table), 108);
	i2e_table_free(table);
}

static void
test_strerror_names_every_status(void **state)
{
	(void)state;
	for (int s = I2E_OK; s <= I2E_ERR_INVALID; s++)
		assert_string_not_equal(i2e_strerror((enum i2e_status)s), "unknown status");
	assert_string_equal(i2e_strerror((enum i2e_status)999), "unknown status");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin_table_equals_data_file_row_by_row),
		cmocka_unit_test(test_builtin_table_has_57_replication_and_51_vp_codes),
		cmocka_unit_test(test_lookup_returns_the_vendor_fields),
		cmocka_unit_test(test_every_code_has_english_text_where_the_vendor_has_chinese),
		cmocka_unit_test(test_lookup_of_codes_not_in_the_table_is_null),
		cmocka_unit_test(test_family_of_code_follows_the_ranges),
		cmocka_unit_test(test_merge_overrides_and_adds_entries),
		cmocka_unit_test(test_merge_reads_a_last_line_without_newline),
		cmocka_unit_test(test_merge_rejects_bad_tables_naming_line_and_problem),
		cmocka_unit_test(test_merge_rejects_an_overlong_field),
		cmocka_unit_test(test_merge_file_names_a_missing_file),
		cmocka_unit_test(test_merge_file_reads_the_data_file_itself),
		cmocka_unit_test(test_strerror_names_every_status),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
