// SPDX-License-Identifier: GPL-2.0
/*
 * The control socket: AF_UNIX stream, mode 0600, root (or lispd's own
 * user) only, checked with SO_PEERCRED.  A client sends one request
 * line ("show sites -j", "reload"); the reply is a status line, "0" or
 * "1", then the text, then lispd closes the connection.  Everything is
 * non-blocking: a slow client cannot stall the control plane, and one
 * that says nothing is dropped after LISPD_CTL_TIMEOUT_MS.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "daemon.h"

#define CTL_ARGS_MAX	32

struct lispd_ctl_conn {
	struct lispd_watch w;		/* fd -1: slot free */
	struct lispd *d;
	struct lispd_timer timeout;
	char req[LISPD_CTL_REQ_MAX];
	size_t req_len;
	char *out;			/* status line + text */
	size_t out_len, out_off;
};

const char *lispd_sock_path(const char *opt)
{
	const char *env = getenv(LISPD_SOCK_ENV);

	if (opt)
		return opt;
	return env && *env ? env : LISPD_DEFAULT_SOCK;
}

static void conn_close(struct lispd_ctl_conn *c)
{
	if (c->w.fd < 0)
		return;
	lispd_watch_del(c->d, &c->w);
	close(c->w.fd);
	c->w.fd = -1;
	lispd_timer_stop(c->d, &c->timeout);
	free(c->out);
	c->out = NULL;
	c->out_len = c->out_off = c->req_len = 0;
}

static void on_timeout(struct lispd_timer *t, void *arg)
{
	(void)t;
	log_debug("control client stuck for %d s: dropped",
		  LISPD_CTL_TIMEOUT_MS / 1000);
	conn_close(arg);
}

/* Write what the socket takes; close when all is out. */
static void conn_flush(struct lispd_ctl_conn *c)
{
	ssize_t n;

	while (c->out_off < c->out_len) {
		n = send(c->w.fd, c->out + c->out_off, c->out_len - c->out_off,
			 MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			lispd_watch_mod(c->d, &c->w, EPOLLOUT);
			return;
		}
		if (n <= 0)
			break;
		c->out_off += (size_t)n;
	}
	conn_close(c);
}

/* Set the reply: status line, then text (truncated past the bound). */
static void conn_reply(struct lispd_ctl_conn *c, int status, char *text,
		       size_t len)
{
	static const char cut[] = "\n... output truncated\n";
	size_t max = LISPD_CTL_OUT_MAX - sizeof(cut) - 4;

	if (len > max)
		len = max;
	c->out = malloc(len + sizeof(cut) + 4);
	if (!c->out) {
		conn_close(c);
		return;
	}
	c->out_len = (size_t)snprintf(c->out, 4, "%d\n", status ? 1 : 0);
	memcpy(c->out + c->out_len, text, len);
	c->out_len += len;
	if (len == max) {
		memcpy(c->out + c->out_len, cut, sizeof(cut) - 1);
		c->out_len += sizeof(cut) - 1;
	}
	conn_flush(c);
}

static void conn_exec(struct lispd_ctl_conn *c)
{
	char *argv[CTL_ARGS_MAX], *save, *w, *text = NULL;
	size_t len = 0;
	int argc = 0, status;
	FILE *out;

	c->req[c->req_len] = '\0';
	for (w = strtok_r(c->req, " \t\r\n", &save); w && argc < CTL_ARGS_MAX;
	     w = strtok_r(NULL, " \t\r\n", &save))
		argv[argc++] = w;
	c->d->stats.ctl_requests++;
	out = open_memstream(&text, &len);
	if (!out) {
		conn_close(c);
		return;
	}
	status = lispd_ctl_exec(c->d, argc, argv, out);
	fclose(out);
	/* A client that does not read its reply is dropped too. */
	lispd_timer_arm(c->d, &c->timeout,
			lispd_now_ms() + LISPD_CTL_TIMEOUT_MS);
	conn_reply(c, status, text, len);
	free(text);
}

static void on_conn(struct lispd *d, struct lispd_watch *w, uint32_t events)
{
	struct lispd_ctl_conn *c = (struct lispd_ctl_conn *)w;
	ssize_t n;

	(void)d;
	if (c->out) {
		if (events & (EPOLLOUT | EPOLLERR | EPOLLHUP))
			conn_flush(c);
		return;
	}
	for (;;) {
		n = recv(w->fd, c->req + c->req_len,
			 sizeof(c->req) - 1 - c->req_len, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		if (n < 0) {
			conn_close(c);
			return;
		}
		c->req_len += (size_t)n;
		if (n == 0 || memchr(c->req, '\n', c->req_len) ||
		    c->req_len == sizeof(c->req) - 1)
			break;
	}
	if (!c->req_len) {
		conn_close(c);
		return;
	}
	conn_exec(c);
}

static bool peer_allowed(int fd, struct ucred *cred)
{
	socklen_t len = sizeof(*cred);

	cred->uid = (uid_t)-1;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, cred, &len))
		return false;
	/* root; or whoever runs lispd (a test, an unprivileged MS). */
	return cred->uid == 0 || cred->uid == geteuid();
}

static void on_accept(struct lispd *d, struct lispd_watch *w,
		      uint32_t events)
{
	static const char denied[] = "1\npermission denied: lispd's control "
				     "socket is for root\n";
	static const char busy[] = "1\nlispd is busy, try again\n";
	struct lispd_ctl_conn *c = NULL;
	struct ucred cred;
	unsigned int i;
	int fd;

	(void)events;
	while ((fd = accept4(w->fd, NULL, NULL,
			     SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
		if (!peer_allowed(fd, &cred)) {
			d->stats.ctl_denied++;
			log_warn("control client uid %u denied", cred.uid);
			(void)!send(fd, denied, sizeof(denied) - 1,
				    MSG_NOSIGNAL);
			close(fd);
			continue;
		}
		for (i = 0, c = NULL; i < LISPD_CTL_CONNS && !c; i++) {
			if (d->conns[i].w.fd < 0)
				c = &d->conns[i];
		}
		if (!c) {
			(void)!send(fd, busy, sizeof(busy) - 1, MSG_NOSIGNAL);
			close(fd);
			continue;
		}
		c->w.fd = fd;
		if (lispd_watch_add(d, &c->w, EPOLLIN)) {
			close(fd);
			c->w.fd = -1;
			continue;
		}
		lispd_timer_arm(d, &c->timeout,
				lispd_now_ms() + LISPD_CTL_TIMEOUT_MS);
	}
}

/*
 * May whatever is at the socket's path go?  Only a socket no one listens
 * on (a lispd that died): -S names any path, and a mistyped one must not
 * cost a file, nor a running lispd its socket.  NULL if the path is free
 * now, else why not (errno set for a system error).
 */
static const char *stale_check(const struct sockaddr_un *sun)
{
	struct stat st;
	int fd, rc;

	if (lstat(sun->sun_path, &st))
		return errno == ENOENT ? NULL : strerror(errno);
	if (!S_ISSOCK(st.st_mode))
		return "not a socket, not removed";
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return strerror(errno);
	rc = connect(fd, (const struct sockaddr *)sun, sizeof(*sun));
	close(fd);
	if (!rc)
		return "in use (another lispd run is using it)";
	if (unlink(sun->sun_path) && errno != ENOENT)
		return strerror(errno);
	return NULL;
}

int lispd_ctl_open(struct lispd *d)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	const char *why;
	struct stat st;
	unsigned int i;
	mode_t mask;
	int fd;

	d->conns = calloc(LISPD_CTL_CONNS, sizeof(*d->conns));
	if (!d->conns)
		return -1;
	for (i = 0; i < LISPD_CTL_CONNS; i++) {
		d->conns[i].w.fd = -1;
		d->conns[i].w.fn = on_conn;
		d->conns[i].d = d;
		lispd_timer_init(&d->conns[i].timeout, on_timeout,
				 &d->conns[i]);
	}
	if (strlen(d->sock_path) >= sizeof(sun.sun_path)) {
		log_error("control socket %s: path too long", d->sock_path);
		return -1;
	}
	strcpy(sun.sun_path, d->sock_path);
	why = stale_check(&sun);
	if (why) {
		log_error("control socket %s: %s", d->sock_path, why);
		return -1;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	/* Never world-accessible, not even between bind() and chmod(). */
	mask = umask(0077);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) ||
	    chmod(sun.sun_path, 0600) || listen(fd, LISPD_CTL_CONNS)) {
		umask(mask);
		log_error("control socket %s: %s", d->sock_path,
			  strerror(errno));
		close(fd);
		return -1;
	}
	umask(mask);
	/* What lispd_ctl_close() may remove: this socket, nothing else. */
	if (!lstat(sun.sun_path, &st)) {
		d->ctl_dev = st.st_dev;
		d->ctl_ino = st.st_ino;
	}
	d->ctl.fd = fd;
	d->ctl.fn = on_accept;
	if (lispd_watch_add(d, &d->ctl, EPOLLIN)) {
		lispd_ctl_close(d);
		return -1;
	}
	return 0;
}

void lispd_ctl_close(struct lispd *d)
{
	struct stat st;
	unsigned int i;

	for (i = 0; d->conns && i < LISPD_CTL_CONNS; i++)
		conn_close(&d->conns[i]);
	free(d->conns);
	d->conns = NULL;
	if (d->ctl.fd < 0)
		return;
	lispd_watch_del(d, &d->ctl);
	close(d->ctl.fd);
	d->ctl.fd = -1;
	/* Unless someone put something else there since. */
	if (!lstat(d->sock_path, &st) && S_ISSOCK(st.st_mode) &&
	    st.st_dev == d->ctl_dev && st.st_ino == d->ctl_ino)
		unlink(d->sock_path);
}
