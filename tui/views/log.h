/* The requests log (newest exchanges of the worker) and one exchange of it. */
#ifndef TUI_VIEWS_LOG_H
#define TUI_VIEWS_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "tui/view.h"

view *view_log_new(size_t account);
view *view_exchange_new(size_t account, uint64_t seq);
/* Esc (ACT_BACK) on either screen goes back, L (ACT_REQUESTS_LOG) leaves
 * both; false for another action. */
struct app;
bool view_log_back(struct app *a, action_id act);
/* The seq of the exchange an exchange view shows; 0 for any other view. */
uint64_t view_exchange_seq(const view *v);

#endif
