/* UTF-8 checks for text fields and the folded keys used for search: case and
 * accents removed so "Ĳmuiden", "IJmuiden" and "ijmuiden" find each other
 * (SQLite's lower() and FTS5 fold neither the ligature nor all accents).
 * Pure logic; the folding tables come from utf8proc. */
#ifndef WR_FOLD_H
#define WR_FOLD_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

/* utf8_valid returns true when the len bytes at s are well-formed UTF-8
 * (RFC 3629): no overlong forms, no surrogates (U+D800..U+DFFF), nothing past
 * U+10FFFF, no truncated sequences, and no NUL byte anywhere in the len
 * bytes, so the text is safe to use as a C string afterwards. s may be NULL
 * only when len is 0. */
bool utf8_valid(const char *s, size_t len);

/* fold_search_key returns the search form of s, allocated in the arena:
 * compatibility-decomposed (ligatures and fullwidth forms split), case-folded,
 * combining marks and default-ignorable characters (soft hyphen, zero-width
 * space) dropped, a few letters without a decomposition spelled out in ASCII
 * (ø→o, æ→ae, œ→oe, ł→l, đ/ð→d, þ→th, ı→i, ħ→h, ŧ→t; ß becomes ss by case
 * folding), typographic dashes and quotes lumped to ASCII, and runs of
 * whitespace and control characters collapsed to one space with none at
 * either end. Returns NULL for NULL or invalid UTF-8; "" for blank input. */
char *fold_search_key(struct arena *a, const char *s);

/* text_clean returns true when s is valid UTF-8 of at most maxchars code
 * points that is fit for a single-line field such as a name: no control
 * characters (C0, DEL, C1), no line or paragraph separators (U+2028,
 * U+2029) and no bidirectional embedding, override or isolate controls
 * (U+202A..U+202E, U+2066..U+2069), which can make text display differently
 * from what it is. An empty string is clean; requiring a value is the
 * caller's check. NULL is not clean. */
bool text_clean(const char *s, size_t maxchars);

/* text_clean_multiline is text_clean for free text such as notes: it also
 * allows tab, LF, CR, U+2028 and U+2029. */
bool text_clean_multiline(const char *s, size_t maxchars);

#endif
