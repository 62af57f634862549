/* Password hashing (argon2id, libsodium) and random tokens. At most a few
 * hashes run at once, so a flood of logins cannot exhaust memory or cores. */
#ifndef WR_PASSWORD_H
#define WR_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

#include "rc.h"

#define PASSWORD_HASH_MAX 128 /* crypto_pwhash_STRBYTES */
#define TOKEN_TEXT_LEN 43     /* 32 random bytes, base64url without padding */
#define TOKEN_HASH_LEN 64     /* hex of a 32-byte BLAKE2b hash */

/* password_init must run once before anything else here (sodium_init). */
enum rc password_init(void);
/* password_hash writes an argon2id string into out (PASSWORD_HASH_MAX bytes). */
enum rc password_hash(const char *password, char out[PASSWORD_HASH_MAX]);
/* password_verify compares in constant time; false for any failure. */
bool password_verify(const char *hash, const char *password);
/* password_acceptable: at least 12 characters, at most 256 bytes. */
bool password_acceptable(const char *password);
/* password_burn does the work of one verify, so an unknown username takes
 * as long as a wrong password. */
void password_burn(const char *password);

/* token_new writes a fresh random token (TOKEN_TEXT_LEN chars + NUL). */
void token_new(char out[TOKEN_TEXT_LEN + 1]);
/* token_hash writes the hex BLAKE2b hash of a token (TOKEN_HASH_LEN + NUL). */
void token_hash(const char *token, char out[TOKEN_HASH_LEN + 1]);
/* token_equal compares two NUL-terminated strings in constant time for equal lengths. */
bool token_equal(const char *a, const char *b);

#endif
