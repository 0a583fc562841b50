// SPDX-License-Identifier: GPL-2.0
/*
 * The miss socket's overrun handling (agent/kernel/kernel_miss.c)
 * without lisp.ko: rtnetlink's address notifications stand in for the
 * "miss" group (any multicast netlink socket overruns the same way).
 * Run inside "unshare -rn" (tests/host/miss_overrun.sh): it adds
 * addresses to lo with "ip -batch", N notifications at a time.
 *
 *   - a small buffer that is not read overruns: lisp_kernel_miss_drain()
 *     counts the overrun, reads what is left and returns;
 *   - lisp_kernel_rcvbuf() enlarges the buffer (SO_RCVBUFFORCE);
 *   - then the same burst is read whole, with no overrun.
 * TAP on stdout.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>

#include "kernel/kernel.h"

static int tap_n, tap_failed;

static void ok(int cond, const char *what)
{
	tap_n++;
	tap_failed += !cond;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_n, what);
}

/* Add n addresses to lo from 10.x.y.z up: n RTM_NEWADDR notifications. */
static int add_addrs(unsigned int first, unsigned int n)
{
	char path[] = "/tmp/miss_overrun.XXXXXX", cmd[128];
	unsigned int i, a;
	FILE *f;
	int fd = mkstemp(path), rc;

	if (fd < 0 || !(f = fdopen(fd, "w")))
		return -1;
	for (i = 0; i < n; i++) {
		a = first + i;
		fprintf(f, "addr add 10.%u.%u.%u/32 dev lo\n", (a >> 16) & 255,
			(a >> 8) & 255, a & 255);
	}
	fclose(f);
	snprintf(cmd, sizeof(cmd), "ip -batch %s", path);
	rc = system(cmd);
	unlink(path);
	return rc;
}

static int none(const struct lisp_kmiss *m, void *arg)
{
	(void)m;
	(void)arg;
	return 0;
}

int main(void)
{
	struct lisp_kernel k;
	uint64_t overruns = 0;
	int n, small = 4096, got;

	memset(&k, 0, sizeof(k));
	k.nl = mnl_socket_open(NETLINK_ROUTE);
	if (!k.nl || mnl_socket_bind(k.nl, RTMGRP_IPV4_IFADDR,
				     MNL_SOCKET_AUTOPID) < 0) {
		printf("not ok 1 - rtnetlink socket: %s\n1..1\n", strerror(errno));
		return 1;
	}
	setsockopt(mnl_socket_get_fd(k.nl), SOL_SOCKET, SO_RCVBUF, &small,
		   sizeof(small));
	ok(system("ip link set lo up") == 0 && add_addrs(1, 500) == 0,
	   "500 addresses added to lo, nothing read meanwhile");
	n = lisp_kernel_miss_drain(&k, none, NULL, &overruns);
	printf("# read %d, overruns %llu\n", n, (unsigned long long)overruns);
	ok(overruns == 1, "the overrun is counted once");
	ok(n > 0 && n < 500, "what the buffer held is read after it");
	ok(lisp_kernel_miss_drain(&k, none, NULL, &overruns) == 0 &&
	   overruns == 1, "then nothing is left, no new overrun");

	got = lisp_kernel_rcvbuf(&k, 1 << 20);
	printf("# SO_RCVBUF %d\n", got);
	ok(got >= 1 << 20, "the buffer grows to 1 MiB");
	ok(add_addrs(1000, 500) == 0, "500 more addresses");
	n = lisp_kernel_miss_drain(&k, none, NULL, &overruns);
	printf("# read %d, overruns %llu\n", n, (unsigned long long)overruns);
	ok(n == 500 && overruns == 1, "all 500 read, no overrun");
	mnl_socket_close(k.nl);
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}
