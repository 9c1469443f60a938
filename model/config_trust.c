/* Whether a config file may be trusted at all (its permission bits, its
 * owner, its folder), and whether it may hold inline secrets: the rules
 * ssh applies to its own files, with their one wording. */
#include "model/config.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool config_mode_private(unsigned mode)
{
	return (mode & 077) == 0;
}

void config_private_refusal(char *out, size_t n, const char *what, const char *path, int mode,
                            const char *instead)
{
	const char *how = mode >= 0 && !(mode & 044) ? "writable" : "readable";
	char bits[32] = "";
	if (mode >= 0)
		snprintf(bits, sizeof bits, " (mode %04o)", (unsigned)mode);
	snprintf(out, n, "%s is given inline but %s is %s by others%s; chmod 600 %s or use %s",
	         what, path, how, bits, path, instead);
}

bool config_file_mode_problem(const char *path, const struct stat *st, mode_t forbidden,
                              char *why, size_t n)
{
	if (st->st_mode & forbidden) {
		bool write_only = !(forbidden & 044);
		snprintf(why, n, "%s by %s (mode %04o): %s; chmod %s %s",
		         write_only ? "writable" : "readable or writable",
		         write_only ? "group or others" : "others", (unsigned)(st->st_mode & 07777),
		         write_only ? "whoever can change it can run any command as you through token_cmd"
		                    : "it holds secrets",
		         write_only ? "go-w" : "600", path);
		return true;
	}
	if (st->st_uid != getuid() && st->st_uid != 0) {
		snprintf(why, n, "owned by another user (uid %u), who can change it and run any command "
		         "as you through token_cmd; use a file of your own", (unsigned)st->st_uid);
		return true;
	}
	/* a folder others may write to (without the sticky bit of /tmp) lets
	 * them put another file in its place */
	char dir[4096];
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	struct stat ds;
	if (stat(dir, &ds) == 0 && (ds.st_mode & 022) && !(ds.st_mode & S_ISVTX)) {
		snprintf(why, n, "its folder %s is writable by group or others (mode %04o), so they can "
		         "replace the file and run any command as you through token_cmd; chmod go-w %s",
		         dir, (unsigned)(ds.st_mode & 07777), dir);
		return true;
	}
	return false;
}
