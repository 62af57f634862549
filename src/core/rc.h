/* The application's one error enum, returned as `rc` everywhere. */
#ifndef WR_RC_H
#define WR_RC_H

enum rc {
    RC_OK = 0,
    RC_INVALID,      /* input failed validation */
    RC_NOT_FOUND,    /* no such object, or the caller may not know it exists */
    RC_FORBIDDEN,    /* the caller is known but may not do this */
    RC_UNAUTHORIZED, /* no valid session */
    RC_CONFLICT,     /* unique constraint, wrong state */
    RC_TOO_BIG,      /* a bounded buffer or body is full */
    RC_THROTTLED,    /* too many attempts */
    RC_BUSY,         /* store busy or serialization failure after retries */
    RC_UNAVAILABLE,  /* store connection lost */
    RC_STORE,        /* unexpected store error */
    RC_IO,           /* file or system error */
};

/* rc_name returns a stable lower-case name for logs, e.g. "not_found". */
const char *rc_name(enum rc rc);

#endif
