/* The one clock for time spans: monotonic, so that a change of the wall
 * clock (NTP, a laptop waking up) never stretches or cuts a timeout, a
 * grace period, a token's margin or a probe's interval. */
#ifndef MODEL_OG_CLOCK_H
#define MODEL_OG_CLOCK_H

/* Now, in seconds (with fractions) from an arbitrary start. */
double og_clock_seconds(void);
/* Now, in whole milliseconds from the same start. */
long long og_clock_ms(void);

#endif
