/* HTML escaping for everything a page shows that did not come from a
 * template: safe in element content and in quoted attribute values. */
#ifndef WR_HTML_H
#define WR_HTML_H

#include <stddef.h>

#include "buf.h"
#include "rc.h"

/* html_escape appends s to out with & < > " ' written as &amp; &lt; &gt;
 * &quot; &#39;; all other bytes are copied as they are (validate UTF-8 where
 * the text comes in). NULL is treated as "". Returns RC_TOO_BIG when out's
 * maximum would be passed, and then leaves out as it was. */
enum rc html_escape(struct buf *out, const char *s);

/* html_escape_n is html_escape for the first n bytes of s, which need not be
 * NUL-terminated; NUL bytes within n are copied as they are. */
enum rc html_escape_n(struct buf *out, const char *s, size_t n);

#endif
