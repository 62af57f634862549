#include "rc.h"

const char *rc_name(enum rc rc)
{
    switch (rc) {
    case RC_OK:
        return "ok";
    case RC_INVALID:
        return "invalid";
    case RC_NOT_FOUND:
        return "not_found";
    case RC_FORBIDDEN:
        return "forbidden";
    case RC_UNAUTHORIZED:
        return "unauthorized";
    case RC_CONFLICT:
        return "conflict";
    case RC_TOO_BIG:
        return "too_big";
    case RC_THROTTLED:
        return "throttled";
    case RC_BUSY:
        return "busy";
    case RC_UNAVAILABLE:
        return "unavailable";
    case RC_STORE:
        return "store";
    case RC_IO:
        return "io";
    }
    return "unknown";
}
