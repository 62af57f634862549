/* Dutch postcodes (four digits, two letters): normalised for storage and cut
 * to the PC4 area used for travel distance. Pure logic, no I/O. */
#ifndef WR_POSTCODE_H
#define WR_POSTCODE_H

#include "rc.h"

/* postcode_normalize accepts "1234AB", "1234 ab", "1234aB" with optional
 * surrounding whitespace (space, tab, CR, LF) and at most one space between
 * digits and letters. On success it writes the canonical "1234 AB" to out and the four
 * digits as a number (1000..9999) to *pc4 (pc4 may be NULL). Returns
 * RC_INVALID, with out set to "" and *pc4 untouched, for NULL, a leading 0,
 * the letter pairs SA, SD and SS (never issued), non-ASCII characters or any
 * other shape. */
enum rc postcode_normalize(const char *in, char out[8], int *pc4);

#endif
