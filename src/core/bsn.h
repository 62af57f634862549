/* Burgerservicenummer (BSN) checks: the citizen number every resident file is
 * keyed on. Pure logic, no I/O. */
#ifndef WR_BSN_H
#define WR_BSN_H

#include <stdbool.h>
#include <stdint.h>

/* bsn_valid returns true when s is exactly nine ASCII digits that pass the
 * elfproef: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is a multiple of 11 and not 0
 * (so 000000000 and the like are rejected). NULL, spaces, dots and any other
 * character make it false; callers strip formatting themselves. */
bool bsn_valid(const char *s);

/* bsn_complete builds a BSN from an 8-digit prefix (0..99999999, zero padded)
 * by appending the check digit, writing nine digits and a NUL to out. It
 * returns false, with out set to "", when the prefix is out of range or no
 * digit 0-9 makes a valid BSN (the check digit would be 10, or the sum 0):
 * the demo generator then tries the next prefix. */
bool bsn_complete(uint32_t first8, char out[10]);

#endif
