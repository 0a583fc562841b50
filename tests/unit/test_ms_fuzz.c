// SPDX-License-Identifier: GPL-2.0
/*
 * Mutated Map-Registers and ECM'd Map-Requests through the Map-Server's
 * handlers (ASan and UBSan catch memory errors).  Half of the mutated
 * Map-Registers are signed again with the right key, to get past the
 * HMAC into the record checks.  Checked: every call is counted once, a
 * Map-Register is accepted only if its HMAC verifies with its site's key,
 * what is built parses, and every registration sits inside the
 * configured prefix it is filed under.
 */
#include "ms_test.h"
#include "tap.h"

#define ROUNDS	100000

static uint8_t buf[4096], base[8][1024];
static size_t base_len[8];
static struct lisp_ms_reg_action ract;
static struct lisp_ms_req_action qact;
static struct lisp_map_reply reply;
static struct lisp_map_request req;

static uint64_t rng = 0x853c49e6748fea9bULL;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 17);
}

static size_t mutate(const uint8_t *in, size_t len)
{
	unsigned int i, n = 1 + rnd() % 4;

	memcpy(buf, in, len);
	for (i = 0; i < n; i++) {
		switch (rnd() % 6) {
		case 0:		/* truncate */
			len = rnd() % (len + 1);
			break;
		case 1:		/* extend */
			if (len < sizeof(buf) - 8) {
				buf[len++] = (uint8_t)rnd();
				buf[len++] = (uint8_t)rnd();
			}
			break;
		case 2:		/* a small number somewhere */
			if (len)
				buf[rnd() % len] = (uint8_t)(rnd() % 40);
			break;
		default:	/* flip a bit */
			if (len)
				buf[rnd() % len] ^= (uint8_t)(1u << rnd() % 8);
			break;
		}
	}
	return len;
}

static int check_reg(const struct lisp_ms_reg *r, void *arg)
{
	const struct lisp_ms_eid *e = r->eid;

	if (r->pfx.plen < e->pfx.plen ||
	    !lisp_prefix_contains(&e->pfx.addr, e->pfx.plen, &r->pfx.addr) ||
	    r->site != e->site || !r->rec_len)
		++*(unsigned int *)arg;
	return 0;
}

static bool built_ok(void)
{
	struct lisp_ecm e;
	unsigned int i;

	if (qact.has_reply &&
	    (lisp_map_reply_parse(qact.reply.buf, qact.reply.len, &reply) ||
	     !reply.nrec))
		return false;
	for (i = 0; i < qact.nfwd; i++) {
		if (lisp_ecm_parse(qact.fwd[i].buf, qact.fwd[i].len, &e) ||
		    lisp_map_request_parse(e.msg, e.msg_len, &req))
			return false;
	}
	return true;
}

int main(void)
{
	static const char *const sa[] = { "198.51.100.0/25", "10.0.0.0/8+",
					   "2001:db8:1::/64+", NULL };
	static const char *const sb[] = { "198.51.100.128/25+",
					   "[9]10.0.0.0/8+", NULL };
	struct lisp_ms *ms = lisp_ms_new();
	struct lisp_ms_site *a, *b;
	struct treg regs[4] = {
		{ .nonce = 1, .key = "ka", .notify = true, .rec = {
			{ "198.51.100.0/25", { "192.0.2.1", "2001:db8::1" },
			  10 },
			{ "10.1.0.0/16", { "192.0.2.1" }, 10 } } },
		{ .nonce = 2, .key = "ka", .proxy = true, .xtr_id = true,
		  .rec = {
			{ "2001:db8:1:2::/64", { "192.0.2.1" }, 10 } } },
		{ .nonce = 3, .key = "kb", .alg = LISP_ALG_HMAC_SHA256_128,
		  .notify = true, .rec = {
			{ "198.51.100.192/26", { "192.0.2.2" }, 10 },
			{ "[9]10.9.0.0/16", { "192.0.2.2" }, 10 } } },
		{ .nonce = 4, .key = "kb", .alg = LISP_ALG_HMAC_SHA256_128,
		  .proxy = true, .rec = {
			{ "[9]10.0.0.0/8", { "192.0.2.2", "192.0.2.3" },
			  10 } } },
	};
	struct treq reqs[4] = {
		{ 5, "192.0.2.9", "10.0.0.1", 4342, { "198.51.100.1" } },
		{ 6, "192.0.2.9", "10.0.0.1", 4342, { "10.1.2.3", "10.2.0.1",
						      "[9]10.1.1.1" } },
		{ 7, "2001:db8::9", "2001:db8:1::5", 4342,
		  { "2001:db8:1:2::1", "2001:db8:5::1" } },
		{ 8, "192.0.2.9", "10.0.0.1", 1234, { "198.51.100.200/30" } },
	};
	struct lisp_ip src = IP("192.0.2.1");
	uint64_t regs_in = 0, reqs_in = 0, counted = 0, moved = 0, acks;
	static struct lisp_map_register mnot;
	unsigned int i, k, bad_accept = 0, bad_built = 0, bad_reg = 0;
	const struct lisp_ms_key *key;
	size_t n, off, len;
	int err;

	a = SITE(ms, "a", LISP_ALG_HMAC_SHA1_96, "ka", sa);
	b = SITE(ms, "b", LISP_ALG_HMAC_SHA256_128, "kb", sb);
	for (i = 0; i < 4; i++) {
		base_len[i] = build_register(&regs[i], base[i],
					     sizeof(base[i]));
		base_len[4 + i] = build_request(&reqs[i], base[4 + i],
						sizeof(base[4 + i]), &off,
						&len);
	}
	for (i = 0; i < ROUNDS; i++) {
		k = rnd() % 8;
		n = mutate(base[k], base_len[k]);
		if (k >= 4) {
			reqs_in++;
			err = lisp_ms_handle_ecm(ms, buf, n, i, &qact);
			bad_built += !err && !built_ok();
			continue;
		}
		key = &(k < 2 ? a : b)->key[0];
		if (rnd() % 2)
			lisp_auth_sign(buf, n, key->bytes, key->len);
		regs_in++;
		err = lisp_ms_handle_register(ms, buf, n, &src, 4342, i, &ract);
		if (!err && lisp_auth_verify(buf, n, ract.site->key[0].bytes,
					     ract.site->key[0].len))
			bad_accept++;
		if (!err && ract.has_notify &&
		    lisp_auth_verify(ract.notify.buf, ract.notify.len,
				     ract.site->key[0].bytes,
				     ract.site->key[0].len))
			bad_accept++;
		/* Issue 12: a Map-Notify to an xTR whose prefix moved. */
		for (k = 0; !err && k < ract.nmoved; k++) {
			moved++;
			bad_built += lisp_map_notify_parse(ract.moved[k].buf,
							   ract.moved[k].len,
							   &mnot) != 0;
			bad_accept += lisp_auth_verify(ract.moved[k].buf,
						       ract.moved[k].len,
						       ract.site->key[0].bytes,
						       ract.site->key[0].len) != 0;
		}
		/* The same bytes as a Map-Notify-Ack: taken only if signed. */
		acks = ms->stats.notify_acks;
		buf[0] = (uint8_t)((buf[0] & 0x0f) | LISP_MAP_NOTIFY_ACK << 4);
		if (!lisp_ms_handle_notify_ack(ms, buf, n, &src) &&
		    (ms->stats.notify_acks != acks + 1 ||
		     (lisp_auth_verify(buf, n, a->key[0].bytes, a->key[0].len) &&
		      lisp_auth_verify(buf, n, b->key[0].bytes, b->key[0].len))))
			bad_accept++;
	}
	counted = ms->stats.registers;
	for (i = 0; i < LISP_MS_REJ_MAX; i++)
		counted += ms->stats.rejected[i];
	printf("# %llu moves notified, %llu acks taken\n",
	       (unsigned long long)moved,
	       (unsigned long long)ms->stats.notify_acks);
	printf("# %llu registers accepted, %llu rejected; %llu records "
	       "stored\n", (unsigned long long)ms->stats.registers,
	       (unsigned long long)(counted - ms->stats.registers),
	       (unsigned long long)(a->stats.records + b->stats.records));
	TAP_OK(counted == regs_in, "%u rounds: every Map-Register counted "
	       "once (%llu of %llu)", ROUNDS, (unsigned long long)counted,
	       (unsigned long long)regs_in);
	TAP_OK(ms->stats.requests == reqs_in, "every Map-Request counted "
	       "(%llu of %llu)", (unsigned long long)ms->stats.requests,
	       (unsigned long long)reqs_in);
	TAP_OK(!bad_accept, "nothing accepted or notified without the site's "
	       "HMAC (%u)", bad_accept);
	TAP_OK(!bad_built, "every Map-Reply and forwarded ECM built parses "
	       "(%u bad)", bad_built);
	lisp_ms_show_registrations(ms, NULL, check_reg, &bad_reg);
	TAP_OK(!bad_reg && ms->nreg == a->nreg + b->nreg,
	       "%u registrations, each inside its configured prefix (%u bad)",
	       ms->nreg, bad_reg);
	k = ms->nxreg;	/* lisp_ms_expire counts each xTR's part */
	TAP_OK(lisp_ms_expire(ms, ROUNDS + 180000) == k && ms->nreg == 0 &&
	       a->nreg == 0 && b->nreg == 0, "all %u expire in the end", k);
	lisp_ms_free(ms);
	return tap_done();
}
