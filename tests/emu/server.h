/* The HTTP side of origo-emu: libmicrohttpd on 127.0.0.1, a thread per
 * connection (latency sleeps must not hold up other clients), routing by path
 * prefix to the control endpoints or a provider, faults, latency, the log. */
#ifndef EMU_SERVER_H
#define EMU_SERVER_H

#include <stdbool.h>

/* Starts listening on 127.0.0.1:port (0 = any free port). Returns the bound
 * port, or -1 with a message on stderr. */
int server_start(unsigned port, bool quiet);
void server_stop(void);

#endif
