/* The request log tests read through GET /_emu/log: every API request (never a
 * /_emu one), newest last, capped at REQLOG_CAP entries. The API key is never
 * stored: only the scheme word and whether auth succeeded. With the lock held. */
#ifndef EMU_REQLOG_H
#define EMU_REQLOG_H

#include "emu.h"

#define REQLOG_CAP 10000

void reqlog_add(const struct emu_req *r, const char *auth_word, bool auth_ok, int status);
/* [{"seq","method","path","query","auth","auth_ok","content_type","body","status"}]
 * entries with seq > since; caller frees with cJSON_Delete(). */
cJSON *reqlog_to_json(unsigned long long since);
void reqlog_clear(void);
void reqlog_free(void);

#endif
