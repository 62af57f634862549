#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "buf.h"
#include "html.h"

#include "banned.h"

static void expect_escape(const char *in, const char *want)
{
    struct buf b;
    buf_init(&b, 1 << 16);
    assert_int_equal(html_escape(&b, in), RC_OK);
    assert_non_null(b.data);
    assert_string_equal(b.data, want);
    assert_int_equal(b.len, strlen(want));
    buf_release(&b);
}

static void test_escape_basic(void **state)
{
    (void)state;
    expect_escape("", "");
    expect_escape(NULL, "");
    expect_escape("plain text", "plain text");
    expect_escape("&", "&amp;");
    expect_escape("<", "&lt;");
    expect_escape(">", "&gt;");
    expect_escape("\"", "&quot;");
    expect_escape("'", "&#39;");
    expect_escape("&<>\"'", "&amp;&lt;&gt;&quot;&#39;");
    expect_escape("Jansen & Zn.", "Jansen &amp; Zn.");
    /* Already-escaped text is escaped again: escaping is not idempotent. */
    expect_escape("&amp;", "&amp;amp;");
    expect_escape("M\xc3\xbcller", "M\xc3\xbcller");
    expect_escape("a\nb\tc", "a\nb\tc");
}

static void test_escape_attacks(void **state)
{
    (void)state;
    expect_escape("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;");
    /* Breaking out of a double- or single-quoted attribute. */
    expect_escape("\" onmouseover=\"alert(1)", "&quot; onmouseover=&quot;alert(1)");
    expect_escape("' onfocus='alert(1)' autofocus '",
                  "&#39; onfocus=&#39;alert(1)&#39; autofocus &#39;");
    expect_escape("\"><img src=x onerror=alert(1)>",
                  "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
    expect_escape("</textarea><script>", "&lt;/textarea&gt;&lt;script&gt;");
    expect_escape("<!--", "&lt;!--");
    expect_escape("&#x3C;script&#x3E;", "&amp;#x3C;script&amp;#x3E;");
}

static void test_escape_n(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 1024);
    /* Only the first n bytes, no terminator needed. */
    const char s[] = {'a', '<', 'b', '>', 'c'};
    assert_int_equal(html_escape_n(&b, s, 3), RC_OK);
    assert_string_equal(b.data, "a&lt;b");
    buf_reset(&b);
    assert_int_equal(html_escape_n(&b, s, sizeof(s)), RC_OK);
    assert_string_equal(b.data, "a&lt;b&gt;c");
    buf_reset(&b);
    assert_int_equal(html_escape_n(&b, "abc", 0), RC_OK);
    assert_string_equal(b.data, "");
    assert_int_equal(html_escape_n(&b, NULL, 0), RC_OK);
    assert_int_equal(b.len, 0);
    /* NUL within n is copied, not a terminator. */
    assert_int_equal(html_escape_n(&b, "a\0<", 3), RC_OK);
    assert_int_equal(b.len, 6);
    assert_memory_equal(b.data, "a\0&lt;", 6);
    buf_release(&b);
}

static void test_escape_appends(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 1024);
    assert_int_equal(buf_puts(&b, "<p>"), RC_OK);
    assert_int_equal(html_escape(&b, "1 < 2"), RC_OK);
    assert_int_equal(buf_puts(&b, "</p>"), RC_OK);
    assert_string_equal(b.data, "<p>1 &lt; 2</p>");
    buf_release(&b);
}

static void test_escape_too_big(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 10);
    assert_int_equal(buf_puts(&b, "ab"), RC_OK);
    /* "x&y" is 7 bytes escaped: fits in the 8 left. */
    assert_int_equal(html_escape(&b, "x&y"), RC_OK);
    assert_string_equal(b.data, "abx&amp;y");
    /* Fails on the entity; nothing of it is left behind. */
    assert_int_equal(html_escape(&b, "<"), RC_TOO_BIG);
    assert_string_equal(b.data, "abx&amp;y");
    assert_int_equal(b.len, 9);
    assert_int_equal(html_escape(&b, "zz"), RC_TOO_BIG);
    assert_string_equal(b.data, "abx&amp;y");
    assert_int_equal(html_escape(&b, "z"), RC_OK);
    assert_string_equal(b.data, "abx&amp;yz");
    buf_release(&b);

    /* Failing on the tail after an entity fitted also rolls back. */
    buf_init(&b, 6);
    assert_int_equal(html_escape(&b, "&abc"), RC_TOO_BIG);
    assert_int_equal(b.len, 0);
    assert_true(b.data == NULL || b.data[0] == '\0');
    assert_int_equal(html_escape(&b, "&a"), RC_OK);
    assert_string_equal(b.data, "&amp;a");
    buf_release(&b);
}

/* Every byte value: only the five specials change, everything else is kept. */
static void test_escape_all_bytes(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 4096);
    for (int c = 1; c < 256; c++) {
        char in[2] = {(char)c, '\0'};
        buf_reset(&b);
        assert_int_equal(html_escape(&b, in), RC_OK);
        if (strchr("&<>\"'", c)) {
            assert_true(b.len > 1);
            assert_int_equal(b.data[0], '&');
        } else {
            assert_int_equal(b.len, 1);
            assert_int_equal((unsigned char)b.data[0], c);
        }
        assert_null(strchr(b.data, '<'));
        assert_null(strchr(b.data, '>'));
        assert_null(strchr(b.data, '"'));
        assert_null(strchr(b.data, '\''));
    }
    buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape_basic),   cmocka_unit_test(test_escape_attacks),
        cmocka_unit_test(test_escape_n),       cmocka_unit_test(test_escape_appends),
        cmocka_unit_test(test_escape_too_big), cmocka_unit_test(test_escape_all_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
