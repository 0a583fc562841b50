// SPDX-License-Identifier: GPL-2.0
/*
 * The configuration parser of "lispd run" (agent/daemon/conf*.c): every
 * line of the grammar, and every refusal with its line number and the
 * word it is about.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/conf.h"
#include "proto/auth.h"
#include "tap.h"

static char err[LISPD_CONF_ERR_MAX];

static struct lispd_conf *parse(const char *text)
{
	struct lispd_conf *c = NULL;

	err[0] = '\0';
	if (lispd_conf_parse_text("t.conf", text, strlen(text), &c, err,
				  sizeof(err)))
		return NULL;
	return c;
}

/* text must be refused with an error containing want. */
static void refused(const char *text, const char *want)
{
	struct lispd_conf *c = (struct lispd_conf *)&c;	/* sentinel */
	char shown[48];
	size_t i;
	int rc;

	/* The text on one TAP line: newlines as '|'. */
	snprintf(shown, sizeof(shown), "%s", text);
	for (i = 0; shown[i]; i++)
		shown[i] = shown[i] == '\n' ? '|' : shown[i];
	err[0] = '\0';
	rc = lispd_conf_parse_text("t.conf", text, strlen(text), &c, err,
				   sizeof(err));
	TAP_OK(rc == -1 && c == (struct lispd_conf *)&c && strstr(err, want),
	       "refused: \"%s\" -> \"%s\"", shown, err);
}

static bool ip_is(const struct lisp_ip *ip, const char *s)
{
	uint8_t b[16];

	if (inet_pton(AF_INET, s, b) == 1)
		return ip->afi == LISP_AFI_IPV4 && !memcmp(ip->addr, b, 4);
	if (inet_pton(AF_INET6, s, b) == 1)
		return ip->afi == LISP_AFI_IPV6 && !memcmp(ip->addr, b, 16);
	return false;
}

static bool kaddr_is(const struct lisp_kaddr *a, const char *s)
{
	struct lisp_ip ip;

	lispd_kaddr_to_ip(a, &ip);
	return ip_is(&ip, s);
}

static void test_defaults(void)
{
	struct lispd_conf *c = parse("# nothing but comments\n\n   \t\n"
				     "   # indented comment\n");

	TAP_OK(c != NULL, "comments and blank lines parse (%s)", err);
	if (!c)
		return;
	TAP_OK(c->log_level == LISPD_LOG_INFO, "default log-level info");
	TAP_OK(c->control_port == 4342, "default control-port 4342");
	TAP_OK(!c->map_resolver && !c->nsite && !c->nms && !c->ndb &&
	       !c->nmr && !c->nitr && !c->npetr && !c->nmap,
	       "empty configuration");
	TAP_OK(!lispd_conf_is_ms(c) && !lispd_conf_is_etr(c) &&
	       !lispd_conf_needs_kernel(c), "no roles, no kernel");
	lispd_conf_free(c);
	c = parse("");
	TAP_OK(c != NULL, "empty text parses");
	lispd_conf_free(c);
}

static void test_settings(void)
{
	static const char *const levels[] = { "debug", "info", "warn",
					      "error" };
	struct lispd_conf *c;
	char text[64];
	unsigned int i;

	for (i = 0; i < 4; i++) {
		snprintf(text, sizeof(text), "log-level %s\n", levels[i]);
		c = parse(text);
		TAP_OK(c && c->log_level == (enum lispd_log_level)i &&
		       !strcmp(lispd_log_level_str(c->log_level), levels[i]),
		       "log-level %s", levels[i]);
		lispd_conf_free(c);
	}
	c = parse("control-port 14342 # after a comment\n");
	TAP_OK(c && c->control_port == 14342, "control-port 14342");
	lispd_conf_free(c);
	c = parse("control-port 65535\r\nlog-level warn\r\n");
	TAP_OK(c && c->control_port == 65535 &&
	       c->log_level == LISPD_LOG_WARN, "CRLF line ends");
	lispd_conf_free(c);

	refused("log-level", "t.conf:1: \"log-level\" needs debug, info");
	refused("log-level loud", "t.conf:1: log-level \"loud\": expected "
		"debug, info, warn or error");
	refused("log-level info extra", "t.conf:1: unexpected \"extra\" "
		"(expected the end of the line)");
	refused("log-level info\nlog-level debug",
		"t.conf:2: log-level already set at line 1");
	refused("control-port 0", "t.conf:1: control-port \"0\": expected a "
		"number from 1 to 65535");
	refused("control-port 65536", "control-port \"65536\": expected");
	refused("control-port 12ab", "control-port \"12ab\": expected");
	refused("control-port -1", "control-port \"-1\": expected");
	refused("control-port", "\"control-port\" needs a port number");
	refused("control-port 1\ncontrol-port 2",
		"t.conf:2: control-port already set at line 1");
	c = parse("register-period 5\n");
	TAP_OK(c && c->register_period_s == 5, "register-period 5");
	lispd_conf_free(c);
	c = parse("log-level info\n");
	TAP_OK(c && c->register_period_s == 60, "register-period: 60 s by "
	       "default (RFC 9301 8.2)");
	lispd_conf_free(c);
	refused("register-period 0", "t.conf:1: register-period \"0\": "
		"expected a number from 1 to 3600");
	refused("register-period 3601", "register-period \"3601\": expected");
	refused("register-period 1\nregister-period 2",
		"t.conf:2: register-period already set at line 1");
	refused("bogus 1", "t.conf:1: unknown command \"bogus\"");
	refused("\n\n# c\nsite\n", "t.conf:4: \"site\" needs add, prefix");

	/* The ETR's I bit (issue 11). */
	c = parse("log-level info\n");
	TAP_OK(c && !c->has_xtr_id && c->site_id == 0, "xtr-id: none (random "
	       "at start), site-id 0, by default");
	lispd_conf_free(c);
	c = parse("xtr-id 00112233445566778899AABBccddeeff\n"
		  "site-id 18446744073709551615\n");
	TAP_OK(c && c->has_xtr_id && c->xtr_id[0] == 0x00 &&
	       c->xtr_id[5] == 0x55 && c->xtr_id[10] == 0xaa &&
	       c->xtr_id[15] == 0xff && c->site_id == UINT64_MAX,
	       "xtr-id: 32 hex digits, either case; site-id: 64 bits (%s)",
	       err);
	lispd_conf_free(c);
	refused("xtr-id 0011", "t.conf:1: xtr-id \"0011\": expected 32 hex "
		"digits (128 bits)");
	refused("xtr-id 00112233445566778899aabbccddeefg",
		"expected 32 hex digits");
	refused("xtr-id", "\"xtr-id\" needs 32 hex digits");
	refused("xtr-id 00112233445566778899aabbccddeeff\n"
		"xtr-id 00112233445566778899aabbccddeeff",
		"t.conf:2: xtr-id already set at line 1");
	refused("xtr-id 00112233445566778899aabbccddeeff 1",
		"unexpected \"1\" (expected the end of the line)");
	refused("site-id 18446744073709551616", "site-id \"18446744073709551616"
		"\": expected a number from 0 to 18446744073709551615");
	refused("site-id 1\nsite-id 1", "t.conf:2: site-id already set at "
		"line 1");

	/* Issue 14: how instance 0 goes on the wire. */
	c = parse("log-level info\n");
	TAP_OK(c && !c->iid0_lcaf, "iid0-encoding: plain by default");
	lispd_conf_free(c);
	c = parse("iid0-encoding lcaf\n");
	TAP_OK(c && c->iid0_lcaf, "iid0-encoding lcaf");
	lispd_conf_free(c);
	c = parse("iid0-encoding plain\n");
	TAP_OK(c && !c->iid0_lcaf, "iid0-encoding plain");
	lispd_conf_free(c);
	refused("iid0-encoding", "t.conf:1: \"iid0-encoding\" needs plain or "
		"lcaf");
	refused("iid0-encoding afi", "t.conf:1: iid0-encoding \"afi\": "
		"expected plain or lcaf");
	refused("iid0-encoding lcaf\niid0-encoding plain",
		"t.conf:2: iid0-encoding already set at line 1");
	refused("iid0-encoding lcaf now", "unexpected \"now\" (expected the "
		"end of the line)");
}

/* rloc-probing (issue 12): on by default, settings, off. */
static void test_rloc_probing(void)
{
	struct lispd_conf *c;

	c = parse("log-level info\n");
	TAP_OK(c && !c->probe_off && c->probe_interval_s == 10 &&
	       c->probe_retries == 2 && c->probe_retry_s == 1,
	       "rloc-probing: on by default, interval 10 s, 2 retries 1 s "
	       "apart");
	lispd_conf_free(c);
	c = parse("rloc-probing interval 2 retries 3 retry-interval 1\n");
	TAP_OK(c && !c->probe_off && c->probe_interval_s == 2 &&
	       c->probe_retries == 3 && c->probe_retry_s == 1,
	       "rloc-probing interval 2 retries 3 retry-interval 1 (%s)", err);
	lispd_conf_free(c);
	c = parse("rloc-probing retries 0\n");
	TAP_OK(c && c->probe_retries == 0 && c->probe_interval_s == 10,
	       "rloc-probing retries 0: the rest stays default");
	lispd_conf_free(c);
	c = parse("rloc-probing off\n");
	TAP_OK(c && c->probe_off, "rloc-probing off");
	lispd_conf_free(c);
	c = parse("rloc-probing on\n");
	TAP_OK(c && !c->probe_off, "rloc-probing on");
	lispd_conf_free(c);
	refused("rloc-probing", "t.conf:1: \"rloc-probing\" needs off, on, "
		"interval, retries or retry-interval");
	refused("rloc-probing interval 0", "interval \"0\": expected a "
		"number from 1 to 3600");
	refused("rloc-probing retries 11", "retries \"11\": expected a "
		"number from 0 to 10");
	refused("rloc-probing interval 2 retry-interval 3",
		"t.conf:1: retry-interval 3s is longer than interval 2s");
	refused("rloc-probing retry-interval", "\"retry-interval\" needs "
		"seconds");
	refused("rloc-probing fast", "unexpected \"fast\" (expected off, on, "
		"interval, retries or retry-interval)");
	refused("rloc-probing off now", "unexpected \"now\" (expected the "
		"end of the line)");
	refused("rloc-probing off\nrloc-probing on",
		"t.conf:2: rloc-probing already set at line 1");
}

static void test_sites(void)
{
	struct lispd_conf *c;
	const struct lispd_conf_site *s;

	c = parse("site add s1 key secret1\n"
		  "site add s2 key pass#word key-type sha1 key-id 3\n"
		  "site add s1 key other key-id 1 key-type sha1\n"
		  "site prefix s1 10.1.0.0/16\n"
		  "site prefix s1 2001:db8:1::/48 accept-more-specifics\n"
		  "site prefix s2 10.2.0.0/16 iid 7 accept-more-specifics\n"
		  "site prefix s2 10.9.9.9\n");
	TAP_OK(c != NULL, "sites parse (%s)", err);
	if (!c)
		return;
	TAP_OK(c->nsite == 2 && lispd_conf_is_ms(c), "two sites, MS role");
	s = &c->site[0];
	TAP_OK(!strcmp(s->name, "s1") && s->nkeys == 2 && s->line == 1,
	       "repeated site add adds a key (roll-over)");
	TAP_OK(s->key[0].key_id == 0 &&
	       s->key[0].alg_id == LISP_ALG_HMAC_SHA256_128 &&
	       s->key[0].len == 7 && !memcmp(s->key[0].bytes, "secret1", 7),
	       "default key-id 0, sha256, the secret's bytes");
	TAP_OK(s->key[1].key_id == 1 &&
	       s->key[1].alg_id == LISP_ALG_HMAC_SHA1_96,
	       "second key: key-id 1 sha1");
	TAP_OK(s->nprefix == 2 && s->prefix[0].eid.kind == LISP_ADDR_IP &&
	       ip_is(&s->prefix[0].eid.ip[0], "10.1.0.0") &&
	       s->prefix[0].plen == 16 &&
	       !s->prefix[0].accept_more_specifics && s->prefix[0].line == 4,
	       "plain IPv4 prefix");
	TAP_OK(ip_is(&s->prefix[1].eid.ip[0], "2001:db8:1::") &&
	       s->prefix[1].plen == 48 && s->prefix[1].accept_more_specifics,
	       "IPv6 prefix, accept-more-specifics");
	s = &c->site[1];
	TAP_OK(s->key[0].key_id == 3 && s->key[0].len == 9 &&
	       !memcmp(s->key[0].bytes, "pass#word", 9) &&
	       !strcmp(lispd_key_type_str(s->key[0].alg_id), "sha1"),
	       "options in any order; '#' inside a word is no comment");
	TAP_OK(s->prefix[0].eid.kind == LISP_ADDR_IID &&
	       s->prefix[0].eid.iid == 7 && s->prefix[0].eid.iid_mask_len == 32
	       && ip_is(&s->prefix[0].eid.ip[0], "10.2.0.0") &&
	       s->prefix[0].accept_more_specifics, "iid 7: Instance-ID LCAF");
	TAP_OK(s->prefix[1].plen == 32, "an address alone is a host prefix");
	lispd_conf_free(c);

	refused("site add", "t.conf:1: \"site add\" needs a site name");
	refused("site remove s1", "unexpected \"remove\" (expected add, "
		"prefix, anti-replay or max-registrations after \"site\")");
	refused("site add s1", "t.conf:1: \"s1\" needs \"key SECRET\"");
	refused("site add s1 secret x", "unexpected \"secret\" after \"s1\" "
		"(expected \"key SECRET\")");
	refused("site add s1 key", "\"key\" needs a secret");
	refused("site add s1 key x key-type md5",
		"t.conf:1: key-type \"md5\": expected sha1 or sha256");
	refused("site add s1 key x key-id 256",
		"key-id \"256\": expected a number from 0 to 255");
	refused("site add s1 key x key-id", "\"key-id\" needs a key-id");
	refused("site add s1 key x key-id 1 key-id 2",
		"\"key-id\" given twice");
	refused("site add s1 key x port 4342",
		"unexpected \"port\" (expected key-id or key-type)");
	refused("site add s1 key "
		"12345678901234567890123456789012345678901234567890123456789012345",
		"key: longer than 64 bytes");
	refused("site add "
		"s234567890123456789012345678901234567890123456789012345678901234"
		" key x", "longer than 63 characters");
	refused("site add s1 key a\nsite add s1 key b",
		"t.conf:2: site \"s1\": key-id 0 sha256 already given");
	refused("site add s key a key-id 1\nsite add s key a key-id 2\n"
		"site add s key a key-id 3\nsite add s key a key-id 4\n"
		"site add s key a key-id 5\n",
		"t.conf:5: site \"s\": more than 4 keys");
	refused("site prefix s1 10.0.0.0/8",
		"t.conf:1: site \"s1\" is not defined (its \"site add\" line "
		"must come first)");
	refused("site prefix s1 10.0.0.0/8\nsite add s1 key x",
		"t.conf:1: site \"s1\" is not defined");
	refused("site add s1 key x\nsite prefix s1",
		"t.conf:2: \"s1\" needs an EID prefix");
	refused("site add s1 key x\nsite prefix s1 10.0.0.0/33",
		"t.conf:2: prefix \"10.0.0.0/33\": length must be 0 to 32");
	refused("site add s1 key x\nsite prefix s1 2001:db8::/129",
		"length must be 0 to 128");
	refused("site add s1 key x\nsite prefix s1 10.0.0.0/",
		"prefix \"10.0.0.0/\": length must be 0 to 32");
	refused("site add s1 key x\nsite prefix s1 ten/8",
		"prefix \"ten/8\": \"ten\" is not an IPv4 or IPv6 address");
	refused("site add s1 key x\nsite prefix s1 10.1.2.3/16",
		"t.conf:2: prefix \"10.1.2.3/16\": host bits set (did you mean "
		"10.1.0.0/16?)");
	refused("site add s1 key x\nsite prefix s1 10.0.0.0/8 iid 16777216",
		"iid \"16777216\": expected a number from 0 to 16777215");
	refused("site add s1 key x\nsite prefix s1 10.0.0.0/8 iid 1 iid 2",
		"\"iid\" given twice");
	refused("site add s1 key x\nsite prefix s1 10.0.0.0/8 "
		"accept-more-specifics accept-more-specifics",
		"\"accept-more-specifics\" given twice");
	refused("site add s1 key x\nsite prefix s1 10.0.0.0/8 more",
		"unexpected \"more\" (expected iid or accept-more-specifics)");
	refused("site add s1 key x\nsite add s2 key y\n"
		"site prefix s1 10.0.0.0/8\n# move on\n"
		"site prefix s2 10.0.0.0/8\n",
		"t.conf:5: site prefix 10.0.0.0/8 (iid 0) already configured "
		"at line 3 (site \"s1\")");
	refused("site add s1 key x\nsite prefix s1 10.0.0.0/8 iid 0\n"
		"site prefix s1 10.0.0.0/8\n",
		"t.conf:3: site prefix 10.0.0.0/8 (iid 0) already configured "
		"at line 2");
	refused("site add s1 key x\nsite prefix s1 10.0.0.0/8 iid 5\n"
		"site prefix s1 10.0.0.0/8 iid 5\nsite prefix s1 10.0.0.0/8\n"
		"site prefix s1 10.0.0.0/8\n",
		"t.conf:3: site prefix 10.0.0.0/8 (iid 5) already configured "
		"at line 2");
	/* Anti-replay (issue 11): counter unless the site says. */
	c = parse("site add s1 key x\nsite add s2 key y\nsite add s3 key z\n"
		  "site anti-replay s2 require-xtr-id\n"
		  "site anti-replay s3 window\n");
	TAP_OK(c && c->site[0].replay == LISP_MS_REPLAY_COUNTER &&
	       c->site[1].replay == LISP_MS_REPLAY_REQUIRE_XTR_ID &&
	       c->site[2].replay == LISP_MS_REPLAY_WINDOW,
	       "site anti-replay: counter by default, require-xtr-id, window "
	       "(%s)", err);
	lispd_conf_free(c);
	refused("site anti-replay s1 window",
		"t.conf:1: site \"s1\" is not defined");
	refused("site add s1 key x\nsite anti-replay s1",
		"t.conf:2: \"s1\" needs counter, require-xtr-id or window");
	refused("site add s1 key x\nsite anti-replay s1 off",
		"anti-replay \"off\": expected counter, require-xtr-id or "
		"window");
	refused("site add s1 key x\nsite anti-replay s1 window\n"
		"site anti-replay s1 counter",
		"t.conf:3: site \"s1\": anti-replay already set at line 2");
	refused("site add s1 key x\nsite anti-replay s1 window now",
		"unexpected \"now\" (expected the end of the line)");

	/* Per-site quota (issue 11). */
	c = parse("site add s1 key x\nsite add s2 key y\n"
		  "site max-registrations s2 100000\n");
	TAP_OK(c && c->site[0].max_regs == LISP_MS_SITE_MAX_REGS &&
	       c->site[1].max_regs == 100000, "site max-registrations: %u by "
	       "default, 100000 set (%s)", LISP_MS_SITE_MAX_REGS, err);
	lispd_conf_free(c);
	refused("site add s1 key x\nsite max-registrations s1 0",
		"max-registrations \"0\": expected a number from 1 to "
		"1048576");
	refused("site add s1 key x\nsite max-registrations s1 1048577",
		"expected a number from 1 to 1048576");
	refused("site add s1 key x\nsite max-registrations s1",
		"\"s1\" needs a number of registrations");
	refused("site max-registrations s9 5",
		"t.conf:1: site \"s9\" is not defined");
	refused("site add s1 key x\nsite max-registrations s1 5\n"
		"site max-registrations s1 6",
		"t.conf:3: site \"s1\": max-registrations already set at "
		"line 2");

	c = parse("site add s1 key x\nsite prefix s1 10.0.0.0/8 iid 5\n"
		  "site prefix s1 10.0.0.0/8 iid 6\nsite prefix s1 10.0.0.0/8\n");
	TAP_OK(c && c->site[0].nprefix == 3,
	       "one prefix in three instance-ids is no duplicate");
	lispd_conf_free(c);
}

/* Issue 14: an authentication refusal in the configuration's words. */
static void test_auth_refusal(void)
{
	struct lisp_ms_key keys[2];
	char buf[256];
	int n;

	lisp_ms_key_set(&keys[0], 1, LISP_ALG_HMAC_SHA256_128, "k", 1);
	lisp_ms_key_set(&keys[1], 2, LISP_ALG_HMAC_SHA1_96, "k", 1);
	/* Another implementation's "key-id 1" (RFC 6830's 16-bit Key ID). */
	n = lispd_auth_refusal_str(0, LISP_ALG_HMAC_SHA1_96, keys, 1, buf,
				   sizeof(buf));
	TAP_OK(n > 0 && !strcmp(buf, "received key-id 0 key-type sha1, "
				"configured key-id 1 key-type sha256"),
	       "key-id/key-type mismatch: received vs configured: %s", buf);
	n = lispd_auth_refusal_str(0, LISP_ALG_HMAC_SHA256_128, keys, 2, buf,
				   sizeof(buf));
	TAP_OK(n > 0 && !strcmp(buf, "received key-id 0 key-type sha256, "
				"configured key-id 1 key-type sha256 or "
				"key-id 2 key-type sha1"),
	       "every configured key is named: %s", buf);
	n = lispd_auth_refusal_str(2, LISP_ALG_HMAC_SHA1_96, keys, 2, buf,
				   sizeof(buf));
	TAP_OK(n > 0 && strstr(buf, "the HMAC does not verify with the "
			       "configured key-id 2 key-type sha1"),
	       "same key-id and key-type: the secret differs: %s", buf);
	n = lispd_auth_refusal_str(7, 9, keys, 1, buf, sizeof(buf));
	TAP_OK(n > 0 && !strcmp(buf, "received key-id 7 algorithm-id 9, "
				"configured key-id 1 key-type sha256"),
	       "an Algorithm ID lispd has no key-type for: %s", buf);
	n = lispd_auth_refusal_str(0, 1, keys, 2, buf, 20);
	TAP_OK(n < 0, "too small a buffer is reported");
}

static void test_peers(void)
{
	struct lispd_conf *c;

	c = parse("map-resolver enable\n"
		  "map-server add 192.0.2.100 key k1\n"
		  "map-server add 2001:db8::100 key k2 port 14342 key-type sha1 "
		  "key-id 9\n"
		  "map-server add 192.0.2.100 key k3 port 14342\n"
		  "map-resolver add 192.0.2.101\n"
		  "map-resolver add 2001:db8::101 port 5000\n"
		  "itr dev lisp0\n"
		  "itr dev lisp1 pitr\n");
	TAP_OK(c != NULL, "peers parse (%s)", err);
	if (!c)
		return;
	TAP_OK(c->map_resolver, "map-resolver enable");
	TAP_OK(c->nms == 3 && ip_is(&c->ms[0].addr, "192.0.2.100") &&
	       c->ms[0].port == 4342 && c->ms[0].key.key_id == 0 &&
	       c->ms[0].key.alg_id == LISP_ALG_HMAC_SHA256_128 &&
	       c->ms[0].key.len == 2 && c->ms[0].line == 2,
	       "map-server: default port 4342, key-id 0, sha256");
	TAP_OK(ip_is(&c->ms[1].addr, "2001:db8::100") &&
	       c->ms[1].port == 14342 && c->ms[1].key.key_id == 9 &&
	       c->ms[1].key.alg_id == LISP_ALG_HMAC_SHA1_96,
	       "map-server: IPv6, port, key-type, key-id in any order");
	TAP_OK(c->ms[2].port == 14342,
	       "same map-server address on another port is allowed");
	TAP_OK(c->nmr == 2 && ip_is(&c->mr[0].addr, "192.0.2.101") &&
	       c->mr[0].port == 4342 && c->mr[1].port == 5000,
	       "map-resolver add, with and without port");
	TAP_OK(c->nitr == 2 && !strcmp(c->itr[0].dev, "lisp0") &&
	       !c->itr[0].pitr && c->itr[1].pitr, "itr dev, pitr");
	TAP_OK(!lispd_conf_is_etr(c) && lispd_conf_needs_kernel(c),
	       "map-servers without database: no ETR; itr needs the kernel");
	TAP_OK(!c->itr_subscribe, "itr subscribe: off by default");
	TAP_OK(c->itr_min_plen4 == LISP_ITR_MIN_PLEN4 &&
	       c->itr_min_plen6 == LISP_ITR_MIN_PLEN6,
	       "itr min-prefix-len: defaults /%u and /%u", c->itr_min_plen4,
	       c->itr_min_plen6);
	TAP_OK(c->ms_reply_ratio == LISP_MS_REPLY_RATIO,
	       "map-server reply-ratio: default %u", c->ms_reply_ratio);
	TAP_OK(c->rl_req_rate == LISPD_RL_REQ_RATE &&
	       c->rl_smr_burst == LISPD_RL_SMR_BURST, "rate-limit: defaults");
	TAP_OK(c->rl_smr_all_rate == LISPD_RL_SMR_ALL_RATE &&
	       c->rl_smr_all_burst == LISPD_RL_SMR_ALL_BURST,
	       "rate-limit smr-all: default %u %u", c->rl_smr_all_rate,
	       c->rl_smr_all_burst);
	TAP_OK(c->rl_smr_send_rate == LISPD_RL_SMR_SEND_RATE &&
	       c->rl_smr_send_burst == LISPD_RL_SMR_SEND_BURST &&
	       c->rl_smr_send_all_rate == LISPD_RL_SMR_SEND_ALL_RATE &&
	       c->rl_smr_send_all_burst == LISPD_RL_SMR_SEND_ALL_BURST,
	       "rate-limit smr-send, smr-send-all: defaults");
	lispd_conf_free(c);
	c = parse("rate-limit requests 0 1\nrate-limit smr 3 7\n"
		  "rate-limit smr-all 4 9\nrate-limit smr-send 2 3\n"
		  "rate-limit smr-send-all 0 5\n");
	TAP_OK(c && c->rl_req_rate == 0 && c->rl_req_burst == 1 &&
	       c->rl_smr_rate == 3 && c->rl_smr_burst == 7 &&
	       c->rl_smr_all_rate == 4 && c->rl_smr_all_burst == 9 &&
	       c->rl_smr_send_rate == 2 && c->rl_smr_send_burst == 3 &&
	       c->rl_smr_send_all_rate == 0 && c->rl_smr_send_all_burst == 5,
	       "rate-limit requests 0 1, smr 3 7, smr-all 4 9, smr-send 2 3, "
	       "smr-send-all 0 5 (%s)", err);
	if (!c)
		return;
	lispd_conf_free(c);
	c = parse("map-server reply-ratio 0\n");
	TAP_OK(c && c->ms_reply_ratio == 0, "map-server reply-ratio 0 (%s)",
	       err);
	if (!c)
		return;
	lispd_conf_free(c);
	struct lispd_conf *c2 = parse("map-server add 192.0.2.100 key k1\nitr dev lisp0\n"
		   "database add dev lisp0 10.1.0.0/24 rloc 192.0.2.1\n"
		   "itr subscribe on\n");
	TAP_OK(c2 && c2->itr_subscribe, "itr subscribe on, as an xTR (%s)",
	       err);
	lispd_conf_free(c2);
	c = parse("itr min-prefix-len 4 16\nitr min-prefix-len 6 0\n");
	TAP_OK(c && c->itr_min_plen4 == 16 && c->itr_min_plen6 == 0,
	       "itr min-prefix-len 4 16, 6 0 (%s)", err);
	if (!c)
		return;
	lispd_conf_free(c);

	refused("map-resolver", "\"map-resolver\" needs enable, add or "
		"forward");
	refused("map-resolver on", "unexpected \"on\" (expected enable, add or "
		"forward after \"map-resolver\")");

	c = parse("map-resolver enable\n"
		  "map-resolver forward 10.2.0.0/16 to 192.0.2.101\n"
		  "map-resolver forward 10.2.0.0/16 iid 7 to 2001:db8::1 port 5000\n"
		  "map-resolver forward 2001:db8:2::/48 to 192.0.2.102\n");
	TAP_OK(c && c->nroute == 3 && c->route[0].plen == 16 &&
	       c->route[0].eid.kind == LISP_ADDR_IP &&
	       ip_is(&c->route[0].ms_addr, "192.0.2.101") &&
	       c->route[0].port == 4342 && c->route[0].line == 2 &&
	       c->route[1].eid.kind == LISP_ADDR_IID &&
	       c->route[1].eid.iid == 7 && c->route[1].port == 5000 &&
	       ip_is(&c->route[1].ms_addr, "2001:db8::1") &&
	       c->route[2].plen == 48, "map-resolver forward: prefix, iid, "
	       "to, port");
	lispd_conf_free(c);
	refused("map-resolver forward 10.0.0.0/8 to 192.0.2.1",
		"t.conf:1: \"map-resolver forward\" needs \"map-resolver "
		"enable\"");
	refused("map-resolver enable\nmap-resolver forward 10.0.0.0/8 to "
		"192.0.2.1\nmap-resolver forward 10.0.0.0/8 to 192.0.2.2",
		"t.conf:3: map-resolver forward 10.0.0.0/8 (iid 0) already "
		"configured at line 2");
	refused("map-resolver enable\nmap-resolver forward 10.0.0.1/8 to "
		"192.0.2.1", "t.conf:2: prefix \"10.0.0.1/8\": host bits set");
	refused("map-resolver enable\nmap-resolver forward 10.0.0.0/8 by "
		"192.0.2.1", "t.conf:2: unexpected \"by\" (expected iid or to)");
	refused("map-resolver enable\nmap-resolver forward 10.0.0.0/8 to "
		"192.0.2.1 port 0", "t.conf:2: port \"0\": expected a number "
		"from 1 to 65535");
	refused("map-resolver enable\nmap-resolver forward", "t.conf:2: "
		"\"map-resolver forward\" needs an EID prefix");
	refused("map-resolver enable\nmap-resolver enable",
		"t.conf:2: map-resolver already enabled at line 1");
	refused("map-resolver enable now",
		"unexpected \"now\" (expected the end of the line)");
	refused("map-resolver add", "\"map-resolver add\" needs an address");
	refused("map-resolver add host.example",
		"map-resolver \"host.example\": not an IPv4 or IPv6 address");
	refused("map-resolver add 224.0.0.1",
		"map-resolver \"224.0.0.1\": not a unicast address");
	refused("map-resolver add 0.0.0.0", "not a unicast address");
	refused("map-resolver add ff02::1", "not a unicast address");
	refused("map-resolver add 192.0.2.1 port 0",
		"port \"0\": expected a number from 1 to 65535");
	refused("map-resolver add 192.0.2.1 key x",
		"unexpected \"key\" (expected port or the end of the line)");
	refused("map-resolver add 192.0.2.1 port 1 port 2",
		"unexpected \"port\" (expected the end of the line)");
	refused("map-resolver add 192.0.2.1\nmap-resolver add 192.0.2.1 port "
		"4342", "t.conf:2: map-resolver 192.0.2.1 port 4342 already "
		"configured at line 1");
	refused("map-server 192.0.2.1",
		"unexpected \"192.0.2.1\" (expected add, reply-ratio or "
		"pubsub after \"map-server\")");
	refused("map-server pubsub retries 0",
		"retries \"0\": expected a number from 1 to 255");
	refused("map-server pubsub every 3",
		"unexpected \"every\" (expected max-subscriptions, per-prefix, "
		"retry-ms or retries)");
	refused("map-server add 192.0.2.1",
		"\"192.0.2.1\" needs \"key SECRET\"");
	refused("map-server add 192.0.2.1 key k port 99999",
		"port \"99999\": expected a number from 1 to 65535");
	refused("map-server add 192.0.2.1 key k port 1 port 2",
		"\"port\" given twice");
	refused("map-server add 192.0.2.1 key k key-type sha512",
		"key-type \"sha512\": expected sha1 or sha256");
	refused("map-server add 192.0.2.1 key k iid 3",
		"unexpected \"iid\" (expected key-id, key-type or port)");
	refused("map-server add 192.0.2.1 key k\n\nmap-server add 192.0.2.1 "
		"key other", "t.conf:3: map-server 192.0.2.1 port 4342 already "
		"configured at line 1");
	refused("itr lisp0", "unexpected \"lisp0\" after \"itr\" (expected "
		"\"dev DEV\")");
	refused("itr dev", "\"dev\" needs a device name");
	refused("itr dev lisp0123456789012",
		"dev \"lisp0123456789012\": not a device name");
	refused("itr dev a/b", "dev \"a/b\": not a device name");
	refused("itr dev lisp0 proxy",
		"unexpected \"proxy\" (expected pitr or the end of the line)");
	refused("itr dev lisp0\nitr dev lisp0 pitr",
		"t.conf:2: itr dev lisp0 already configured at line 1");
	refused("itr min-prefix-len 5 8",
		"unexpected \"5\" (expected 4 or 6 after \"min-prefix-len\")");
	refused("itr min-prefix-len 4 33", "33");
	refused("itr min-prefix-len 6 129", "129");
	refused("itr min-prefix-len 4", "\"min-prefix-len\" needs a prefix length");
	refused("itr min-prefix-len 4 8 9", "9");
	refused("itr subscribe yes",
		"unexpected \"yes\" (expected on or off after \"subscribe\")");
	refused("itr subscribe on\nitr subscribe off",
		"itr subscribe already set at line 1");
	refused("itr dev lisp0\nitr subscribe on",
		"t.conf:2: itr subscribe on needs an itr dev and this xTR "
		"registered as an ETR");
}

static void test_database(void)
{
	const struct lispd_conf_db *db;
	struct lispd_conf *c;

	c = parse("map-server add 192.0.2.100 key k\n"
		  "database add dev lisp0 10.1.1.0/24 rloc 192.0.2.1 "
		  "rloc 192.0.2.2 priority 2 weight 30\n"
		  "database add dev lisp0 2001:db8:1::/48 iid 7 rloc 2001:db8::1 "
		  "weight 0 priority 255\n"
		  "database add dev lisp1 10.1.1.0/24 rloc 192.0.2.3 iid 9\n");
	TAP_OK(c != NULL, "database parses (%s)", err);
	if (!c)
		return;
	TAP_OK(c->ndb == 3 && lispd_conf_is_etr(c) &&
	       lispd_conf_needs_kernel(c), "ETR role, needs the kernel");
	db = &c->db[0];
	TAP_OK(!strcmp(db->dev, "lisp0") && ip_is(&db->eid, "10.1.1.0") &&
	       db->plen == 24 && !db->has_iid && db->nloc == 2 &&
	       db->line == 2, "database entry");
	TAP_OK(ip_is(&db->loc[0].addr, "192.0.2.1") &&
	       db->loc[0].priority == 1 && db->loc[0].weight == 100,
	       "rloc defaults: priority 1, weight 100");
	TAP_OK(db->loc[1].priority == 2 && db->loc[1].weight == 30,
	       "priority and weight bind to the last rloc");
	db = &c->db[1];
	TAP_OK(db->has_iid && db->iid == 7 && db->plen == 48 &&
	       db->loc[0].priority == 255 && db->loc[0].weight == 0,
	       "IPv6 entry with iid 7");
	TAP_OK(c->db[2].has_iid && c->db[2].iid == 9,
	       "iid after the rlocs; same prefix on another device");
	TAP_OK(!lispd_conf_db_equal(&c->db[0], &c->db[2]) &&
	       lispd_conf_db_equal(&c->db[0], &c->db[0]) &&
	       lispd_conf_db_same_key(&c->db[0], &c->db[0]) &&
	       !lispd_conf_db_same_key(&c->db[0], &c->db[2]),
	       "database equality is by (dev, prefix) and content");
	lispd_conf_free(c);

	refused("database del dev lisp0 10.0.0.0/8",
		"unexpected \"del\" (expected add after \"database\")");
	refused("database add lisp0 10.0.0.0/8 rloc 192.0.2.1",
		"unexpected \"lisp0\" after \"database add\" (expected [dev "
		"DEV] PREFIX)");
	refused("database add dev lisp0", "\"lisp0\" needs an EID prefix");
	refused("database add", "\"database add\" needs an EID prefix");
	refused("database add dev", "\"dev\" needs a device name");
	refused("database add dev lisp0 10.0.0.0/8",
		"t.conf:1: database entry needs at least one \"rloc ADDR\"");
	refused("database add dev lisp0 10.0.0.0/8 iid 3",
		"database entry needs at least one \"rloc ADDR\"");
	refused("database add dev lisp0 10.0.0.0/8 priority 1 rloc 192.0.2.1",
		"unexpected \"priority\" (expected rloc or iid)");
	refused("database add dev lisp0 10.0.0.0/8 rloc 192.0.2.1 weight 256",
		"weight \"256\": expected a number from 0 to 255");
	refused("database add dev lisp0 10.0.0.0/8 rloc 192.0.2.1 priority",
		"\"priority\" needs a number (0-255)");
	refused("database add dev lisp0 10.0.0.0/8 rloc",
		"\"rloc\" needs an address");
	refused("database add dev lisp0 10.0.0.0/8 rloc 192.0.2.300",
		"rloc \"192.0.2.300\": not an IPv4 or IPv6 address");
	refused("database add dev lisp0 10.0.0.0/8 rloc 192.0.2.1 iid 1 iid 2",
		"\"iid\" given twice");
	refused("database add dev lisp0 10.0.0.0/8 rloc 192.0.2.1 ttl 5",
		"unexpected \"ttl\" (expected rloc, priority, weight or iid)");
	refused("database add dev lisp0 10.0.0.1/8 rloc 192.0.2.1",
		"host bits set (did you mean 10.0.0.0/8?)");
	refused("database add dev lisp0 10.0.0.0/8 rloc 192.0.2.1\n"
		"database add dev lisp0 10.0.0.0/8 rloc 192.0.2.2",
		"t.conf:2: database entry 10.0.0.0/8 of dev lisp0 already "
		"configured at line 1");
	{
		char text[LISPD_CONF_LINE_MAX] = "database add dev lisp0 "
						 "10.0.0.0/8";
		int i;

		for (i = 0; i < 33; i++)
			strcat(text, " rloc 192.0.2.1");
		refused(text, "t.conf:1: more than 32 locators");
	}
}

/* Issue 14: a control plane without the kernel needs no device. */
static void test_database_nodev(void)
{
	struct lispd_conf *c;

	c = parse("database add 10.1.1.0/24 rloc 192.0.2.1\n"
		  "database add 10.1.1.0/24 iid 7 rloc 192.0.2.1\n"
		  "database add dev lisp0 10.1.1.0/24 rloc 192.0.2.2\n");
	TAP_OK(c && c->ndb == 3 && !c->db[0].dev[0] && !c->db[0].has_iid &&
	       ip_is(&c->db[0].eid, "10.1.1.0") && c->db[0].plen == 24 &&
	       c->db[1].has_iid && c->db[1].iid == 7,
	       "database add without dev parses (%s)", err);
	if (!c)
		return;
	err[0] = '\0';
	TAP_OK(lispd_conf_check_kernel(c, "t.conf", err, sizeof(err)) == -1 &&
	       strstr(err, "t.conf:1: database entry 10.1.1.0/24 has no "
		      "\"dev DEV\"") && strstr(err, "--no-kernel"),
	       "with the kernel, an entry without dev is refused: %s", err);
	lispd_conf_free(c);
	c = parse("database add dev lisp0 10.1.1.0/24 rloc 192.0.2.1\n");
	TAP_OK(c && !lispd_conf_check_kernel(c, "t.conf", err, sizeof(err)),
	       "with the kernel, entries with dev pass");
	lispd_conf_free(c);
	refused("database add 10.0.0.0/8 iid 3 rloc 192.0.2.1\n"
		"database add 10.0.0.0/8 rloc 192.0.2.2 iid 3",
		"t.conf:2: database entry 10.0.0.0/8 (iid 3, no dev) already "
		"configured at line 1");
	refused("database add 10.0.0.1/8 rloc 192.0.2.1",
		"host bits set (did you mean 10.0.0.0/8?)");
}

static void test_petr(void)
{
	struct lispd_conf *c;

	c = parse("petr set dev lisp0 192.0.2.10 priority 2 weight 10 "
		  "2001:db8::10 192.0.2.11 weight 7\n");
	TAP_OK(c != NULL, "petr parses (%s)", err);
	if (!c)
		return;
	TAP_OK(c->npetr == 1 && !strcmp(c->petr[0].dev, "lisp0") &&
	       c->petr[0].nloc == 3 && lispd_conf_needs_kernel(c),
	       "three proxy ETRs");
	TAP_OK(ip_is(&c->petr[0].loc[0].addr, "192.0.2.10") &&
	       c->petr[0].loc[0].priority == 2 &&
	       c->petr[0].loc[0].weight == 10 &&
	       ip_is(&c->petr[0].loc[1].addr, "2001:db8::10") &&
	       c->petr[0].loc[1].priority == 1 &&
	       c->petr[0].loc[1].weight == 100 &&
	       c->petr[0].loc[2].weight == 7,
	       "priority/weight per address, defaults 1/100");
	lispd_conf_free(c);

	refused("petr add dev lisp0 192.0.2.1",
		"unexpected \"add\" (expected set after \"petr\")");
	refused("petr set dev lisp0",
		"\"petr set dev lisp0\" needs at least one address");
	refused("petr set dev lisp0 priority 1",
		"petr \"priority\": not an IPv4 or IPv6 address");
	refused("petr set dev lisp0 192.0.2.1 priority x",
		"priority \"x\": expected a number from 0 to 255");
	refused("petr set dev lisp0 192.0.2.1 192.0.2.2 192.0.2.3 192.0.2.4 "
		"192.0.2.5 192.0.2.6 192.0.2.7 192.0.2.8 192.0.2.9",
		"more than 8 locators");
	refused("petr set dev lisp0 192.0.2.1\npetr set dev lisp0 192.0.2.2",
		"t.conf:2: petr of dev lisp0 already set at line 1");
}

static void test_device(void)
{
	const struct lispd_conf_device *d;
	struct lisp_link_opts want = { .given = 0 };
	struct lispd_conf *c;

	c = parse("device add lisp0 local 192.0.2.1 iid 7 ttl 64 tos 0x10 "
		  "miss-rate 0 dst-check on mtu 1400 route 10.0.0.0/8 "
		  "route fd00::/8 on-stop delete\n"
		  "device add lisp1 port 4342\n");
	TAP_OK(c != NULL, "device add parses (%s)", err);
	if (!c)
		return;
	d = &c->device[0];
	TAP_OK(c->ndevice == 2 && !strcmp(d->name, "lisp0") &&
	       lispd_conf_needs_kernel(c), "two devices, the kernel needed");
	TAP_OK(d->opts.iid == 7 && d->opts.ttl == 64 && d->opts.tos == 0x10 &&
	       d->opts.miss_rate == 0 && d->opts.dst_check == 1 &&
	       d->opts.src_check == 1 && d->opts.port == LISP_DATA_PORT &&
	       d->opts.local4[0] == 192 && d->opts.local4[3] == 1,
	       "attributes as written, defaults for the rest");
	TAP_OK(d->mtu == 1400 && d->delete_on_stop && d->nroute == 2 &&
	       kaddr_is(&d->route[0].dst, "10.0.0.0") && d->route[0].plen == 8 &&
	       kaddr_is(&d->route[1].dst, "fd00::") && d->route[1].plen == 8,
	       "mtu, routes, on-stop delete");
	/* What lisp.ko reports for "ip link add lisp1 type lisp port 4342". */
	want.port = 4342;
	want.given = LISP_LINK_BIT(IFLA_LISP_PORT);
	lisp_link_opts_complete(&want);
	TAP_OK(!lisp_link_opts_diff(&want, &c->device[1].opts) &&
	       !c->device[1].delete_on_stop && !c->device[1].mtu,
	       "a bare device equals the kernel's defaults; kept on stop");
	want.iid = 5;
	want.given |= LISP_LINK_BIT(IFLA_LISP_IID);
	want.ttl = 9;
	TAP_OK(lisp_link_opts_diff(&want, &c->device[1].opts) ==
	       (LISP_LINK_BIT(IFLA_LISP_IID) | LISP_LINK_BIT(IFLA_LISP_TTL)),
	       "an iid and a ttl the line does not have: both differ");
	lispd_conf_free(c);

	refused("device lisp0", "unexpected \"lisp0\"");
	refused("device add lisp0 iid 16777216",
		"iid \"16777216\": expected a number from 0 to 16777215");
	refused("device add lisp0 ttl 0",
		"ttl \"0\": expected a number from 1 to 255 or \"inherit\"");
	refused("device add lisp0 local 10.0.0.x", "local \"10.0.0.x\"");
	refused("device add lisp0 src-check maybe",
		"src-check \"maybe\": expected \"on\" or \"off\"");
	refused("device add lisp0 bogus 1", "unexpected \"bogus\" (expected a "
		"device attribute");
	refused("device add lisp0 iid", "\"iid\" needs a value");
	refused("device add lisp0 route 10.0.0.1/8",
		"host bits");
	refused("device add lisp0 on-stop maybe",
		"unexpected \"maybe\" (expected keep or delete");
	refused("device add lisp0 mtu 10", "mtu \"10\": expected a number");
	refused("device add lisp0\ndevice add lisp0",
		"t.conf:2: device lisp0 already added at line 1");
	refused("device add lisp0 route 10.0.0.0/8\n"
		"device add lisp1 route 10.0.0.0/8",
		"t.conf:2: route 10.0.0.0/8 already given to device lisp0 "
		"(line 1)");
	refused("device add a/b", "dev \"a/b\": not a device name");
}

static void test_map_cache(void)
{
	const struct lisp_kmap *m;
	struct lispd_conf *c;

	c = parse("map-cache add dev lisp0 198.51.100.128/25 rloc 192.0.2.2 "
		  "priority 1 weight 50 rloc 192.0.2.3 down ttl 900\n"
		  "map-cache add dev lisp0 10.66.0.0/16 action drop\n"
		  "map-cache add dev lisp0 10.67.0.0/16 action send-map-request\n"
		  "map-cache add dev lisp0 10.68.0.0/16 action native-forward\n"
		  "map-cache add dev lisp0 10.69.0.0/16 action use-petr\n"
		  "map-cache add dev lisp1 2001:db8:2::/48 rloc 2001:db8::2\n");
	TAP_OK(c != NULL, "map-cache parses (%s)", err);
	if (!c)
		return;
	TAP_OK(c->nmap == 6 && lispd_conf_needs_kernel(c), "six entries");
	m = &c->map[0].map;
	TAP_OK(kaddr_is(&m->eid, "198.51.100.128") && m->plen == 25 &&
	       m->action == LISP_MAP_ENCAP && m->ttl == 900 && m->n_loc == 2,
	       "entry with two locators and a ttl");
	TAP_OK(kaddr_is(&m->loc[0].addr, "192.0.2.2") &&
	       m->loc[0].priority == 1 && m->loc[0].weight == 50 &&
	       m->loc[0].up && !m->loc[1].up && m->loc[1].weight == 100,
	       "locators as the CLI makes them (down, defaults)");
	TAP_OK(c->map[1].map.action == LISP_MAP_DROP &&
	       c->map[2].map.action == LISP_MAP_SEND_MAP_REQUEST &&
	       c->map[3].map.action == LISP_MAP_FORWARD &&
	       c->map[4].map.action == LISP_MAP_USE_PETR &&
	       !c->map[1].map.n_loc, "negative entries: every action");
	TAP_OK(!strcmp(c->map[5].dev, "lisp1") &&
	       c->map[5].map.eid.family == AF_INET6 && c->map[5].map.plen == 48,
	       "IPv6 entry");
	TAP_OK(lispd_conf_map_equal(&c->map[0], &c->map[0]) &&
	       !lispd_conf_map_equal(&c->map[0], &c->map[1]) &&
	       !lispd_conf_map_same_key(&c->map[1], &c->map[2]),
	       "map-cache equality");
	{
		struct lispd_conf_map relay = c->map[0];

		relay.map.flags = LISP_MAP_F_RELAY;
		TAP_OK(!lispd_conf_map_equal(&c->map[0], &relay),
		       "an entry that differs only by relay differs (a "
		       "reload sends it)");
	}
	lispd_conf_free(c);

	refused("map-cache del dev lisp0 10.0.0.0/8",
		"unexpected \"del\" (expected add after \"map-cache\")");
	refused("map-cache add dev lisp0 10.0.0.0/8 rloc 192.0.2.1 excl",
		"t.conf:1: \"excl\" has no meaning in a file (its entries replace the kernel's)");
	refused("map-cache add dev lisp0 10.0.0.0/8",
		"map-cache entry needs \"rloc ADDR\" or \"action ACTION\"");
	/* The entry grammar is map_entry.c's; its reasons get FILE:LINE. */
	refused("map-cache add dev lisp0",
		"t.conf:1: expected an EID prefix");
	refused("map-cache add dev lisp0 10.0.0.1/8 action drop",
		"t.conf:1: prefix \"10.0.0.1/8\": host bits set (did you mean "
		"10.0.0.0/8?)");
	refused("map-cache add dev lisp0 10.0.0.0/8 rloc 192.0.2.1 weight 256",
		"t.conf:1: weight \"256\": expected a number from 0 to 255");
	refused("map-cache add dev lisp0 10.0.0.0/8 rloc ff02::1",
		"t.conf:1: rloc \"ff02::1\": not a unicast address");
	refused("map-cache add dev lisp0 10.0.0.0/8 action reject",
		"action \"reject\": expected drop, native-forward, "
		"send-map-request or use-petr");
	refused("map-cache add dev lisp0 10.0.0.0/8 action drop ttl soon",
		"ttl \"soon\": expected a number from 0 to 4294967295");
	refused("map-cache add dev lisp0 10.0.0.0/8 action drop weight 3",
		"unexpected \"weight\" (expected rloc, action, ttl or relay)");
	refused("map-cache add dev lisp0 10.0.0.0/8 down",
		"unexpected \"down\" (expected rloc, action, ttl or relay)");
	refused("map-cache add dev lisp0 10.0.0.0/8 rloc 192.0.2.1 up",
		"unexpected \"up\" (expected rloc, priority, weight, down, "
		"action, ttl or relay)");
	refused("map-cache add dev lisp0 10.0.0.0/8 action drop\n"
		"map-cache add dev lisp1 10.0.0.0/8 action drop\n"
		"map-cache add dev lisp0 10.0.0.0/8 rloc 192.0.2.1",
		"t.conf:3: map-cache entry 10.0.0.0/8 of dev lisp0 already "
		"configured at line 1");
}

static void test_lines(void)
{
	static const char *const lines[] = {
		"log-level debug",
		"site add s1 key k key-type sha1",
		"site prefix s1 10.0.0.0/8",
		"map-resolver enable",
	};
	static const char *const bad[] = {
		"log-level debug", "", "# fine so far", "map-resolver enble",
	};
	struct lispd_conf *c = NULL;
	char *text;
	int rc;

	rc = lispd_conf_parse("lines.conf", lines, 4, &c, err, sizeof(err));
	TAP_OK(!rc && c && c->log_level == LISPD_LOG_DEBUG &&
	       c->nsite == 1 && c->map_resolver,
	       "lispd_conf_parse() takes an array of lines (%s)", err);
	lispd_conf_free(c);
	c = NULL;
	rc = lispd_conf_parse("lines.conf", bad, 4, &c, err, sizeof(err));
	TAP_OK(rc == -1 && !c && strstr(err, "lines.conf:4: unexpected "
					"\"enble\""),
	       "its errors name the file and line: %s", err);

	text = malloc(LISPD_CONF_LINE_MAX + 16);
	if (!text)
		return;
	memset(text, 'x', LISPD_CONF_LINE_MAX + 8);
	memcpy(text, "# ok\n", 5);
	text[LISPD_CONF_LINE_MAX + 8] = '\0';
	refused(text, "t.conf:2: line longer than 4095 characters");
	free(text);
	text = calloc(1, 4 * (LISPD_CONF_WORDS_MAX + 2));
	if (!text)
		return;
	strcpy(text, "petr set dev lisp0");
	while (strlen(text) < 3 * (LISPD_CONF_WORDS_MAX + 1))
		strcat(text, " 1");
	refused(text, "t.conf:1: more than 256 words");
	free(text);
	rc = lispd_conf_parse_text("t.conf", "log-level info\n\0x\n", 18, &c,
				   err, sizeof(err));
	TAP_OK(rc == -1 && strstr(err, "t.conf:2: NUL byte in the line"),
	       "NUL bytes refused: %s", err);
	/* The error buffer is bounded: a short one is cut, not overrun. */
	{
		char small[12];

		rc = lispd_conf_parse_text("t.conf", "bogus", 5, &c, small,
					   sizeof(small));
		TAP_OK(rc == -1 && strlen(small) == sizeof(small) - 1 &&
		       !strncmp(small, "t.conf:1: u", sizeof(small) - 1),
		       "error cut to its buffer: \"%s\"", small);
	}
}

/* The shipped example must stay valid (run from the top directory). */
static void test_dynamic_eid(void)
{
	const struct lispd_conf_dyneid *e;
	struct lispd_conf *c, *c2;
	char kerr[256];

	c = parse("map-server add 192.0.2.100 key k\n"
		  "dynamic-eid roam4 prefix 10.9.0.0/24 interface roam "
		  "dev lisp0 rloc 192.0.2.1 priority 2 weight 50\n"
		  "dynamic-eid roam6 interface roam prefix fd00:9::/64 iid 7 "
		  "dev lisp0 rloc 192.0.2.1 rloc 2001:db8::1 max-hosts 10 "
		  "hold 0\n");
	TAP_OK(c != NULL, "dynamic-eid parses (%s)", err);
	if (!c)
		return;
	TAP_OK(c->ndyneid == 2 && !c->ndb && lispd_conf_is_etr(c) &&
	       lispd_conf_needs_kernel(c),
	       "dynamic-eid alone makes an ETR that needs the kernel");
	e = &c->dyneid[0];
	TAP_OK(!strcmp(e->name, "roam4") && !strcmp(e->interface, "roam") &&
	       !strcmp(e->db.dev, "lisp0") && ip_is(&e->db.eid, "10.9.0.0") &&
	       e->db.plen == 24 && !e->db.has_iid && e->db.nloc == 1 &&
	       e->db.loc[0].priority == 2 && e->db.loc[0].weight == 50 &&
	       e->line == 2 && e->db.line == 2, "roam4 as written");
	TAP_OK(e->max_hosts == 256 && e->hold_ms == 3000,
	       "defaults: max-hosts 256, hold 3 s");
	e = &c->dyneid[1];
	TAP_OK(e->db.has_iid && e->db.iid == 7 && e->db.plen == 64 &&
	       e->db.nloc == 2 && e->max_hosts == 10 && !e->hold_ms,
	       "roam6: iid, two rlocs, max-hosts, hold 0");
	TAP_OK(!lispd_conf_check_kernel(c, "t.conf", kerr, sizeof(kerr)),
	       "with dev: fine for the kernel");
	TAP_OK(lispd_conf_dyneid_equal(&c->dyneid[0], &c->dyneid[0]) &&
	       !lispd_conf_dyneid_equal(&c->dyneid[0], &c->dyneid[1]),
	       "dynamic-eid equality");
	c2 = parse("dynamic-eid roam4 prefix 10.9.0.0/24 interface roam "
		   "dev lisp0 rloc 192.0.2.1 priority 2 weight 50 hold 9\n");
	TAP_OK(c2 && lispd_conf_dyneid_equal(&c->dyneid[0], &c2->dyneid[0]),
	       "hold alone does not make another line (applied in place)");
	lispd_conf_free(c2);
	lispd_conf_free(c);

	c = parse("dynamic-eid r prefix 10.9.0.0/24 interface roam "
		  "rloc 192.0.2.1\n");
	TAP_OK(c && lispd_conf_check_kernel(c, "t.conf", kerr,
					    sizeof(kerr)) == -1 &&
	       strstr(kerr, "t.conf:1: dynamic-eid r has no \"dev DEV\""),
	       "without dev: refused with the kernel (%s)", kerr);
	lispd_conf_free(c);

	refused("dynamic-eid", "\"dynamic-eid\" needs a name");
	refused("dynamic-eid a/b prefix 10.9.0.0/24 interface roam rloc 192.0.2.1",
		"dynamic-eid name \"a/b\": only letters");
	refused("dynamic-eid r interface roam rloc 192.0.2.1",
		"t.conf:1: dynamic-eid r needs \"prefix PREFIX\"");
	refused("dynamic-eid r prefix 10.9.0.0/24 rloc 192.0.2.1",
		"dynamic-eid r needs \"interface IF\"");
	refused("dynamic-eid r prefix 10.9.0.0/24 interface roam",
		"dynamic-eid r needs at least one \"rloc ADDR\"");
	refused("dynamic-eid r prefix 10.9.0.1/24 interface roam rloc 192.0.2.1",
		"host bits");
	refused("dynamic-eid r prefix 10.9.0.0/24 interface roam rloc 192.0.2.1 "
		"max-hosts 0", "max-hosts");
	refused("dynamic-eid r prefix 10.9.0.0/24 interface roam rloc 192.0.2.1 "
		"max-hosts 4097", "max-hosts");
	refused("dynamic-eid r prefix 10.9.0.0/24 interface roam rloc 192.0.2.1 "
		"hold 3601", "hold");
	refused("dynamic-eid r prefix 10.9.0.0/24 prefix 10.8.0.0/24",
		"unexpected \"prefix\"");
	refused("dynamic-eid r prefix 10.9.0.0/24 interface roam rloc 192.0.2.1\n"
		"dynamic-eid r prefix 10.8.0.0/24 interface roam rloc 192.0.2.1",
		"t.conf:2: dynamic-eid r: defined at line 1 already");
	refused("dynamic-eid a prefix 10.9.0.0/24 interface roam rloc 192.0.2.1\n"
		"dynamic-eid b prefix 10.9.0.128/25 interface x rloc 192.0.2.1",
		"t.conf:2: dynamic-eid b: its prefix overlaps dynamic-eid a's "
		"(line 1)");
	c = parse("dynamic-eid a prefix 10.9.0.0/24 interface roam rloc 192.0.2.1\n"
		  "dynamic-eid b prefix 10.9.0.0/24 iid 5 interface x "
		  "rloc 192.0.2.1\n");
	TAP_OK(c != NULL, "the same prefix in another instance (%s)", err);
	lispd_conf_free(c);
}

static void test_example(void)
{
	static char text[65536];
	FILE *f = fopen("etc/lispd.conf.example", "r");
	struct lispd_conf *c;
	size_t len = 0;

	if (f) {
		len = fread(text, 1, sizeof(text) - 1, f);
		fclose(f);
	}
	TAP_OK(f && len, "etc/lispd.conf.example is readable");
	text[len] = '\0';
	c = parse(text);
	TAP_OK(c && c->nsite == 2 && c->map_resolver && c->nms == 1 &&
	       c->ndb == 2 && c->nmr == 1 && c->nitr == 1 && c->npetr == 1 &&
	       c->nmap == 2, "etc/lispd.conf.example parses (%s)", err);
	lispd_conf_free(c);
}

int main(void)
{
	test_defaults();
	test_settings();
	test_rloc_probing();
	test_sites();
	test_peers();
	test_auth_refusal();
	test_database();
	test_database_nodev();
	test_petr();
	test_device();
	test_map_cache();
	test_dynamic_eid();
	test_lines();
	test_example();
	return tap_done();
}
