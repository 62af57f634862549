/* libFuzzer target: the template parser and renderer. The input is a
 * template text; it is rendered with a small context when it parses. */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    struct template_source src = {"fuzz", text};
    char err[256];
    struct template_set *ts = template_set_parse(&src, 1, err, sizeof(err));
    if (ts) {
        json_t *ctx = json_pack("{s:s, s:i, s:[s, s], s:{s:s}, s:b}", "name", "<b>&\"'", "n", 3,
                                "list", "a", "b", "obj", "x", "y", "yes", 1);
        struct buf out;
        buf_init(&out, 1 << 16);
        template_render(ts, "fuzz", ctx, LANG_NL, &out);
        buf_release(&out);
        json_decref(ctx);
        template_set_free(ts);
    }
    free(text);
    return 0;
}
