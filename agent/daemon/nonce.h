/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Nonces for every message lispd sends that an answer must echo: the
 * ITR's and lig's Map-Requests, the ETR's Map-Registers.  From the
 * kernel's CSPRNG (getrandom(2)), so this is I/O, not pure code: the
 * pure ITR resolver takes it as a lisp_itr_random_fn and tests pass
 * their own.
 */
#ifndef LISPD_NONCE_H
#define LISPD_NONCE_H

#include <stdint.h>

/* 64 random bits; arg is unused (a lisp_itr_random_fn). */
uint64_t lispd_nonce(void *arg);
/*
 * CLOCK_REALTIME in microseconds: where the nonces that must grow
 * across restarts start from (the ETR's Map-Registers, the Map-Server's
 * unsolicited Map-Notifies).
 */
uint64_t lispd_realtime_us(void);

#endif /* LISPD_NONCE_H */
