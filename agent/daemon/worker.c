// SPDX-License-Identifier: GPL-2.0
/*
 * "lispd run --workers N": N threads read the UDP control sockets, the
 * main thread does the rest (control socket, timers, signals, the
 * kernel).  Most of what a Map-Request costs the daemon is the kernel's
 * work to send its answer (sendmmsg() was half of the daemon's CPU time
 * under bench-cp), and that is what workers do side by side.  Reading a
 * batch and handling it (roles, Map-Server logic, every table) happen
 * under one lock, which the main thread holds while it handles an
 * event: one handler runs at a time, in the order the datagrams
 * arrived, so the daemon's state keeps the single-threaded model
 * (nothing in it knows about threads, a reload or a "show" sees it
 * between two batches, and no Map-Register overtakes the one before it
 * to be refused as a replay).
 *
 * Why one socket shared (a dup() each, EPOLLEXCLUSIVE) rather than
 * SO_REUSEPORT sockets read without the lock: the kernel spreads
 * datagrams over SO_REUSEPORT sockets by their addresses and ports, so
 * one busy ITR (or a benchmark's one socket) keeps one worker busy and
 * the others idle; order holds per source only; and a second lispd of
 * the same user with the option set could bind the port beside this
 * one and take part of its traffic.  The price: receiving is not
 * shared out, which SO_REUSEPORT would be the next step for.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "daemon.h"

#define WORKER_EVENTS	4
#define WORKER_KICK	2	/* epoll data of the eventfd (0, 1: sockets) */

struct lispd_worker {
	struct lispd *d;
	pthread_t thread;
	bool started;
	int epfd;
	int evfd;		/* written to wake it: kick or stop */
	struct lispd_io *io;
};

void lispd_lock(struct lispd *d)
{
	if (d->nworkers)
		pthread_mutex_lock(&d->lock);
}

void lispd_unlock(struct lispd *d)
{
	if (d->nworkers)
		pthread_mutex_unlock(&d->lock);
}

static void wake(struct lispd_worker *w)
{
	uint64_t one = 1;

	if (w->evfd >= 0 && write(w->evfd, &one, sizeof(one)) < 0 &&
	    errno != EAGAIN)
		log_error("worker: eventfd: %s", strerror(errno));
}

static void *worker_main(void *arg)
{
	struct lispd_worker *w = arg;
	struct lispd *d = w->d;
	struct epoll_event ev[WORKER_EVENTS];
	uint64_t v;
	int i, n;

	lispd_io_enter(w->io);
	while (!atomic_load(&d->workers_quit)) {
		n = epoll_wait(w->epfd, ev, WORKER_EVENTS, -1);
		if (n < 0 && errno != EINTR) {
			log_error("worker: epoll_wait: %s", strerror(errno));
			break;
		}
		for (i = 0; i < n && !atomic_load(&d->workers_quit); i++) {
			if (ev[i].data.u32 < WORKER_KICK) {
				lispd_io_read(w->io, ev[i].data.u32);
				continue;
			}
			/* Kicked: the sockets may have been reopened. */
			if (read(w->evfd, &v, sizeof(v)) < 0 && errno != EAGAIN)
				log_error("worker: eventfd: %s",
					  strerror(errno));
			lispd_lock(d);
			lispd_io_sync(w->io);
			lispd_unlock(d);
		}
		/* Idle next: what it counted unlocked goes in d->stats. */
		if (lispd_io_pending(w->io)) {
			lispd_lock(d);
			lispd_io_sync(w->io);
			lispd_unlock(d);
		}
	}
	return NULL;
}

static void worker_fini(struct lispd_worker *w)
{
	lispd_io_free(w->io);
	w->io = NULL;
	if (w->evfd >= 0)
		close(w->evfd);
	if (w->epfd >= 0)
		close(w->epfd);
	w->evfd = w->epfd = -1;
}

static int worker_init(struct lispd *d, struct lispd_worker *w)
{
	struct epoll_event ev = { .events = EPOLLIN,
				  .data.u32 = WORKER_KICK };

	w->d = d;
	w->epfd = epoll_create1(EPOLL_CLOEXEC);
	w->evfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (w->epfd < 0 || w->evfd < 0 ||
	    epoll_ctl(w->epfd, EPOLL_CTL_ADD, w->evfd, &ev)) {
		log_error("worker: %s", strerror(errno));
		return -1;
	}
	w->io = lispd_io_new(d, w->epfd);
	return w->io ? 0 : -1;
}

int lispd_workers_start(struct lispd *d)
{
	sigset_t all, old;
	unsigned int i;
	int err;

	if (!d->nworkers)
		return 0;
	d->workers = calloc(d->nworkers, sizeof(*d->workers));
	if (!d->workers) {
		log_error("workers: out of memory");
		return -1;
	}
	for (i = 0; i < d->nworkers; i++)
		d->workers[i].epfd = d->workers[i].evfd = -1;
	/* Signals are the main thread's (signalfd): none for workers. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (i = 0; i < d->nworkers; i++) {
		struct lispd_worker *w = &d->workers[i];

		if (worker_init(d, w))
			break;
		err = pthread_create(&w->thread, NULL, worker_main, w);
		if (err) {
			log_error("worker: %s", strerror(err));
			break;
		}
		w->started = true;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (i < d->nworkers) {
		lispd_workers_stop(d);
		return -1;
	}
	log_info("%u workers read the control port", d->nworkers);
	return 0;
}

void lispd_workers_kick(struct lispd *d)
{
	unsigned int i;

	for (i = 0; d->workers && i < d->nworkers; i++)
		wake(&d->workers[i]);
}

void lispd_workers_stop(struct lispd *d)
{
	unsigned int i;

	if (!d->workers)
		return;
	/* Unlocked: a worker may be waiting for the lock to finish. */
	atomic_store(&d->workers_quit, true);
	lispd_workers_kick(d);
	for (i = 0; i < d->nworkers; i++) {
		if (d->workers[i].started)
			pthread_join(d->workers[i].thread, NULL);
	}
	for (i = 0; i < d->nworkers; i++)
		worker_fini(&d->workers[i]);
	free(d->workers);
	d->workers = NULL;
}
