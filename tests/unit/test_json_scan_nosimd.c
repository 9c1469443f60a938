/* Every test of test_json_scan.c again, against the scanner built without
 * SIMD: JS_NO_SIMD makes it scan strings a word (8 bytes) at a time, as it
 * does where SSE2 is not (Debian's arm64), so that both ways are tested on
 * every build. This file compiles its own copy of net/json_scan.c with
 * that switch, its functions renamed so that they do not clash with the
 * ones the suite links (the SSE2 build's, where it is one). */
#define JS_NO_SIMD 1

#define js_init nosimd_js_init
#define js_init_cjson nosimd_js_init_cjson
#define js_number nosimd_js_number
#define js_skip nosimd_js_skip
#define js_skip_rest_ nosimd_js_skip_rest_
#define js_count_elements nosimd_js_count_elements
#define js_string_rest_ nosimd_js_string_rest_
#define js_type_of_ nosimd_js_type_of_
#define js_decode nosimd_js_decode
#define js_strdup nosimd_js_strdup
#define js_number_value nosimd_js_number_value
#define js_print nosimd_js_print
#define js_print_number nosimd_js_print_number
#define js_equals nosimd_js_equals

#include "net/json_scan.c"

#ifdef JS_SSE2
#error "JS_NO_SIMD should have turned the SSE2 scan off"
#endif

#include "tests/unit/test_json_scan.c"
