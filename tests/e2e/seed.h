/* The state the emulator is seeded with in most end-to-end tests. */
#ifndef E2E_SEED_H
#define E2E_SEED_H

/* Five groups:
 *  101 web-main       3 sources (2 enabled, 1 backup), use_next, in use,
 *                     a host header, a custom port, unknown "tag" fields
 *  102 media-s3       a host and an S3 bucket with real-looking keys
 *  103 api-single     one source: the last-active guard
 *  104 static-assets  two enabled hosts: the toggle tests
 *  105 images-cdn     one enabled, one disabled */
extern const char SEED_STATE[];

/* The S3 keys of group 102: never on screen or in output. */
#define SEED_S3_ACCESS_KEY "AKIAZQ3DEXAMPLEKEY77"
#define SEED_S3_SECRET_KEY "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"

/* Yandex Cloud CDN and Edgio groups beside SEED_STATE's Gcore ones: the state
 * of the tests of issue 3 (e2e_yandex, e2e_edgio, e2e_accounts).
 *
 * Yandex (folder SEED_YC_FOLDER, OAuth token SEED_YC_OAUTH):
 *  9007199254740993 yc-web      web1, web2 (common), dr (common, backup);
 *                               in use by cdn.yc-example.ru, img.yc-example.ru
 *  9007199254741001 yc-storage  a bucket and a website (backup); providerType gcore
 *  4274215888800000103 yc-alb   two balancer origins, the second disabled
 *  4274215888800000104 yc-broken ok.yc-example.ru, and stale.yc-example.invalid
 *                               (disabled): any write to it ends in a failed
 *                               operation (tests/README.md)
 * Edgio (http-large; client SEED_ED_CLIENT_ID / SEED_ED_CLIENT_SECRET):
 *  200001 ed-web   HTTP web1 (primary, 0), web2 (1), web3 (2), Match Client
 *                  mc1 (HTTP 3, HTTPS 1); HTTPS sec1 (primary, 0); host
 *                  header www.ed-example.com, network type 2, TLS SNI
 *                  sni.ed-example.com, self-signed allowed
 *  200002 ed-rr    two HTTPS round-robin entries rr1 (0), rr2 (1), no primary
 * Caller frees with free(); NULL on out of memory. */
char *seed_multi_state(void);

#define SEED_YC_FOLDER "b1gemu0000000000000f"
#define SEED_YC_OAUTH "y0_emulator-oauth-token"
#define SEED_ED_CLIENT_ID "origo-emu-client"
#define SEED_ED_CLIENT_SECRET "origo-e2e-Secret-7f3c9a"

/* The Yandex section alone (JSON text of the "yandex" object). */
extern const char SEED_YANDEX_SECTION[];
/* The Edgio section alone (JSON text of the "edgio" object). */
extern const char SEED_EDGIO_SECTION[];

#endif
