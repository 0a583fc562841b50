// SPDX-License-Identifier: GPL-2.0
/*
 * codec_emit FILE.pcap: one UDP/4342 packet per kind of control message,
 * built with the codec's serializers, in a classic pcap file (linktype
 * 228, raw IPv4) for tests/host/codec_tshark.sh to decode with tshark.
 * The frame order below is what that script checks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto/auth.h"
#include "proto/ecm.h"
#include "proto/msg.h"

#define LINKTYPE_IPV4	228
#define KEY		"password"

static FILE *out;
static unsigned int frames;
static uint8_t msg[8192], pkt[8192 + 64];
static struct lisp_map_request req;
static struct lisp_map_reply rep;
static struct lisp_map_register reg;

static void die(const char *what, int err)
{
	fprintf(stderr, "codec_emit: frame %u: %s: %s\n", frames + 1, what,
		lisp_strerror(err));
	exit(1);
}

static void addr(struct lisp_addr *a, const char *s)
{
	if (lisp_addr_from_str(s, a))
		die(s, -LISP_ERR_INVALID);
}

static void prefix(struct lisp_addr *a, uint8_t *plen, const char *s)
{
	unsigned int n;

	if (lisp_prefix_from_str(s, a, &n))
		die(s, -LISP_ERR_INVALID);
	*plen = (uint8_t)n;
}

static void put32(uint32_t v)
{
	fwrite(&v, sizeof(v), 1, out);
}

/* Wrap len bytes of msg in IPv4/UDP 4342 and append it to the file. */
static void emit(const char *src, const char *dst, int len)
{
	struct lisp_ip_udp h = { .ttl = 64, .df = true,
				 .sport = LISP_CONTROL_PORT,
				 .dport = LISP_CONTROL_PORT };
	struct lisp_addr a;
	int hlen;

	if (len < 0)
		die("encode", len);
	addr(&a, src);
	h.src = a.ip[0];
	addr(&a, dst);
	h.dst = a.ip[0];
	h.ip_id = (uint16_t)(frames + 1);
	hlen = lisp_ip_udp_write(&h, msg, (size_t)len, pkt, sizeof(pkt));
	if (hlen < 0)
		die("IP/UDP", hlen);
	memcpy(pkt + hlen, msg, (size_t)len);
	put32(frames);				/* seconds */
	put32(0);
	put32((uint32_t)(hlen + len));
	put32((uint32_t)(hlen + len));
	fwrite(pkt, 1, (size_t)(hlen + len), out);
	frames++;
}

static void request(uint64_t nonce, const char *src_eid, const char *itr,
		    const char *eid)
{
	memset(&req, 0, sizeof(req));
	req.nonce = nonce;
	addr(&req.source_eid, src_eid);
	req.nitr = 1;
	addr(&req.itr_rloc[0], itr);
	req.nrec = 1;
	prefix(&req.rec[0].addr, &req.rec[0].plen, eid);
}

static void record(struct lisp_record *r, const char *eid, uint32_t ttl)
{
	memset(r, 0, sizeof(*r));
	prefix(&r->eid, &r->eid_mask_len, eid);
	r->ttl = ttl;
	r->authoritative = true;
}

static struct lisp_locator *locator(struct lisp_record *r, const char *rloc,
				    uint8_t prio, uint8_t weight)
{
	struct lisp_locator *l = &r->loc[r->nloc++];

	addr(&l->addr, rloc);
	l->priority = prio;
	l->weight = weight;
	l->mpriority = 255;
	l->reachable = true;
	return l;
}

static void requests(void)
{
	/* 1: plain Map-Request */
	request(0x1111111111111111ULL, "198.51.100.10", "192.0.2.1",
		"198.51.100.130/32");
	emit("192.0.2.1", "192.0.2.100",
	     lisp_map_request_write(&req, msg, sizeof(msg)));
	/* 2: SMR */
	request(0x2222222222222222ULL, "198.51.100.130", "192.0.2.2",
		"198.51.100.128/25");
	req.smr = true;
	emit("192.0.2.2", "192.0.2.1",
	     lisp_map_request_write(&req, msg, sizeof(msg)));
	/* 3: RLOC-probe with two ITR-RLOCs */
	request(0x3333333333333333ULL, "none", "192.0.2.1",
		"198.51.100.128/25");
	req.probe = true;
	req.nitr = 2;
	addr(&req.itr_rloc[1], "2001:db8::1");
	emit("192.0.2.1", "192.0.2.2",
	     lisp_map_request_write(&req, msg, sizeof(msg)));
	/* 4: SMR-invoked from a PITR, authoritative, IPv6 EIDs */
	request(0x4444444444444444ULL, "2001:db8:1::10", "2001:db8::1",
		"2001:db8:2::/64");
	req.smr_invoked = req.pitr = req.authoritative = true;
	emit("192.0.2.1", "192.0.2.100",
	     lisp_map_request_write(&req, msg, sizeof(msg)));
	/* 5: Instance-ID 1000 EIDs */
	request(0x5555555555555555ULL, "[1000]198.51.100.10", "192.0.2.1",
		"[1000]198.51.100.128/25");
	emit("192.0.2.1", "192.0.2.100",
	     lisp_map_request_write(&req, msg, sizeof(msg)));
}

static void replies(void)
{
	struct lisp_locator *l;
	unsigned int act;

	/* 6: positive Map-Reply, two locators, map-version 5 */
	memset(&rep, 0, sizeof(rep));
	rep.nonce = 0x1111111111111111ULL;
	rep.nrec = 1;
	record(&rep.rec[0], "198.51.100.128/25", 1440);
	rep.rec[0].map_version = 5;
	l = locator(&rep.rec[0], "192.0.2.2", 1, 50);
	l->local = true;
	locator(&rep.rec[0], "2001:db8::2", 2, 50);
	emit("192.0.2.2", "192.0.2.1",
	     lisp_map_reply_write(&rep, msg, sizeof(msg)));
	/* 7: negative Map-Reply, one record per ACT code */
	memset(&rep, 0, sizeof(rep));
	rep.nonce = 0x6666666666666666ULL;
	rep.nrec = LISP_ACT_MAX + 1;
	for (act = 0; act <= LISP_ACT_MAX; act++) {
		char eid[32];

		snprintf(eid, sizeof(eid), "10.%u.0.0/16", act);
		record(&rep.rec[act], eid, 15);
		rep.rec[act].act = (uint8_t)act;
	}
	emit("192.0.2.100", "192.0.2.1",
	     lisp_map_reply_write(&rep, msg, sizeof(msg)));
	/* 8: RLOC-probe reply with P E S, Instance-ID EID, AFI-List RLOC */
	memset(&rep, 0, sizeof(rep));
	rep.nonce = 0x3333333333333333ULL;
	rep.probe = rep.echo_nonce = rep.security = true;
	rep.nrec = 1;
	record(&rep.rec[0], "[1000]2001:db8:2::/64", 10);
	l = locator(&rep.rec[0], "192.0.2.2", 1, 100);
	l->probed = true;
	l->addr.kind = LISP_ADDR_AFI_LIST;
	l->addr.count = 2;
	addr(&rep.rec[0].loc[1].addr, "2001:db8::2");	/* borrow a slot */
	l->addr.ip[1] = rep.rec[0].loc[1].addr.ip[0];
	emit("192.0.2.2", "192.0.2.1",
	     lisp_map_reply_write(&rep, msg, sizeof(msg)));
}

static void registers(void)
{
	int n;

	/* 9: Map-Register, HMAC-SHA-1-96, P and M, two records */
	memset(&reg, 0, sizeof(reg));
	reg.type = LISP_MAP_REGISTER;
	reg.proxy_reply = reg.want_notify = true;
	reg.nonce = 0x7777777777777777ULL;
	reg.alg_id = LISP_ALG_HMAC_SHA1_96;
	reg.auth_len = LISP_AUTH_SHA1_LEN;
	reg.nrec = 2;
	record(&reg.rec[0], "198.51.100.0/25", 10);
	locator(&reg.rec[0], "192.0.2.1", 1, 100)->local = true;
	record(&reg.rec[1], "2001:db8:1::/64", 10);
	locator(&reg.rec[1], "192.0.2.1", 1, 100)->local = true;
	n = lisp_map_register_write(&reg, msg, sizeof(msg));
	if (n < 0 || lisp_auth_sign(msg, (size_t)n, KEY, strlen(KEY)))
		die("sign", n);
	emit("192.0.2.1", "192.0.2.100", n);

	/* 10: Map-Notify for it */
	reg.type = LISP_MAP_NOTIFY;
	reg.proxy_reply = reg.want_notify = false;
	n = lisp_map_notify_write(&reg, msg, sizeof(msg));
	if (n < 0 || lisp_auth_sign(msg, (size_t)n, KEY, strlen(KEY)))
		die("sign", n);
	emit("192.0.2.100", "192.0.2.1", n);

	/* 11: Map-Notify-Ack */
	reg.type = LISP_MAP_NOTIFY_ACK;
	n = lisp_map_notify_write(&reg, msg, sizeof(msg));
	if (n < 0 || lisp_auth_sign(msg, (size_t)n, KEY, strlen(KEY)))
		die("sign", n);
	emit("192.0.2.1", "192.0.2.100", n);

	/* 12: Map-Register, HMAC-SHA-256-128, I and R bits, key-id 2 */
	memset(&reg, 0, sizeof(reg));
	reg.type = LISP_MAP_REGISTER;
	reg.xtr_id_present = reg.for_rtr = reg.want_notify = true;
	reg.nonce = 0x8888888888888888ULL;
	reg.key_id = 0;
	reg.alg_id = LISP_ALG_HMAC_SHA256_128;
	reg.auth_len = LISP_AUTH_SHA256_LEN;
	reg.nrec = 1;
	record(&reg.rec[0], "[1000]198.51.100.128/25", 10);
	locator(&reg.rec[0], "192.0.2.2", 1, 100)->local = true;
	memset(reg.xtr_id, 0xab, sizeof(reg.xtr_id));
	reg.site_id = 42;
	n = lisp_map_register_write(&reg, msg, sizeof(msg));
	if (n < 0 || lisp_auth_sign(msg, (size_t)n, KEY, strlen(KEY)))
		die("sign", n);
	emit("192.0.2.2", "192.0.2.100", n);
}

static void ecms(void)
{
	struct lisp_ecm e;
	struct lisp_addr a;
	int n;

	/* 13: ECM, IPv4 inner header, Map-Request inside */
	request(0x9999999999999999ULL, "198.51.100.10", "192.0.2.1",
		"198.51.100.130/32");
	memset(&e, 0, sizeof(e));
	addr(&a, "198.51.100.10");
	e.inner.src = a.ip[0];
	addr(&a, "198.51.100.130");
	e.inner.dst = a.ip[0];
	e.inner.ttl = 255;
	e.inner.sport = 61000;
	e.inner.dport = LISP_CONTROL_PORT;
	e.msg = msg + lisp_ecm_hdr_len(&e);
	n = lisp_map_request_write(&req, msg + lisp_ecm_hdr_len(&e),
				   sizeof(msg) - lisp_ecm_hdr_len(&e));
	if (n < 0)
		die("inner", n);
	e.msg_len = (size_t)n;
	emit("192.0.2.1", "192.0.2.100", lisp_ecm_write(&e, msg, sizeof(msg)));

	/* 14: ECM, IPv6 inner header, S and D bits, IPv6 Map-Request */
	request(0xaaaaaaaaaaaaaaaaULL, "2001:db8:1::10", "192.0.2.1",
		"2001:db8:2::10/128");
	memset(&e, 0, sizeof(e));
	e.security = e.ddt = true;
	addr(&a, "2001:db8:1::10");
	e.inner.src = a.ip[0];
	addr(&a, "2001:db8:2::10");
	e.inner.dst = a.ip[0];
	e.inner.ttl = 64;
	e.inner.flow_label = 0x12345;
	e.inner.sport = 61001;
	e.inner.dport = LISP_CONTROL_PORT;
	e.msg = msg + lisp_ecm_hdr_len(&e);
	n = lisp_map_request_write(&req, msg + lisp_ecm_hdr_len(&e),
				   sizeof(msg) - lisp_ecm_hdr_len(&e));
	if (n < 0)
		die("inner", n);
	e.msg_len = (size_t)n;
	emit("192.0.2.1", "192.0.2.100", lisp_ecm_write(&e, msg, sizeof(msg)));
}

static void extras(void)
{
	int n;

	/* 15: Map-Request carrying the sender's mapping (M bit) */
	request(0xbbbbbbbbbbbbbbbbULL, "198.51.100.10", "192.0.2.1",
		"198.51.100.130/32");
	req.map_data_present = true;
	record(&req.map_reply, "198.51.100.0/25", 10);
	locator(&req.map_reply, "192.0.2.1", 1, 100);
	emit("192.0.2.1", "192.0.2.2",
	     lisp_map_request_write(&req, msg, sizeof(msg)));

	/* 16: Map-Notify with I and R bits, xTR-ID, site-ID, MS-RTR auth */
	memset(&reg, 0, sizeof(reg));
	reg.type = LISP_MAP_NOTIFY;
	reg.xtr_id_present = reg.for_rtr = true;
	reg.nonce = 0xccccccccccccccccULL;
	reg.alg_id = LISP_ALG_HMAC_SHA1_96;
	reg.auth_len = LISP_AUTH_SHA1_LEN;
	reg.nrec = 1;
	record(&reg.rec[0], "198.51.100.128/25", 10);
	locator(&reg.rec[0], "192.0.2.2", 1, 100);
	memset(reg.xtr_id, 0xcd, sizeof(reg.xtr_id));
	reg.site_id = 7;
	reg.ms_rtr_key_id = 1;
	reg.ms_rtr_auth_len = LISP_AUTH_SHA1_LEN;
	memset(reg.ms_rtr_auth, 0xef, LISP_AUTH_SHA1_LEN);
	n = lisp_map_notify_write(&reg, msg, sizeof(msg));
	if (n < 0 || lisp_auth_sign(msg, (size_t)n, KEY, strlen(KEY)))
		die("sign", n);
	emit("192.0.2.100", "192.0.2.2", n);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: codec_emit FILE.pcap\n");
		return 2;
	}
	out = fopen(argv[1], "wb");
	if (!out) {
		perror(argv[1]);
		return 1;
	}
	put32(0xa1b2c3d4);			/* classic pcap, host order */
	fwrite(&(uint16_t){ 2 }, 2, 1, out);
	fwrite(&(uint16_t){ 4 }, 2, 1, out);
	put32(0);
	put32(0);
	put32(65535);
	put32(LINKTYPE_IPV4);
	requests();
	replies();
	registers();
	ecms();
	extras();
	if (fclose(out)) {
		perror(argv[1]);
		return 1;
	}
	printf("%u frames\n", frames);
	return 0;
}
