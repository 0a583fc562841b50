/* SPDX-License-Identifier: GPL-2.0 */
/* JSON output helpers for the "-j" forms of lispd's show commands. */
#ifndef LISPD_JSON_H
#define LISPD_JSON_H

#include <stdio.h>

/* Print @s as a JSON string literal, escaped. */
void json_print_string(FILE *f, const char *s);

#endif /* LISPD_JSON_H */
