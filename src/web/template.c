#include "template.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "arena.h"
#include "embedded.h"
#include "html.h"

#include "banned.h"

#define TEMPLATE_PREFIX "templates/"
#define TEMPLATE_SUFFIX ".html"

enum node_kind {
    NODE_TEXT,     /* literal text */
    NODE_VAR,      /* {{name}}: escaped value */
    NODE_RAW,      /* {{{name}}}: unescaped value */
    NODE_SECTION,  /* {{#name}} */
    NODE_INVERTED, /* {{^name}} */
    NODE_PARTIAL,  /* {{> name}} */
    NODE_MSG,      /* {{@key}} */
};

/* A template is a flat array of nodes in source order. A section's body is
 * the nodes after it up to (not including) its `end` index, so the tree needs
 * no child pointers and rendering a range is a plain loop. */
struct node {
    enum node_kind kind;
    int line;
    const char *text;  /* text, message key, partial name, or the name as written */
    size_t len;        /* length of text */
    const char **segs; /* a name split at its dots; nsegs == 0 for "." */
    size_t nsegs;
    size_t end;     /* sections: index of the first node after the body */
    size_t partial; /* partials: index into template_set.templates */
};

/* Depth-first states used when linking partials, to find cycles. */
enum link_state { LINK_TODO, LINK_BUSY, LINK_DONE };

struct parsed_template {
    const char *name;
    struct node *nodes;
    size_t nnodes, cap;
    enum link_state state;
    int depth; /* deepest nesting of sections and partials, set by linking */
};

struct template_set {
    struct arena arena; /* names, texts and name segments */
    struct parsed_template *templates;
    size_t ntemplates;
};

/* Where syntax errors go: the caller's buffer, truncated to its size. */
struct parse_error {
    char *msg;
    size_t len;
};

static void parse_fail(struct parse_error *e, const struct parsed_template *t, int line,
                       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void parse_fail(struct parse_error *e, const struct parsed_template *t, int line,
                       const char *fmt, ...)
{
    if (!e->msg || e->len == 0)
        return;
    int n = snprintf(e->msg, e->len, TEMPLATE_PREFIX "%s" TEMPLATE_SUFFIX ":%d: ", t->name, line);
    if (n < 0 || (size_t)n >= e->len)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg + n, e->len - (size_t)n, fmt, ap);
    va_end(ap);
}

static struct node *node_add(struct parsed_template *t, enum node_kind kind, int line)
{
    if (t->nnodes == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 32;
        t->nodes = xrealloc(t->nodes, t->cap * sizeof(*t->nodes));
    }
    struct node *n = &t->nodes[t->nnodes++];
    memset(n, 0, sizeof(*n));
    n->kind = kind;
    n->line = line;
    return n;
}

static int count_lines(const char *s, size_t len)
{
    int lines = 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] == '\n')
            lines++;
    return lines;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}

/* A name is "." or one or more segments of name characters joined by single
 * dots; dots == false allows a single segment only (partial names). */
static bool name_valid(const char *s, size_t len, bool dots)
{
    if (len == 1 && s[0] == '.')
        return dots;
    if (len == 0 || s[0] == '.' || s[len - 1] == '.')
        return false;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '.') {
            if (!dots || s[i + 1] == '.')
                return false;
        } else if (!is_name_char(s[i])) {
            return false;
        }
    }
    return true;
}

/* Splits the node's name into segments once, so a render never parses names. */
static void node_set_name(struct arena *a, struct node *n, const char *s, size_t len)
{
    n->text = arena_strndup(a, s, len);
    n->len = len;
    if (len == 1 && s[0] == '.')
        return;
    size_t count = 1;
    for (size_t i = 0; i < len; i++)
        if (s[i] == '.')
            count++;
    n->segs = arena_alloc(a, count * sizeof(*n->segs));
    const char *p = s, *end = s + len;
    for (size_t i = 0; i < count; i++) {
        const char *dot = memchr(p, '.', (size_t)(end - p));
        const char *seg_end = dot ? dot : end;
        n->segs[i] = arena_strndup(a, p, (size_t)(seg_end - p));
        p = seg_end + 1;
    }
    n->nsegs = count;
}

static enum rc parse_template(struct arena *a, struct parsed_template *t, const char *src,
                              struct parse_error *err)
{
    size_t open[TEMPLATE_MAX_DEPTH]; /* node indices of the sections not yet closed */
    size_t nopen = 0;
    const char *p = src;
    int line = 1;

    for (;;) {
        const char *tag = strstr(p, "{{");
        size_t text_len = tag ? (size_t)(tag - p) : strlen(p);
        if (text_len) {
            struct node *n = node_add(t, NODE_TEXT, line);
            n->text = arena_strndup(a, p, text_len);
            n->len = text_len;
            line += count_lines(p, text_len);
        }
        if (!tag)
            break;

        int tag_line = line;
        const char *body = tag + 2;
        bool triple = *body == '{';
        const char *close = strstr(triple ? body + 1 : body, triple ? "}}}" : "}}");
        if (!close) {
            parse_fail(err, t, tag_line, "tag is not closed with '%s'", triple ? "}}}" : "}}");
            return RC_INVALID;
        }
        p = close + (triple ? 3 : 2);
        line += count_lines(tag, (size_t)(p - tag));

        char sigil = triple ? '{' : *body;
        if (sigil == '!')
            continue;
        if (sigil == '{' || sigil == '#' || sigil == '^' || sigil == '/' || sigil == '>' ||
            sigil == '@')
            body++;
        const char *name = body, *name_end = close;
        while (name < name_end && is_space(*name))
            name++;
        while (name_end > name && is_space(name_end[-1]))
            name_end--;
        size_t name_len = (size_t)(name_end - name);
        bool dots = sigil != '>';
        bool dot_alone = name_len == 1 && *name == '.';
        if (!name_valid(name, name_len, dots) || (dot_alone && sigil == '@')) {
            parse_fail(err, t, tag_line, "bad name '%.*s' in tag",
                       (int)(name_len > 40 ? 40 : name_len), name);
            return RC_INVALID;
        }

        struct node *n;
        switch (sigil) {
        case '#':
        case '^':
            if (nopen == TEMPLATE_MAX_DEPTH) {
                parse_fail(err, t, tag_line, "sections nested deeper than %d", TEMPLATE_MAX_DEPTH);
                return RC_INVALID;
            }
            open[nopen++] = t->nnodes;
            n = node_add(t, sigil == '#' ? NODE_SECTION : NODE_INVERTED, tag_line);
            node_set_name(a, n, name, name_len);
            break;
        case '/': {
            if (!nopen) {
                parse_fail(err, t, tag_line, "'{{/%.*s}}' closes no open section", (int)name_len,
                           name);
                return RC_INVALID;
            }
            struct node *sec = &t->nodes[open[nopen - 1]];
            if (sec->len != name_len || memcmp(sec->text, name, name_len) != 0) {
                parse_fail(err, t, tag_line, "'{{/%.*s}}' closes section '%s' opened on line %d",
                           (int)name_len, name, sec->text, sec->line);
                return RC_INVALID;
            }
            sec->end = t->nnodes;
            nopen--;
            break;
        }
        case '>':
            n = node_add(t, NODE_PARTIAL, tag_line);
            n->text = arena_strndup(a, name, name_len);
            n->len = name_len;
            break;
        case '@':
            n = node_add(t, NODE_MSG, tag_line);
            n->text = arena_strndup(a, name, name_len);
            n->len = name_len;
            break;
        default:
            n = node_add(t, triple ? NODE_RAW : NODE_VAR, tag_line);
            node_set_name(a, n, name, name_len);
            break;
        }
    }
    if (nopen) {
        const struct node *sec = &t->nodes[open[nopen - 1]];
        parse_fail(err, t, sec->line, "section '%s' is not closed", sec->text);
        return RC_INVALID;
    }
    return RC_OK;
}

static struct parsed_template *set_find(const struct template_set *ts, const char *name, size_t len)
{
    for (size_t i = 0; i < ts->ntemplates; i++)
        if (strlen(ts->templates[i].name) == len && memcmp(ts->templates[i].name, name, len) == 0)
            return &ts->templates[i];
    return NULL;
}

static enum rc link_template(struct template_set *ts, struct parsed_template *t,
                             struct parse_error *err);

/* Resolves the partials in nodes [begin, end) of t, which sit `level` sections
 * deep, and returns the deepest nesting below them in *depth. */
static enum rc link_range(struct template_set *ts, struct parsed_template *t, size_t begin,
                          size_t end, int level, int *depth, struct parse_error *err)
{
    *depth = 0;
    for (size_t i = begin; i < end;) {
        struct node *n = &t->nodes[i];
        int d = 0;
        if (n->kind == NODE_SECTION || n->kind == NODE_INVERTED) {
            enum rc rc = link_range(ts, t, i + 1, n->end, level + 1, &d, err);
            if (rc)
                return rc;
            d++;
            i = n->end;
        } else if (n->kind == NODE_PARTIAL) {
            struct parsed_template *p = set_find(ts, n->text, n->len);
            if (!p) {
                parse_fail(err, t, n->line, "partial '%s' does not exist", n->text);
                return RC_NOT_FOUND;
            }
            if (p->state == LINK_BUSY) {
                parse_fail(err, t, n->line, "partial '%s' includes itself", n->text);
                return RC_INVALID;
            }
            enum rc rc = link_template(ts, p, err);
            if (rc)
                return rc;
            n->partial = (size_t)(p - ts->templates);
            d = p->depth + 1;
            if (level + d > TEMPLATE_MAX_DEPTH) {
                parse_fail(err, t, n->line, "partial '%s' nests sections deeper than %d", n->text,
                           TEMPLATE_MAX_DEPTH);
                return RC_INVALID;
            }
            i++;
        } else {
            i++;
        }
        if (d > *depth)
            *depth = d;
    }
    return RC_OK;
}

static enum rc link_template(struct template_set *ts, struct parsed_template *t,
                             struct parse_error *err)
{
    if (t->state == LINK_DONE)
        return RC_OK;
    t->state = LINK_BUSY;
    enum rc rc = link_range(ts, t, 0, t->nnodes, 0, &t->depth, err);
    if (rc)
        return rc;
    t->state = LINK_DONE;
    return RC_OK;
}

struct template_set *template_set_parse(const struct template_source *sources, size_t n, char *err,
                                        size_t errlen)
{
    struct parse_error e = {err, errlen};
    if (err && errlen)
        err[0] = '\0';
    struct template_set *ts = xcalloc(1, sizeof(*ts));
    arena_init(&ts->arena);
    ts->templates = xcalloc(n ? n : 1, sizeof(*ts->templates));

    for (size_t i = 0; i < n; i++) {
        struct parsed_template *t = &ts->templates[i];
        const char *name = sources[i].name ? sources[i].name : "";
        t->name = arena_strdup(&ts->arena, name);
        ts->ntemplates = i + 1;
        if (!name_valid(name, strlen(name), false)) {
            parse_fail(&e, t, 1, "bad template name");
            goto fail;
        }
        if (set_find(ts, name, strlen(name)) != t) {
            parse_fail(&e, t, 1, "template defined twice");
            goto fail;
        }
        if (parse_template(&ts->arena, t, sources[i].text ? sources[i].text : "", &e))
            goto fail;
    }
    for (size_t i = 0; i < ts->ntemplates; i++)
        if (link_template(ts, &ts->templates[i], &e))
            goto fail;
    return ts;

fail:
    template_set_free(ts);
    return NULL;
}

/* Warns about {{@key}} tags naming no catalogue entry. Not fatal: the page
 * still works and shows "[key]", but the catalogue should catch up. */
static void warn_unknown_messages(const struct template_set *ts)
{
    for (size_t i = 0; i < ts->ntemplates; i++) {
        const struct parsed_template *t = &ts->templates[i];
        for (size_t j = 0; j < t->nnodes; j++) {
            const struct node *n = &t->nodes[j];
            if (n->kind != NODE_MSG || msg_get(LANG_NL, n->text))
                continue;
            fprintf(stderr, TEMPLATE_PREFIX "%s" TEMPLATE_SUFFIX ":%d: warning: ", t->name,
                    n->line);
            fprintf(stderr, "message key '%s' is not in the catalogue\n", n->text);
        }
    }
}

struct template_set *template_set_new(void)
{
    const size_t prefix = strlen(TEMPLATE_PREFIX), suffix = strlen(TEMPLATE_SUFFIX);
    size_t count = 0;
    for (const struct embedded_file *f = embedded_files; f->name; f++)
        count++;
    struct template_source *sources = xcalloc(count ? count : 1, sizeof(*sources));
    struct template_set *ts = NULL;
    size_t n = 0;
    char err[512];

    for (const struct embedded_file *f = embedded_files; f->name; f++) {
        size_t len = strlen(f->name);
        if (len <= prefix + suffix || strncmp(f->name, TEMPLATE_PREFIX, prefix) != 0 ||
            strcmp(f->name + len - suffix, TEMPLATE_SUFFIX) != 0)
            continue;
        /* The sources are C strings: a NUL inside would silently cut the file. */
        if (strlen((const char *)f->data) != f->size) {
            fprintf(stderr, "%s: contains a NUL byte\n", f->name);
            goto out;
        }
        sources[n].name = xstrndup(f->name + prefix, len - prefix - suffix);
        sources[n].text = (const char *)f->data;
        n++;
    }
    ts = template_set_parse(sources, n, err, sizeof(err));
    if (!ts)
        fprintf(stderr, "%s\n", err);
    else
        warn_unknown_messages(ts);

out:
    for (size_t i = 0; i < n; i++)
        free((char *)sources[i].name);
    free(sources);
    return ts;
}

void template_set_free(struct template_set *ts)
{
    if (!ts)
        return;
    for (size_t i = 0; i < ts->ntemplates; i++)
        free(ts->templates[i].nodes);
    free(ts->templates);
    arena_release(&ts->arena);
    free(ts);
}

/* State of one render, on the caller's stack: the set itself is never written. */
struct render {
    const struct template_set *ts;
    enum lang lang;
    struct buf *out;
    json_t *stack[TEMPLATE_MAX_DEPTH + 1]; /* the root, then one per section level */
    size_t top;
};

static enum rc put_value(struct buf *out, const json_t *v, bool escape)
{
    switch (json_typeof(v)) {
    case JSON_STRING:
        if (escape)
            return html_escape_n(out, json_string_value(v), json_string_length(v));
        return buf_append(out, json_string_value(v), json_string_length(v));
    case JSON_INTEGER:
        return buf_printf(out, "%lld", (long long)json_integer_value(v));
    case JSON_REAL:
        return buf_printf(out, "%g", json_real_value(v));
    case JSON_TRUE:
        return buf_puts(out, "true");
    default:
        return RC_OK;
    }
}

static bool truthy(const json_t *v)
{
    if (!v)
        return false;
    switch (json_typeof(v)) {
    case JSON_NULL:
    case JSON_FALSE:
        return false;
    case JSON_STRING:
        return json_string_length(v) > 0;
    case JSON_ARRAY:
        return json_array_size(v) > 0;
    case JSON_INTEGER:
        return json_integer_value(v) != 0;
    case JSON_REAL:
        return json_real_value(v) != 0.0;
    default:
        return true;
    }
}

/* A digits-only segment after a dot indexes an array, as in mustache.js:
 * {{#cases.0}}..{{/cases.0}} renders once when the list has an element. */
static json_t *array_at(json_t *array, const char *seg)
{
    size_t index = 0;
    if (!*seg)
        return NULL;
    for (const char *c = seg; *c; c++) {
        if (*c < '0' || *c > '9' || index > (SIZE_MAX - 9) / 10)
            return NULL;
        index = index * 10 + (size_t)(*c - '0');
    }
    return json_array_get(array, index);
}

static json_t *lookup(const struct render *r, const struct node *n)
{
    if (n->nsegs == 0)
        return r->top ? r->stack[r->top - 1] : NULL;
    json_t *v = NULL;
    /* The first context that has the key wins, even when its value is null:
     * an inner "name": null hides an outer name, as in mustache. */
    for (size_t i = r->top; i-- > 0 && !v;)
        v = json_object_get(r->stack[i], n->segs[0]);
    for (size_t s = 1; v && s < n->nsegs; s++)
        v = json_is_array(v) ? array_at(v, n->segs[s]) : json_object_get(v, n->segs[s]);
    return v;
}

static enum rc render_range(struct render *r, const struct parsed_template *t, size_t begin,
                            size_t end, int level);

static enum rc render_section(struct render *r, const struct parsed_template *t,
                              const struct node *n, size_t index, int level)
{
    json_t *v = lookup(r, n);
    if (n->kind == NODE_INVERTED)
        return truthy(v) ? RC_OK : render_range(r, t, index + 1, n->end, level + 1);
    if (!truthy(v))
        return RC_OK;
    if (!json_is_array(v) && !json_is_object(v))
        return render_range(r, t, index + 1, n->end, level + 1);
    /* Linking bounded the nesting, so this only guards against a bug there. */
    if (r->top == sizeof(r->stack) / sizeof(r->stack[0]))
        return RC_INVALID;
    enum rc rc = RC_OK;
    if (json_is_object(v)) {
        r->stack[r->top++] = v;
        rc = render_range(r, t, index + 1, n->end, level + 1);
        r->top--;
        return rc;
    }
    for (size_t i = 0; i < json_array_size(v); i++) {
        r->stack[r->top++] = json_array_get(v, i);
        rc = render_range(r, t, index + 1, n->end, level + 1);
        r->top--;
        if (rc)
            break;
    }
    return rc;
}

static enum rc render_range(struct render *r, const struct parsed_template *t, size_t begin,
                            size_t end, int level)
{
    if (level > TEMPLATE_MAX_DEPTH)
        return RC_INVALID;
    enum rc rc = RC_OK;
    for (size_t i = begin; i < end && !rc;) {
        const struct node *n = &t->nodes[i];
        switch (n->kind) {
        case NODE_TEXT:
            rc = buf_append(r->out, n->text, n->len);
            break;
        case NODE_VAR:
        case NODE_RAW: {
            json_t *v = lookup(r, n);
            if (v)
                rc = put_value(r->out, v, n->kind == NODE_VAR);
            break;
        }
        case NODE_SECTION:
        case NODE_INVERTED:
            rc = render_section(r, t, n, i, level);
            i = n->end;
            continue;
        case NODE_PARTIAL: {
            const struct parsed_template *p = &r->ts->templates[n->partial];
            rc = render_range(r, p, 0, p->nnodes, level + 1);
            break;
        }
        case NODE_MSG: {
            const char *text = msg_get(r->lang, n->text);
            if (text) {
                rc = html_escape_n(r->out, text, strlen(text));
            } else {
                rc = buf_putc(r->out, '[');
                if (!rc)
                    rc = html_escape_n(r->out, n->text, n->len);
                if (!rc)
                    rc = buf_putc(r->out, ']');
            }
            break;
        }
        }
        i++;
    }
    return rc;
}

enum rc template_render(const struct template_set *ts, const char *name, json_t *ctx,
                        enum lang lang, struct buf *out)
{
    if (!ts || !name)
        return RC_NOT_FOUND;
    const struct parsed_template *t = set_find(ts, name, strlen(name));
    if (!t)
        return RC_NOT_FOUND;
    struct render r = {.ts = ts, .lang = lang, .out = out, .top = 0};
    if (ctx)
        r.stack[r.top++] = ctx;
    size_t saved = out->len;
    enum rc rc = render_range(&r, t, 0, t->nnodes, 0);
    if (rc) {
        /* struct buf has no truncate call; its fields are public for this. */
        out->len = saved;
        if (out->data)
            out->data[saved] = '\0';
    }
    return rc;
}
