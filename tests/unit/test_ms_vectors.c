// SPDX-License-Identifier: GPL-2.0
/*
 * The Map-Server against Open Overlay Router's (tests/vectors/README.md):
 * configured as OOR's was, it must accept the capture's Map-Registers
 * and build Map-Notifies byte-identical to OOR's, and forward the ITRs'
 * Encapsulated Map-Requests to the ETRs exactly as OOR did.
 *
 * OOR's Map-Notify differs from its Map-Register in the type, the
 * authentication data and the L bit of each RLOC-record, which it
 * clears; so does this Map-Server (the L bit describes the sender's
 * RLOCs, and the Map-Server owns none): nothing is left out of the
 * comparison.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ms_test.h"
#include "pcapng.h"
#include "tap.h"

#define CAPTURE		"oor-2xtr-msmr-ipv4-ipv6.pcapng"
#define MAP_SERVER	"192.0.2.100"
#define ETH_HLEN	14
#define MAX_MSGS	16

struct built {
	uint64_t nonce;
	struct lisp_ms_pkt pkt;
};

static struct built notifies[MAX_MSGS], fwds[MAX_MSGS];
static unsigned int nnotify, nfwd, nsame_notify, nsame_fwd, nreg;
static struct lisp_ms_reg_action ract;
static struct lisp_ms_req_action qact;
static struct lisp_map_request req;

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* Nonce of a Map-Register/Notify, or of the Map-Request in an ECM. */
static uint64_t nonce_of(const uint8_t *msg, size_t len)
{
	struct lisp_ecm e;
	uint64_t n = 0;
	unsigned int i;

	if (lisp_msg_type(msg, len) == LISP_ECM) {
		if (lisp_ecm_parse(msg, len, &e) ||
		    lisp_map_request_parse(e.msg, e.msg_len, &req))
			return 0;
		return req.nonce;
	}
	for (i = 4; i < 12 && i < len; i++)
		n = n << 8 | msg[i];
	return n;
}

static const struct built *find(const struct built *b, unsigned int n,
				uint64_t nonce)
{
	while (n--) {
		if (b[n].nonce == nonce)
			return &b[n];
	}
	return NULL;
}

static void on_register(struct lisp_ms *ms, unsigned int fr,
			const struct lisp_ip_udp *h, const uint8_t *msg,
			size_t len)
{
	int err = lisp_ms_handle_register(ms, msg, len, &h->src, h->sport,
					  1000 * fr, &ract);

	TAP_OK(err == 0 && ract.has_notify && ract.nrec == 1,
	       "frame %u: Map-Register from %s accepted, Map-Notify built "
	       "(%s)", fr, ipstr(&h->src), lisp_ms_strerror(err));
	nreg += !err;
	if (ract.has_notify && nnotify < MAX_MSGS) {
		notifies[nnotify].nonce = nonce_of(msg, len);
		notifies[nnotify++].pkt = ract.notify;
	}
}

static void on_notify(unsigned int fr, const struct lisp_ip_udp *h,
		      const uint8_t *msg, size_t len)
{
	const struct built *b = find(notifies, nnotify, nonce_of(msg, len));
	bool same = b && b->pkt.len == len && !memcmp(b->pkt.buf, msg, len);

	TAP_OK(same && ip_same(&b->pkt.dst, &h->dst) &&
	       b->pkt.dport == h->dport && b->pkt.sport == h->sport,
	       "frame %u: OOR's Map-Notify to %s is byte-identical to ours",
	       fr, ipstr(&h->dst));
	nsame_notify += same;
}

/*
 * Ours is OOR's forwarded ECM but for the inner TTL, one less (issue
 * 11: every hop decrements it, so that Map-Servers cannot loop; OOR
 * keeps it) and so the inner IPv4 header checksum.
 */
static bool same_but_ttl(const uint8_t *ours, const uint8_t *theirs,
			 size_t len)
{
	size_t ttl, i;
	bool v4;

	if (len < 4 + 40)
		return false;
	v4 = theirs[4] >> 4 == 4;
	ttl = v4 ? 4 + 8 : 4 + 7;
	if (ours[ttl] + 1 != theirs[ttl])
		return false;
	for (i = 0; i < len; i++) {
		if (i == ttl || (v4 && (i == 4 + 10 || i == 4 + 11)))
			continue;
		if (ours[i] != theirs[i])
			return false;
	}
	return !v4 || lisp_ip_udp_csum_ok(ours + 4, len - 4);
}

static void on_ecm(struct lisp_ms *ms, unsigned int fr,
		   const struct lisp_ip_udp *h, const uint8_t *msg, size_t len)
{
	char dst[LISP_ADDR_STRLEN];
	const struct built *b;
	bool same;
	int err;

	snprintf(dst, sizeof(dst), "%s", ipstr(&h->dst));
	if (!strcmp(dst, MAP_SERVER)) {
		err = lisp_ms_handle_ecm(ms, msg, len, 1000 * fr, &qact);
		TAP_OK(err == 0 && qact.nrec == 1 && qact.nfwd == 1 &&
		       qact.answer[0] == LISP_MS_ANS_FORWARD && !qact.has_reply,
		       "frame %u: Map-Request from %s: forward to %s", fr,
		       ipstr(&h->src), qact.nfwd ? ipstr(&qact.fwd[0].dst) :
		       "-");
		if (qact.nfwd && nfwd < MAX_MSGS) {
			fwds[nfwd].nonce = nonce_of(msg, len);
			fwds[nfwd++].pkt = qact.fwd[0];
		}
		return;
	}
	/* The Map-Server forwarding it: compare with ours. */
	b = find(fwds, nfwd, nonce_of(msg, len));
	same = b && b->pkt.len == len && same_but_ttl(b->pkt.buf, msg, len);
	TAP_OK(same && ip_same(&b->pkt.dst, &h->dst) &&
	       b->pkt.dport == h->dport, "frame %u: OOR's forwarded ECM to %s "
	       "is ours byte for byte, but for the inner TTL one less", fr,
	       dst);
	nsame_fwd += same;
}

static void on_packet(struct lisp_ms *ms, const struct pcapng_pkt *pkt)
{
	const uint8_t *ip = pkt->data + ETH_HLEN, *msg;
	struct lisp_ip_udp h;
	size_t iplen, plen;
	int hlen;

	if (pkt->caplen < ETH_HLEN + 28 || get16(pkt->data + 12) != 0x0800 ||
	    ip[9] != 17)
		return;
	iplen = get16(ip + 2);
	if (iplen > pkt->caplen - ETH_HLEN)
		return;
	hlen = lisp_ip_udp_parse(ip, iplen, &h, &plen);
	if (hlen < 0 || (h.sport != LISP_CONTROL_PORT &&
			 h.dport != LISP_CONTROL_PORT))
		return;
	msg = ip + hlen;
	switch (lisp_msg_type(msg, plen)) {
	case LISP_MAP_REGISTER:
		on_register(ms, pkt->number, &h, msg, plen);
		break;
	case LISP_MAP_NOTIFY:
		on_notify(pkt->number, &h, msg, plen);
		break;
	case LISP_ECM:
		on_ecm(ms, pkt->number, &h, msg, plen);
		break;
	default:
		break;
	}
}

static uint8_t *load(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *b = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 &&
	    fseek(f, 0, SEEK_SET) == 0) {
		b = malloc((size_t)n);
		if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
			free(b);
			b = NULL;
		}
		*len = (size_t)n;
	}
	fclose(f);
	return b;
}

int main(void)
{
	static const char *const xtr1[] = { "198.51.100.0/25+",
					    "2001:db8:1::/64+", NULL };
	static const char *const xtr2[] = { "198.51.100.128/25+",
					    "2001:db8:2::/64+", NULL };
	const char *dir = getenv("LISP_VECTORS_DIR");
	struct lisp_ms *ms = lisp_ms_new();
	struct pcapng_pkt pkt;
	struct pcapng pc;
	char path[4096];
	size_t len = 0;
	uint8_t *file;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", dir && *dir ? dir :
		 "tests/vectors", CAPTURE);
	file = load(path, &len);
	TAP_OK(file != NULL, "read %s", path);
	if (!file)
		return tap_done();
	/* README: key-id 1 of old = key-id 0, HMAC-SHA-1-96, "password". */
	SITE(ms, "xtr-1", LISP_ALG_HMAC_SHA1_96, "password", xtr1);
	SITE(ms, "xtr-2", LISP_ALG_HMAC_SHA1_96, "password", xtr2);
	pcapng_init(&pc, file, len);
	while ((rc = pcapng_next(&pc, &pkt)) > 0)
		on_packet(ms, &pkt);
	TAP_OK(rc == 0, "capture read to the end");
	TAP_OK(nreg == 4 && nsame_notify == 4 && ms->nreg == 4,
	       "4 Map-Registers accepted (%u), 4 identical Map-Notifies (%u)",
	       nreg, nsame_notify);
	TAP_OK(nfwd == 4 && nsame_fwd == 4, "4 Map-Requests forwarded (%u), "
	       "4 as OOR's but for the TTL (%u)", nfwd, nsame_fwd);
	free(file);
	lisp_ms_free(ms);
	return tap_done();
}
