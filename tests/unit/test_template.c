/* The template engine: escaping, values, sections, stack lookup, partials,
 * comments, message keys, syntax errors and the output limit. Templates are
 * given as strings through template_set_parse, so no embedded files needed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "msg.h"
#include "template.h"

#include "banned.h"

#define OUT_MAX (1 << 20)

static json_t *ctx_parse(const char *ctx_json)
{
    if (!ctx_json)
        return NULL;
    json_error_t error;
    json_t *ctx = json_loads(ctx_json, JSON_DECODE_ANY, &error);
    if (!ctx)
        fail_msg("bad test context %s: %s", ctx_json, error.text);
    return ctx;
}

/* Renders template "t" from a set of the given sources against ctx_json and
 * checks the output. */
static void check_set_lang(const struct template_source *src, size_t n, const char *ctx_json,
                           enum lang lang, const char *want)
{
    char err[256];
    struct template_set *ts = template_set_parse(src, n, err, sizeof(err));
    if (!ts)
        fail_msg("parse failed: %s", err);
    json_t *ctx = ctx_parse(ctx_json);
    struct buf out;
    buf_init(&out, OUT_MAX);
    assert_int_equal(template_render(ts, "t", ctx, lang, &out), RC_OK);
    assert_string_equal(out.data ? out.data : "", want);
    buf_release(&out);
    json_decref(ctx);
    template_set_free(ts);
}

static void check(const char *tpl, const char *ctx_json, const char *want)
{
    const struct template_source src[] = {{"t", tpl}};
    check_set_lang(src, 1, ctx_json, LANG_NL, want);
}

/* Expects tpl (as template "t", next to a template "other") to be refused,
 * with an error naming the file and line and containing what. */
static void check_error(const char *tpl, int line, const char *what)
{
    const struct template_source src[] = {{"t", tpl}, {"other", "fine"}};
    char err[256] = "untouched";
    assert_null(template_set_parse(src, 2, err, sizeof(err)));
    char where[64];
    snprintf(where, sizeof(where), "templates/t.html:%d: ", line);
    if (strncmp(err, where, strlen(where)) != 0 || !strstr(err, what))
        fail_msg("for %s: got error '%s', want '%s...%s'", tpl, err, where, what);
}

static void test_escapes_values(void **state)
{
    (void)state;
    check("<p>{{x}}</p>", "{\"x\": \"<script>alert(\\\"x\\\")</script> & 'y'\"}",
          "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;</p>");
    /* An attribute value cannot be closed early, with either quote. */
    check("<input value=\"{{v}}\" title='{{v}}'>", "{\"v\": \"\\\" onfocus='alert(1)\"}",
          "<input value=\"&quot; onfocus=&#39;alert(1)\" title='&quot; onfocus=&#39;alert(1)'>");
    /* Already-escaped text is escaped again: the template does not guess. */
    check("{{x}}", "{\"x\": \"&amp;\"}", "&amp;amp;");
    /* UTF-8 passes through untouched. */
    check("{{x}}", "{\"x\": \"Zoë ’s-Hertogenbosch €\"}", "Zoë ’s-Hertogenbosch €");
}

static void test_value_types(void **state)
{
    (void)state;
    const char *ctx = "{\"s\": \"tekst\", \"i\": 42, \"neg\": -7, \"big\": 9007199254740993,"
                      " \"r\": 2.5, \"t\": true, \"f\": false, \"n\": null, \"o\": {\"a\": 1},"
                      " \"a\": [1, 2], \"zero\": 0}";
    check("{{s}}|{{i}}|{{neg}}|{{big}}|{{r}}|{{t}}|{{zero}}", ctx,
          "tekst|42|-7|9007199254740993|2.5|true|0");
    check("[{{f}}][{{n}}][{{missing}}][{{o}}][{{a}}]", ctx, "[][][][][]");
    check("{{{i}}} {{{r}}} {{{t}}} {{{f}}}", ctx, "42 2.5 true ");
}

static void test_raw(void **state)
{
    (void)state;
    const char *ctx = "{\"body\": \"<main id=\\\"m\\\">Tom & Jerry</main>\"}";
    check("{{{body}}}", ctx, "<main id=\"m\">Tom & Jerry</main>");
    check("{{{ body }}}", ctx, "<main id=\"m\">Tom & Jerry</main>");
    check("{{body}}", ctx, "&lt;main id=&quot;m&quot;&gt;Tom &amp; Jerry&lt;/main&gt;");
    check("{{{missing}}}", ctx, "");
}

static void test_spaces_in_tags(void **state)
{
    (void)state;
    const char *ctx = "{\"a\": {\"b\": \"x\"}, \"l\": [1]}";
    check("{{ a.b }}|{{#  l }}y{{/ l }}|{{^ nope}}z{{/nope }}|{{\ta.b\n}}", ctx, "x|y|z|x");
}

static void test_section_array(void **state)
{
    (void)state;
    check("<ul>{{#items}}<li>{{name}}</li>{{/items}}</ul>",
          "{\"items\": [{\"name\": \"a\"}, {\"name\": \"<b>\"}, {}]}",
          "<ul><li>a</li><li>&lt;b&gt;</li><li></li></ul>");
    check("{{#tags}}[{{.}}]{{/tags}}", "{\"tags\": [\"x\", 2, true, null, \"<\"]}",
          "[x][2][true][][&lt;]");
    /* An array of arrays: "." as a section name walks the inner one. */
    check("{{#rows}}{{#.}}{{.}},{{/.}};{{/rows}}", "{\"rows\": [[1, 2], [], [3]]}", "1,2,;;3,;");
}

static void test_section_object_and_scalars(void **state)
{
    (void)state;
    check("{{#user}}{{name}} ({{role}}){{/user}}",
          "{\"user\": {\"name\": \"Ans\", \"role\": \"jobcoach\"}}", "Ans (jobcoach)");
    /* An empty object is still something: the section renders once. */
    check("{{#o}}x{{/o}}", "{\"o\": {}}", "x");
    /* A truthy scalar renders once and leaves the context as it was. */
    check("{{#ok}}ja {{name}}{{/ok}}", "{\"ok\": true, \"name\": \"n\"}", "ja n");
    check("{{#s}}{{s}}!{{/s}}", "{\"s\": \"hoi\"}", "hoi!");
    check("{{#i}}{{i}}{{/i}}", "{\"i\": 3}", "3");
    check("{{#s}}y{{/s}}", "{\"s\": \"0\"}", "y");
    check("{{#r}}y{{/r}}", "{\"r\": 0.5}", "y");
}

static void test_falsy_and_inverted(void **state)
{
    (void)state;
    const char *ctx = "{\"n\": null, \"f\": false, \"e\": \"\", \"a\": [], \"z\": 0, \"r\": 0.0,"
                      " \"t\": true, \"l\": [1]}";
    const char *names[] = {"missing", "n", "f", "e", "a", "z", "r"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        char tpl[128];
        snprintf(tpl, sizeof(tpl), "{{#%s}}yes{{/%s}}{{^%s}}no{{/%s}}", names[i], names[i],
                 names[i], names[i]);
        check(tpl, ctx, "no");
    }
    check("{{#t}}yes{{/t}}{{^t}}no{{/t}}", ctx, "yes");
    check("{{#l}}yes{{/l}}{{^l}}no{{/l}}", ctx, "yes");
    /* An inverted section does not push anything: lookups stay as they were. */
    check("{{^a}}{{t}}{{/a}}", ctx, "true");
    check("{{^items}}Geen dossiers.{{/items}}", NULL, "Geen dossiers.");
}

static void test_stack_lookup(void **state)
{
    (void)state;
    const char *ctx = "{\"title\": \"root\", \"who\": \"Ans\", \"cases\": ["
                      " {\"id\": 1, \"phases\": [{\"name\": \"intake\"}, {\"name\": \"plan\"}]},"
                      " {\"id\": 2, \"title\": \"own\", \"phases\": [{\"name\": \"nazorg\"}]}]}";
    /* Inner names first, then outwards to the root. */
    check("{{#cases}}{{#phases}}{{id}}/{{name}}/{{title}}/{{who}} {{/phases}}{{/cases}}", ctx,
          "1/intake/root/Ans 1/plan/root/Ans 2/nazorg/own/Ans ");
    /* A key present as null hides the same key further out. */
    check("{{#o}}[{{title}}]{{/o}}", "{\"title\": \"root\", \"o\": {\"title\": null}}", "[]");
    /* A section's name is itself looked up through the stack. */
    check("{{#a}}{{#flag}}x{{/flag}}{{/a}}", "{\"flag\": true, \"a\": [{}, {\"flag\": false}]}",
          "x");
}

static void test_dotted_names(void **state)
{
    (void)state;
    const char *ctx =
        "{\"a\": {\"b\": {\"c\": \"deep\"}, \"s\": \"str\"}, \"user\": {\"name\": \"Ans\"},"
        " \"items\": [{\"x\": 1}, {\"x\": 2}], \"inner\": {\"a\": {}}}";
    check("{{a.b.c}}|{{a.s}}|{{a.b}}|{{a.x.c}}|{{a.s.c}}|{{nope.b}}", ctx, "deep|str||||");
    /* The first segment is found through the stack, the rest inside it. */
    check("{{#items}}{{user.name}}{{x}} {{/items}}", ctx, "Ans1 Ans2 ");
    /* Once the first segment is found, a miss further on does not fall back
     * to an outer context (as in mustache). */
    check("{{#inner}}[{{a.b.c}}]{{/inner}}", ctx, "[]");
    check("{{#a.b}}{{c}}{{/a.b}}", ctx, "deep");
    check("{{^a.b.missing}}none{{/a.b.missing}}", ctx, "none");
}

static void test_array_index(void **state)
{
    (void)state;
    const char *ctx = "{\"l\": [\"a\", \"b\"], \"o\": {\"0\": \"key\"}, \"cases\": [{\"id\": 7},"
                      " {\"id\": 8}], \"none\": [], \"m\": [[1, [2, 3]]]}";
    check("{{l.0}}{{l.1}}[{{l.2}}][{{l.01x}}][{{l.99999999999999999999999}}]", ctx, "ab[][][]");
    check("{{o.0}}|{{m.0.1.1}}|{{m.0.0}}", ctx, "key|3|1");
    /* Render a wrapper once when a list is not empty, the rows inside it. */
    const char *tpl = "{{#cases.0}}<table>{{id}}:{{#cases}}<tr>{{id}}</tr>{{/cases}}</table>"
                      "{{/cases.0}}{{^cases}}geen{{/cases}}";
    check(tpl, ctx, "<table>7:<tr>7</tr><tr>8</tr></table>");
    check(tpl, "{\"cases\": []}", "geen");
    check("{{#none.0}}x{{/none.0}}{{^none.0}}leeg{{/none.0}}", ctx, "leeg");
}

static void test_dot(void **state)
{
    (void)state;
    check("{{.}}", "\"just a string & more\"", "just a string &amp; more");
    check("{{.}}", "12", "12");
    check("[{{.}}]", NULL, "[]");
    check("[{{.}}]", "{\"a\": 1}", "[]");
    check("{{#.}}{{a}}{{/.}}", "{\"a\": 1}", "1");
}

static void test_partials(void **state)
{
    (void)state;
    const struct template_source src[] = {
        {"t", "<ul>{{#items}}{{> item}}{{/items}}</ul>{{>footer}}"},
        {"item", "<li>{{name}}{{#tags}} {{> tag}}{{/tags}}</li>"},
        {"tag", "#{{.}}"},
        {"footer", "<footer>{{@app.name}} {{who}}</footer>"},
        {"unused", "{{> tag}}"},
    };
    check_set_lang(src, 5,
                   "{\"who\": \"<Ans>\", \"items\": [{\"name\": \"a\", \"tags\": [\"x\", \"y\"]},"
                   " {\"name\": \"b\"}]}",
                   LANG_NL,
                   "<ul><li>a #x #y</li><li>b</li></ul><footer>Werkroute &lt;Ans&gt;</footer>");
}

static void test_comments_and_whitespace(void **state)
{
    (void)state;
    check("a{{! a comment }}b", NULL, "ab");
    check("a{{!}}b{{! <b>{name}</b> }}c", "{\"name\": \"x\"}", "abc");
    /* A comment ends at the first "}}". */
    check("a{{! {{name}} x}}b", NULL, "a x}}b");
    check("a{{!\n  several\n  lines\n}}b", NULL, "ab");
    /* Whitespace around tags is kept as written, standalone lines included. */
    check("  {{#a}}\n  x\n  {{/a}}\n", "{\"a\": true}", "  \n  x\n  \n");
    check("  {{! note }}\n", NULL, "  \n");
    check("", NULL, "");
    check("no tags at all }} { } }", NULL, "no tags at all }} { } }");
}

static void test_messages(void **state)
{
    (void)state;
    const struct template_source src[] = {{"t", "<h1>{{@login.title}}</h1>{{@ app.name }}"}};
    check_set_lang(src, 1, NULL, LANG_NL, "<h1>Inloggen</h1>Werkroute");
    check_set_lang(src, 1, NULL, LANG_EN, "<h1>Log in</h1>Werkroute");
    check("{{@no.such.key}}", NULL, "[no.such.key]");
    /* Inside a section the key is still a catalogue key, not a context name. */
    check("{{#l}}{{@nav.home}}{{/l}}", "{\"l\": [1, 2], \"nav\": {\"home\": \"ctx\"}}",
          "StartStart");
}

static void test_every_message_key_renders(void **state)
{
    (void)state;
    /* Known keys give their text and never the "[key]" of an unknown one. */
    for (size_t i = 0; i < msg_catalogue_len; i++) {
        const struct msg_entry *e = &msg_catalogue[i];
        char tpl[128];
        snprintf(tpl, sizeof(tpl), "{{@%s}}", e->key);
        const struct template_source src[] = {{"t", tpl}};
        check_set_lang(src, 1, NULL, LANG_NL, e->nl);
        check_set_lang(src, 1, NULL, LANG_EN, e->en ? e->en : e->nl);
        assert_true(e->nl[0] != '[');
    }
}

static void test_syntax_errors(void **state)
{
    (void)state;
    check_error("line 1\n{{#a}}\nx\n", 2, "section 'a' is not closed");
    check_error("{{#a}}{{#b}}\n{{/b}}", 1, "section 'a' is not closed");
    check_error("{{#a}}\n\n{{/b}}{{/a}}", 3, "'{{/b}}' closes section 'a' opened on line 1");
    check_error("x\n{{/a}}", 2, "'{{/a}}' closes no open section");
    check_error("{{^a}}{{/a}}{{/a}}", 1, "closes no open section");
    check_error("a\nb {{> nope}}", 2, "partial 'nope' does not exist");
    check_error("{{#l}}{{> nope}}{{/l}}", 1, "partial 'nope' does not exist");
    check_error("x {{name", 1, "tag is not closed with '}}'");
    check_error("x {{{name}}", 1, "tag is not closed with '}}}'");
    check_error("{{! never closed", 1, "tag is not closed");
    check_error("{{}}", 1, "bad name '' in tag");
    check_error("{{a b}}", 1, "bad name 'a b'");
    check_error("{{a..b}}", 1, "bad name");
    check_error("{{.a}}", 1, "bad name");
    check_error("{{a.}}", 1, "bad name");
    check_error("{{&a}}", 1, "bad name");
    check_error("{{=<% %>=}}", 1, "bad name");
    check_error("{{#}}{{/}}", 1, "bad name");
    check_error("{{> a.b}}", 1, "bad name");
    check_error("{{> .}}", 1, "bad name");
    check_error("{{@.}}", 1, "bad name");
    check_error("{{{#a}}}", 1, "bad name");
    check_error("{{a {{b}}", 1, "bad name");
    check_error("{{<script>}}", 1, "bad name");
    /* Lines count through text, tags and multi-line comments. */
    check_error("{{!\n\n}}\n{{#x}}", 4, "section 'x' is not closed");
    check_error("{{a}}\n{{\nb\n}}\n{{/c}}", 5, "closes no open section");
}

static void test_partial_cycles(void **state)
{
    (void)state;
    check_error("{{> t}}", 1, "partial 't' includes itself");
    const struct template_source src[] = {{"t", "x\n{{> a}}"}, {"a", "{{> b}}"}, {"b", "{{> t}}"}};
    char err[256];
    assert_null(template_set_parse(src, 3, err, sizeof(err)));
    assert_non_null(strstr(err, "includes itself"));
    /* The same partial twice, or from two places, is no cycle. */
    const struct template_source ok[] = {
        {"t", "{{> a}}{{> a}}{{> b}}"}, {"a", "{{> b}}"}, {"b", "b"}};
    check_set_lang(ok, 3, NULL, LANG_NL, "bbb");
}

static char *nested(int depth, const char *inner)
{
    struct buf b;
    buf_init(&b, OUT_MAX);
    for (int i = 0; i < depth; i++)
        assert_int_equal(buf_puts(&b, "{{#a}}"), RC_OK);
    assert_int_equal(buf_puts(&b, inner), RC_OK);
    for (int i = 0; i < depth; i++)
        assert_int_equal(buf_puts(&b, "{{/a}}"), RC_OK);
    return buf_detach(&b, NULL);
}

static void test_depth_limit(void **state)
{
    (void)state;
    char *ok = nested(TEMPLATE_MAX_DEPTH, "x");
    check(ok, "{\"a\": [{}]}", "x");
    free(ok);
    char *deep = nested(TEMPLATE_MAX_DEPTH + 1, "x");
    check_error(deep, 1, "sections nested deeper than 32");
    free(deep);

    /* Counted through partials: 31 sections around a partial holding one
     * more section is 33 levels. */
    char *outer = nested(TEMPLATE_MAX_DEPTH - 1, "{{> p}}");
    const struct template_source too_deep[] = {{"t", outer}, {"p", "{{#a}}x{{/a}}"}};
    char err[256];
    assert_null(template_set_parse(too_deep, 2, err, sizeof(err)));
    assert_non_null(strstr(err, "templates/t.html:1: partial 'p' nests sections deeper than 32"));
    /* Without the inner section it is exactly 32 and fine. */
    const struct template_source fits[] = {{"t", outer}, {"p", "x"}};
    check_set_lang(fits, 2, "{\"a\": true}", LANG_NL, "x");
    free(outer);

    /* A long chain of partials counts too. */
    struct template_source chain[TEMPLATE_MAX_DEPTH + 2];
    char names[TEMPLATE_MAX_DEPTH + 2][16], texts[TEMPLATE_MAX_DEPTH + 2][32];
    for (int i = 0; i < TEMPLATE_MAX_DEPTH + 2; i++) {
        if (i)
            snprintf(names[i], sizeof(names[i]), "p%d", i);
        else
            snprintf(names[i], sizeof(names[i]), "t");
        snprintf(texts[i], sizeof(texts[i]), "{{> p%d}}", i + 1);
        chain[i].name = names[i];
        chain[i].text = texts[i];
    }
    chain[TEMPLATE_MAX_DEPTH + 1].text = "end";
    assert_null(template_set_parse(chain, TEMPLATE_MAX_DEPTH + 2, err, sizeof(err)));
    assert_non_null(strstr(err, "deeper than 32"));
    chain[TEMPLATE_MAX_DEPTH].text = "end";
    check_set_lang(chain, TEMPLATE_MAX_DEPTH + 1, NULL, LANG_NL, "end");
}

static void test_set_errors(void **state)
{
    (void)state;
    char err[256];
    const struct template_source twice[] = {{"t", "a"}, {"t", "b"}};
    assert_null(template_set_parse(twice, 2, err, sizeof(err)));
    assert_string_equal(err, "templates/t.html:1: template defined twice");
    const struct template_source bad_name[] = {{"../etc", "a"}};
    assert_null(template_set_parse(bad_name, 1, err, sizeof(err)));
    assert_non_null(strstr(err, "bad template name"));
    /* No error buffer, or a tiny one, is fine: the message is cut short. */
    const struct template_source broken[] = {{"t", "{{#a}}"}};
    assert_null(template_set_parse(broken, 1, NULL, 0));
    char tiny[8];
    assert_null(template_set_parse(broken, 1, tiny, sizeof(tiny)));
    assert_string_equal(tiny, "templat");
    /* An empty set is a set. */
    struct template_set *ts = template_set_parse(NULL, 0, err, sizeof(err));
    assert_non_null(ts);
    assert_string_equal(err, "");
    template_set_free(ts);
    template_set_free(NULL);
}

static void test_not_found(void **state)
{
    (void)state;
    const struct template_source src[] = {{"t", "x"}};
    struct template_set *ts = template_set_parse(src, 1, NULL, 0);
    assert_non_null(ts);
    struct buf out;
    buf_init(&out, 100);
    assert_int_equal(template_render(ts, "nope", NULL, LANG_NL, &out), RC_NOT_FOUND);
    assert_int_equal(template_render(ts, "", NULL, LANG_NL, &out), RC_NOT_FOUND);
    assert_int_equal(template_render(ts, "templates/t.html", NULL, LANG_NL, &out), RC_NOT_FOUND);
    assert_int_equal(template_render(ts, NULL, NULL, LANG_NL, &out), RC_NOT_FOUND);
    assert_int_equal(template_render(NULL, "t", NULL, LANG_NL, &out), RC_NOT_FOUND);
    assert_int_equal(out.len, 0);
    assert_int_equal(template_render(ts, "t", NULL, LANG_NL, &out), RC_OK);
    assert_string_equal(out.data, "x");
    buf_release(&out);
    template_set_free(ts);
}

static void test_too_big(void **state)
{
    (void)state;
    const struct template_source src[] = {
        {"t", "<h1>{{@login.title}}</h1>{{#l}}<p>{{x}}|{{{x}}}|{{i}}|{{r}}</p>{{> p}}{{/l}}"
              "{{@no.key}}"},
        {"p", "[{{.}}]"},
    };
    struct template_set *ts = template_set_parse(src, 2, NULL, 0);
    assert_non_null(ts);
    json_t *ctx = ctx_parse("{\"x\": \"a<b&c\", \"i\": 12345, \"r\": 1.25, \"l\": [1, \"two\"]}");
    struct buf full;
    buf_init(&full, OUT_MAX);
    assert_int_equal(template_render(ts, "t", ctx, LANG_NL, &full), RC_OK);

    /* At every limit the render either fits exactly or fails with RC_TOO_BIG
     * and leaves what the buffer held before untouched. */
    for (size_t max = 0; max < full.len + 8; max++) {
        struct buf out;
        buf_init(&out, max + 3);
        assert_int_equal(buf_puts(&out, "pre"), RC_OK);
        enum rc rc = template_render(ts, "t", ctx, LANG_NL, &out);
        if (max >= full.len) {
            assert_int_equal(rc, RC_OK);
            assert_string_equal(out.data + 3, full.data);
        } else {
            assert_int_equal(rc, RC_TOO_BIG);
            assert_int_equal(out.len, 3);
            assert_string_equal(out.data, "pre");
        }
        buf_release(&out);
    }
    buf_release(&full);
    json_decref(ctx);
    template_set_free(ts);
}

struct thread_job {
    const struct template_set *ts;
    json_t *ctx;
    const char *want;
    int failures;
};

static void *render_many(void *arg)
{
    struct thread_job *job = arg;
    for (int i = 0; i < 2000; i++) {
        struct buf out;
        buf_init(&out, OUT_MAX);
        if (template_render(job->ts, "t", job->ctx, i % 2 ? LANG_EN : LANG_NL, &out) ||
            strcmp(out.data, i % 2 ? "Log in: a b " : job->want))
            job->failures++;
        buf_release(&out);
    }
    return NULL;
}

static void test_concurrent_renders(void **state)
{
    (void)state;
    const struct template_source src[] = {
        {"t", "{{@login.title}}: {{#l}}{{> p}} {{/l}}"},
        {"p", "{{.}}"},
    };
    struct template_set *ts = template_set_parse(src, 2, NULL, 0);
    assert_non_null(ts);
    json_t *ctx = ctx_parse("{\"l\": [\"a\", \"b\"]}");
    struct thread_job jobs[4];
    pthread_t threads[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (struct thread_job){ts, ctx, "Inloggen: a b ", 0};
        assert_int_equal(pthread_create(&threads[i], NULL, render_many, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        assert_int_equal(pthread_join(threads[i], NULL), 0);
        assert_int_equal(jobs[i].failures, 0);
    }
    json_decref(ctx);
    template_set_free(ts);
}

static void test_embedded_templates_parse(void **state)
{
    (void)state;
    /* Every template shipped in the binary must parse, whatever it is. */
    struct template_set *ts = template_set_new();
    assert_non_null(ts);
    struct buf out;
    buf_init(&out, 100);
    assert_int_equal(template_render(ts, "no-such-template", NULL, LANG_NL, &out), RC_NOT_FOUND);
    buf_release(&out);
    template_set_free(ts);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escapes_values),
        cmocka_unit_test(test_value_types),
        cmocka_unit_test(test_raw),
        cmocka_unit_test(test_spaces_in_tags),
        cmocka_unit_test(test_section_array),
        cmocka_unit_test(test_section_object_and_scalars),
        cmocka_unit_test(test_falsy_and_inverted),
        cmocka_unit_test(test_stack_lookup),
        cmocka_unit_test(test_dotted_names),
        cmocka_unit_test(test_array_index),
        cmocka_unit_test(test_dot),
        cmocka_unit_test(test_partials),
        cmocka_unit_test(test_comments_and_whitespace),
        cmocka_unit_test(test_messages),
        cmocka_unit_test(test_every_message_key_renders),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_partial_cycles),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_set_errors),
        cmocka_unit_test(test_not_found),
        cmocka_unit_test(test_too_big),
        cmocka_unit_test(test_concurrent_renders),
        cmocka_unit_test(test_embedded_templates_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
