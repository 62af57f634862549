/* HTML templates that escape by default: a mustache subset whose context is a
 * jansson value. Every embedded templates/<name>.html is parsed once at
 * start-up into a token tree; a render only walks that tree, so a set is
 * read-only afterwards and may be shared by all request threads.
 *
 * Syntax (whitespace is kept exactly as written):
 *   {{name}} {{a.b.c}}     the value, HTML-escaped: a string as is, an integer
 *                          with %lld, a real with %g, true as "true"; false,
 *                          null, missing, objects and arrays give nothing
 *   {{{name}}}             the same, not escaped: only for HTML the server
 *                          built itself, such as a rendered page body
 *   {{.}}                  the current element, e.g. inside a section over an
 *                          array of strings
 *   {{#name}}..{{/name}}   section: an array repeats it per element with the
 *                          element pushed on the context stack; an object
 *                          renders it once with the object pushed; another
 *                          truthy value renders it once, stack unchanged
 *   {{^name}}..{{/name}}   inverted section: rendered once when name is falsy:
 *                          missing, null, false, "", [], 0 or 0.0
 *   {{> name}}             partial: embedded templates/name.html, rendered
 *                          with the current context stack
 *   {{@msg.key}}           text from the message catalogue in the render's
 *                          language, HTML-escaped; an unknown key renders as
 *                          "[msg.key]" so it stands out on the page
 *   {{! comment }}         dropped; may span lines but not contain "}}"
 * Names are segments of [A-Za-z0-9_-] joined by dots, with optional spaces
 * inside the braces ({{ name }}). A plain name is looked up from the innermost
 * context outwards to the root, as in mustache; in a dotted name only the first
 * segment is looked up that way, the rest inside the value found, where a
 * segment of digits indexes an array ({{#cases.0}}..{{/cases.0}} renders once,
 * pushing the first element if it is an object, when cases is not empty). There is no
 * way to write a literal "{{". Sections and partials nest at most
 * TEMPLATE_MAX_DEPTH deep, counted through partials; a partial that includes
 * itself, directly or not, is a syntax error. */
#ifndef WR_TEMPLATE_H
#define WR_TEMPLATE_H

#include <jansson.h>
#include <stddef.h>

#include "buf.h"
#include "msg.h"
#include "rc.h"

#define TEMPLATE_MAX_DEPTH 32

struct template_set;

/* One template given as text: name is what template_render and {{> name}}
 * use ("login" for templates/login.html). Both strings are copied. */
struct template_source {
    const char *name;
    const char *text;
};

/* template_set_new parses every embedded file "templates/<name>.html". On a syntax
 * error (unclosed or mismatched section, unknown partial, bad tag, nesting
 * too deep) it writes "templates/x.html:LINE: what" to stderr and returns
 * NULL. It also warns on stderr about {{@key}} tags naming no catalogue entry,
 * without failing. The caller frees the set with template_set_free. */
struct template_set *template_set_new(void);

/* template_set_parse builds a set from n in-memory sources, for tests and for
 * template_set_new. On a syntax error it returns NULL and, when err is not
 * NULL, writes a NUL-terminated "templates/x.html:LINE: what" message of at
 * most errlen bytes into err. The caller frees the set with template_set_free. */
struct template_set *template_set_parse(const struct template_source *sources, size_t n, char *err,
                                        size_t errlen);

/* template_set_free frees the set and everything it parsed; NULL is fine. */
void template_set_free(struct template_set *ts);

/* template_render appends template name rendered against ctx (borrowed, not
 * modified; may be NULL for no context) to out, with {{@key}} texts in lang.
 * Returns RC_NOT_FOUND for an unknown template and RC_TOO_BIG when out reaches
 * its maximum; on any error out is cut back to what it held before the call.
 * Safe to call from several threads at once on the same set, provided ctx is
 * not changed meanwhile. */
enum rc template_render(const struct template_set *ts, const char *name, json_t *ctx,
                        enum lang lang, struct buf *out);

#endif
