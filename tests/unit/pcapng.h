/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal pcapng reader for the tests: walks Section Header, Interface
 * Description and Enhanced/Simple Packet Blocks of an in-memory file,
 * either byte order, and skips every other block.
 *
 *   struct pcapng pc;
 *   pcapng_init(&pc, buf, len);
 *   while ((rc = pcapng_next(&pc, &pkt)) > 0) ...   (rc < 0: corrupt)
 */
#ifndef LISP_TEST_PCAPNG_H
#define LISP_TEST_PCAPNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PCAPNG_SHB	0x0a0d0d0aU
#define PCAPNG_IDB	1U
#define PCAPNG_SPB	3U
#define PCAPNG_EPB	6U
#define PCAPNG_BOM	0x1a2b3c4dU
#define PCAPNG_MAX_IF	16

struct pcapng {
	const uint8_t *buf;
	size_t len;
	size_t pos;
	bool swap;		/* section is in the other byte order */
	unsigned int nif;
	uint16_t linktype[PCAPNG_MAX_IF];
	unsigned int index;	/* packets returned so far */
};

struct pcapng_pkt {
	unsigned int number;	/* 1-based, like Wireshark's frame number */
	uint16_t linktype;
	const uint8_t *data;
	size_t caplen;
};

__attribute__((unused))
static void pcapng_init(struct pcapng *pc, const uint8_t *buf, size_t len)
{
	pc->buf = buf;
	pc->len = len;
	pc->pos = 0;
	pc->swap = false;
	pc->nif = 0;
	pc->index = 0;
}

static uint32_t pcapng_u32(const struct pcapng *pc, const uint8_t *p)
{
	uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 |
		     (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;

	if (pc->swap)
		v = (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) |
		    (v << 24);
	return v;
}

static uint16_t pcapng_u16(const struct pcapng *pc, const uint8_t *p)
{
	return pc->swap ? (uint16_t)(p[0] << 8 | p[1]) :
			  (uint16_t)(p[1] << 8 | p[0]);
}

/* Handle one non-packet block; -1 if it is corrupt. */
static int pcapng_meta(struct pcapng *pc, uint32_t type, const uint8_t *b,
		       uint32_t blen)
{
	if (type == PCAPNG_SHB) {
		if (blen < 28)
			return -1;
		pc->nif = 0;
		return 0;
	}
	if (type == PCAPNG_IDB) {
		if (blen < 20 || pc->nif == PCAPNG_MAX_IF)
			return -1;
		pc->linktype[pc->nif++] = pcapng_u16(pc, b + 8);
	}
	return 0;
}

/* Next packet into *pkt: 1, 0 at the end, -1 if the file is corrupt. */
__attribute__((unused))
static int pcapng_next(struct pcapng *pc, struct pcapng_pkt *pkt)
{
	while (pc->len - pc->pos >= 12) {
		const uint8_t *b = pc->buf + pc->pos;
		uint32_t type, blen, ifc, cap;

		type = pcapng_u32(pc, b);
		if (type == PCAPNG_SHB) {	/* byte order of the section */
			pc->swap = false;
			if (pcapng_u32(pc, b + 8) != PCAPNG_BOM)
				pc->swap = true;
			if (pcapng_u32(pc, b + 8) != PCAPNG_BOM)
				return -1;
		}
		blen = pcapng_u32(pc, b + 4);
		if (blen < 12 || blen % 4 || blen > pc->len - pc->pos ||
		    pcapng_u32(pc, b + blen - 4) != blen)
			return -1;
		pc->pos += blen;
		if (type == PCAPNG_EPB) {
			if (blen < 32)
				return -1;
			ifc = pcapng_u32(pc, b + 8);
			cap = pcapng_u32(pc, b + 20);
			if (ifc >= pc->nif || cap > blen - 32)
				return -1;
			pkt->linktype = pc->linktype[ifc];
			pkt->data = b + 28;
			pkt->caplen = cap;
		} else if (type == PCAPNG_SPB) {
			if (blen < 16 || pc->nif == 0)
				return -1;
			cap = pcapng_u32(pc, b + 8);	/* original length */
			if (cap > blen - 16)
				cap = blen - 16;
			pkt->linktype = pc->linktype[0];
			pkt->data = b + 12;
			pkt->caplen = cap;
		} else {
			if (pcapng_meta(pc, type, b, blen))
				return -1;
			continue;
		}
		pkt->number = ++pc->index;
		return 1;
	}
	return pc->pos == pc->len ? 0 : -1;
}

#endif /* LISP_TEST_PCAPNG_H */
