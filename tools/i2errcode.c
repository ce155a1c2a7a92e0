/* i2errcode.c - command-line tool on the core of mmi2errcode: look codes up,
 * scan log files for them, check table files
 *
 * Copyright 2026 The mmi2errcode authors
 * SPDX-License-Identifier: Apache-2.0
 *
 *   i2errcode [OPTIONS] CODE...         print the entries of codes
 *   i2errcode [OPTIONS] scan [FILE...]  JSON lines with the module's fields
 *   i2errcode [OPTIONS] check FILE...   validate table files
 *
 * scan writes, for every input line that carries a code, the same container
 * object the rsyslog module adds as $!i2err, built by the same code
 * (src/fields.c) and serialized as rsyslog's %$!i2err% writes it.  It scans
 * whole lines.  On a terminal it shows its progress through each file.
 */
#include "i2e-config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "i2e.h"
#include "fields.h"

#define PROGRESS_INTERVAL_NS 250000000L

struct options {
	enum i2e_lang lang;
	enum i2e_match_mode mode;
	bool unknown_codes;
	bool line_numbers;
	bool json;
	const char *table_file;
	char *keywords;		/* comma-separated, NULL: the default list */
};

static void
usage(FILE *out)
{
	fprintf(out,
		"usage: i2errcode [OPTIONS] CODE...\n"
		"       i2errcode [OPTIONS] scan [FILE...]\n"
		"       i2errcode [OPTIONS] check FILE...\n"
		"\n"
		"  CODE...        print the table entries of the codes\n"
		"  scan           read log lines (standard input without FILE) and print,\n"
		"                 for each line with a code, the fields mmi2errcode adds\n"
		"  check          validate table files in the data file's format\n"
		"\n"
		"options:\n"
		"  -l, --lang zh|en        language of descriptions and remedies (zh)\n"
		"  -t, --table FILE        merge a table file over the built-in table\n"
		"  -k, --keywords LIST     comma-separated keywords replacing the default list\n"
		"  -m, --match keyword|any what counts as a code (keyword)\n"
		"  -u, --unknown-codes     report codes that lie in a family's range but\n"
		"                          are not in the table\n"
		"  -n, --line-numbers      scan: put the line number and a TAB before each line\n"
		"  -j, --json              CODE: print the fields as JSON\n"
		"  -h, --help              this text\n"
		"  -V, --version           the version\n");
}

static void
report_table_error(const char *path, const struct i2e_error *err)
{
	if (err->line > 0)
		fprintf(stderr, "i2errcode: table file '%s': line %u: %s\n", path, err->line,
			err->detail);
	else
		fprintf(stderr, "i2errcode: table file '%s': %s\n", path, err->detail);
}

/* The built-in table with the --table file merged over it, or NULL. */
static struct i2e_table *
load_table(const struct options *opt)
{
	struct i2e_table *table = i2e_table_new_builtin();
	struct i2e_error err = { 0 };

	if (table == NULL) {
		fprintf(stderr, "i2errcode: out of memory\n");
		return NULL;
	}
	if (opt->table_file != NULL &&
	    i2e_table_merge_file(table, opt->table_file, &err) != I2E_OK) {
		report_table_error(opt->table_file, &err);
		i2e_table_free(table);
		return NULL;
	}
	return table;
}

static struct i2e_matcher *
make_matcher(const struct options *opt)
{
	struct i2e_matcher *m = NULL;
	struct i2e_error err = { 0 };
	const char *list[I2E_KEYWORDS_MAX + 1];
	size_t n = 0;
	enum i2e_status st;

	if (opt->keywords == NULL) {
		st = i2e_matcher_new_default(&m, opt->mode);
	} else {
		for (char *k = strtok(opt->keywords, ","); k != NULL; k = strtok(NULL, ",")) {
			if (n == I2E_KEYWORDS_MAX + 1)
				break;
			list[n++] = k;
		}
		st = i2e_matcher_new(&m, list, n, opt->mode, &err);
	}
	if (st != I2E_OK) {
		fprintf(stderr, "i2errcode: invalid --keywords: %s\n",
			err.detail[0] ? err.detail : i2e_strerror(st));
		return NULL;
	}
	i2e_matcher_list_unknown(m, opt->unknown_codes);
	return m;
}

static void
print_json(const struct json_object *fields)
{
	fputs(json_object_to_json_string_ext((struct json_object *)fields, JSON_C_TO_STRING_SPACED),
	      stdout);
	fputc('\n', stdout);
}

/* ---- CODE... ------------------------------------------------------------ */

static int
cmd_lookup(const struct options *opt, int argc, char **argv)
{
	struct i2e_table *table = load_table(opt);
	struct i2e_json_cache *cache = NULL;
	int rc = EXIT_SUCCESS;

	if (table == NULL || (cache = i2e_json_cache_new(table, opt->lang)) == NULL) {
		i2e_table_free(table);
		return EXIT_FAILURE;
	}
	for (int i = 0; i < argc; i++) {
		struct i2e_scan scan;
		const struct i2e_entry *e;
		const char *remedy;

		if (i2e_lookup_number_text(table, argv[i], strlen(argv[i]), opt->unknown_codes,
					   &scan) == 0) {
			fprintf(stderr, "i2errcode: '%s' is not a known code\n", argv[i]);
			rc = EXIT_FAILURE;
			continue;
		}
		if (opt->json) {
			struct json_object *fields = i2e_fields_build(cache, &scan,
								      opt->unknown_codes);

			if (fields == NULL) {
				fprintf(stderr, "i2errcode: out of memory\n");
				rc = EXIT_FAILURE;
				break;
			}
			print_json(fields);
			json_object_put(fields);
			continue;
		}
		e = scan.hits[0].entry;
		if (e == NULL) {
			printf("%u  %s  (not in the table)\n", scan.hits[0].code,
			       i2e_family_name(i2e_family_of_code(scan.hits[0].code)));
			continue;
		}
		remedy = i2e_entry_text(e->remedy, opt->lang);
		printf("%u  %s  %s%s\n", e->code, i2e_family_name(e->family),
		       i2e_severity_name(e->severity), e->severity_derived ? " (derived)" : "");
		printf("  description: %s\n", i2e_entry_text(e->description, opt->lang));
		if (remedy != NULL)
			printf("  remedy:      %s\n", remedy);
	}
	i2e_json_cache_free(cache);
	i2e_table_free(table);
	return rc;
}

/* ---- scan --------------------------------------------------------------- */

struct progress {
	bool on;		/* standard error is a terminal and the size is known */
	const char *name;
	off_t size;
	off_t done;
	unsigned long lines;
	struct timespec last;
};

static void
progress_start(struct progress *p, const char *name, FILE *fp)
{
	struct stat sb;

	memset(p, 0, sizeof(*p));
	p->name = name;
	p->on = isatty(STDERR_FILENO) && fstat(fileno(fp), &sb) == 0 && S_ISREG(sb.st_mode) &&
		sb.st_size > 0;
	p->size = p->on ? sb.st_size : 0;
	clock_gettime(CLOCK_MONOTONIC, &p->last);
}

static void
progress_step(struct progress *p, size_t bytes)
{
	struct timespec now;
	long elapsed;

	p->done += (off_t)bytes;
	p->lines++;
	if (!p->on || (p->lines & 1023) != 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	elapsed = (now.tv_sec - p->last.tv_sec) * 1000000000L + (now.tv_nsec - p->last.tv_nsec);
	if (elapsed < PROGRESS_INTERVAL_NS)
		return;
	p->last = now;
	fprintf(stderr, "\ri2errcode: %s: %3d%% (%lu lines)", p->name,
		(int)(p->done * 100 / p->size), p->lines);
}

static void
progress_end(const struct progress *p)
{
	if (p->on)
		fprintf(stderr, "\ri2errcode: %s: 100%% (%lu lines)\n", p->name, p->lines);
}

static int
scan_stream(FILE *fp, const char *name, const struct i2e_matcher *m,
	    const struct i2e_table *table, const struct i2e_json_cache *cache,
	    const struct options *opt)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	unsigned long lineno = 0;
	struct progress progress;
	int rc = EXIT_SUCCESS;

	progress_start(&progress, name, fp);
	while ((n = getline(&line, &cap, fp)) >= 0) {
		struct i2e_scan scan;
		size_t len = (size_t)n;
		struct json_object *fields;

		lineno++;
		progress_step(&progress, len);
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		if (i2e_matcher_scan(m, table, line, len, &scan) == 0)
			continue;
		fields = i2e_fields_build(cache, &scan, opt->unknown_codes);
		if (fields == NULL) {
			fprintf(stderr, "i2errcode: out of memory\n");
			rc = EXIT_FAILURE;
			break;
		}
		if (opt->line_numbers)
			printf("%lu\t", lineno);
		print_json(fields);
		json_object_put(fields);
	}
	if (ferror(fp)) {
		fprintf(stderr, "i2errcode: %s: %s\n", name, strerror(errno));
		rc = EXIT_FAILURE;
	}
	progress_end(&progress);
	free(line);
	return rc;
}

static int
cmd_scan(const struct options *opt, int argc, char **argv)
{
	struct i2e_table *table = load_table(opt);
	struct i2e_matcher *m = NULL;
	struct i2e_json_cache *cache = NULL;
	int rc = EXIT_SUCCESS;

	if (table == NULL || (m = make_matcher(opt)) == NULL ||
	    (cache = i2e_json_cache_new(table, opt->lang)) == NULL) {
		rc = EXIT_FAILURE;
		goto out;
	}
	if (argc == 0) {
		rc = scan_stream(stdin, "standard input", m, table, cache, opt);
		goto out;
	}
	for (int i = 0; i < argc; i++) {
		FILE *fp = strcmp(argv[i], "-") == 0 ? stdin : fopen(argv[i], "r");

		if (fp == NULL) {
			fprintf(stderr, "i2errcode: %s: %s\n", argv[i], strerror(errno));
			rc = EXIT_FAILURE;
			continue;
		}
		if (scan_stream(fp, argv[i], m, table, cache, opt) != EXIT_SUCCESS)
			rc = EXIT_FAILURE;
		if (fp != stdin)
			fclose(fp);
	}
out:
	i2e_json_cache_free(cache);
	i2e_matcher_free(m);
	i2e_table_free(table);
	fflush(stdout);
	return rc;
}

/* ---- check -------------------------------------------------------------- */

static int
cmd_check(int argc, char **argv)
{
	int rc = EXIT_SUCCESS;

	if (argc == 0) {
		fprintf(stderr, "i2errcode: check needs a table file\n");
		return 2;
	}
	for (int i = 0; i < argc; i++) {
		struct i2e_table *table = i2e_table_new_empty();
		struct i2e_error err = { 0 };

		if (table == NULL) {
			fprintf(stderr, "i2errcode: out of memory\n");
			return EXIT_FAILURE;
		}
		if (i2e_table_merge_file(table, argv[i], &err) == I2E_OK) {
			printf("%s: ok, %zu entries\n", argv[i], i2e_table_count(table));
		} else {
			report_table_error(argv[i], &err);
			rc = EXIT_FAILURE;
		}
		i2e_table_free(table);
	}
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "lang", required_argument, NULL, 'l' },
		{ "table", required_argument, NULL, 't' },
		{ "keywords", required_argument, NULL, 'k' },
		{ "match", required_argument, NULL, 'm' },
		{ "unknown-codes", no_argument, NULL, 'u' },
		{ "line-numbers", no_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct options opt = { I2E_LANG_ZH, I2E_MATCH_KEYWORD, false, false, false, NULL, NULL };
	int c;

	while ((c = getopt_long(argc, argv, "l:t:k:m:unjhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'l':
			if (strcmp(optarg, "zh") == 0) {
				opt.lang = I2E_LANG_ZH;
			} else if (strcmp(optarg, "en") == 0) {
				opt.lang = I2E_LANG_EN;
			} else {
				fprintf(stderr, "i2errcode: invalid --lang '%s', accepted are "
					"'zh' and 'en'\n", optarg);
				return 2;
			}
			break;
		case 't':
			opt.table_file = optarg;
			break;
		case 'k':
			opt.keywords = optarg;
			break;
		case 'm':
			if (strcmp(optarg, "keyword") == 0) {
				opt.mode = I2E_MATCH_KEYWORD;
			} else if (strcmp(optarg, "any") == 0) {
				opt.mode = I2E_MATCH_ANY;
			} else {
				fprintf(stderr, "i2errcode: invalid --match '%s', accepted are "
					"'keyword' and 'any'\n", optarg);
				return 2;
			}
			break;
		case 'u':
			opt.unknown_codes = true;
			break;
		case 'n':
			opt.line_numbers = true;
			break;
		case 'j':
			opt.json = true;
			break;
		case 'h':
			usage(stdout);
			return EXIT_SUCCESS;
		case 'V':
			printf("i2errcode %s\n", PACKAGE_VERSION);
			return EXIT_SUCCESS;
		default:
			usage(stderr);
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[0], "scan") == 0)
		return cmd_scan(&opt, argc - 1, argv + 1);
	if (strcmp(argv[0], "check") == 0)
		return cmd_check(argc - 1, argv + 1);
	return cmd_lookup(&opt, argc, argv);
}
