/* SPDX-License-Identifier: GPL-2.0 */
/* Request plumbing shared by the kernel_*.c files. */
#ifndef LISPD_KERNEL_PRIV_H
#define LISPD_KERNEL_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include <libmnl/libmnl.h>
#include <linux/netlink.h>

#include "kernel/kernel.h"

typedef int (*lisp_reply_fn)(struct lisp_kernel *k, const struct nlmsghdr *nlh,
			     void *arg);

/* Room for the largest dump skb the kernel builds (32 KiB). */
#define LISP_NL_RECV_MAX	65536

/* Keep "what: strerror(err)" in k->err unless set; errno = err, -1. */
int lisp_set_err(struct lisp_kernel *k, int err, const char *what);
/* A netlink socket of bus (NETLINK_GENERIC, _ROUTE), extended ACKs on. */
int lisp_nl_open(struct lisp_kernel *k, int bus);
/* Start a request for this family; dumps get no ACK, others do. */
struct nlmsghdr *lisp_genl_start(struct lisp_kernel *k, char *buf,
				 uint16_t type, uint8_t cmd, uint16_t flags);
/* Send @nlh, feed each reply to @fn; -1 with errno and k->err on error. */
int lisp_request(struct lisp_kernel *k, struct nlmsghdr *nlh,
		 lisp_reply_fn fn, void *arg, const char *what);

/*
 * Feed the replies in buf (for request seq) to fn, NLMSG_ERROR with its
 * extack message to k->err: libmnl's MNL_CB_OK (more to come), _STOP
 * (done) or _ERROR (errno set).
 */
int lisp_reply_run(struct lisp_kernel *k, const void *buf, size_t len,
		   uint32_t seq, lisp_reply_fn fn, void *arg);

/*
 * Without blocking, every datagram queued on k's socket (notifications
 * of a multicast group) through libmnl's cb.  Returns how many were
 * read, or -1 ("what: strerror" in k->err); each ENOBUFS (the socket's
 * buffer overran: notifications were lost) increments *overruns.
 */
int lisp_nl_drain(struct lisp_kernel *k, mnl_cb_t cb, void *data,
		  uint64_t *overruns, const char *what);

/* A u32 attribute into *out; false (out untouched) if it is not one. */
static inline bool lisp_attr_u32(const struct nlattr *a, uint32_t *out)
{
	if (mnl_attr_validate(a, MNL_TYPE_U32) < 0)
		return false;
	*out = mnl_attr_get_u32(a);
	return true;
}

/* A 4- or 16-byte address attribute; -1 for any other length. */
int lisp_parse_kaddr(const struct nlattr *a, struct lisp_kaddr *out);
/* A nested enum lisp_loc_attr; -1 without an address. */
int lisp_parse_kloc(const struct nlattr *nest, struct lisp_kloc *l);
/* LISP_A_STATS into stats[type]. */
void lisp_parse_stats(const struct nlattr *nest, uint64_t *stats);

#endif /* LISPD_KERNEL_PRIV_H */
