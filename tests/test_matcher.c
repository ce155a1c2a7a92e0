/* test_matcher.c - unit tests of the code matcher
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

#include "count-allocations.h"

/* ---- fixtures ----------------------------------------------------------- */

struct fixture {
	struct i2e_table *table;
	struct i2e_matcher *keyword;
	struct i2e_matcher *any;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	f->table = i2e_table_new_builtin();
	if (f->table == NULL ||
	    i2e_matcher_new_default(&f->keyword, I2E_MATCH_KEYWORD) != I2E_OK ||
	    i2e_matcher_new_default(&f->any, I2E_MATCH_ANY) != I2E_OK)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	i2e_matcher_free(f->keyword);
	i2e_matcher_free(f->any);
	i2e_table_free(f->table);
	free(f);
	return 0;
}

#define MAX_EXPECTED 4

struct scan_case {
	const char *text;
	unsigned codes[MAX_EXPECTED];	/* expected codes in order, 0-terminated */
};

/* Scans text with matcher and checks that exactly the expected codes come out. */
static void
check_scan(const struct i2e_matcher *m, const struct i2e_table *table, const struct scan_case *c)
{
	struct i2e_scan scan;
	size_t n = 0;

	while (n < MAX_EXPECTED && c->codes[n] != 0)
		n++;
	print_message("text: %s\n", c->text);
	i2e_matcher_scan(m, table, c->text, strlen(c->text), &scan);
	assert_int_equal(scan.count, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(scan.hits[i].code, c->codes[i]);
}

/* ---- keyword mode -------------------------------------------------------- */

static const struct scan_case keyword_positives[] = {
	{ "error code: 3530", { 3530 } },
	{ "Error Code 3530", { 3530 } },
	{ "ERRORCODE 3530", { 3530 } },
	{ "errcode=3530", { 3530 } },
	{ "errcode:3530", { 3530 } },
	{ "error_code=3530", { 3530 } },
	{ "ErrorCode 1073", { 1073 } },
	{ "ErrCode\t1073 while stopping", { 1073 } },
	{ "err_code=1073", { 1073 } },
	{ "code 1073", { 1073 } },
	{ "task failed (code 1073)", { 1073 } },
	{ "code=1073;", { 1073 } },
	{ "rule stopped, error code: 3530.", { 3530 } },
	{ "复制失败，错误代码 3555", { 3555 } },
	{ "复制失败，错误码：3555，请检查", { 3555 } },
	{ "复制失败，错误代码3555", { 3555 } },
	{ "错误代码\xe3\x80\x80" "3555", { 3555 } },
	{ "{\"code\":1078,\"msg\":\"x\"}", { 1078 } },
	{ "{\"errorCode\":\"1078\"}", { 1078 } },
	{ "{\"code\": \"1078\"}", { 1078 } },
	{ "error-code 3530", { 3530 } },
	{ "code #3530", { 3530 } },
	{ "code 3530 at the very start", { 3530 } },
	{ "at the very end: code 3530", { 3530 } },
	{ "code 3530, code 3555, code 3530 again, code 1078", { 3530, 3555, 1078 } },
	{ "pid 4242 port 3530 error code 3522 size 1030", { 3522 } },
};

static const struct scan_case keyword_negatives[] = {
	{ "", { 0 } },
	{ "3530", { 0 } },
	{ "pid 3530 started", { 0 } },
	{ "listening on port 3530", { 0 } },
	{ "uid=1030 gid=1030", { 0 } },
	{ "wrote 3530 bytes in 1078 ms", { 0 } },
	{ "at 10:35:30 3530", { 0 } },
	{ "code 35300", { 0 } },
	{ "code 353", { 0 } },
	{ "code 03530", { 0 } },
	{ "code 3530abc", { 0 } },
	{ "code 3530_x", { 0 } },
	{ "code 3530.5", { 0 } },
	{ "code 3530,5", { 0 } },
	{ "code x3530", { 0 } },
	{ "code -3530", { 0 } },
	{ "code3530", { 0 } },
	{ "barcode 3530", { 0 } },
	{ "postcode=3530", { 0 } },
	{ "codes 3530", { 0 } },
	{ "my_code 3530", { 0 } },
	{ "code      3530", { 0 } },
	{ "code 9999", { 0 } },
	{ "code 2000", { 0 } },
	{ "error code", { 0 } },
	{ "error code: ", { 0 } },
	{ "代码 3530", { 0 } },
	{ "码 3530", { 0 } },
	{ "version 1.3530", { 0 } },
};

static void
test_keyword_forms_are_found(void **state)
{
	struct fixture *f = *state;

	for (size_t i = 0; i < sizeof(keyword_positives) / sizeof(keyword_positives[0]); i++)
		check_scan(f->keyword, f->table, &keyword_positives[i]);
}

static void
test_bare_numbers_ports_pids_and_near_misses_are_ignored(void **state)
{
	struct fixture *f = *state;

	for (size_t i = 0; i < sizeof(keyword_negatives) / sizeof(keyword_negatives[0]); i++)
		check_scan(f->keyword, f->table, &keyword_negatives[i]);
}

static void
test_hits_carry_their_entries(void **state)
{
	struct fixture *f = *state;
	struct i2e_scan scan;
	const char *text = "ErrorCode 1073; error code 3530";

	i2e_matcher_scan(f->keyword, f->table, text, strlen(text), &scan);
	assert_int_equal(scan.count, 2);
	assert_int_equal(scan.known, 2);
	assert_ptr_equal(scan.hits[0].entry, i2e_table_lookup(f->table, 1073));
	assert_string_equal(scan.hits[1].entry->description[I2E_LANG_ZH], "文件Checksum错误");
}

static void
test_unknown_codes_in_a_family_range_are_reported_without_entry(void **state)
{
	struct fixture *f = *state;
	struct i2e_scan scan;
	const char *text = "code 3521 then code 1029 then code 3530";

	i2e_matcher_list_unknown(f->keyword, true);
	i2e_matcher_scan(f->keyword, f->table, text, strlen(text), &scan);
	i2e_matcher_list_unknown(f->keyword, false);
	assert_int_equal(scan.count, 3);
	assert_int_equal(scan.known, 1);
	assert_int_equal(scan.unknown, 2);
	assert_int_equal(scan.hits[0].code, 3521);
	assert_null(scan.hits[0].entry);
	assert_int_equal(scan.hits[1].code, 1029);
	assert_null(scan.hits[1].entry);
	assert_non_null(scan.hits[2].entry);
}

static void
test_unlisted_unknown_codes_are_counted_and_crowd_out_nothing(void **state)
{
	struct fixture *f = *state;
	struct i2e_scan scan;
	char text[8192];
	size_t len = 0;

	/* 70 unknown codes, then a known one */
	for (unsigned code = 1108; code < 1178; code++)
		len += (size_t)snprintf(text + len, sizeof(text) - len, "code %u ", code);
	len += (size_t)snprintf(text + len, sizeof(text) - len, "code 3530");
	i2e_matcher_scan(f->keyword, f->table, text, len, &scan);
	assert_int_equal(scan.count, 1);
	assert_int_equal(scan.hits[0].code, 3530);
	assert_int_equal(scan.unknown, 70);
	assert_int_equal(scan.dropped, 0);
}

static void
test_empty_and_null_text_find_nothing(void **state)
{
	struct fixture *f = *state;
	struct i2e_scan scan;

	assert_int_equal(i2e_matcher_scan(f->keyword, f->table, "", 0, &scan), 0);
	assert_int_equal(i2e_matcher_scan(f->keyword, f->table, NULL, 0, &scan), 0);
	assert_int_equal(scan.known, 0);
}

static void
test_scan_respects_the_given_length(void **state)
{
	struct fixture *f = *state;
	struct i2e_scan scan;
	const char *text = "code 3530";

	/* the length cuts the number short: "code 353" is no code */
	assert_int_equal(i2e_matcher_scan(f->keyword, f->table, text, 8, &scan), 0);
	/* a NUL inside the text is just a byte */
	assert_int_equal(i2e_matcher_scan(f->keyword, f->table, "x\0code 3530", 11, &scan), 1);
}

static void
test_invalid_utf8_around_a_code_is_harmless(void **state)
{
	struct fixture *f = *state;
	struct i2e_scan scan;
	const char text[] = "\xff\xfe\xe9\x94 code 3530 \xe9\x94\x99\xe8";

	assert_int_equal(i2e_matcher_scan(f->keyword, f->table, text, sizeof(text) - 1, &scan), 1);
	assert_int_equal(scan.hits[0].code, 3530);
}

#define BIG (64u * 1024u)

static void
test_a_64_kib_message_is_scanned_to_both_ends(void **state)
{
	struct fixture *f = *state;
	struct i2e_scan scan;
	char *text = malloc(BIG);

	assert_non_null(text);
	for (size_t i = 0; i < BIG; i++)
		text[i] = (char)("pid 1234 port 8080 uid=1030 "[i % 28]);
	memcpy(text, "code 3530 ", 10);
	memcpy(text + BIG - 10, " code 3555", 10);
	i2e_matcher_scan(f->keyword, f->table, text, BIG, &scan);
	assert_int_equal(scan.count, 2);
	assert_int_equal(scan.hits[0].code, 3530);
	assert_int_equal(scan.hits[1].code, 3555);

	memset(text, '7', BIG);
	memcpy(text, "code ", 5);
	assert_int_equal(i2e_matcher_scan(f->keyword, f->table, text, BIG, &scan), 0);
	free(text);
}

static void
test_codes_are_capped_and_the_rest_counted(void **state)
{
	struct fixture *f = *state;
	struct i2e_scan scan;
	char text[4096];
	size_t len = 0;

	/* 40 distinct codes of the VP range, each twice */
	for (int round = 0; round < 2; round++) {
		for (unsigned code = 1100; code < 1140; code++)
			len += (size_t)snprintf(text + len, sizeof(text) - len, "code %u ", code);
	}
	i2e_matcher_list_unknown(f->keyword, true);
	i2e_matcher_scan(f->keyword, f->table, text, len, &scan);
	i2e_matcher_list_unknown(f->keyword, false);
	assert_int_equal(scan.count, I2E_SCAN_MAX_CODES);
	assert_int_equal(scan.dropped, 40 - I2E_SCAN_MAX_CODES);
	assert_int_equal(scan.hits[0].code, 1100);
	assert_int_equal(scan.hits[I2E_SCAN_MAX_CODES - 1].code, 1100 + I2E_SCAN_MAX_CODES - 1);
}

static void
test_scan_allocates_nothing(void **state)
{
	struct fixture *f = *state;
	struct i2e_scan scan;
	const char *plain = "Dec  3 10:00:00 host sync[4242]: copied 3530 files, port 8080";
	const char *coded = "Dec  3 10:00:00 host sync[4242]: error code: 3530, 错误码：1078";
	unsigned long before = allocations;

	if (!COUNTS_ALLOCATIONS)
		skip();

	i2e_matcher_scan(f->keyword, f->table, plain, strlen(plain), &scan);
	assert_int_equal(scan.count, 0);
	i2e_matcher_scan(f->keyword, f->table, coded, strlen(coded), &scan);
	assert_int_equal(scan.count, 2);
	i2e_matcher_scan(f->any, f->table, plain, strlen(plain), &scan);
	assert_int_equal(scan.count, 1);
	assert_int_equal(allocations, before);

	/* the counter itself works: a matcher does allocate */
	struct i2e_matcher *m = NULL;
	assert_int_equal(i2e_matcher_new_default(&m, I2E_MATCH_KEYWORD), I2E_OK);
	assert_true(allocations > before);
	i2e_matcher_free(m);
}

/* ---- custom keywords and match modes ------------------------------------ */

static void
test_custom_keywords_replace_the_default_list(void **state)
{
	struct fixture *f = *state;
	static const char *const keywords[] = { "rc", "状态码" };
	struct i2e_matcher *m = NULL;
	struct i2e_error err = { 0 };
	static const struct scan_case cases[] = {
		{ "job finished rc=3530", { 3530 } },
		{ "RC: 1078", { 1078 } },
		{ "状态码1078", { 1078 } },
		{ "error code 3530", { 0 } },
		{ "src 3530", { 0 } },
	};

	assert_int_equal(i2e_matcher_new(&m, keywords, 2, I2E_MATCH_KEYWORD, &err), I2E_OK);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_scan(m, f->table, &cases[i]);
	i2e_matcher_free(m);
}

struct bad_keyword {
	const char *keyword;
	const char *detail;
};

static void
test_bad_keywords_are_rejected_with_their_index(void **state)
{
	static const struct bad_keyword bad[] = {
		{ "", "keyword 2 is empty" },
		{ "abcdefghijklmnopqrstuvwxyzabcdefg",
		  "keyword 'abcdefghijklmnopqrstuvwxyzabcdefg' is longer than 32 bytes" },
		{ "rc1", "keyword 'rc1' ends with a digit" },
		{ "rc:", "keyword 'rc:' ends with a separator" },
		{ "错误码：", "keyword '错误码：' ends with a separator" },
		{ " rc", "keyword ' rc' starts with a blank" },
		{ "r\x01" "c", "keyword 'r\x01" "c' is not valid UTF-8 or holds a control character" },
		{ "\xe9\x94", "keyword '\xe9\x94' is not valid UTF-8 or holds a control character" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *keywords[2] = { "code", bad[i].keyword };
		struct i2e_matcher *m = NULL;
		struct i2e_error err = { 0 };

		assert_int_equal(i2e_matcher_new(&m, keywords, 2, I2E_MATCH_KEYWORD, &err),
				 I2E_ERR_KEYWORD);
		assert_null(m);
		assert_int_equal(err.line, 2);
		assert_string_equal(err.detail, bad[i].detail);
	}
}

static void
test_keyword_list_size_is_bounded(void **state)
{
	const char *keywords[I2E_KEYWORDS_MAX + 1];
	struct i2e_matcher *m = NULL;
	struct i2e_error err = { 0 };

	(void)state;
	for (size_t i = 0; i <= I2E_KEYWORDS_MAX; i++)
		keywords[i] = "code";
	assert_int_equal(i2e_matcher_new(&m, keywords, I2E_KEYWORDS_MAX + 1, I2E_MATCH_KEYWORD,
					 &err), I2E_ERR_KEYWORD);
	assert_string_equal(err.detail, "33 keywords given, 1 to 32 are accepted");
	assert_int_equal(i2e_matcher_new(&m, keywords, 0, I2E_MATCH_KEYWORD, &err),
			 I2E_ERR_KEYWORD);
	assert_int_equal(i2e_matcher_new(&m, keywords, I2E_KEYWORDS_MAX, I2E_MATCH_KEYWORD, &err),
			 I2E_OK);
	i2e_matcher_free(m);
}

static void
test_any_mode_takes_every_standalone_number_in_a_range(void **state)
{
	struct fixture *f = *state;
	static const struct scan_case cases[] = {
		{ "3530", { 3530 } },
		{ "pid 3530 port 1078 size 9999", { 3530, 1078 } },
		{ "[3530]", { 3530 } },
		{ "失败3555次", { 3555 } },
		{ "v3530 3530x 1.3530 3530.1 35300 03530 2000", { 0 } },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_scan(f->any, f->table, &cases[i]);
}

static void
test_number_text_is_looked_up_directly(void **state)
{
	struct fixture *f = *state;
	struct i2e_scan scan;
	static const char *const bad[] = { "", " ", "x", "3530x", "03530", "35300", "9999",
					   "35 30", "-3530" };

	assert_int_equal(i2e_lookup_number_text(f->table, "3530", 4, true, &scan), 1);
	assert_int_equal(scan.known, 1);
	assert_int_equal(i2e_lookup_number_text(f->table, " 1078\t", 6, true, &scan), 1);
	assert_int_equal(scan.hits[0].code, 1078);
	assert_int_equal(i2e_lookup_number_text(f->table, "3521", 4, true, &scan), 1);
	assert_int_equal(scan.known, 0);
	assert_int_equal(i2e_lookup_number_text(f->table, "3521", 4, false, &scan), 0);
	assert_int_equal(scan.unknown, 1);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(i2e_lookup_number_text(f->table, bad[i], strlen(bad[i]), true, &scan), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keyword_forms_are_found),
		cmocka_unit_test(test_bare_numbers_ports_pids_and_near_misses_are_ignored),
		cmocka_unit_test(test_hits_carry_their_entries),
		cmocka_unit_test(test_unknown_codes_in_a_family_range_are_reported_without_entry),
		cmocka_unit_test(test_unlisted_unknown_codes_are_counted_and_crowd_out_nothing),
		cmocka_unit_test(test_empty_and_null_text_find_nothing),
		cmocka_unit_test(test_scan_respects_the_given_length),
		cmocka_unit_test(test_invalid_utf8_around_a_code_is_harmless),
		cmocka_unit_test(test_a_64_kib_message_is_scanned_to_both_ends),
		cmocka_unit_test(test_codes_are_capped_and_the_rest_counted),
		cmocka_unit_test(test_scan_allocates_nothing),
		cmocka_unit_test(test_custom_keywords_replace_the_default_list),
		cmocka_unit_test(test_bad_keywords_are_rejected_with_their_index),
		cmocka_unit_test(test_keyword_list_size_is_bounded),
		cmocka_unit_test(test_any_mode_takes_every_standalone_number_in_a_range),
		cmocka_unit_test(test_number_text_is_looked_up_directly),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
