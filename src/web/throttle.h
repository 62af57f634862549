/* Login throttling: failures are counted per account and per client address
 * in a fixed-size table; past the limit, logins from there wait. In memory
 * only: a restart forgets, which is acceptable for a slowing measure. */
#ifndef WR_THROTTLE_H
#define WR_THROTTLE_H

#include <stdbool.h>
#include <stdint.h>

struct throttle;

#define THROTTLE_WINDOW_SECONDS (15 * 60)
#define THROTTLE_MAX_PER_ACCOUNT 5
#define THROTTLE_MAX_PER_ADDRESS 20

struct throttle *throttle_new(void);
void throttle_free(struct throttle *t);
/* throttle_allowed says whether a login for account from address may be tried now. */
bool throttle_allowed(struct throttle *t, const char *account, const char *address, int64_t now);
/* throttle_failed counts a failed login; throttle_succeeded clears the account. */
void throttle_failed(struct throttle *t, const char *account, const char *address, int64_t now);
void throttle_succeeded(struct throttle *t, const char *account);

#endif
