// SPDX-License-Identifier: GPL-2.0
/*
 * spare-cycles: how much of the CPU the rest of the guest leaves over.
 *
 * Runs at SCHED_IDLE, turning a fixed loop until SIGTERM or SIGINT, then
 * prints "TURNS NS": the turns made and the CLOCK_MONOTONIC ns it ran.
 * Under qemu -icount with one vCPU, guest time counts instructions, and
 * while this runs the vCPU never halts, so it never skips ahead: a run
 * alone gives ns per turn, and in a run beside a workload,
 * NS - TURNS * ns_per_turn is what the workload cost, in instructions.
 * The guest's idle-time figures are no use there: idle time under icount
 * is a jump of the clock, and the kernel's sums of it disagree with its
 * own clocks (bench/dataplane.sh).
 */
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct sched_param sp = { 0 };
	unsigned long long turns = 0;
	long long t0;

	if (sched_setscheduler(0, SCHED_IDLE, &sp)) {
		perror("spare-cycles: SCHED_IDLE");
		return 1;
	}
	if (sigaction(SIGTERM, &sa, NULL) || sigaction(SIGINT, &sa, NULL)) {
		perror("spare-cycles: sigaction");
		return 1;
	}
	t0 = now_ns();
	while (!stop)
		turns++;
	printf("%llu %lld\n", turns, now_ns() - t0);
	return 0;
}
