/* count-allocations.h - counts the test program's heap allocations, so that
 * a test can prove that a path allocates nothing
 *
 * Copyright 2026 The mmi2errcode authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Included once by a test program: it defines malloc, calloc and realloc,
 * which count and forward to glibc's own entry points (__libc_*).
 * AddressSanitizer owns the allocator itself; under it nothing is counted
 * and COUNTS_ALLOCATIONS is 0, so that the proofs are skipped.
 */
#ifndef I2E_COUNT_ALLOCATIONS_H
#define I2E_COUNT_ALLOCATIONS_H

#include <stddef.h>

static unsigned long allocations;

#if defined(__SANITIZE_ADDRESS__)
#define COUNTS_ALLOCATIONS 0
#else
#define COUNTS_ALLOCATIONS 1
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *ptr, size_t size);

void *
malloc(size_t size)
{
	allocations++;
	return __libc_malloc(size);
}

void *
calloc(size_t n, size_t size)
{
	allocations++;
	return __libc_calloc(n, size);
}

void *
realloc(void *ptr, size_t size)
{
	allocations++;
	return __libc_realloc(ptr, size);
}
#endif

#endif /* I2E_COUNT_ALLOCATIONS_H */
