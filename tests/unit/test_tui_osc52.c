/* OSC 52 clipboard sequences (base64, the tmux passthrough) and the choice
 * of line drawing characters. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/lines.h"
#include "tui/osc52.h"

static void b64(const char *in, const char *want)
{
	char out[64];
	size_t n = osc52_base64((const unsigned char *)in, strlen(in), out, sizeof out);
	assert_string_equal(out, want);
	assert_int_equal(n, strlen(want));
}

static void test_base64_rfc4648_vectors(void **state)
{
	(void)state;
	b64("", "");
	b64("f", "Zg==");
	b64("fo", "Zm8=");
	b64("foo", "Zm9v");
	b64("foob", "Zm9vYg==");
	b64("fooba", "Zm9vYmE=");
	b64("foobar", "Zm9vYmFy");
	/* the high bit and the last two letters of the alphabet */
	char out[16];
	const unsigned char bin[] = { 0xfb, 0xff, 0xbf };
	osc52_base64(bin, 3, out, sizeof out);
	assert_string_equal(out, "+/+/");
}

static void test_base64_too_small(void **state)
{
	(void)state;
	char out[8] = "xyz";
	/* "Zm9v" needs 5 bytes with its NUL */
	assert_int_equal(osc52_base64((const unsigned char *)"foo", 3, out, 4), 0);
	assert_string_equal(out, "");
	assert_int_equal(osc52_base64((const unsigned char *)"foo", 3, out, 5), 4);
	assert_string_equal(out, "Zm9v");
}

static void test_sequence_plain(void **state)
{
	(void)state;
	char out[128];
	size_t n = osc52_encode("origin1.example.com", false, out, sizeof out);
	assert_string_equal(out, "\033]52;c;b3JpZ2luMS5leGFtcGxlLmNvbQ==\a");
	assert_int_equal(n, strlen(out));
}

static void test_sequence_tmux(void **state)
{
	(void)state;
	char out[128];
	size_t n = osc52_encode("42", true, out, sizeof out);
	/* DCS tmux; with the inner ESC doubled, ended by ST */
	assert_string_equal(out, "\033Ptmux;\033\033]52;c;NDI=\a\033\\");
	assert_int_equal(n, strlen(out));
}

static void test_sequence_too_small(void **state)
{
	(void)state;
	char out[10];
	assert_int_equal(osc52_encode("origin1.example.com", false, out, sizeof out), 0);
	assert_string_equal(out, "");
}

static void test_in_tmux(void **state)
{
	(void)state;
	unsetenv("TMUX");
	assert_false(osc52_in_tmux());
	setenv("TMUX", "", 1);
	assert_false(osc52_in_tmux());
	setenv("TMUX", "/tmp/tmux-1000/default,123,0", 1);
	assert_true(osc52_in_tmux());
	unsetenv("TMUX");
}

static void test_queue_refuses_huge_text(void **state)
{
	(void)state;
	char *big = malloc(10000);
	assert_non_null(big);
	memset(big, 'a', 9999);
	big[9999] = '\0';
	assert_int_equal(osc52_queue(big), -1);
	assert_int_equal(osc52_queue(NULL), -1);
	free(big);
}

static void test_lines_pick(void **state)
{
	(void)state;
	assert_int_equal(lines_pick(true, "UTF-8"), LINES_ASCII);
	assert_int_equal(lines_pick(false, "UTF-8"), LINES_UTF8);
	assert_int_equal(lines_pick(false, "ANSI_X3.4-1968"), LINES_ACS);
	assert_int_equal(lines_pick(false, "ISO-8859-1"), LINES_ACS);
	assert_int_equal(lines_pick(false, NULL), LINES_ACS);
	assert_string_equal(lines_hchar(LINES_ASCII), "-");
	assert_string_equal(lines_hchar(LINES_UTF8), "\u2500");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base64_rfc4648_vectors),
		cmocka_unit_test(test_base64_too_small),
		cmocka_unit_test(test_sequence_plain),
		cmocka_unit_test(test_sequence_tmux),
		cmocka_unit_test(test_sequence_too_small),
		cmocka_unit_test(test_in_tmux),
		cmocka_unit_test(test_queue_refuses_huge_text),
		cmocka_unit_test(test_lines_pick),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
