/* og_clock: the monotonic clock (model/og_clock.h). */
#include "model/og_clock.h"

#include <time.h>

static struct timespec now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts;
}

double og_clock_seconds(void)
{
	struct timespec ts = now();
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

long long og_clock_ms(void)
{
	struct timespec ts = now();
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
