#include "password.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "banned.h"

/* Two hashes at a time: 64 MiB each, 2 cores. */
#define HASH_CONCURRENCY 2

static pthread_mutex_t hash_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t hash_free = PTHREAD_COND_INITIALIZER;
static int hashes_running;
static char burn_hash[PASSWORD_HASH_MAX];

static void hash_enter(void)
{
    pthread_mutex_lock(&hash_lock);
    while (hashes_running >= HASH_CONCURRENCY)
        pthread_cond_wait(&hash_free, &hash_lock);
    hashes_running++;
    pthread_mutex_unlock(&hash_lock);
}

static void hash_leave(void)
{
    pthread_mutex_lock(&hash_lock);
    hashes_running--;
    pthread_cond_signal(&hash_free);
    pthread_mutex_unlock(&hash_lock);
}

enum rc password_init(void)
{
    if (sodium_init() < 0)
        return RC_IO;
    if (!burn_hash[0] && password_hash("werkroute-burn-password", burn_hash))
        return RC_IO;
    return RC_OK;
}

enum rc password_hash(const char *password, char out[PASSWORD_HASH_MAX])
{
    hash_enter();
    int r = crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE);
    hash_leave();
    return r == 0 ? RC_OK : RC_IO;
}

bool password_verify(const char *hash, const char *password)
{
    if (!hash || !password)
        return false;
    hash_enter();
    int r = crypto_pwhash_str_verify(hash, password, strlen(password));
    hash_leave();
    return r == 0;
}

void password_burn(const char *password)
{
    (void)password_verify(burn_hash, password ? password : "");
}

bool password_acceptable(const char *password)
{
    size_t n = password ? strlen(password) : 0;
    return n >= 12 && n <= 256;
}

void token_new(char out[TOKEN_TEXT_LEN + 1])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2base64(out, TOKEN_TEXT_LEN + 1, raw, sizeof(raw),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void token_hash(const char *token, char out[TOKEN_HASH_LEN + 1])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token), NULL, 0);
    sodium_bin2hex(out, TOKEN_HASH_LEN + 1, h, sizeof(h));
}

bool token_equal(const char *a, const char *b)
{
    size_t n = strlen(a);
    if (n != strlen(b))
        return false;
    return sodium_memcmp(a, b, n) == 0;
}
