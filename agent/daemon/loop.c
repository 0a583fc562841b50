// SPDX-License-Identifier: GPL-2.0
/*
 * The event loop: epoll over every descriptor, one timerfd armed for
 * the earliest timer of the list, and a signalfd for SIGTERM/SIGINT
 * (stop) and SIGHUP (reload), so that signals are handled in the loop
 * like anything else and no handler runs in between.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "daemon.h"

#define LOOP_EVENTS	32

int lispd_watch_add(struct lispd *d, struct lispd_watch *w, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = w };

	return epoll_ctl(d->epfd, EPOLL_CTL_ADD, w->fd, &ev);
}

int lispd_watch_mod(struct lispd *d, struct lispd_watch *w, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = w };

	return epoll_ctl(d->epfd, EPOLL_CTL_MOD, w->fd, &ev);
}

void lispd_watch_del(struct lispd *d, struct lispd_watch *w)
{
	if (w->fd >= 0)
		epoll_ctl(d->epfd, EPOLL_CTL_DEL, w->fd, NULL);
}

/* Point the timerfd at the head of the list if that moved. */
static void timerfd_update(struct lispd *d)
{
	uint64_t at = lispd_timers_next(&d->timers);
	struct itimerspec its;

	if (at == d->timerfd_at)
		return;
	memset(&its, 0, sizeof(its));
	if (at != LISPD_TIMER_NONE) {
		/* 0 would disarm: a deadline at 0 is due anyway. */
		if (!at)
			at = 1;
		its.it_value.tv_sec = (time_t)(at / 1000);
		its.it_value.tv_nsec = (long)(at % 1000) * 1000000;
	}
	if (timerfd_settime(d->timerfd.fd, TFD_TIMER_ABSTIME, &its, NULL))
		log_error("timerfd_settime: %s", strerror(errno));
	else
		d->timerfd_at = at;
}

void lispd_timer_arm(struct lispd *d, struct lispd_timer *t, uint64_t at_ms)
{
	lispd_timer_set(&d->timers, t, at_ms);
	timerfd_update(d);
}

void lispd_timer_stop(struct lispd *d, struct lispd_timer *t)
{
	lispd_timer_cancel(&d->timers, t);
	timerfd_update(d);
}

static void on_timerfd(struct lispd *d, struct lispd_watch *w,
		       uint32_t events)
{
	uint64_t expirations;

	(void)events;
	if (read(w->fd, &expirations, sizeof(expirations)) < 0 &&
	    errno != EAGAIN)
		log_error("timerfd: %s", strerror(errno));
	d->timerfd_at = LISPD_TIMER_NONE;	/* it fired: re-arm below */
	lispd_timers_run(&d->timers, lispd_now_ms());
	timerfd_update(d);
}

static void on_signal(struct lispd *d, struct lispd_watch *w,
		      uint32_t events)
{
	struct signalfd_siginfo si;
	char *text = NULL;
	size_t len = 0;
	FILE *report;

	(void)events;
	while (read(w->fd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGHUP) {
			log_info("SIGHUP: reloading %s", d->conf_path);
			report = open_memstream(&text, &len);
			if (!report) {
				log_error("reload: out of memory");
				continue;
			}
			lispd_reload(d, report);
			fclose(report);
			free(text);
			text = NULL;
		} else {
			log_info("%s: exiting", strsignal((int)si.ssi_signo));
			d->stop = true;
		}
	}
}

int lispd_loop_init(struct lispd *d)
{
	sigset_t mask;

	d->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (d->epfd < 0)
		return -1;
	d->timerfd_at = LISPD_TIMER_NONE;
	d->timerfd.fd = timerfd_create(CLOCK_MONOTONIC,
				       TFD_NONBLOCK | TFD_CLOEXEC);
	d->timerfd.fn = on_timerfd;
	if (d->timerfd.fd < 0 || lispd_watch_add(d, &d->timerfd, EPOLLIN))
		return -1;
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &mask, NULL))
		return -1;
	/* A client that hangs up must not kill us with SIGPIPE. */
	signal(SIGPIPE, SIG_IGN);
	d->sigfd.fd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	d->sigfd.fn = on_signal;
	if (d->sigfd.fd < 0 || lispd_watch_add(d, &d->sigfd, EPOLLIN))
		return -1;
	return 0;
}

void lispd_loop_fini(struct lispd *d)
{
	if (d->sigfd.fd >= 0)
		close(d->sigfd.fd);
	if (d->timerfd.fd >= 0)
		close(d->timerfd.fd);
	if (d->epfd >= 0)
		close(d->epfd);
	d->sigfd.fd = d->timerfd.fd = d->epfd = -1;
}

int lispd_loop_run(struct lispd *d)
{
	struct epoll_event ev[LOOP_EVENTS];
	struct lispd_watch *w;
	int i, n;

	while (!d->stop) {
		n = epoll_wait(d->epfd, ev, LOOP_EVENTS, -1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			log_error("epoll_wait: %s", strerror(errno));
			return -1;
		}
		/* Workers handle datagrams under it too (worker.c). */
		lispd_lock(d);
		for (i = 0; i < n && !d->stop; i++) {
			w = ev[i].data.ptr;
			/* Closed by an earlier handler of this batch. */
			if (w->fd < 0)
				continue;
			w->fn(d, w, ev[i].events);
		}
		lispd_unlock(d);
	}
	return 0;
}
