/* The control endpoints under /_emu/ (tests/README.md): no auth, never logged.
 * Called with the lock held. */
#ifndef EMU_CONTROL_H
#define EMU_CONTROL_H

#include "emu.h"

void control_handle(const struct emu_req *r, struct emu_resp *resp);

#endif
