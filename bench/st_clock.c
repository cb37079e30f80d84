/*
** bench/st_clock.c: the clock for speedtest1, taken in the program.
**
** speedtest1.c times each test by asking the library's default VFS for the
** current time.  A benchmark of the library must not let the library hold
** the stopwatch, so bench/run.sh renames speedtest1's own function (in its
** build copy, outside the repository) and links this one instead.
**
** Invariants:
**  1. Same contract as the function it replaces: wall-clock milliseconds as
**     a 64-bit integer; only differences between two calls are used.
**  2. Monotonic: a clock step during a run cannot produce negative times.
*/
#define _GNU_SOURCE
#include <time.h>

long long speedtest1_timestamp(void);

long long speedtest1_timestamp(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
