/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmod/lpm.c, built into lispd and the unit tests under its own names
 * (lisp_ms_lpm_*), so that test_lpm.c, which includes lpm.c itself, can
 * still link with the agent's pure sources.  lpm_user.c is the build.
 */
#ifndef LISP_MS_LPM_H
#define LISP_MS_LPM_H

#define lpm_init	lisp_ms_lpm_init
#define lpm_insert	lisp_ms_lpm_insert
#define lpm_delete	lisp_ms_lpm_delete
#define lpm_lookup	lisp_ms_lpm_lookup
#define lpm_get		lisp_ms_lpm_get
#define lpm_walk	lisp_ms_lpm_walk
#define lpm_clear	lisp_ms_lpm_clear
#define lpm_destroy	lisp_ms_lpm_destroy

#include "../../kmod/lpm.h"

#endif /* LISP_MS_LPM_H */
