#include "postcode.h"

#include <stdbool.h>
#include <stddef.h>

#include "banned.h"

/* Own ASCII tests rather than <ctype.h>: those depend on the locale and are
 * undefined for negative chars, i.e. every UTF-8 byte. */
static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static char ascii_upper(char c)
{
    if (c >= 'a' && c <= 'z')
        return (char)(c - 'a' + 'A');
    return c;
}

enum rc postcode_normalize(const char *in, char out[8], int *pc4)
{
    out[0] = '\0';
    if (!in)
        return RC_INVALID;
    const char *p = in;
    while (is_space(*p))
        p++;
    char digits[4], letters[2];
    for (int i = 0; i < 4; i++) {
        if (!is_digit(p[i]))
            return RC_INVALID;
        digits[i] = p[i];
    }
    p += 4;
    if (*p == ' ')
        p++;
    for (int i = 0; i < 2; i++) {
        char c = ascii_upper(p[i]);
        if (c < 'A' || c > 'Z')
            return RC_INVALID;
        letters[i] = c;
    }
    p += 2;
    while (is_space(*p))
        p++;
    if (*p != '\0')
        return RC_INVALID;
    /* Postcodes start at 1000; SA, SD and SS recall the Nazi organisations
     * and were left out when the system was introduced in the 1970s. */
    if (digits[0] == '0')
        return RC_INVALID;
    if (letters[0] == 'S' && (letters[1] == 'A' || letters[1] == 'D' || letters[1] == 'S'))
        return RC_INVALID;
    int n = 0;
    for (int i = 0; i < 4; i++) {
        n = n * 10 + (digits[i] - '0');
        out[i] = digits[i];
    }
    out[4] = ' ';
    out[5] = letters[0];
    out[6] = letters[1];
    out[7] = '\0';
    if (pc4)
        *pc4 = n;
    return RC_OK;
}
