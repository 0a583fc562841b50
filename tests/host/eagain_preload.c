// SPDX-License-Identifier: GPL-2.0
/*
 * LD_PRELOAD shim for tests/host/daemon_tx_eagain.sh: the first
 * $LISP_EAGAIN_SENDS sendmsg()/sendmmsg() calls on UDP sockets fail with
 * EAGAIN, as they do when the socket's send buffer is full, though the
 * socket stays writable (so EPOLLOUT comes at once).  Other sockets and
 * later calls go to the C library untouched.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>

static long left = -1;

static int fail_now(int fd)
{
	int type = 0, domain = 0;
	socklen_t l = sizeof(type);

	if (left < 0) {
		const char *v = getenv("LISP_EAGAIN_SENDS");

		left = v ? strtol(v, NULL, 10) : 0;
	}
	if (left <= 0 ||
	    getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &l) || type != SOCK_DGRAM)
		return 0;
	l = sizeof(domain);
	if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &l) ||
	    (domain != AF_INET && domain != AF_INET6))
		return 0;
	left--;
	errno = EAGAIN;
	return 1;
}

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
	static ssize_t (*real)(int, const struct msghdr *, int);

	if (fail_now(fd))
		return -1;
	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "sendmsg");
	return real(fd, msg, flags);
}

int sendmmsg(int fd, struct mmsghdr *vec, unsigned int n, int flags)
{
	static int (*real)(int, struct mmsghdr *, unsigned int, int);

	if (fail_now(fd))
		return -1;
	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "sendmmsg");
	return real(fd, vec, n, flags);
}
