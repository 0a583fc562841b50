// SPDX-License-Identifier: GPL-2.0
/*
 * A host moves (issue 12, item 2): a prefix more specific than the
 * configured one (accept-more-specifics), registered by an xTR whose
 * locators share none with the xTR that held it, takes it over; the old
 * xTR's part is dropped and it gets a Map-Notify (RFC 9301 5.7 format,
 * its own key, the new locators) at the address and port its
 * Map-Register came from.  xTRs of one site (same non-zero site-ID, or
 * a shared locator) still merge, and the configured prefix itself
 * always merges (multihoming, RFC 9301 8.2): it never moves.
 */
#include "ms_test.h"
#include "tap.h"

#define T0	1000000

static struct lisp_ms_reg_action act;
static struct lisp_map_register got;

static const char *const site_r[] = { "10.5.0.0/16+", NULL };

static int reg_from(struct lisp_ms *ms, const struct treg *r, const char *src,
		    uint16_t sport, uint64_t now)
{
	static uint8_t pkt[4096];
	struct lisp_ip ip = IP(src);
	size_t n = build_fresh(r, pkt, sizeof(pkt));

	return lisp_ms_handle_register(ms, pkt, n, &ip, sport, now, &act);
}

/* The RLOCs registered for pfx, "a b", or "-" if it is not. */
static const char *rlocs(struct lisp_ms *ms, const char *pfx)
{
	static char out[256];
	static struct lisp_record rec;
	unsigned int plen, i;
	struct lisp_addr a = PFX(pfx, &plen);
	struct lisp_ms_reg *reg = lisp_ms_reg_find(ms, &a, plen);

	snprintf(out, sizeof(out), "-");
	if (!reg || lisp_ms_reg_record(reg, &rec))
		return out;
	out[0] = 0;
	for (i = 0; i < rec.nloc; i++)
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s",
			 i ? " " : "", ipstr(&rec.loc[i].addr.ip[0]));
	return out;
}

static void move(void)
{
	struct lisp_ms *ms = lisp_ms_new();
	struct treg a = {
		.key = "k", .xtr_id = true, .xtr = 1, .own_site = true,
		.site_id = 0,
		.rec = { { "10.5.0.7/32", { "192.0.2.1" }, 1440 } },
	};
	struct treg b = {
		.key = "k2", .key_id = 1, .xtr_id = true, .xtr = 2,
		.own_site = true, .site_id = 0,
		.rec = { { "10.5.0.7/32", { "198.51.100.1", "198.51.100.2" },
			   1440 } },
	};
	struct lisp_ms_site *site;
	struct lisp_ms_key k2 = KEY(LISP_ALG_HMAC_SHA256_128, "k2");
	uint64_t nonce0;
	int err;

	k2.key_id = 1;
	b.alg = LISP_ALG_HMAC_SHA256_128;
	site = SITE(ms, "roam", LISP_ALG_HMAC_SHA1_96, "k", site_r);
	if (lisp_ms_site_add_key(ms, site, &k2))
		exit(2);
	ms->move_nonce = nonce0 = 5000;
	err = reg_from(ms, &a, "192.0.2.1", 40001, T0);
	TAP_OK(!err && !act.nmoved && !strcmp(rlocs(ms, "10.5.0.7/32"),
					      "192.0.2.1"),
	       "xTR A registers the host 10.5.0.7/32: no move (%d)", err);
	err = reg_from(ms, &b, "198.51.100.1", 40002, T0 + 1000);
	TAP_OK(!err && act.nmoved == 1, "xTR B registers it with other "
	       "locators and site-ID 0: one Map-Notify (%u)", act.nmoved);
	TAP_OK(!strcmp(rlocs(ms, "10.5.0.7/32"), "198.51.100.1 198.51.100.2"),
	       "A's part is superseded: B's locators only (%s)",
	       rlocs(ms, "10.5.0.7/32"));
	TAP_OK(ms->stats.moves == 1 && site->stats.moves == 1 &&
	       ms->stats.move_notifies == 1, "counted: moves %llu, site %llu, "
	       "notifies %llu", (unsigned long long)ms->stats.moves,
	       (unsigned long long)site->stats.moves,
	       (unsigned long long)ms->stats.move_notifies);
	TAP_OK(!strcmp(ipstr(&act.moved[0].dst), "192.0.2.1") &&
	       act.moved[0].dport == 40001 &&
	       act.moved[0].sport == LISP_CONTROL_PORT,
	       "to where A's Map-Register came from (%s port %u)",
	       ipstr(&act.moved[0].dst), act.moved[0].dport);
	err = lisp_map_notify_parse(act.moved[0].buf, act.moved[0].len, &got);
	TAP_OK(!err && got.type == LISP_MAP_NOTIFY && got.nrec == 1 &&
	       got.rec[0].nloc == 2 &&
	       !strcmp(pstr(&got.rec[0].eid, got.rec[0].eid_mask_len),
		       "10.5.0.7/32") &&
	       !strcmp(ipstr(&got.rec[0].loc[0].addr.ip[0]), "198.51.100.1"),
	       "a Map-Notify for 10.5.0.7/32 with B's two locators (%d)", err);
	TAP_OK(got.key_id == 0 && got.alg_id == LISP_ALG_HMAC_SHA1_96 &&
	       !lisp_auth_verify(act.moved[0].buf, act.moved[0].len, "k", 1) &&
	       lisp_auth_verify(act.moved[0].buf, act.moved[0].len, "k2", 2),
	       "signed with A's key (key-id 0, SHA-1), not B's");
	TAP_OK(got.xtr_id_present && got.xtr_id[0] == 1 &&
	       got.nonce == nonce0 + 1 && !got.want_notify &&
	       !got.proxy_reply, "A's xTR-ID, nonce %llu (the counter, one "
	       "more)", (unsigned long long)got.nonce);
	/* A refreshes (static config): it takes it back, B is told. */
	err = reg_from(ms, &a, "192.0.2.1", 40001, T0 + 2000);
	TAP_OK(!err && act.nmoved == 1 &&
	       !strcmp(ipstr(&act.moved[0].dst), "198.51.100.1") &&
	       act.moved[0].dport == 40002 &&
	       !lisp_map_notify_parse(act.moved[0].buf, act.moved[0].len,
				      &got) && got.key_id == 1 &&
	       got.nonce == nonce0 + 2 &&
	       !lisp_auth_verify(act.moved[0].buf, act.moved[0].len, "k2", 2),
	       "moving back tells B, with B's key-id 1, nonce one more");
	/* B refreshes its own part: it is no move. */
	err = reg_from(ms, &b, "198.51.100.1", 40002, T0 + 3000);
	TAP_OK(!err && act.nmoved == 1, "B takes it again (%u)", act.nmoved);
	err = reg_from(ms, &b, "198.51.100.1", 40002, T0 + 4000);
	TAP_OK(!err && !act.nmoved && ms->stats.moves == 3,
	       "B's refresh is no move (%u, moves %llu)", act.nmoved,
	       (unsigned long long)ms->stats.moves);
	lisp_ms_free(ms);
}

static void merge_kept(void)
{
	struct lisp_ms *ms = lisp_ms_new();
	struct treg a = {
		.key = "k", .xtr_id = true, .xtr = 1, .own_site = true,
		.site_id = 7,
		.rec = { { "10.5.0.0/24", { "192.0.2.1" }, 1440 } },
	};
	struct treg b = a, c = a, d = a, e;
	int err;

	b.xtr = 2;
	b.rec[0].rloc[0] = "192.0.2.2";
	SITE(ms, "roam", LISP_ALG_HMAC_SHA1_96, "k", site_r);
	reg_from(ms, &a, "192.0.2.1", 4342, T0);
	err = reg_from(ms, &b, "192.0.2.2", 4342, T0 + 1);
	TAP_OK(!err && !act.nmoved &&
	       !strcmp(rlocs(ms, "10.5.0.0/24"), "192.0.2.1 192.0.2.2"),
	       "xTRs of site-ID 7 with their own locators merge (%s)",
	       rlocs(ms, "10.5.0.0/24"));
	c.xtr = 3;
	c.site_id = 0;
	c.rec[0].rloc[0] = "192.0.2.2";
	c.rec[0].rloc[1] = "192.0.2.3";
	err = reg_from(ms, &c, "192.0.2.3", 4342, T0 + 2);
	TAP_OK(!err && !act.nmoved && !strcmp(rlocs(ms, "10.5.0.0/24"),
					      "192.0.2.1 192.0.2.2 192.0.2.3"),
	       "a third with a locator in common merges too (%s)",
	       rlocs(ms, "10.5.0.0/24"));
	d.xtr = 4;
	d.site_id = 8;
	d.rec[0].rloc[0] = "203.0.113.9";
	err = reg_from(ms, &d, "203.0.113.9", 4342, T0 + 3);
	TAP_OK(!err && act.nmoved == 3 &&
	       !strcmp(rlocs(ms, "10.5.0.0/24"), "203.0.113.9"),
	       "an xTR of site-ID 8 with none of them takes it from all "
	       "three (%u notifies, %s)", act.nmoved,
	       rlocs(ms, "10.5.0.0/24"));
	/* Site 8 is multihomed: its second xTR sees the host too. */
	e = d;
	e.xtr = 5;
	e.rec[0].rloc[0] = "203.0.113.10";
	err = reg_from(ms, &e, "203.0.113.10", 4342, T0 + 4);
	TAP_OK(!err && !act.nmoved && !strcmp(rlocs(ms, "10.5.0.0/24"),
					      "203.0.113.9 203.0.113.10"),
	       "a second xTR of site-ID 8 with its own locator merges (%s)",
	       rlocs(ms, "10.5.0.0/24"));
	lisp_ms_free(ms);
}

/*
 * The configured prefix is the site's, registered by each of its xTRs
 * with its own locators (multihoming): parts with no locator in common
 * and other site-IDs merge, registered again and again (no flip-flop).
 */
static void configured_prefix_merges(void)
{
	struct lisp_ms *ms = lisp_ms_new();
	struct treg a = {
		.key = "k", .xtr_id = true, .xtr = 1, .own_site = true,
		.site_id = 0,
		.rec = { { "10.5.0.0/16", { "192.0.2.1" }, 1440 } },
	};
	struct treg b = a, n1 = a, n2;
	unsigned int i, notified = 0;
	int err = 0;

	b.xtr = 2;
	b.site_id = 9;
	b.rec[0].rloc[0] = "198.51.100.1";
	SITE(ms, "roam", LISP_ALG_HMAC_SHA1_96, "k", site_r);
	for (i = 0; i < 3; i++) {
		err |= reg_from(ms, &a, "192.0.2.1", 4342, T0 + 2 * i);
		notified += act.nmoved;
		err |= reg_from(ms, &b, "198.51.100.1", 4342, T0 + 2 * i + 1);
		notified += act.nmoved;
	}
	TAP_OK(!err && !notified && !ms->stats.moves &&
	       !strcmp(rlocs(ms, "10.5.0.0/16"), "192.0.2.1 198.51.100.1"),
	       "two xTRs registering the configured 10.5.0.0/16 with their "
	       "own locators, three times each: merged, no move (%s, %u "
	       "notifies)", rlocs(ms, "10.5.0.0/16"), notified);
	/* Without the I bit: one more xTR, each replacing the last. */
	n1.xtr_id = false;
	n1.rec[0].rloc[0] = "203.0.113.1";
	n2 = n1;
	n2.rec[0].rloc[0] = "203.0.113.2";
	reg_from(ms, &n1, "203.0.113.1", 4342, T0 + 10);
	err = reg_from(ms, &n2, "203.0.113.2", 4342, T0 + 11);
	TAP_OK(!err && !act.nmoved && !ms->stats.moves &&
	       !strcmp(rlocs(ms, "10.5.0.0/16"),
		       "192.0.2.1 198.51.100.1 203.0.113.2"),
	       "the null xTR-ID from another source replaces its part, "
	       "with no Map-Notify (%s)", rlocs(ms, "10.5.0.0/16"));
	lisp_ms_free(ms);
}

static void null_xtr_id(void)
{
	struct lisp_ms *ms = lisp_ms_new();
	struct treg a = {
		.key = "k",
		.rec = { { "10.5.1.1/32", { "192.0.2.1" }, 1440 } },
	};
	struct treg b = a;
	int err;

	b.rec[0].rloc[0] = "198.51.100.1";
	SITE(ms, "roam", LISP_ALG_HMAC_SHA1_96, "k", site_r);
	reg_from(ms, &a, "192.0.2.1", 4342, T0);
	err = reg_from(ms, &a, "192.0.2.1", 4342, T0 + 1);
	TAP_OK(!err && !act.nmoved, "without the I bit, a refresh from the "
	       "same source is no move");
	err = reg_from(ms, &b, "198.51.100.1", 4342, T0 + 2);
	TAP_OK(!err && act.nmoved == 1 &&
	       !strcmp(ipstr(&act.moved[0].dst), "192.0.2.1") &&
	       !strcmp(rlocs(ms, "10.5.1.1/32"), "198.51.100.1") &&
	       ms->nxreg == 1, "another source with other locators: the old "
	       "one is told, its part replaced (%s)",
	       rlocs(ms, "10.5.1.1/32"));
	lisp_ms_free(ms);
}

static void ttl0_and_ack(void)
{
	struct lisp_ms *ms = lisp_ms_new();
	struct treg a = {
		.key = "k", .xtr_id = true, .xtr = 1, .own_site = true,
		.rec = { { "10.5.2.2/32", { "192.0.2.1" }, 1440 } },
	};
	struct treg b = a;
	struct lisp_ip xa_rloc = IP("192.0.2.1");
	uint8_t ack[4096];
	int err;

	b.xtr = 2;
	b.rec[0].rloc[0] = "198.51.100.1";
	b.rec[0].ttl = 0;
	SITE(ms, "roam", LISP_ALG_HMAC_SHA1_96, "k", site_r);
	reg_from(ms, &a, "192.0.2.1", 4342, T0);
	err = reg_from(ms, &b, "198.51.100.1", 4342, T0 + 1);
	TAP_OK(!err && !act.nmoved && !strcmp(rlocs(ms, "10.5.2.2/32"),
					      "192.0.2.1"),
	       "a TTL 0 from another xTR takes nothing");
	b.rec[0].ttl = 1440;
	reg_from(ms, &b, "198.51.100.1", 4342, T0 + 2);
	memcpy(ack, act.moved[0].buf, act.moved[0].len);
	ack[0] = (uint8_t)((ack[0] & 0x0f) | LISP_MAP_NOTIFY_ACK << 4);
	TAP_OK(lisp_ms_handle_notify_ack(ms, ack, act.moved[0].len, &xa_rloc) ==
	       -LISP_MS_ERR_AUTH && ms->stats.notify_acks_bad == 1,
	       "a Map-Notify-Ack not signed again is refused");
	lisp_auth_sign(ack, act.moved[0].len, "k", 1);
	TAP_OK(!lisp_ms_handle_notify_ack(ms, ack, act.moved[0].len, &xa_rloc) &&
	       ms->stats.notify_acks == 1, "signed with the site's key, it "
	       "is counted");
	lisp_ms_free(ms);
}

int main(void)
{
	move();
	merge_kept();
	configured_prefix_merges();
	null_xtr_id();
	ttl0_and_ack();
	return tap_done();
}
