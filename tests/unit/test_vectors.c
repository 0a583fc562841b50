// SPDX-License-Identifier: GPL-2.0
/*
 * Real captures from Open Overlay Router (tests/vectors/README.md): every
 * LISP control message (UDP 4342 either side) must parse, carry what the
 * README says the network was configured with, re-encode to the same
 * bytes, and the Map-Registers must authenticate with key "password"
 * only.  The directory comes from $LISP_VECTORS_DIR (tests/vectors).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/etr_msg.h"
#include "pcapng.h"
#include "proto/auth.h"
#include "proto/ecm.h"
#include "proto/msg.h"
#include "tap.h"

#define CAPTURE		"oor-2xtr-msmr-ipv4-ipv6.pcapng"
#define LINKTYPE_ETHERNET 1
#define ETH_HLEN	14
#define MAX_NONCES	64

/* The README's topology: each xTR's RLOC and EID prefixes (IID 0). */
static const struct site {
	const char *rloc;
	const char *prefix[2];
} sites[] = {
	{ "192.0.2.1", { "198.51.100.0/25", "2001:db8:1::/64" } },
	{ "192.0.2.2", { "198.51.100.128/25", "2001:db8:2::/64" } },
};
#define NSITES (sizeof(sites) / sizeof(sites[0]))
#define MAP_SERVER "192.0.2.100"
#define KEY "password"

struct seen {
	unsigned int registers, notifies, ecms, replies;
	unsigned int registered;	/* bit per site prefix */
	uint64_t reg_nonce[MAX_NONCES], req_nonce[MAX_NONCES];
	unsigned int nreg, nreq;
};

static struct seen seen;
static struct lisp_map_register reg;
static struct lisp_map_reply rep;
static struct lisp_map_request req;
static uint8_t out[2048];

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static const char *ip_str(const struct lisp_ip *ip, char *buf)
{
	struct lisp_addr a;

	lisp_addr_set_none(&a);
	a.ip[0] = *ip;
	lisp_addr_to_str(&a, buf, LISP_ADDR_STRLEN);
	return buf;
}

static const struct site *site_by_rloc(const char *rloc)
{
	size_t i;

	for (i = 0; i < NSITES; i++) {
		if (!strcmp(sites[i].rloc, rloc))
			return &sites[i];
	}
	return NULL;
}

/* Index (site * 2 + n) of the configured prefix equal to rec's EID. */
static int prefix_index(const struct lisp_record *rec)
{
	char s[LISP_ADDR_STRLEN];
	size_t i, j;

	lisp_prefix_to_str(&rec->eid, rec->eid_mask_len, s, sizeof(s));
	for (i = 0; i < NSITES; i++) {
		for (j = 0; j < 2; j++) {
			if (!strcmp(sites[i].prefix[j], s))
				return (int)(i * 2 + j);
		}
	}
	return -1;
}

/* Does rec map one of site's prefixes to its RLOC, priority 1/100? */
static bool record_is_site(const struct lisp_record *rec,
			   const struct site *site)
{
	char s[LISP_ADDR_STRLEN];
	int i = prefix_index(rec);

	if (i < 0 || &sites[i / 2] != site || rec->nloc != 1)
		return false;
	lisp_addr_to_str(&rec->loc[0].addr, s, sizeof(s));
	return !strcmp(s, site->rloc) && rec->loc[0].priority == 1 &&
	       rec->loc[0].weight == 100 && rec->loc[0].reachable &&
	       rec->ttl == 10 && rec->authoritative &&
	       rec->act == LISP_ACT_NO_ACTION;
}

/* Is a inside one of site's prefixes? */
static bool in_site(const struct site *site, const struct lisp_addr *a)
{
	struct lisp_addr p;
	unsigned int plen;
	size_t j;

	for (j = 0; j < 2; j++) {
		if (!lisp_prefix_from_str(site->prefix[j], &p, &plen) &&
		    lisp_prefix_contains(&p, plen, a))
			return true;
	}
	return false;
}

static bool nonce_in(const uint64_t *list, unsigned int n, uint64_t nonce)
{
	while (n--) {
		if (list[n] == nonce)
			return true;
	}
	return false;
}

/* The in-place digest is what OOR put in the authentication data. */
static bool digest_is_oors(const uint8_t *p, size_t len)
{
	uint8_t md[64];
	int n = lisp_auth_digest(p, len, KEY, strlen(KEY), md, sizeof(md));

	return n == LISP_AUTH_SHA1_LEN &&
	       !memcmp(md, p + LISP_AUTH_DATA_OFFSET, (size_t)n);
}

/*
 * Issue 14: lispd's ETR spells an EID of instance 0 ("database add ...
 * iid 0") as OOR does, byte for byte: the plain AFI.
 */
static bool iid0_eid_is_oors(const struct lisp_record *theirs)
{
	struct lispd_db_entry e;
	struct lisp_record ours;
	uint8_t a[LISP_ADDR_WIRE_MAX], b[LISP_ADDR_WIRE_MAX];
	int na, nb;

	memset(&e, 0, sizeof(e));
	e.cfg.eid = theirs->eid.ip[0];
	e.cfg.plen = theirs->eid_mask_len;
	e.usable = e.has_iid = true;
	lispd_db_record(&e, LISPD_RECORD_TTL, &ours);
	na = lisp_addr_write(&ours.eid, a, sizeof(a));
	nb = lisp_addr_write(&theirs->eid, b, sizeof(b));
	return theirs->eid.kind == LISP_ADDR_IP && na > 0 && na == nb &&
	       !memcmp(a, b, (size_t)na);
}

static void check_register(unsigned int fr, const uint8_t *p, size_t len,
			   const char *src)
{
	const struct site *site = site_by_rloc(src);
	int err = lisp_map_register_parse(p, len, &reg);
	int n;

	TAP_OK(err == 0, "frame %u: Map-Register parses (%s)", fr,
	       lisp_strerror(err));
	if (err)
		return;
	seen.registers++;
	TAP_OK(reg.want_notify && !reg.proxy_reply && !reg.xtr_id_present &&
	       reg.key_id == 0 && reg.alg_id == LISP_ALG_HMAC_SHA1_96 &&
	       reg.auth_len == 20, "frame %u: want-map-notify, key-id 1 "
	       "(HMAC-SHA-1-96), 20 bytes of auth data", fr);
	TAP_OK(site && reg.nrec == 1 && record_is_site(&reg.rec[0], site) &&
	       reg.rec[0].loc[0].local, "frame %u: registers its own prefix "
	       "and RLOC %s", fr, src);
	if (prefix_index(&reg.rec[0]) >= 0)
		seen.registered |= 1u << prefix_index(&reg.rec[0]);
	TAP_OK(reg.nrec == 1 && iid0_eid_is_oors(&reg.rec[0]),
	       "frame %u: an iid 0 database entry of lispd encodes this EID "
	       "as OOR does (the plain AFI)", fr);
	n = lisp_map_register_write(&reg, out, sizeof(out));
	TAP_OK(n == (int)len && !memcmp(out, p, len),
	       "frame %u: re-encodes to the same %zu bytes", fr, len);
	TAP_OK(lisp_auth_verify(p, len, KEY, strlen(KEY)) == 0,
	       "frame %u: HMAC verifies with \"%s\"", fr, KEY);
	TAP_OK(digest_is_oors(p, len),
	       "frame %u: in-place digest equals OOR's auth data", fr);
	TAP_OK(lisp_auth_verify(p, len, "Password", 8) == -LISP_ERR_AUTH_FAILED &&
	       lisp_auth_verify(p, len, "", 0) == -LISP_ERR_AUTH_FAILED,
	       "frame %u: other keys are rejected", fr);
	if (seen.nreg < MAX_NONCES)
		seen.reg_nonce[seen.nreg++] = reg.nonce;
}

static void check_notify(unsigned int fr, const uint8_t *p, size_t len,
			 const char *dst)
{
	const struct site *site = site_by_rloc(dst);
	int err = lisp_map_notify_parse(p, len, &reg);
	int n;

	TAP_OK(err == 0, "frame %u: Map-Notify parses (%s)", fr,
	       lisp_strerror(err));
	if (err)
		return;
	seen.notifies++;
	TAP_OK(reg.type == LISP_MAP_NOTIFY &&
	       nonce_in(seen.reg_nonce, seen.nreg, reg.nonce),
	       "frame %u: acknowledges a Map-Register nonce", fr);
	TAP_OK(site && reg.nrec == 1 && record_is_site(&reg.rec[0], site),
	       "frame %u: echoes the registered mapping", fr);
	n = lisp_map_notify_write(&reg, out, sizeof(out));
	TAP_OK(n == (int)len && !memcmp(out, p, len),
	       "frame %u: re-encodes to the same %zu bytes", fr, len);
	TAP_OK(lisp_auth_verify(p, len, KEY, strlen(KEY)) == 0 &&
	       lisp_auth_verify(p, len, "x", 1) == -LISP_ERR_AUTH_FAILED,
	       "frame %u: HMAC verifies with \"%s\" only", fr, KEY);
	TAP_OK(digest_is_oors(p, len),
	       "frame %u: in-place digest equals OOR's auth data", fr);
}

static void check_ecm(unsigned int fr, const uint8_t *p, size_t len)
{
	char s[LISP_ADDR_STRLEN], d[LISP_ADDR_STRLEN], r[LISP_ADDR_STRLEN];
	const struct site *itr;
	struct lisp_ecm e;
	int err = lisp_ecm_parse(p, len, &e);
	int n;

	TAP_OK(err == 0, "frame %u: ECM parses (%s)", fr, lisp_strerror(err));
	if (err)
		return;
	seen.ecms++;
	TAP_OK(lisp_ip_udp_csum_ok(p + LISP_ECM_HDR_LEN,
				   len - LISP_ECM_HDR_LEN),
	       "frame %u: inner IP/UDP checksums are right", fr);
	err = lisp_map_request_parse(e.msg, e.msg_len, &req);
	TAP_OK(err == 0, "frame %u: inner Map-Request parses (%s)", fr,
	       lisp_strerror(err));
	if (err)
		return;
	lisp_addr_to_str(&req.itr_rloc[0], r, sizeof(r));
	itr = site_by_rloc(r);
	lisp_prefix_to_str(&req.rec[0].addr, req.rec[0].plen, d, sizeof(d));
	lisp_addr_to_str(&req.source_eid, s, sizeof(s));
	TAP_OK(itr && req.nitr == 1 && req.nrec == 1 && !req.probe &&
	       !req.smr && !req.map_data_present,
	       "frame %u: one ITR-RLOC (%s), one EID-record", fr, r);
	TAP_OK(itr && in_site(itr, &req.source_eid) &&
	       in_site(&sites[itr == &sites[0]], &req.rec[0].addr) &&
	       req.rec[0].plen == lisp_addr_max_plen(&req.rec[0].addr),
	       "frame %u: %s asks for host %s of the other site", fr, s, d);
	TAP_OK(!memcmp(e.inner.src.addr, req.source_eid.ip[0].addr, 16) &&
	       !memcmp(e.inner.dst.addr, req.rec[0].addr.ip[0].addr, 16) &&
	       e.inner.dport == LISP_CONTROL_PORT,
	       "frame %u: inner header is source EID -> requested EID", fr);
	n = lisp_ecm_write(&e, out, sizeof(out));
	TAP_OK(n == (int)len && !memcmp(out, p, len),
	       "frame %u: ECM re-encodes to the same %zu bytes", fr, len);
	n = lisp_map_request_write(&req, out, sizeof(out));
	TAP_OK(n == (int)e.msg_len && !memcmp(out, e.msg, e.msg_len),
	       "frame %u: Map-Request re-encodes to the same bytes", fr);
	if (seen.nreq < MAX_NONCES)
		seen.req_nonce[seen.nreq++] = req.nonce;
}

static void check_reply(unsigned int fr, const uint8_t *p, size_t len,
			const char *src)
{
	const struct site *site = site_by_rloc(src);
	int err = lisp_map_reply_parse(p, len, &rep);
	int n;

	TAP_OK(err == 0, "frame %u: Map-Reply parses (%s)", fr,
	       lisp_strerror(err));
	if (err)
		return;
	seen.replies++;
	TAP_OK(nonce_in(seen.req_nonce, seen.nreq, rep.nonce) && !rep.probe,
	       "frame %u: answers a Map-Request nonce", fr);
	TAP_OK(site && rep.nrec == 1 && record_is_site(&rep.rec[0], site),
	       "frame %u: maps the ETR's own prefix to %s", fr, src);
	n = lisp_map_reply_write(&rep, out, sizeof(out));
	TAP_OK(n == (int)len && !memcmp(out, p, len),
	       "frame %u: re-encodes to the same %zu bytes", fr, len);
}

/* Run the parser for type over an exact-size heap copy of p[0..len). */
static int parse_as(int type, const uint8_t *p, size_t len)
{
	uint8_t *q = malloc(len ? len : 1);
	struct lisp_ecm e;
	int err;

	memcpy(q, p, len);
	switch (type) {
	case LISP_MAP_REGISTER:
		err = lisp_map_register_parse(q, len, &reg);
		break;
	case LISP_MAP_NOTIFY:
		err = lisp_map_notify_parse(q, len, &reg);
		break;
	case LISP_MAP_REPLY:
		err = lisp_map_reply_parse(q, len, &rep);
		break;
	case LISP_ECM:
		err = lisp_ecm_parse(q, len, &e);
		if (!err)
			err = lisp_map_request_parse(e.msg, e.msg_len, &req);
		break;
	default:
		err = -LISP_ERR_BAD_TYPE;
	}
	free(q);
	return err;
}

static void check_truncations(unsigned int fr, const uint8_t *p, size_t len)
{
	int type = lisp_msg_type(p, len);
	size_t i;

	for (i = 0; i < len; i++) {
		if (parse_as(type, p, i) >= 0)
			break;
	}
	TAP_OK(i == len, "frame %u: every truncation fails (first ok at %zu)",
	       fr, i);
}

static void check_packet(const struct pcapng_pkt *pkt)
{
	char src[LISP_ADDR_STRLEN], dst[LISP_ADDR_STRLEN];
	const uint8_t *ip = pkt->data + ETH_HLEN, *msg;
	struct lisp_ip_udp h;
	size_t iplen, plen;
	int hlen;

	if (pkt->linktype != LINKTYPE_ETHERNET || pkt->caplen < ETH_HLEN + 20 ||
	    get16(pkt->data + 12) != 0x0800 || ip[9] != 17)
		return;
	iplen = get16(ip + 2);
	if (iplen > pkt->caplen - ETH_HLEN)
		return;
	hlen = lisp_ip_udp_parse(ip, iplen, &h, &plen);
	if (hlen < 0 || (h.sport != LISP_CONTROL_PORT &&
			 h.dport != LISP_CONTROL_PORT))
		return;
	msg = ip + hlen;
	ip_str(&h.src, src);
	ip_str(&h.dst, dst);
	TAP_OK(lisp_ip_udp_csum_ok(ip, iplen), "frame %u: %s -> %s %s, outer "
	       "checksums right", pkt->number, src, dst,
	       lisp_msg_type_str((unsigned int)lisp_msg_type(msg, plen)));
	switch (lisp_msg_type(msg, plen)) {
	case LISP_MAP_REGISTER:
		TAP_OK(!strcmp(dst, MAP_SERVER), "frame %u: to the Map-Server",
		       pkt->number);
		check_register(pkt->number, msg, plen, src);
		break;
	case LISP_MAP_NOTIFY:
		check_notify(pkt->number, msg, plen, dst);
		break;
	case LISP_ECM:
		check_ecm(pkt->number, msg, plen);
		break;
	case LISP_MAP_REPLY:
		check_reply(pkt->number, msg, plen, src);
		break;
	default:
		TAP_OK(0, "frame %u: unexpected message type %d", pkt->number,
		       lisp_msg_type(msg, plen));
		return;
	}
	check_truncations(pkt->number, msg, plen);
}

static uint8_t *load(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 &&
	    fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*len = (size_t)n;
	}
	fclose(f);
	return buf;
}

int main(void)
{
	const char *dir = getenv("LISP_VECTORS_DIR");
	struct pcapng_pkt pkt;
	struct pcapng pc;
	char path[4096];
	uint8_t *buf;
	size_t len = 0;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", dir && *dir ? dir :
		 "tests/vectors", CAPTURE);
	buf = load(path, &len);
	TAP_OK(buf != NULL, "read %s (%zu bytes)", path, len);
	if (!buf)
		return tap_done();
	pcapng_init(&pc, buf, len);
	while ((rc = pcapng_next(&pc, &pkt)) > 0)
		check_packet(&pkt);
	TAP_OK(rc == 0, "capture read to the end (%u packets)", pc.index);
	TAP_OK(seen.registers == 4 && seen.notifies == 4 && seen.ecms == 8 &&
	       seen.replies == 4, "4 Map-Registers (%u), 4 Map-Notifies (%u), "
	       "8 ECMs (%u), 4 Map-Replies (%u)", seen.registers,
	       seen.notifies, seen.ecms, seen.replies);
	TAP_OK(seen.registered == 0xf, "all four site prefixes registered");
	free(buf);
	return tap_done();
}
