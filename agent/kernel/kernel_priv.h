/* SPDX-License-Identifier: GPL-2.0 */
/* Request plumbing shared by the kernel_*.c files. */
#ifndef LISPD_KERNEL_PRIV_H
#define LISPD_KERNEL_PRIV_H

#include <linux/netlink.h>

#include "kernel/kernel.h"

typedef int (*lisp_reply_fn)(struct lisp_kernel *k, const struct nlmsghdr *nlh,
			     void *arg);

/* Start a request for this family; dumps get no ACK, others do. */
struct nlmsghdr *lisp_genl_start(struct lisp_kernel *k, char *buf,
				 uint16_t type, uint8_t cmd, uint16_t flags);
/* Send @nlh, feed each reply to @fn; -1 with errno and k->err on error. */
int lisp_request(struct lisp_kernel *k, struct nlmsghdr *nlh,
		 lisp_reply_fn fn, void *arg, const char *what);

/* A 4- or 16-byte address attribute; -1 for any other length. */
int lisp_parse_kaddr(const struct nlattr *a, struct lisp_kaddr *out);
/* A nested enum lisp_loc_attr; -1 without an address. */
int lisp_parse_kloc(const struct nlattr *nest, struct lisp_kloc *l);
/* LISP_A_STATS into stats[type]. */
void lisp_parse_stats(const struct nlattr *nest, uint64_t *stats);

#endif /* LISPD_KERNEL_PRIV_H */
