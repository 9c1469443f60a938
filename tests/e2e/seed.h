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

#endif
