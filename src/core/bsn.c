#include "bsn.h"

#include <stddef.h>

#include "banned.h"

/* The elfproef weights: the ninth digit counts negatively, which is what sets
 * the BSN apart from the plain bank-account eleven test. */
static const int bsn_weights[9] = {9, 8, 7, 6, 5, 4, 3, 2, -1};

bool bsn_valid(const char *s)
{
    if (!s)
        return false;
    int sum = 0;
    for (size_t i = 0; i < 9; i++) {
        /* Not isdigit(): it is locale-dependent and takes int, not char. */
        if (s[i] < '0' || s[i] > '9')
            return false;
        sum += bsn_weights[i] * (s[i] - '0');
    }
    if (s[9] != '\0')
        return false;
    return sum != 0 && sum % 11 == 0;
}

bool bsn_complete(uint32_t first8, char out[10])
{
    out[0] = '\0';
    if (first8 > 99999999u)
        return false;
    char digits[10];
    uint32_t v = first8;
    for (int i = 7; i >= 0; i--) {
        digits[i] = (char)('0' + v % 10);
        v /= 10;
    }
    int partial = 0;
    for (int i = 0; i < 8; i++)
        partial += bsn_weights[i] * (digits[i] - '0');
    /* partial - d9 must be a multiple of 11, so d9 is partial mod 11. */
    int check = partial % 11;
    if (check > 9 || partial == check)
        return false;
    digits[8] = (char)('0' + check);
    digits[9] = '\0';
    for (int i = 0; i < 10; i++)
        out[i] = digits[i];
    return true;
}
