/* utf8.h - is a byte string well-formed UTF-8 (RFC 3629 section 4)?
 *
 * A sequence is one of: a byte 00-7F; C2-DF then one continuation byte
 * (80-BF); E0 A0-BF, E1-EC or EE-EF then 80-BF, ED 80-9F, each then
 * one more continuation; F0 90-BF, F1-F3 80-BF, F4 80-8F, each then
 * two more.  So overlong forms (C0, C1, E0 80-9F, F0 80-8F), the
 * surrogates D800-DFFF (ED A0-BF), code points past U+10FFFF (F4 90-,
 * F5-FF) and cut-off sequences are all refused.  A NUL is a character
 * like any other here: callers that hold C strings refuse it apart.
 *
 * RFC 6531 takes addresses in UTF-8 as RFC 3629 defines it; qmail-smtpd
 * checks every address with a byte over 127 before it takes it. */
#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>

/* utf8_valid - 1 if s[0..n) is well-formed UTF-8, else 0 */
int utf8_valid(const char *s, size_t n);
/* utf8_ascii - 1 if every byte of s[0..n) is under 128 */
int utf8_ascii(const char *s, size_t n);

#endif
