#include "msg.h"

#include <stdio.h>
#include <string.h>

#include "banned.h"

static const struct msg_entry *msg_find(const char *key)
{
    size_t lo = 0, hi = msg_catalogue_len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = strcmp(key, msg_catalogue[mid].key);
        if (cmp == 0)
            return &msg_catalogue[mid];
        if (cmp < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const char *msg_get(enum lang lang, const char *key)
{
    if (!key)
        return NULL;
    const struct msg_entry *e = msg_find(key);
    if (!e)
        return NULL;
    if (lang == LANG_EN && e->en)
        return e->en;
    return e->nl;
}

const char *msg_lang_code(enum lang lang)
{
    return lang == LANG_EN ? "en" : "nl";
}

enum rc msg_catalogue_check(void)
{
    for (size_t i = 0; i < msg_catalogue_len; i++) {
        const struct msg_entry *e = &msg_catalogue[i];
        if (!e->key || !e->key[0]) {
            fprintf(stderr, "msg catalogue: entry %zu has no key\n", i);
            return RC_INVALID;
        }
        if (!e->nl || !e->nl[0]) {
            fprintf(stderr, "msg catalogue: %s has no Dutch text\n", e->key);
            return RC_INVALID;
        }
        if (e->en && !e->en[0]) {
            fprintf(stderr, "msg catalogue: %s has empty English text (use NULL)\n", e->key);
            return RC_INVALID;
        }
        if (i > 0 && strcmp(msg_catalogue[i - 1].key, e->key) >= 0) {
            fprintf(stderr, "msg catalogue: %s is out of order or repeated after %s\n", e->key,
                    msg_catalogue[i - 1].key);
            return RC_INVALID;
        }
    }
    return RC_OK;
}
