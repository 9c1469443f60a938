/* The seed state of the end-to-end tests (see seed.h). */
#include "tests/e2e/seed.h"

#include <stdlib.h>
#include <cjson/cJSON.h>

const char SEED_STATE[] =
"{\"gcore\":{\"api_key\":\"4242_emulatorkey\",\"groups\":["
 "{\"id\":101,\"name\":\"web-main\",\"use_next\":true,"
  "\"proxy_next_upstream\":[\"error\",\"timeout\"],\"auth_type\":\"none\",\"path\":\"\","
  "\"has_related_resources\":true,\"sources\":["
   "{\"source\":\"origin1.example.com\",\"enabled\":true,\"backup\":false,"
    "\"host_header_override\":null,\"tag\":\"default\"},"
   "{\"source\":\"origin2.example.com:8080\",\"enabled\":false,\"backup\":false,"
    "\"host_header_override\":\"www.example.com\",\"tag\":\"blue\"},"
   "{\"source\":\"backup.example.net\",\"enabled\":true,\"backup\":true,"
    "\"host_header_override\":null,\"tag\":\"default\"}]},"
 "{\"id\":102,\"name\":\"media-s3\",\"use_next\":false,"
  "\"proxy_next_upstream\":[\"error\"],\"auth_type\":\"none\",\"path\":\"\","
  "\"has_related_resources\":false,\"sources\":["
   "{\"source\":\"media-origin.example.org\",\"enabled\":true,\"backup\":false,"
    "\"host_header_override\":null},"
   "{\"origin_type\":\"s3\",\"config\":{\"s3_type\":\"amazon\","
    "\"s3_bucket_name\":\"media-bucket\",\"s3_region\":\"eu-west-1\","
    "\"s3_access_key_id\":\"" SEED_S3_ACCESS_KEY "\","
    "\"s3_secret_access_key\":\"" SEED_S3_SECRET_KEY "\","
    "\"s3_auth_type\":\"awsSignatureV4\"},\"enabled\":true,\"backup\":true,"
    "\"host_header_override\":\"cdn-media.example.org\"}]},"
 "{\"id\":103,\"name\":\"api-single\",\"use_next\":false,"
  "\"proxy_next_upstream\":[\"error\",\"timeout\"],\"auth_type\":\"none\",\"path\":\"\","
  "\"has_related_resources\":true,\"sources\":["
   "{\"source\":\"api.example.com\",\"enabled\":true,\"backup\":false,"
    "\"host_header_override\":null}]},"
 "{\"id\":104,\"name\":\"static-assets\",\"use_next\":true,"
  "\"proxy_next_upstream\":[\"error\",\"timeout\",\"http_502\"],\"auth_type\":\"none\",\"path\":\"\","
  "\"has_related_resources\":false,\"sources\":["
   "{\"source\":\"static1.example.com\",\"enabled\":true,\"backup\":false,"
    "\"host_header_override\":null,\"tag\":\"green\"},"
   "{\"source\":\"static2.example.com\",\"enabled\":true,\"backup\":false,"
    "\"host_header_override\":null,\"tag\":\"green\"}]},"
 "{\"id\":105,\"name\":\"images-cdn\",\"use_next\":false,"
  "\"proxy_next_upstream\":[\"error\",\"timeout\"],\"auth_type\":\"none\",\"path\":\"\","
  "\"has_related_resources\":true,\"sources\":["
   "{\"source\":\"img1.example.com\",\"enabled\":true,\"backup\":false,"
    "\"host_header_override\":null},"
   "{\"source\":\"img2.example.com\",\"enabled\":false,\"backup\":false,"
    "\"host_header_override\":null}]}"
"]}}";

/* ---- issue 3: Yandex Cloud CDN and Edgio beside Gcore (see seed.h) ---- */

const char SEED_YANDEX_SECTION[] =
"{\"folder_id\":\"" SEED_YC_FOLDER "\",\"oauth_tokens\":[\"" SEED_YC_OAUTH "\"],\"groups\":["
 "{\"id\":\"9007199254740993\",\"name\":\"yc-web\",\"useNext\":true,\"providerType\":\"ourcdn\","
  "\"origins\":["
   "{\"id\":\"9007199254740995\",\"source\":\"web1.yc-example.ru\",\"enabled\":true,\"backup\":false,"
    "\"meta\":{\"common\":{\"name\":\"web1.yc-example.ru\"}}},"
   "{\"id\":\"9007199254740997\",\"source\":\"web2.yc-example.ru\",\"enabled\":true,\"backup\":false,"
    "\"meta\":{\"common\":{\"name\":\"web2.yc-example.ru\"}}},"
   "{\"id\":\"9007199254740999\",\"source\":\"dr.yc-example.net\",\"enabled\":true,\"backup\":true,"
    "\"meta\":{\"common\":{\"name\":\"dr.yc-example.net\"}}}],"
  "\"resourcesMetadata\":[{\"id\":\"bc8rcdnres0000000011\",\"cname\":\"cdn.yc-example.ru\"},"
   "{\"id\":\"bc8rcdnres0000000012\",\"cname\":\"img.yc-example.ru\"}]},"
 "{\"id\":\"9007199254741001\",\"name\":\"yc-storage\",\"useNext\":false,\"providerType\":\"gcore\","
  "\"origins\":["
   "{\"id\":\"9007199254741003\",\"source\":\"yc-static.storage.yandexcloud.net\",\"enabled\":true,"
    "\"backup\":false,\"meta\":{\"bucket\":{\"name\":\"yc-static\"}}},"
   "{\"id\":\"9007199254741005\",\"source\":\"yc-site.website.yandexcloud.net\",\"enabled\":true,"
    "\"backup\":true,\"meta\":{\"website\":{\"name\":\"yc-site\"}}}],"
  "\"resourcesMetadata\":[]},"
 "{\"id\":\"4274215888800000103\",\"name\":\"yc-alb\",\"useNext\":false,\"providerType\":\"ourcdn\","
  "\"origins\":["
   "{\"id\":\"4274215888800003101\",\"source\":\"10.128.0.15:443\",\"enabled\":true,\"backup\":false,"
    "\"meta\":{\"balancer\":{\"id\":\"ds7q5b9n0e2e0alb0001\"}}},"
   "{\"id\":\"4274215888800003102\",\"source\":\"10.129.0.21:443\",\"enabled\":false,\"backup\":true,"
    "\"meta\":{\"balancer\":{\"id\":\"ds7q5b9n0e2e0alb0001\"}}}],"
  "\"resourcesMetadata\":[]},"
 "{\"id\":\"4274215888800000104\",\"name\":\"yc-broken\",\"useNext\":false,\"providerType\":\"ourcdn\","
  "\"origins\":["
   "{\"id\":\"4274215888800004101\",\"source\":\"ok.yc-example.ru\",\"enabled\":true,\"backup\":false,"
    "\"meta\":{\"common\":{\"name\":\"ok.yc-example.ru\"}}},"
   "{\"id\":\"4274215888800004102\",\"source\":\"stale.yc-example.invalid\",\"enabled\":false,"
    "\"backup\":false,\"meta\":{\"common\":{\"name\":\"stale.yc-example.invalid\"}}}],"
  "\"resourcesMetadata\":[]}"
"]}";

const char SEED_EDGIO_SECTION[] =
"{\"client_id\":\"" SEED_ED_CLIENT_ID "\",\"client_secret\":\"" SEED_ED_CLIENT_SECRET "\","
 "\"scopes\":[\"cdn.origins\"],\"groups\":["
 "{\"id\":200001,\"platform\":\"http-large\",\"name\":\"ed-web\",\"host_header\":\"www.ed-example.com\","
  "\"network_type_id\":2,\"shield_pops\":[],\"strict_pci_certified\":false,"
  "\"tls_settings\":{\"sni_hostname\":\"sni.ed-example.com\",\"allow_self_signed\":true,"
   "\"public_keys_to_verify\":[]},"
  "\"origins\":["
   "{\"id\":7001,\"name\":\"web1\",\"host\":\"http://web1.ed-example.com\",\"port\":80,\"is_primary\":true,"
    "\"protocol_type_id\":1,\"storage_type_id\":1,\"failover_order\":0},"
   "{\"id\":7002,\"name\":\"web2\",\"host\":\"http://web2.ed-example.com\",\"port\":80,\"is_primary\":false,"
    "\"protocol_type_id\":1,\"storage_type_id\":1,\"failover_order\":1},"
   "{\"id\":7003,\"name\":\"web3\",\"host\":\"http://web3.ed-example.com\",\"port\":80,\"is_primary\":false,"
    "\"protocol_type_id\":1,\"storage_type_id\":1,\"failover_order\":2},"
   "{\"id\":7004,\"name\":\"mc1\",\"host\":\"mc1.ed-example.com\",\"is_primary\":false,"
    "\"protocol_type_id\":3,\"storage_type_id\":1,\"failover_order\":3,\"failover_order_https\":1},"
   "{\"id\":7005,\"name\":\"sec1\",\"host\":\"https://sec1.ed-example.com\",\"port\":443,\"is_primary\":true,"
    "\"protocol_type_id\":2,\"storage_type_id\":1,\"failover_order\":0}]},"
 "{\"id\":200002,\"platform\":\"http-large\",\"name\":\"ed-rr\",\"host_header\":\"\","
  "\"network_type_id\":1,\"shield_pops\":[],\"strict_pci_certified\":false,"
  "\"tls_settings\":{\"sni_hostname\":null,\"allow_self_signed\":false,\"public_keys_to_verify\":[]},"
  "\"origins\":["
   "{\"id\":7101,\"name\":\"rr1\",\"host\":\"https://rr1.ed-example.com\",\"port\":443,\"is_primary\":false,"
    "\"protocol_type_id\":2,\"storage_type_id\":1,\"failover_order\":0},"
   "{\"id\":7102,\"name\":\"rr2\",\"host\":\"https://rr2.ed-example.com\",\"port\":443,\"is_primary\":false,"
    "\"protocol_type_id\":2,\"storage_type_id\":1,\"failover_order\":1}]}"
"]}";

char *seed_multi_state(void)
{
	cJSON *all = cJSON_Parse(SEED_STATE);
	cJSON *yc = cJSON_Parse(SEED_YANDEX_SECTION);
	cJSON *ed = cJSON_Parse(SEED_EDGIO_SECTION);
	char *text = NULL;
	if (all && yc && ed) {
		cJSON_AddItemToObject(all, "yandex", yc);
		cJSON_AddItemToObject(all, "edgio", ed);
		yc = ed = NULL;
		text = cJSON_PrintUnformatted(all);
	}
	cJSON_Delete(all);
	cJSON_Delete(yc);
	cJSON_Delete(ed);
	return text;
}
