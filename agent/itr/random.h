/* SPDX-License-Identifier: GPL-2.0 */
/* Nonces for Map-Requests from the kernel's CSPRNG (getrandom(2)). */
#ifndef LISP_ITR_RANDOM_H
#define LISP_ITR_RANDOM_H

#include <stdint.h>

/* A lisp_itr_random_fn: 64 random bits; arg is unused. */
uint64_t lisp_itr_getrandom(void *arg);

#endif /* LISP_ITR_RANDOM_H */
