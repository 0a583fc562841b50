/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "lispd lig EID [iid N] to MAP-RESOLVER [count N] [timeout S]
 *  [source ADDR] [port N] [-j]": ask a Map-Resolver for the mapping of
 * an EID, as the lig tool does.  Exit status 0 on an answer, 1 on no
 * answer or a failure, 2 on a usage error.
 */
#ifndef LISP_ITR_LIG_H
#define LISP_ITR_LIG_H

#include <stdbool.h>

/* argv[0] is the EID. */
int cmd_lig(int argc, char **argv, bool json);

#endif /* LISP_ITR_LIG_H */
