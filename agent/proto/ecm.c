// SPDX-License-Identifier: GPL-2.0
/* Encapsulated Control Message and its inner IP/UDP headers. */
#include <string.h>

#include "ecm.h"
#include "msg.h"
#include "wire.h"

#define IPPROTO_UDP_NUM		17
#define IPV4_HLEN		20
#define IPV6_HLEN		40
#define UDP_HLEN		8
#define IPV4_F_DF		0x4000
#define IPV4_F_MF		0x2000
#define IPV4_FRAG_OFF_MASK	0x1fff
#define IPV6_FLOW_MASK		0xfffff

/* ECM first word: Type, S D R N, Reserved. */
#define ECM_F_SEC	(1u << 27)
#define ECM_F_DDT	(1u << 26)
#define ECM_F_RTR	(1u << 25)
#define ECM_F_NAT	(1u << 24)

/* RFC 1071 sum of big-endian 16-bit words; an odd last byte is padded. */
static uint64_t csum_add(uint64_t sum, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	return sum;
}

static uint16_t csum_fold(uint64_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* UDP checksum over pseudo header, UDP header (csum field 0), payload. */
static uint16_t udp_csum(const struct lisp_ip_udp *h, const uint8_t *udp,
			 const uint8_t *payload, size_t payload_len)
{
	size_t alen = h->src.afi == LISP_AFI_IPV4 ? 4 : 16;
	uint32_t ulen = (uint32_t)(UDP_HLEN + payload_len);
	uint64_t sum = 0;
	uint16_t c;

	sum = csum_add(sum, h->src.addr, alen);
	sum = csum_add(sum, h->dst.addr, alen);
	sum += IPPROTO_UDP_NUM + (ulen >> 16) + (ulen & 0xffff);
	sum = csum_add(sum, udp, 6);	/* ports and length */
	sum = csum_add(sum, payload, payload_len);
	c = csum_fold(sum);
	return c ? c : 0xffff;	/* 0 means "no checksum" on the wire */
}

size_t lisp_ip_udp_hlen(const struct lisp_ip_udp *h)
{
	if (h->src.afi != h->dst.afi)
		return 0;
	if (h->src.afi == LISP_AFI_IPV4)
		return LISP_IPV4_UDP_HLEN;
	if (h->src.afi == LISP_AFI_IPV6)
		return LISP_IPV6_UDP_HLEN;
	return 0;
}

static int ipv4_get(struct lisp_rd *r, struct lisp_ip_udp *h, size_t *iplen)
{
	uint16_t frag;

	if (rd_u8(r) != 0x45)		/* version 4, no options */
		return r->err ? r->err : -LISP_ERR_BAD_IP;
	h->tos = rd_u8(r);
	*iplen = rd_be16(r);
	h->ip_id = rd_be16(r);
	frag = rd_be16(r);
	h->ttl = rd_u8(r);
	if (rd_u8(r) != IPPROTO_UDP_NUM && !r->err)
		return -LISP_ERR_BAD_IP;
	rd_be16(r);			/* header checksum */
	h->src.afi = h->dst.afi = LISP_AFI_IPV4;
	rd_copy(r, h->src.addr, 4);
	rd_copy(r, h->dst.addr, 4);
	if (r->err)
		return r->err;
	if (frag & (IPV4_F_MF | IPV4_FRAG_OFF_MASK))
		return -LISP_ERR_BAD_IP;	/* fragments are not ours */
	h->df = frag & IPV4_F_DF;
	return 0;
}

static int ipv6_get(struct lisp_rd *r, struct lisp_ip_udp *h, size_t *iplen)
{
	uint32_t w = rd_be32(r);

	*iplen = (size_t)rd_be16(r) + IPV6_HLEN;
	if (rd_u8(r) != IPPROTO_UDP_NUM && !r->err)
		return -LISP_ERR_BAD_IP;	/* no extension headers */
	h->ttl = rd_u8(r);
	h->src.afi = h->dst.afi = LISP_AFI_IPV6;
	rd_copy(r, h->src.addr, 16);
	rd_copy(r, h->dst.addr, 16);
	if (r->err)
		return r->err;
	h->tos = (uint8_t)(w >> 20);
	h->flow_label = w & IPV6_FLOW_MASK;
	return 0;
}

int lisp_ip_udp_parse(const uint8_t *buf, size_t len,
		      struct lisp_ip_udp *out, size_t *payload_len)
{
	struct lisp_rd r;
	size_t iplen, ulen;
	int err;

	memset(out, 0, sizeof(*out));
	if (len < 1)
		return -LISP_ERR_TRUNCATED;
	rd_init(&r, buf, len);
	if (buf[0] >> 4 == 4)
		err = ipv4_get(&r, out, &iplen);
	else if (buf[0] >> 4 == 6)
		err = ipv6_get(&r, out, &iplen);
	else
		err = -LISP_ERR_BAD_IP;
	if (err)
		return err;
	out->sport = rd_be16(&r);
	out->dport = rd_be16(&r);
	ulen = rd_be16(&r);
	rd_be16(&r);			/* UDP checksum */
	if (r.err)
		return r.err;
	if (iplen < r.pos)
		return -LISP_ERR_BAD_IP;
	if (iplen > len)
		return -LISP_ERR_TRUNCATED;
	if (iplen < len)
		return -LISP_ERR_TRAILING_DATA;
	if (ulen != len - r.pos + UDP_HLEN)
		return -LISP_ERR_BAD_UDP;
	*payload_len = len - r.pos;
	return (int)r.pos;
}

static void ipv4_put(uint8_t *p, const struct lisp_ip_udp *h, size_t total)
{
	p[0] = 0x45;
	p[1] = h->tos;
	put_be16(p + 2, (uint16_t)total);
	put_be16(p + 4, h->ip_id);
	put_be16(p + 6, h->df ? IPV4_F_DF : 0);
	p[8] = h->ttl;
	p[9] = IPPROTO_UDP_NUM;
	put_be16(p + 10, 0);
	memcpy(p + 12, h->src.addr, 4);
	memcpy(p + 16, h->dst.addr, 4);
	put_be16(p + 10, csum_fold(csum_add(0, p, IPV4_HLEN)));
}

static void ipv6_put(uint8_t *p, const struct lisp_ip_udp *h, size_t plen)
{
	put_be32(p, 6u << 28 | (uint32_t)h->tos << 20 |
		    (h->flow_label & IPV6_FLOW_MASK));
	put_be16(p + 4, (uint16_t)plen);
	p[6] = IPPROTO_UDP_NUM;
	p[7] = h->ttl;
	memcpy(p + 8, h->src.addr, 16);
	memcpy(p + 24, h->dst.addr, 16);
}

int lisp_ip_udp_write(const struct lisp_ip_udp *h, const uint8_t *payload,
		      size_t payload_len, uint8_t *buf, size_t len)
{
	size_t hlen = lisp_ip_udp_hlen(h), iphl = hlen - UDP_HLEN;
	uint8_t *udp = buf + iphl;

	if (!hlen)
		return -LISP_ERR_BAD_AFI;
	if (payload_len + hlen > 0xffff ||
	    (h->src.afi == LISP_AFI_IPV6 && h->flow_label > IPV6_FLOW_MASK))
		return -LISP_ERR_INVALID;
	if (len < hlen)
		return -LISP_ERR_NO_SPACE;
	if (h->src.afi == LISP_AFI_IPV4)
		ipv4_put(buf, h, hlen + payload_len);
	else
		ipv6_put(buf, h, UDP_HLEN + payload_len);
	put_be16(udp, h->sport);
	put_be16(udp + 2, h->dport);
	put_be16(udp + 4, (uint16_t)(UDP_HLEN + payload_len));
	put_be16(udp + 6, udp_csum(h, udp, payload, payload_len));
	return (int)hlen;
}

bool lisp_ip_udp_csum_ok(const uint8_t *pkt, size_t len)
{
	struct lisp_ip_udp h;
	size_t plen;
	int hlen = lisp_ip_udp_parse(pkt, len, &h, &plen);
	const uint8_t *udp;
	uint16_t c;

	if (hlen < 0)
		return false;
	udp = pkt + hlen - UDP_HLEN;
	if (h.src.afi == LISP_AFI_IPV4 &&
	    csum_fold(csum_add(0, pkt, IPV4_HLEN)) != 0)
		return false;
	c = get_be16(udp + 6);
	if (c == 0)
		return h.src.afi == LISP_AFI_IPV4;	/* IPv6 requires one */
	return c == udp_csum(&h, udp, pkt + hlen, plen);
}

bool lisp_ip_udp_equal(const struct lisp_ip_udp *a,
		       const struct lisp_ip_udp *b)
{
	size_t alen = a->src.afi == LISP_AFI_IPV4 ? 4 : 16;

	if (a->src.afi != b->src.afi || a->dst.afi != b->dst.afi ||
	    memcmp(a->src.addr, b->src.addr, alen) ||
	    memcmp(a->dst.addr, b->dst.addr, alen) || a->tos != b->tos ||
	    a->ttl != b->ttl || a->sport != b->sport || a->dport != b->dport)
		return false;
	if (a->src.afi == LISP_AFI_IPV4)
		return a->ip_id == b->ip_id && a->df == b->df;
	return a->flow_label == b->flow_label;
}

int lisp_ecm_parse(const uint8_t *buf, size_t len, struct lisp_ecm *out)
{
	size_t plen;
	uint32_t w;
	int hlen;

	if (len < LISP_ECM_HDR_LEN)
		return -LISP_ERR_TRUNCATED;
	w = (uint32_t)buf[0] << 24 | (uint32_t)buf[1] << 16 |
	    (uint32_t)buf[2] << 8 | buf[3];
	if (w >> 28 != LISP_ECM)
		return -LISP_ERR_BAD_TYPE;
	out->security = w & ECM_F_SEC;
	out->ddt = w & ECM_F_DDT;
	out->to_rtr = w & ECM_F_RTR;
	out->nat = w & ECM_F_NAT;
	hlen = lisp_ip_udp_parse(buf + LISP_ECM_HDR_LEN,
				 len - LISP_ECM_HDR_LEN, &out->inner, &plen);
	if (hlen < 0)
		return hlen;
	out->msg = buf + LISP_ECM_HDR_LEN + hlen;
	out->msg_len = plen;
	return 0;
}

size_t lisp_ecm_hdr_len(const struct lisp_ecm *e)
{
	size_t n = lisp_ip_udp_hlen(&e->inner);

	return n ? LISP_ECM_HDR_LEN + n : 0;
}

int lisp_ecm_write(const struct lisp_ecm *e, uint8_t *buf, size_t len)
{
	size_t hlen = lisp_ecm_hdr_len(e);
	int n;

	if (!hlen)
		return -LISP_ERR_BAD_AFI;
	if (e->msg_len > 0xffff - hlen)
		return -LISP_ERR_INVALID;
	if (len < hlen + e->msg_len)
		return -LISP_ERR_NO_SPACE;
	if (e->msg_len)
		memmove(buf + hlen, e->msg, e->msg_len);
	put_be32(buf, (uint32_t)LISP_ECM << 28 |
		      (e->security ? ECM_F_SEC : 0) |
		      (e->ddt ? ECM_F_DDT : 0) |
		      (e->to_rtr ? ECM_F_RTR : 0) | (e->nat ? ECM_F_NAT : 0));
	n = lisp_ip_udp_write(&e->inner, buf + hlen, e->msg_len,
			      buf + LISP_ECM_HDR_LEN, len - LISP_ECM_HDR_LEN);
	if (n < 0)
		return n;
	return (int)(hlen + e->msg_len);
}

bool lisp_ecm_equal(const struct lisp_ecm *a, const struct lisp_ecm *b)
{
	return a->security == b->security && a->ddt == b->ddt &&
	       a->to_rtr == b->to_rtr && a->nat == b->nat &&
	       lisp_ip_udp_equal(&a->inner, &b->inner) &&
	       a->msg_len == b->msg_len &&
	       (!a->msg_len || !memcmp(a->msg, b->msg, a->msg_len));
}
