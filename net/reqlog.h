/* The requests log, inside net/: turns the raw http_record of one attempt
 * into a redacted, capped net_exchange (net/exchange.h), writes it to the --log
 * file, and makes curl command lines of it.
 *
 * Redaction is by position (the Authorization header, known secret fields of
 * JSON bodies and forms, secret query parameters) and, as a second net, by
 * value: every secret an account was opened with is registered here and
 * replaced wherever it shows up. */
#ifndef NET_REQLOG_H
#define NET_REQLOG_H

#include <stdbool.h>
#include <stddef.h>
#include "net/http.h"
#include "net/exchange.h"

/* Kept of each body, and how many exchanges the UI's queue holds. */
#define REQLOG_BODY_CAP (64u * 1024u)
#define REQLOG_QUEUE_MAX 500

/* Registers a secret value (copied) to be replaced by *** wherever it shows
 * up in a record. Values shorter than 4 bytes are ignored (they would
 * redact ordinary text). Thread-safe. */
void reqlog_add_secret(const char *value);

/* Each returns a new string (caller frees with free()), NULL on out of memory. */
/* s with every registered secret replaced by ***. */
char *reqlog_redact_text(const char *s);
/* A body: JSON (pretty-printed, 2 spaces) or a form (by content_type, or
 * sniffed) with secret fields as ***, anything else as text; cut at `cap`
 * bytes (*truncated set; may be NULL). */
char *reqlog_redact_body(const char *body, size_t len, const char *content_type,
                         size_t cap, bool *truncated);
/* Request header lines as "Name: value\n", secret headers as "Name: ***". */
char *reqlog_redact_headers(const char *const *lines, size_t n);
/* A response head (status line + header lines, CRLF), as "line\n" lines. */
char *reqlog_redact_head(const char *head);
/* A URL with secret query parameters as ***. */
char *reqlog_redact_url(const char *url);

/* The exchange of one record, redacted. caller frees with net_exchange_free(). */
net_exchange *reqlog_build(const http_record *rec);
/* The exchange as the text block of the --log file. caller frees with free(). */
char *reqlog_format(const net_exchange *x);
/* Appends x to the --log file, if one is set, in one locked write. */
void reqlog_write_log(const net_exchange *x);
/* Whether a --log file is set. */
bool reqlog_logging(void);
/* An http_log_fn for the synchronous calls: the --log file only. */
void reqlog_sync_hook(const http_record *rec, void *user);

/* s in single quotes for a POSIX shell. caller frees with free(). */
char *reqlog_shell_quote(const char *s);
/* Whether v can name a shell variable (letters, digits, _; not a digit
 * first): only such a name is put in a curl line as $v. */
bool reqlog_var_name(const char *v);
/* The marker that the curl line turns into "$var" where it stands in a
 * body (what a provider's mark_body puts in place of a masked secret),
 * into out. */
void reqlog_var_marker(const char *var, char *out, size_t n);

#endif
