/* core-bench.c - micro-benchmark of the matcher: ns per message and MB/s
 *
 * Copyright 2026 The mmi2errcode authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Usage: core-bench MIXFILE NOCODEFILE [SECONDS]
 *
 * Scans, with the default keyword matcher and the built-in table:
 *   mix          the lines of MIXFILE (about 1 in 5 with a code)
 *   no-code      the lines of NOCODEFILE (numbers everywhere, no code)
 *   adversarial  64 KiB texts made to be slow: all digits, digits between
 *                blanks, keyword fragments, near misses, and codes galore
 * Each set is scanned repeatedly for about SECONDS (default 0.5) per round,
 * the rounds going over all sets in turn; the best of five rounds is reported, as ns per message and MB/s, with the
 * per-byte cost of each adversarial text relative to the no-code lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i2e.h"

#define ROUNDS 5
#define ADVERSARIAL_SIZE (64u * 1024u)

struct text_set {
	const char *name;
	char **lines;
	size_t *lens;
	size_t count;
	size_t bytes;
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
set_add(struct text_set *set, const char *text, size_t len)
{
	set->lines = realloc(set->lines, (set->count + 1) * sizeof(*set->lines));
	set->lens = realloc(set->lens, (set->count + 1) * sizeof(*set->lens));
	if (set->lines == NULL || set->lens == NULL) {
		fprintf(stderr, "core-bench: out of memory\n");
		exit(1);
	}
	set->lines[set->count] = malloc(len + 1);
	if (set->lines[set->count] == NULL) {
		fprintf(stderr, "core-bench: out of memory\n");
		exit(1);
	}
	memcpy(set->lines[set->count], text, len);
	set->lines[set->count][len] = '\0';
	set->lens[set->count] = len;
	set->count++;
	set->bytes += len;
}

/* Loads the message text of each syslog line (after "]: "), as rsyslog's
 * msg property would hold it. */
static void
set_load(struct text_set *set, const char *path)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (fp == NULL) {
		perror(path);
		exit(1);
	}
	while ((n = getline(&line, &cap, fp)) > 0) {
		char *text = strstr(line, "]: ");

		if (line[n - 1] == '\n')
			line[--n] = '\0';
		text = text ? text + 2 : line;
		set_add(set, text, (size_t)(line + n - text));
	}
	free(line);
	fclose(fp);
}

/* Fills a 64 KiB text by repeating pattern. */
static void
set_add_repeated(struct text_set *set, const char *pattern)
{
	static char buf[ADVERSARIAL_SIZE];
	size_t plen = strlen(pattern);

	for (size_t i = 0; i < ADVERSARIAL_SIZE; i++)
		buf[i] = pattern[i % plen];
	set_add(set, buf, ADVERSARIAL_SIZE);
}

/* Seconds per pass over the set, scanning it repeatedly for about seconds. */
static double
measure_once(const struct i2e_matcher *m, const struct i2e_table *t, const struct text_set *set,
	     double seconds, size_t *found)
{
	size_t passes = 0;
	double start = now();
	double elapsed;

	do {
		for (size_t i = 0; i < set->count; i++) {
			struct i2e_scan scan;

			*found += i2e_matcher_scan(m, t, set->lines[i], set->lens[i], &scan);
		}
		passes++;
		elapsed = now() - start;
	} while (elapsed < seconds);
	return elapsed / (double)passes;
}

static void
report(const struct text_set *set, double per_pass, double base_ns_per_byte)
{
	double ns_per_msg = per_pass * 1e9 / (double)set->count;
	double ns_per_byte = per_pass * 1e9 / (double)set->bytes;

	printf("%-34s %8zu %10.1f %10.0f", set->name, set->bytes / set->count, ns_per_msg,
	       (double)set->bytes / per_pass / 1e6);
	if (base_ns_per_byte > 0)
		printf(" %10.2f", ns_per_byte / base_ns_per_byte);
	printf("\n");
}

int
main(int argc, char **argv)
{
	struct i2e_table *table = i2e_table_new_builtin();
	struct i2e_matcher *matcher = NULL;
	struct text_set mix = { "mix (1 in 5 with a code)", NULL, NULL, 0, 0 };
	struct text_set nocode = { "no-code lines", NULL, NULL, 0, 0 };
	struct text_set adversarial[] = {
		{ "adversarial: 64 KiB of digits", NULL, NULL, 0, 0 },
		{ "adversarial: digits between blanks", NULL, NULL, 0, 0 },
		{ "adversarial: keyword fragments", NULL, NULL, 0, 0 },
		{ "adversarial: near misses", NULL, NULL, 0, 0 },
		{ "adversarial: one code, repeated", NULL, NULL, 0, 0 },
		{ "adversarial: keyword-shaped misses", NULL, NULL, 0, 0 },
		{ "adversarial: every code in turn", NULL, NULL, 0, 0 },
	};
	static const char *const patterns[] = {
		"7",
		"1 ",
		"code error code: errcode=错误代码 ErrorCode err_code ",
		"code 3530x error code: 9999 errcode=353 code 35300 code:1.3530 barcode 3530 ",
		"code 3530 ",
		"barcode 3530 xerrcode: 1078 ",
		"code 1024 code 1025 code 1026 code 1027 code 1028 code 1030 code 1031 code 1032 "
		"code 3519 code 3520 code 3522 code 3523 code 3524 code 3525 code 3526 code 3527 "
		"code 3528 code 3529 code 3530 code 3531 code 3533 code 3534 code 3535 code 3536 "
		"code 3540 code 3541 code 3543 code 3545 code 3546 code 3547 code 3548 code 3549 "
		"code 3550 code 3551 code 3554 code 3555 code 3556 code 3557 code 3559 code 3560 ",
	};
	double seconds = argc > 3 ? strtod(argv[3], NULL) : 0.5;
	size_t found = 0;
	double base;

	if (argc < 3) {
		fprintf(stderr, "usage: core-bench MIXFILE NOCODEFILE [SECONDS]\n");
		return 2;
	}
	if (table == NULL || i2e_matcher_new_default(&matcher, I2E_MATCH_KEYWORD) != I2E_OK) {
		fprintf(stderr, "core-bench: cannot set up the matcher\n");
		return 1;
	}
	set_load(&mix, argv[1]);
	set_load(&nocode, argv[2]);
	for (size_t i = 0; i < sizeof(patterns) / sizeof(patterns[0]); i++)
		set_add_repeated(&adversarial[i], patterns[i]);

	/* Rounds go over all sets in turn, so that a noisy moment hits every
	 * set alike; each set keeps its best round. */
	struct text_set *sets[2 + sizeof(adversarial) / sizeof(adversarial[0])];
	double best[sizeof(sets) / sizeof(sets[0])];
	size_t nsets = 0;

	sets[nsets++] = &nocode;
	sets[nsets++] = &mix;
	for (size_t i = 0; i < sizeof(adversarial) / sizeof(adversarial[0]); i++)
		sets[nsets++] = &adversarial[i];
	for (size_t i = 0; i < nsets; i++)
		best[i] = 1e30;
	for (int r = 0; r < ROUNDS; r++) {
		for (size_t i = 0; i < nsets; i++) {
			double t = measure_once(matcher, table, sets[i], seconds, &found);

			if (t < best[i])
				best[i] = t;
		}
	}

	printf("%-34s %8s %10s %10s %10s\n", "input", "bytes", "ns/msg", "MB/s", "cost/byte");
	base = best[1] * 1e9 / (double)mix.bytes;
	for (size_t i = 0; i < nsets; i++)
		report(sets[i], best[i], base);
	printf("(cost/byte: ns per byte relative to the mix, the normal input; codes found: %zu)\n",
	       found);

	i2e_matcher_free(matcher);
	i2e_table_free(table);
	return 0;
}
