/* What the program starts on: an account opens on its groups screen. Kept
 * out of the shell (tui/app.c), which names no screen. */
#include "tui/app.h"
#include "tui/views/groups.h"

view *app_first_view(size_t account)
{
	return view_groups_new(account);
}
