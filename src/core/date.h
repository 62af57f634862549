/* Calendar dates (birth dates, benefit start dates) and UTC timestamps, in
 * the ISO forms the store and API use and the Dutch forms the pages show.
 * Pure logic; only the *_now/today functions read the clock. */
#ifndef WR_DATE_H
#define WR_DATE_H

#include <stdbool.h>

struct date {
    int year, month, day;
};

/* date_valid returns true when d is a real calendar day (leap years
 * included) in the years 1900..2100. */
bool date_valid(const struct date *d);

/* date_parse reads exactly "YYYY-MM-DD" (ASCII digits, zero padded, nothing
 * before or after) into *d. Returns false, leaving *d untouched, for NULL,
 * any other shape, or a date date_valid rejects. */
bool date_parse(const char *s, struct date *d);

/* date_format writes "YYYY-MM-DD"; a date that fails date_valid is written
 * as "" so garbage never reaches a page or the store. */
void date_format(const struct date *d, char out[11]);

/* date_format_nl writes the Dutch long form, e.g. "3 maart 2024"; a date
 * that fails date_valid is written as "". */
void date_format_nl(const struct date *d, char out[32]);

/* date_add_days returns valid date d moved by days (negative: back),
 * across months and years. */
struct date date_add_days(const struct date *d, int days);
/* date_add_months moves d by n calendar months, ending on the last day of a
 * shorter month (31 August plus 6 months is 28 or 29 February). Returns
 * false, leaving *d alone, when d is invalid or the result leaves
 * date_valid's years. */
bool date_add_months(struct date *d, int n);

/* date_cmp orders dates: negative, 0 or positive as a is before, on or after b. */
int date_cmp(const struct date *a, const struct date *b);

/* date_days_between returns b minus a in days; both must be valid. */
int date_days_between(const struct date *a, const struct date *b);

/* timestamp_now writes the current UTC time as "2026-11-25T16:30:00Z". */
void timestamp_now(char out[21]);

/* date_today sets *d to the current UTC date. Returns false if the clock
 * cannot be read or lies outside date_valid's years. */
bool date_today(struct date *d);

/* date_age_years returns the completed years from birth to today; someone
 * born on 29 February turns a year older on 1 March in common years. The
 * result is negative when birth lies after today. Both dates must be valid. */
int date_age_years(const struct date *birth, const struct date *today);

/* timestamp_format_nl turns exactly "2026-11-25T16:30:00Z" (as written by
 * timestamp_now) into "25 november 2026 16:30", still in UTC. Returns false,
 * with out set to "", for NULL or any other shape or an impossible time. */
bool timestamp_format_nl(const char *iso, char out[40]);

#endif
