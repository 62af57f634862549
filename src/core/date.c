#include "date.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "banned.h"

static const char *const month_names_nl[12] = {
    "januari", "februari", "maart",     "april",   "mei",      "juni",
    "juli",    "augustus", "september", "oktober", "november", "december",
};

static bool is_leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && is_leap(year))
        return 29;
    return days[month - 1];
}

bool date_valid(const struct date *d)
{
    if (!d || d->year < 1900 || d->year > 2100 || d->month < 1 || d->month > 12)
        return false;
    return d->day >= 1 && d->day <= days_in_month(d->year, d->month);
}

/* Reads n ASCII digits; strtol would also take signs and spaces. */
static bool read_digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

/* Parses "YYYY-MM-DD" at the start of s without looking past it. */
static bool parse_date_prefix(const char *s, struct date *d)
{
    struct date t;
    if (!read_digits(s, 4, &t.year) || s[4] != '-' || !read_digits(s + 5, 2, &t.month) ||
        s[7] != '-' || !read_digits(s + 8, 2, &t.day))
        return false;
    if (!date_valid(&t))
        return false;
    *d = t;
    return true;
}

bool date_parse(const char *s, struct date *d)
{
    if (!s)
        return false;
    struct date t;
    /* read_digits stops at the NUL of a short string, so s[10] is in bounds
     * whenever the prefix parsed. */
    if (!parse_date_prefix(s, &t) || s[10] != '\0')
        return false;
    *d = t;
    return true;
}

/* Writes v as exactly n digits; snprintf would do, but gcc -O2 cannot see
 * that date_valid bounds the fields and warns about truncation. */
static void put_digits(char *p, int v, int n)
{
    for (int i = n - 1; i >= 0; i--) {
        p[i] = (char)('0' + v % 10);
        v /= 10;
    }
}

void date_format(const struct date *d, char out[11])
{
    out[0] = '\0';
    if (!date_valid(d))
        return;
    put_digits(out, d->year, 4);
    out[4] = '-';
    put_digits(out + 5, d->month, 2);
    out[7] = '-';
    put_digits(out + 8, d->day, 2);
    out[10] = '\0';
}

void date_format_nl(const struct date *d, char out[32])
{
    out[0] = '\0';
    if (!date_valid(d))
        return;
    snprintf(out, 32, "%d %s %d", d->day, month_names_nl[d->month - 1], d->year);
}

void timestamp_now(char out[21])
{
    struct tm tm;
    time_t now = time(NULL);
    if (now == (time_t)-1 || !gmtime_r(&now, &tm) ||
        strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) != 20) {
        /* Only a broken clock gets here; a fixed, parseable value beats an
         * uninitialised buffer. */
        memcpy(out, "1970-01-01T00:00:00Z", 21);
    }
}

bool date_today(struct date *d)
{
    struct tm tm;
    time_t now = time(NULL);
    if (now == (time_t)-1 || !gmtime_r(&now, &tm))
        return false;
    struct date t = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
    if (!date_valid(&t))
        return false;
    *d = t;
    return true;
}

int date_age_years(const struct date *birth, const struct date *today)
{
    int years = today->year - birth->year;
    if (today->month < birth->month || (today->month == birth->month && today->day < birth->day))
        years--;
    return years;
}

bool timestamp_format_nl(const char *iso, char out[40])
{
    out[0] = '\0';
    if (!iso)
        return false;
    struct date d;
    int hour, minute, second;
    if (!parse_date_prefix(iso, &d) || iso[10] != 'T' || !read_digits(iso + 11, 2, &hour) ||
        iso[13] != ':' || !read_digits(iso + 14, 2, &minute) || iso[16] != ':' ||
        !read_digits(iso + 17, 2, &second) || iso[19] != 'Z' || iso[20] != '\0')
        return false;
    if (hour > 23 || minute > 59 || second > 59)
        return false;
    snprintf(out, 40, "%d %s %d %02d:%02d", d.day, month_names_nl[d.month - 1], d.year, hour,
             minute);
    return true;
}

/* Days since 1970-01-01 of a valid date (Howard Hinnant's days_from_civil). */
static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static struct date civil_from_days(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int day = (int)(doy - (153 * mp + 2) / 5 + 1);
    int month = (int)(mp < 10 ? mp + 3 : mp - 9);
    int year = (int)(yoe + era * 400) + (month <= 2);
    return (struct date){year, month, day};
}

struct date date_add_days(const struct date *d, int days)
{
    return civil_from_days(days_from_civil(d->year, d->month, d->day) + days);
}

bool date_add_months(struct date *d, int n)
{
    if (!date_valid(d))
        return false;
    long total = (long)d->year * 12 + (d->month - 1) + n;
    if (total < 1900L * 12 || total > 2100L * 12 + 11)
        return false;
    struct date r = {(int)(total / 12), (int)(total % 12) + 1, d->day};
    int last = days_in_month(r.year, r.month);
    if (r.day > last)
        r.day = last;
    *d = r;
    return true;
}

int date_days_between(const struct date *a, const struct date *b)
{
    return (int)(days_from_civil(b->year, b->month, b->day) -
                 days_from_civil(a->year, a->month, a->day));
}

int date_cmp(const struct date *a, const struct date *b)
{
    if (a->year != b->year)
        return a->year < b->year ? -1 : 1;
    if (a->month != b->month)
        return a->month < b->month ? -1 : 1;
    return a->day < b->day ? -1 : a->day > b->day;
}
