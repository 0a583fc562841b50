/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Encapsulated Control Message (RFC 9301 5.8): a 4-byte LISP header,
 * then an inner IPv4 or IPv6 header, a UDP header and a control message.
 * The inner IP/UDP helpers also build plain IP/UDP headers (e.g. outer
 * headers of test packets).
 */
#ifndef LISP_PROTO_ECM_H
#define LISP_PROTO_ECM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "err.h"

#define LISP_ECM_HDR_LEN	4
#define LISP_IPV4_UDP_HLEN	28
#define LISP_IPV6_UDP_HLEN	48

/*
 * An IP header without options or extension headers followed by UDP.
 * Fields that do not exist in one IP version are ignored for it.
 */
struct lisp_ip_udp {
	struct lisp_ip src;	/* AFI 1 or 2; dst has the same AFI */
	struct lisp_ip dst;
	uint8_t tos;		/* IPv4 TOS, IPv6 traffic class */
	uint8_t ttl;		/* IPv4 TTL, IPv6 hop limit */
	uint16_t ip_id;		/* IPv4 */
	bool df;		/* IPv4 don't-fragment */
	uint32_t flow_label;	/* IPv6, 20 bits */
	uint16_t sport;
	uint16_t dport;
};

struct lisp_ecm {
	bool security;		/* S: LISP-SEC */
	bool ddt;		/* D: sent by a DDT node */
	bool to_rtr;		/* R: for an RTR (NAT traversal) */
	bool nat;		/* N: NAT traversal in use */
	struct lisp_ip_udp inner;
	const uint8_t *msg;	/* the inner control message ... */
	size_t msg_len;		/* ... (parse: points into its input) */
};

/* Header bytes for h (28 or 48), or 0 if h cannot be encoded. */
size_t lisp_ip_udp_hlen(const struct lisp_ip_udp *h);
/*
 * Parse the IP and UDP headers of the packet buf[0..len): the IP length
 * must match len exactly.  Returns the header length and sets
 * *payload_len, or returns -LISP_ERR_*.  Checksums are not checked here.
 */
int lisp_ip_udp_parse(const uint8_t *buf, size_t len,
		      struct lisp_ip_udp *out, size_t *payload_len);
/*
 * Write the IP and UDP headers for a payload of payload_len bytes (read
 * only to compute the UDP checksum) into buf.  Returns the header length
 * or -LISP_ERR_*.
 */
int lisp_ip_udp_write(const struct lisp_ip_udp *h, const uint8_t *payload,
		      size_t payload_len, uint8_t *buf, size_t len);
/* Are the IPv4 header checksum and the UDP checksum of pkt right? */
bool lisp_ip_udp_csum_ok(const uint8_t *pkt, size_t len);
bool lisp_ip_udp_equal(const struct lisp_ip_udp *a,
		       const struct lisp_ip_udp *b);

int lisp_ecm_parse(const uint8_t *buf, size_t len, struct lisp_ecm *out);
/* ECM header + inner headers: where the inner message starts. */
size_t lisp_ecm_hdr_len(const struct lisp_ecm *e);
/*
 * Write the whole ECM.  e->msg may already sit at buf +
 * lisp_ecm_hdr_len(e) (it is moved, not copied).  Returns the length.
 */
int lisp_ecm_write(const struct lisp_ecm *e, uint8_t *buf, size_t len);
bool lisp_ecm_equal(const struct lisp_ecm *a, const struct lisp_ecm *b);

#endif /* LISP_PROTO_ECM_H */
