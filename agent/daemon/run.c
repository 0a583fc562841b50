// SPDX-License-Identifier: GPL-2.0
/*
 * "lispd run [-f FILE] [-S SOCKET] [--no-kernel] [--workers N]": set
 * up, run the loop until SIGTERM/SIGINT, tear down.  Foreground, logs
 * on stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "daemon.h"
#include "nonce.h"

uint64_t lispd_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int usage(void)
{
	fprintf(stderr, "Usage: lispd run [-f FILE] [-S SOCKET] "
		"[--no-kernel] [--workers N]\n"
		"  -f FILE      configuration (default %s)\n"
		"  -S SOCKET    control socket (default $%s or %s)\n"
		"  --no-kernel  control plane only: no lisp.ko calls\n"
		"  --workers N  N threads (1 to %d, default 1) read the "
		"control port\n",
		LISPD_DEFAULT_CONF, LISPD_SOCK_ENV, LISPD_DEFAULT_SOCK,
		LISPD_WORKERS_MAX);
	return 2;
}

/* The scratch buffers (struct lispd's last members); NULL ones too. */
static void free_scratch(struct lispd *d)
{
	free(d->rxbuf);
	free(d->txbuf);
	free(d->mreq);
	free(d->mrep);
	free(d->mreg);
	free(d->mnot);
	free(d->req_act);
	free(d->reg_act);
}

static struct lispd *lispd_new(void)
{
	struct lispd *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->epfd = d->timerfd.fd = d->sigfd.fd = -1;
	pthread_mutex_init(&d->lock, NULL);
	d->udp4.fd = d->udp6.fd = d->ctl.fd = -1;
	d->rxbuf = malloc(LISPD_PKT_MAX);
	d->txbuf = malloc(LISPD_PKT_MAX);
	d->mreq = malloc(sizeof(*d->mreq));
	d->mrep = malloc(sizeof(*d->mrep));
	d->mreg = malloc(sizeof(*d->mreg));
	d->mnot = malloc(sizeof(*d->mnot));
	d->req_act = malloc(sizeof(*d->req_act));
	d->reg_act = malloc(sizeof(*d->reg_act));
	lispd_itr_init(d);
	lispd_kevents_init(d);
	lispd_etr_init(d);
	lispd_dyneid_init(d);
	if (!d->rxbuf || !d->txbuf || !d->mreq || !d->mrep || !d->mreg ||
	    !d->mnot || !d->req_act || !d->reg_act || lispd_ms_init(d) ||
	    lisp_rl_init(&d->rl_src, LISPD_RL_ENTRIES, lispd_nonce(NULL)) ||
	    lisp_rl_init(&d->rl_itr, LISPD_RL_ENTRIES, lispd_nonce(NULL)) ||
	    lisp_rl_init(&d->rl_smr, LISPD_RL_ENTRIES, lispd_nonce(NULL)) ||
	    lisp_rl_init(&d->rl_smr_send, LISPD_RL_ENTRIES,
			 lispd_nonce(NULL))) {
		lisp_rl_free(&d->rl_src);
		lisp_rl_free(&d->rl_itr);
		lisp_rl_free(&d->rl_smr);
		lisp_rl_free(&d->rl_smr_send);
		free_scratch(d);
		free(d);
		return NULL;
	}
	return d;
}

static void lispd_free(struct lispd *d)
{
	lispd_ctl_close(d);
	lispd_udp_close(d);
	lispd_itr_fini(d);
	lispd_kevents_fini(d);
	lispd_etr_fini(d);
	lispd_ms_fini(d);
	lisp_rl_free(&d->rl_src);
	lisp_rl_free(&d->rl_itr);
	lisp_rl_free(&d->rl_smr);
	lisp_rl_free(&d->rl_smr_send);
	lispd_loop_fini(d);
	if (d->kern_open)
		lisp_kernel_close(&d->kern);
	lispd_conf_free(d->conf);
	free_scratch(d);
	pthread_mutex_destroy(&d->lock);
	free(d);
}

/* The kernel: required if the configuration programs it. */
static int kernel_start(struct lispd *d, const struct lispd_conf *c)
{
	if (!d->use_kernel)
		return 0;
	if (lisp_kernel_open(&d->kern) == 0) {
		d->kern_open = true;
		return 0;
	}
	if (!lispd_conf_needs_kernel(c)) {
		log_info("no lisp kernel module (%s): control plane only",
			 d->kern.err);
		return 0;
	}
	log_error("cannot talk to the kernel: %s (lispd run --no-kernel "
		  "runs the control plane alone)", d->kern.err);
	return -1;
}

int lispd_run_main(int argc, char **argv)
{
	const char *conf_path = LISPD_DEFAULT_CONF, *sock = NULL;
	struct lispd_conf *conf = NULL;
	char err[LISPD_CONF_ERR_MAX];
	bool use_kernel = true;
	unsigned long workers = 1;
	struct lispd *d;
	char *end;
	int i, rc = 1;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "-f") && i + 1 < argc) {
			conf_path = argv[++i];
		} else if (!strcmp(argv[i], "-S") && i + 1 < argc) {
			sock = argv[++i];
		} else if (!strcmp(argv[i], "--no-kernel")) {
			use_kernel = false;
		} else if (!strcmp(argv[i], "--workers") && i + 1 < argc) {
			workers = strtoul(argv[++i], &end, 10);
			if (*end || !workers || workers > LISPD_WORKERS_MAX)
				return usage();
		} else {
			return usage();
		}
	}
	setvbuf(stderr, NULL, _IOLBF, 0);
	if (lispd_conf_load(conf_path, &conf, err, sizeof(err)) ||
	    (use_kernel && lispd_conf_check_kernel(conf, conf_path, err,
						   sizeof(err)))) {
		fprintf(stderr, "lispd: %s\n", err);
		lispd_conf_free(conf);
		return 1;
	}
	d = lispd_new();
	if (!d) {
		fprintf(stderr, "lispd: out of memory\n");
		lispd_conf_free(conf);
		return 1;
	}
	d->conf_path = conf_path;
	d->sock_path = lispd_sock_path(sock);
	d->use_kernel = use_kernel;
	/* One: the main thread reads the sockets, as it does the rest. */
	d->nworkers = workers > 1 ? (unsigned int)workers : 0;
	d->started_ms = lispd_now_ms();
	lispd_log_set_level(conf->log_level);
	if (lispd_loop_init(d)) {
		log_error("event loop: %m");
		goto out;
	}
	if (kernel_start(d, conf) || lispd_ctl_open(d))
		goto out;
	/* d->conf is NULL: everything is new.  d->conf owns conf after. */
	i = lispd_conf_apply(d, conf, NULL);
	conf = NULL;
	if (i && d->udp4.fd < 0)
		goto out;
	if (lispd_workers_start(d))
		goto out;
	log_info("running: %s, control socket %s", d->conf_path,
		 d->sock_path);
	rc = lispd_loop_run(d) ? 1 : 0;
	/* The main thread alone from here. */
	lispd_workers_stop(d);
	lispd_dyneid_stop(d);
	lispd_devices_stop(d);
out:
	lispd_conf_free(conf);
	lispd_free(d);
	return rc;
}
