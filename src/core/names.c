#include "names.h"

#include <string.h>

#include "banned.h"

const char *names_at(const char *const *names, int count, int i)
{
    return (unsigned)i < (unsigned)count ? names[i] : NULL;
}

int names_index(const char *const *names, int count, const char *name)
{
    if (!name)
        return -1;
    for (int i = 0; i < count; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return -1;
}
