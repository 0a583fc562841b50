// SPDX-License-Identifier: GPL-2.0
/* RLOC state and counters (LISP_CMD_RLOC_SET, LISP_CMD_NET_STATS_GET). */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/lisp.h>

#include "kernel/kernel.h"
#include "kernel/kernel_priv.h"

static const char *const stat_names[__LISP_STAT_MAX] = {
	[LISP_STAT_TX_NOT_IP]		= "tx_not_ip",
	[LISP_STAT_TX_NO_MAPPING]	= "tx_no_mapping",
	[LISP_STAT_TX_NEGATIVE]		= "tx_negative_drop",
	[LISP_STAT_TX_NO_RLOC]		= "tx_no_reachable_rloc",
	[LISP_STAT_TX_NO_ROUTE]		= "tx_no_underlay_route",
	[LISP_STAT_TX_LOOP]		= "tx_routing_loop",
	[LISP_STAT_TX_TOO_BIG]		= "tx_too_big",
	[LISP_STAT_TX_DOWN]		= "tx_device_down",
	[LISP_STAT_RX_BAD_INNER]	= "rx_bad_inner_packet",
	[LISP_STAT_RX_ECN]		= "rx_ecn_drop",
	[LISP_STAT_TX_MISS_NO_LISTENER]	= "tx_miss_no_listener",
	[LISP_STAT_TX_MISS_QUEUE_FULL]	= "tx_miss_queue_full",
	[LISP_STAT_TX_MISS_TIMEOUT]	= "tx_miss_timeout",
	[LISP_STAT_MISS_NOTIFIED]	= "miss_notified",
	[LISP_STAT_MISS_RATELIMITED]	= "miss_ratelimited",
	[LISP_STAT_MISS_RELEASED]	= "miss_released",
	[LISP_STAT_TX_SRC_NOT_EID]	= "tx_source_not_eid",
	[LISP_STAT_TX_NATIVE]		= "tx_native_forward",
	[LISP_STAT_TX_PETR]		= "tx_to_petr",
	[LISP_STAT_TX_NO_PETR]		= "tx_no_petr",
	[LISP_STAT_RX_NOT_LOCAL_RLOC]	= "rx_not_local_rloc",
	[LISP_STAT_RX_DST_NOT_EID]	= "rx_dest_not_eid",
	[LISP_STAT_EVENT_SENT]		= "events_sent",
	[LISP_STAT_EVENT_RATELIMITED]	= "events_ratelimited",
	[LISP_STAT_TX_NOT_RELAYED]	= "tx_not_relayed",
	[LISP_STAT_RX_NO_DEVICE]	= "rx_unknown_instance_id",
	[LISP_STAT_RX_MALFORMED]	= "rx_malformed",
};

bool lisp_stat_netns(unsigned int stat)
{
	return stat == LISP_STAT_RX_NO_DEVICE || stat == LISP_STAT_RX_MALFORMED;
}

const char *lisp_stat_name(unsigned int stat)
{
	return stat < __LISP_STAT_MAX && stat_names[stat] ? stat_names[stat] : NULL;
}

int lisp_kernel_rloc_set(struct lisp_kernel *k, const char *dev,
			 const struct lisp_kaddr *rloc, bool up)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;

	nlh = lisp_genl_start(k, buf, k->family_id, LISP_CMD_RLOC_SET, 0);
	mnl_attr_put_strz(nlh, LISP_A_IFNAME, dev);
	mnl_attr_put(nlh, LISP_A_RLOC, rloc->family == AF_INET ? 4 : 16,
		     rloc->bytes);
	mnl_attr_put_u8(nlh, LISP_A_RLOC_UP, up);
	return lisp_request(k, nlh, NULL, NULL, "rloc set");
}

static int net_stats_cb(struct lisp_kernel *k, const struct nlmsghdr *nlh,
			void *arg)
{
	const struct nlattr *a;

	(void)k;
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(a) == LISP_A_STATS)
			lisp_parse_stats(a, arg);
	return MNL_CB_OK;
}

int lisp_kernel_net_stats(struct lisp_kernel *k,
			  uint64_t stats[__LISP_STAT_MAX])
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;

	memset(stats, 0, sizeof(uint64_t) * __LISP_STAT_MAX);
	nlh = lisp_genl_start(k, buf, k->family_id, LISP_CMD_NET_STATS_GET, 0);
	return lisp_request(k, nlh, net_stats_cb, stats, "netns stats");
}
