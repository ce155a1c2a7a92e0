/* count-allocations.h - counts the test program's heap allocations, so that
 * a test can prove that a path allocates nothing or frees what it allocates,
 * and fails one on request
 *
 * Copyright 2026 The mmi2errcode authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Included once by a test program: it defines malloc, calloc, realloc and
 * free, which count and forward to glibc's own entry points (__libc_*); the
 * allocation whose count reaches fail_allocation returns NULL instead.
 * live_blocks is the number of blocks allocated and not yet freed.
 * AddressSanitizer owns the allocator itself; under it nothing is counted
 * and COUNTS_ALLOCATIONS is 0, so that the proofs are skipped.
 */
#ifndef I2E_COUNT_ALLOCATIONS_H
#define I2E_COUNT_ALLOCATIONS_H

#include <stddef.h>

static unsigned long allocations;
static unsigned long fail_allocation;	/* 0: none */
static long live_blocks;

#if defined(__SANITIZE_ADDRESS__)
#define COUNTS_ALLOCATIONS 0
#else
#define COUNTS_ALLOCATIONS 1
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *ptr, size_t size);
extern void __libc_free(void *ptr);

void *
malloc(size_t size)
{
	void *p = NULL;

	if (++allocations == fail_allocation)
		return NULL;
	p = __libc_malloc(size);
	live_blocks += p != NULL;
	return p;
}

void *
calloc(size_t n, size_t size)
{
	void *p = NULL;

	if (++allocations == fail_allocation)
		return NULL;
	p = __libc_calloc(n, size);
	live_blocks += p != NULL;
	return p;
}

void *
realloc(void *ptr, size_t size)
{
	void *p = NULL;

	if (++allocations == fail_allocation)
		return NULL;
	p = __libc_realloc(ptr, size);
	live_blocks += ptr == NULL && p != NULL;
	return p;
}

void
free(void *ptr)
{
	live_blocks -= ptr != NULL;
	__libc_free(ptr);
}
#endif

#endif /* I2E_COUNT_ALLOCATIONS_H */
