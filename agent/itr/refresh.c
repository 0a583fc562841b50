// SPDX-License-Identifier: GPL-2.0
/*
 * Requests for installed entries: refresh before they expire (RFC 9301
 * 5.3), found by a paced scan of the map-caches, and SMR-invoked
 * Map-Requests (RFC 9301 6.1).
 */
#include <string.h>

#include "resolver_priv.h"

enum lisp_itr_refresh_decision
lisp_itr_refresh_decide(const struct lisp_itr_installed *e)
{
	uint64_t lead_ms = (uint64_t)e->ttl_s * 1000 / 10;

	if (!e->has_expires)
		return LISP_ITR_REFRESH_NEVER;
	if (lead_ms > LISP_ITR_REFRESH_LEAD_MAX_MS)
		lead_ms = LISP_ITR_REFRESH_LEAD_MAX_MS;
	if (e->expires_ms > lead_ms)
		return LISP_ITR_REFRESH_NOT_YET;
	if (e->idle_ms < LISP_ITR_REFRESH_IDLE_MS)
		return LISP_ITR_REFRESH_NOW;
	return LISP_ITR_REFRESH_LET_EXPIRE;
}

/*
 * A request for the installed prefix of e, with no source EID (RFC 9301
 * 5.3: AFI 0 for refreshes); the key is the prefix, host bits and the
 * unused bytes of an IPv4 address clear.
 */
static int prefix_request(struct lisp_itr *itr,
			  const struct lisp_itr_installed *e, bool smr,
			  uint64_t now_ms, struct lisp_itr_pkt *out)
{
	static const struct lisp_ip none;
	struct lisp_addr a = { .kind = LISP_ADDR_IP, .count = 1 };
	struct lisp_ip eid;
	struct itr_key k = {
		.dev = e->dev, .has_iid = e->has_iid,
		.iid = e->has_iid ? e->iid : 0, .eid = &eid, .plen = e->plen,
	};
	struct itr_how how = {
		.src = &none, .has_petr = e->has_petr, .refresh = true,
		.smr_invoked = smr,
	};

	if (e->eid.afi != LISP_AFI_IPV4 && e->eid.afi != LISP_AFI_IPV6)
		return -LISP_ITR_ERR_INVALID;
	a.ip[0] = e->eid;
	if (e->plen > lisp_addr_max_plen(&a))
		return -LISP_ITR_ERR_INVALID;
	lisp_prefix_mask(&a, e->plen);
	eid = a.ip[0];
	if (eid.afi == LISP_AFI_IPV4)
		memset(eid.addr + 4, 0, sizeof(eid.addr) - 4);
	return itr_start(itr, &k, &how, now_ms, out);
}

int lisp_itr_refresh(struct lisp_itr *itr, const struct lisp_itr_installed *e,
		     uint64_t now_ms, struct lisp_itr_pkt *out)
{
	if (lisp_itr_refresh_decide(e) != LISP_ITR_REFRESH_NOW)
		return 0;
	return prefix_request(itr, e, false, now_ms, out);
}

int lisp_itr_smr(struct lisp_itr *itr, const struct lisp_itr_installed *e,
		 const struct lisp_ip *smr_eid, uint64_t now_ms,
		 struct lisp_itr_pkt *out)
{
	struct lisp_itr_installed q = *e;
	struct lisp_addr pfx = { .kind = LISP_ADDR_IP, .count = 1 };
	struct lisp_addr host = { .kind = LISP_ADDR_IP, .count = 1 };

	if (smr_eid && smr_eid->afi == e->eid.afi) {
		pfx.ip[0] = e->eid;
		host.ip[0] = *smr_eid;
		if (e->plen < lisp_addr_max_plen(&host) &&
		    lisp_prefix_contains(&pfx, e->plen, &host)) {
			q.eid = *smr_eid;
			q.plen = (uint8_t)lisp_addr_max_plen(&host);
		}
	}
	return prefix_request(itr, &q, true, now_ms, out);
}

int lisp_itr_scan_step(struct lisp_itr *itr, uint64_t now_ms,
		       unsigned int ndev)
{
	if (!itr->scan.running) {
		if (now_ms < itr->scan.due_ms)
			return -1;
		itr->scan.due_ms = now_ms + LISP_ITR_SCAN_PERIOD_MS;
		if (!ndev)
			return -1;
		itr->scan.running = true;
		itr->scan.complete = true;
		itr->scan.dev = 0;
		itr->scan.ndev = ndev;
		/* The same dump tells which owned entries the kernel dropped. */
		lisp_itr_owned_sweep_begin(itr);
	}
	itr->scan.left = LISP_ITR_SCAN_STEP;
	return (int)itr->scan.dev;
}

int lisp_itr_scan_entry(struct lisp_itr *itr,
			const struct lisp_itr_installed *e, uint64_t now_ms,
			struct lisp_itr_pkt *out)
{
	if (itr->scan.left)
		itr->scan.left--;
	lisp_itr_owned_seen(itr, e->dev, &e->eid, e->plen);
	return lisp_itr_refresh(itr, e, now_ms, out);
}

bool lisp_itr_scan_paused(const struct lisp_itr *itr)
{
	return itr->scan.running && !itr->scan.left;
}

int lisp_itr_scan_dev_done(struct lisp_itr *itr, bool ok)
{
	if (!itr->scan.running)
		return -1;
	itr->scan.complete &= ok;
	if (++itr->scan.dev < itr->scan.ndev)
		return (int)itr->scan.dev;
	itr->scan.running = false;
	if (itr->scan.complete)
		lisp_itr_owned_sweep_end(itr);
	return -1;
}

void lisp_itr_scan_abort(struct lisp_itr *itr)
{
	itr->scan.running = false;
}

uint64_t lisp_itr_scan_due(const struct lisp_itr *itr)
{
	return itr->scan.due_ms;
}
