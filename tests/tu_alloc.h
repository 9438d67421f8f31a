/*
 * tu_alloc.h — a counting allocator for the Check programs that assert "a trial never allocates"
 * (trial.h). Include it once, at file scope, in a test program that is not built under
 * AddressSanitizer (which owns malloc itself): the program's malloc family then forwards to
 * glibc's and counts every call in tu_allocations.
 */
#ifndef PARLEY_TU_ALLOC_H
#define PARLEY_TU_ALLOC_H

#include <stddef.h>

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);
extern void *__libc_memalign(size_t align, size_t n);
extern void __libc_free(void *p);

static unsigned long tu_allocations;

void *malloc(size_t n) {
  tu_allocations++;
  return __libc_malloc(n);
}
void *calloc(size_t n, size_t size) {
  tu_allocations++;
  return __libc_calloc(n, size);
}
void *realloc(void *p, size_t n) {
  tu_allocations++;
  return __libc_realloc(p, n);
}
void *aligned_alloc(size_t align, size_t n) {
  tu_allocations++;
  return __libc_memalign(align, n);
}
void free(void *p) { __libc_free(p); }

#endif /* PARLEY_TU_ALLOC_H */
