/* SPDX-License-Identifier: GPL-2.0 */
/* lispd's client of the kernel's generic netlink family "lisp" (libmnl). */
#ifndef LISPD_KERNEL_H
#define LISPD_KERNEL_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mnl_socket;

struct lisp_kernel {
	struct mnl_socket *nl;
	uint16_t family_id;
	uint32_t portid;
	uint32_t seq;
	/* Why the last call failed: the kernel's extack message if any. */
	char err[256];
};

/* A lisp device as LISP_CMD_DEV_GET reports it. */
struct lisp_kdev {
	uint32_t ifindex;
	char name[IF_NAMESIZE];
	bool has_iid;
	uint32_t iid;
	uint16_t port;
};

typedef int (*lisp_kdev_fn)(const struct lisp_kdev *dev, void *arg);

int lisp_kernel_open(struct lisp_kernel *k);
void lisp_kernel_close(struct lisp_kernel *k);
int lisp_kernel_dev_dump(struct lisp_kernel *k, lisp_kdev_fn fn, void *arg);
int lisp_kernel_dev_get(struct lisp_kernel *k, const char *name,
			struct lisp_kdev *out);

#endif /* LISPD_KERNEL_H */
