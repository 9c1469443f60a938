/* Every test of test_og_json.c again, its second writer the 8-bytes-a-word
 * path of model/og_json.c (OG_JSON_NO_SIMD: what a little-endian machine
 * without SSE2, such as Debian's arm64, runs) instead of the bytewise one,
 * so that the SSE2 path linked on x86-64, the word path and the bytewise
 * path are each held to cJSON on every build. */
#define OG_JSON_TEST_SWAR 1

#include "tests/unit/test_og_json.c"
