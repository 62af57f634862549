/* The message catalogue: every text a user reads, Dutch first, with an English
 * column beside it. Templates reach it with {{@key}}; handlers with msg_get. */
#ifndef WR_MSG_H
#define WR_MSG_H

#include <stddef.h>

#include "rc.h"

enum lang {
    LANG_NL,
    LANG_EN,
};

/* One catalogue entry. nl is always set; en is NULL where the English text is
 * missing or would be the same word (a name such as "Werkroute"). */
struct msg_entry {
    const char *key;
    const char *nl;
    const char *en;
};

/* The table in msg_catalogue.c, sorted by key with strcmp so msg_get can
 * search it in half steps. Exposed for msg.c and its unit test only. */
extern const struct msg_entry msg_catalogue[];
extern const size_t msg_catalogue_len;

/* msg_get returns the static text for key in lang, the Dutch text when the
 * English one is missing, and NULL for an unknown key. The caller does not
 * free it. Safe from any thread. */
const char *msg_get(enum lang lang, const char *key);

/* msg_lang_code returns the BCP 47 code for the html lang attribute: "nl",
 * "en". */
const char *msg_lang_code(enum lang lang);

/* msg_catalogue_check verifies that the table is sorted, its keys unique and
 * every entry has Dutch text. Returns RC_OK, or RC_INVALID after writing the
 * first offending key to stderr. Meant for start-up and the unit test. */
enum rc msg_catalogue_check(void);

#endif
