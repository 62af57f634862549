#include <stdio.h>
int main(void)
{
    puts("werkroute " WR_VERSION);
    return 0;
}
