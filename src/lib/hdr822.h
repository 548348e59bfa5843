/* hdr822.h - RFC 5322 header fields and address lists, read the way
 * qmail-inject reads them (qmail-header(5))
 *
 * Fields.  A field is a first line "name: body" and every continuation
 * line after it (a line that begins with a space or a tab).  A name is
 * one or more bytes from 33 to 126 other than ':', and may be followed
 * by spaces or tabs before the colon.  hdr822_getfield reads one line
 * and, if it starts a field, its continuation lines; every line keeps
 * its newline, and a last line without one is given one.  It returns
 * HDR822_FIELD (f holds a field), HDR822_OTHER (f holds one line that
 * is neither a field nor blank), HDR822_END (f holds the blank line
 * that ends the header, "\n" or "\r\n", or nothing at end of input), or
 * -1 with errno (E2BIG when the field would pass max bytes).
 *
 * Tokens.  hdr822_tokenize splits a field body into qmail's tokens:
 * atoms (runs of bytes that are not white space or one of
 * ( [ " < > ; : @ , . ; a backslash takes the next byte as it is),
 * quoted strings, domain literals [ ], comments ( ) that nest, and the
 * single bytes . , @ < > : ;.  White space (space, tab, CR, LF) only
 * separates.  Every other byte, 8-bit included, is an atom byte.  A
 * token records where its raw text lies, delimiters included.  The
 * body is a syntax error (0, errno EINVAL) if a quoted string, comment
 * or literal is not closed, a token starts with ')' or ']', a
 * backslash ends it, or it holds a NUL (envelopes end addresses with
 * NULs, so no address may hold one).
 *
 * Address lists.  hdr822_addrlist groups the tokens of an address list
 * into addresses as qmail's token822 does, reading from the right: a
 * group "name: a, b;" holds addresses (';' inside a group or ':'
 * outside one is a syntax error); "phrase <addr>" is an address in
 * angle brackets (an empty one, <>, included; a '<' or '>' without
 * its partner is a syntax error, where qmail took a lone '<' as part
 * of an address); other runs of words, dots and @ are bare addresses,
 * and two words with nothing but white space or comments between them
 * begin two addresses ("djb fred"), where qmail-inject inserts a
 * comma: comma_before is then set on the second.  Addresses come out
 * in text order.  Comments may lie inside an address's token range;
 * users of the range skip them.
 *
 * Qualifying.  hdr822_qualify rewrites every address of an address
 * list in place, as qmail-inject does (qmail-header(5)), and leaves
 * every other byte as it was: a source route "@a,@b:" is removed; a
 * trailing '.' or '@' is removed; an address without '@' gets
 * "@defaulthost"; a host ending in '+' loses it and gets
 * ".plusdomain"; a host without a dot (and not a literal) gets
 * ".defaultdomain"; <> and "x@[]" are left alone; a comma goes where
 * hdr822_addrlist says one belongs.  The defaulthost appended follows
 * the same two host rules.  Each address, as hdr822_value spells it
 * after the rewriting, is appended to addrs with a NUL after it (empty
 * ones too).  Qualifying the result again changes nothing.
 *
 * Memory grows with the input only: at most one token per byte of
 * body and one address per token.  Callers cap the input, and set the
 * max of out and addrs: qualification lengthens the text. */
#ifndef HDR822_H
#define HDR822_H

#include <stddef.h>
#include "buf.h"
#include "sa.h"

#define HDR822_END 0
#define HDR822_FIELD 1
#define HDR822_OTHER 2

/* token types */
#define HDR822_ATOM 1
#define HDR822_QUOTE 2      /* "..." */
#define HDR822_LITERAL 3    /* [...] */
#define HDR822_COMMENT 4    /* (...) */
#define HDR822_DOT 5
#define HDR822_AT 6
#define HDR822_COMMA 7
#define HDR822_LEFT 8       /* < */
#define HDR822_RIGHT 9      /* > */
#define HDR822_COLON 10
#define HDR822_SEMI 11

struct hdr822_tok {
  int type;
  size_t pos;    /* offset of its first byte in the text tokenized */
  size_t len;    /* raw length, quotes, brackets and parentheses included */
};

struct hdr822_toks {
  struct hdr822_tok *t;
  size_t n;
  size_t cap;
};
#define HDR822_TOKS_ZERO { 0, 0, 0 }

struct hdr822_addr {
  size_t first;      /* index of its first token */
  size_t end;        /* one past its last token; first == end: empty */
  int angle;         /* written in angle brackets */
  int comma_before;  /* a comma belongs after token first - 1 */
};

struct hdr822_alist {
  struct hdr822_addr *a;
  size_t n;
  size_t cap;
};
#define HDR822_ALIST_ZERO { 0, 0, 0 }

/* hdr822_name - if p[0..n) begins with a field name and its colon:
 * 1, with *namelen the name's length and *colon the colon's offset */
int hdr822_name(const char *p, size_t n, size_t *namelen, size_t *colon);
/* hdr822_is - the field p[0..n) is named name (ASCII case ignored) */
int hdr822_is(const char *p, size_t n, const char *name);

int hdr822_getfield(struct buf *b, struct sa *f, size_t max);
/* hdr822_getcont - append to f the continuation lines that follow:
 * 1, or -1 with errno (E2BIG past max bytes of f) */
int hdr822_getcont(struct buf *b, struct sa *f, size_t max);

/* hdr822_tokenize - ts gets the tokens of p[0..n), offsets added to
 * base: 1, 0 on a syntax error (EINVAL), -1 with errno */
int hdr822_tokenize(const char *p, size_t n, size_t base,
                    struct hdr822_toks *ts);
/* hdr822_addrlist - al gets the addresses of ts: 1, 0 on a syntax
 * error (EINVAL), -1 with errno */
int hdr822_addrlist(const struct hdr822_toks *ts, struct hdr822_alist *al);

/* hdr822_value - append to out the address that tokens t[0..n) spell,
 * as an envelope holds it: comments left out, quoted strings and
 * quoted pairs unquoted, literals kept with their brackets, CR and LF
 * (folding) removed.  text is what the offsets refer to.  1, or 0. */
int hdr822_value(const char *text, const struct hdr822_tok *t, size_t n,
                 struct sa *out);
/* hdr822_quote - append addr[0..n) to out as a header writes it: the
 * part before the last '@' in quotes if it is not a dot-atom.  CR and
 * LF are left out, so the result never ends a header line.  1, or 0 */
int hdr822_quote(struct sa *out, const char *addr, size_t n);
/* hdr822_quotelocal - the same for p[0..n) as a local part, whole */
int hdr822_quotelocal(struct sa *out, const char *p, size_t n);

struct hdr822_edit {
  size_t pos;        /* in the field */
  size_t del;        /* bytes to remove there */
  size_t ins;        /* then insert ins bytes from q->insert */
  size_t inslen;
};

struct hdr822_qual {
  const char *defaulthost;     /* set by the caller */
  const char *defaultdomain;
  const char *plusdomain;
  /* scratch space, kept from call to call */
  struct hdr822_toks ts;
  struct hdr822_alist al;
  struct hdr822_edit *ed;
  size_t ned;
  size_t edcap;
  size_t *idx;
  size_t nidx;
  size_t idxcap;
  struct sa insert;
  struct sa value;
};
#define HDR822_QUAL_ZERO { 0, 0, 0, HDR822_TOKS_ZERO, HDR822_ALIST_ZERO, \
  0, 0, 0, 0, 0, 0, SA_ZERO, SA_ZERO }

/* hdr822_qualify - out gets the field f[0..n), whose address list
 * starts at offset body, with every address qualified; addrs (when not
 * null) gets the addresses.  1; 0 if the list does not parse (out is
 * then f as it was, addrs unchanged); -1 with errno (E2BIG when out or
 * addrs would pass its max) */
int hdr822_qualify(struct hdr822_qual *q, const char *f, size_t n,
                   size_t body, struct sa *out, struct sa *addrs);
/* hdr822_qualify1 - out gets the one address a[0..n), written as on a
 * command line (any bytes before the last '@'), qualified: 1, 0 if it
 * does not parse, -1 with errno */
int hdr822_qualify1(struct hdr822_qual *q, const char *a, size_t n,
                    struct sa *out);
void hdr822_qual_free(struct hdr822_qual *q);

void hdr822_toks_free(struct hdr822_toks *ts);
void hdr822_alist_free(struct hdr822_alist *al);

#endif
