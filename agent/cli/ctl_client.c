// SPDX-License-Identifier: GPL-2.0
/*
 * The command line's side of the control socket: "lispd show sites",
 * "lispd reload", ... send one request line to "lispd run" and print
 * the reply; the exit status is the reply's status line (0 or 1).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "cli/cli.h"
#include "daemon/daemon.h"

#define CLI_TIMEOUT_S	60	/* a reload of a large file takes a while */

/* Send line, read the reply until the daemon closes: 0, or -1 + errno. */
static int ctl_request(const char *path, const char *line, char **text,
		       size_t *len)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_sec = CLI_TIMEOUT_S };
	char buf[65536];
	FILE *out = NULL;
	ssize_t n;
	int fd, err;

	*text = NULL;
	*len = 0;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(sun.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) ||
	    connect(fd, (struct sockaddr *)&sun, sizeof(sun)) ||
	    send(fd, line, strlen(line), MSG_NOSIGNAL) < 0)
		goto err;
	out = open_memstream(text, len);
	if (!out)
		goto err;
	while ((n = recv(fd, buf, sizeof(buf), 0)) > 0)
		fwrite(buf, 1, (size_t)n, out);
	if (n < 0)
		goto err;
	fclose(out);
	close(fd);
	return 0;
err:
	err = errno;
	if (out)
		fclose(out);
	free(*text);
	*text = NULL;
	close(fd);
	errno = err;
	return -1;
}

static void unreachable(const char *path)
{
	fprintf(stderr, "lispd: cannot reach lispd at %s: %s (is lispd run "
		"going?)\n", path, strerror(errno));
}

/* The reply's status, and where its text starts; -1 if it has none. */
static int reply_status(const char *text, size_t len, const char **body)
{
	if (len < 2 || (text[0] != '0' && text[0] != '1') || text[1] != '\n')
		return -1;
	*body = text + 2;
	return text[0] - '0';
}

int lispd_ctl_cli(const char *req, int argc, char **argv, bool json)
{
	const char *opt = NULL, *path, *body;
	char line[LISPD_CTL_REQ_MAX], *text;
	size_t len, pos;
	int i, status;

	pos = (size_t)snprintf(line, sizeof(line), "%s", req);
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "-S") && i + 1 < argc) {
			opt = argv[++i];
			continue;
		}
		pos += (size_t)snprintf(line + pos, sizeof(line) - pos, "%s%s",
					pos ? " " : "", argv[i]);
		if (pos >= sizeof(line) - 4) {
			fprintf(stderr, "lispd: request too long\n");
			return 2;
		}
	}
	snprintf(line + pos, sizeof(line) - pos, "%s\n", json ? " -j" : "");
	path = lispd_sock_path(opt);
	if (ctl_request(path, line, &text, &len)) {
		unreachable(path);
		return 1;
	}
	status = reply_status(text, len, &body);
	if (status < 0) {
		fprintf(stderr, "lispd: no reply from lispd at %s\n", path);
		free(text);
		return 1;
	}
	fwrite(body, 1, len - (size_t)(body - text), status ? stderr : stdout);
	free(text);
	return status;
}

int lispd_ctl_tell(const char *line)
{
	const char *body;
	size_t len;
	char *text;
	int status;

	if (ctl_request(lispd_sock_path(NULL), line, &text, &len))
		return -1;
	status = reply_status(text, len, &body);
	free(text);
	return status;
}

/* Run cmd_show_stats(json) with its stdout into *text. */
static int kernel_stats_captured(bool json, char **text, size_t *len)
{
	FILE *tmp = tmpfile();
	int saved, rc;
	long n;

	*text = NULL;
	*len = 0;
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	if (!tmp || saved < 0 || dup2(fileno(tmp), STDOUT_FILENO) < 0) {
		if (tmp)
			fclose(tmp);
		if (saved >= 0)
			close(saved);
		return cmd_show_stats(json);
	}
	rc = cmd_show_stats(json);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	n = ftell(tmp);
	if (n > 0) {
		*text = malloc((size_t)n + 1);
		rewind(tmp);
		if (*text) {
			*len = fread(*text, 1, (size_t)n, tmp);
			(*text)[*len] = '\0';
		}
	}
	fclose(tmp);
	return rc;
}

/*
 * The kernel's counters as before, then the daemon's when one answers:
 * in text a section after; in JSON a "control_plane" member added to
 * the kernel's object (cmd_show_stats() has no hook for it: its output
 * is taken and its closing brace moved).
 */
int lispd_show_stats_all(bool json)
{
	const char *path = lispd_sock_path(NULL), *body;
	char *kern = NULL, *text = NULL;
	size_t klen = 0, len = 0;
	int rc, status = -1;

	if (!json) {
		rc = cmd_show_stats(false);
		fflush(stdout);
		if (!ctl_request(path, "show daemon-stats\n", &text, &len))
			status = reply_status(text, len, &body);
		if (status == 0)
			printf("control plane (lispd run at %s):\n%.*s", path,
			       (int)(len - (size_t)(body - text)), body);
		free(text);
		return rc;
	}
	rc = kernel_stats_captured(true, &kern, &klen);
	if (!ctl_request(path, "show daemon-stats -j\n", &text, &len))
		status = reply_status(text, len, &body);
	while (klen && (kern[klen - 1] == '\n' || kern[klen - 1] == ' '))
		klen--;
	if (status != 0) {
		if (klen)
			printf("%.*s\n", (int)klen, kern);
	} else {
		len -= (size_t)(body - text);
		while (len && body[len - 1] == '\n')
			len--;
		if (klen && kern[klen - 1] == '}')
			printf("%.*s,\"control_plane\":%.*s}\n",
			       (int)(klen - 1), kern, (int)len, body);
		else
			printf("{\"control_plane\":%.*s}\n", (int)len, body);
	}
	free(kern);
	free(text);
	return rc;
}
