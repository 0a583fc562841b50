// SPDX-License-Identifier: GPL-2.0
/* The LPM table of lisp.ko, for the Map-Server (see ms_lpm.h). */
#include "ms_lpm.h"
#include "../../kmod/lpm.c"
