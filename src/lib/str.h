/* str.h - small string and byte helpers; ASCII case only, never locale */
#ifndef STR_H
#define STR_H

#include <stddef.h>

int str_equal(const char *a, const char *b);
int str_start(const char *s, const char *prefix);
size_t byte_chr(const char *p, size_t n, int c);    /* index, or n */
size_t byte_rchr(const char *p, size_t n, int c);   /* index, or n */
int case_lower(int c);
void case_lowerb(char *p, size_t n);
int case_equalb(const char *a, const char *b, size_t n);
int case_equals(const char *a, const char *b);
int case_startb(const char *p, size_t n, const char *prefix);

#endif
