/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ampctl: an OACS shell for an amplink slave. ampctl is the master core:
 * with --spawn it creates the shared memory and starts the POSIX slave
 * (amp-slave) itself; with --shm it joins an amp-slave started by hand.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ctl.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: ampctl (--spawn | --shm /NAME) [--json] [--timeout MS] [--slave PATH]\n"
		   "              [command [args...]]\n"
		   "Without a command ampctl opens an interactive shell.\n");
	ctl_print_help(f);
}

/* amp-slave next to ampctl (installed), in the build tree, or on PATH. */
static void find_slave(char *out, size_t size)
{
	static const char *const rel[] = {"/amp-slave", "/../amp-slave/amp-slave"};
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	size_t i;

	snprintf(out, size, "amp-slave");
	if (n <= 0)
		return;
	self[n] = '\0';
	*strrchr(self, '/') = '\0';
	for (i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		if (strlen(self) + strlen(rel[i]) >= size)
			continue;
		strcpy(out, self);
		strcat(out, rel[i]);
		if (access(out, X_OK) == 0)
			return;
	}
	snprintf(out, size, "amp-slave");
}

static pid_t spawn_slave(const char *path, const char *shm)
{
	pid_t pid = fork();

	if (pid == 0) {
		execlp(path, path, "--shm", shm, "--exit-with-parent", (char *)NULL);
		fprintf(stderr, "ampctl: cannot start %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	return pid;
}

/* A path (with a '/') must name an executable now; a bare name is looked up on PATH. */
static int bad_slave_path(const char *path)
{
	const char *why = NULL;

	if (!path[0])
		why = "empty";
	else if (strlen(path) >= PATH_MAX)
		why = "longer than PATH_MAX";
	else if (strchr(path, '/') && access(path, X_OK) != 0)
		why = strerror(errno);
	if (!why)
		return 0;
	fprintf(stderr, "ampctl: bad --slave '%s' (%s)\n", path, why);
	usage(stderr);
	return 1;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"spawn", no_argument, 0, 'p'},
	    {"shm", required_argument, 0, 's'},
	    {"json", no_argument, 0, 'j'},
	    {"timeout", required_argument, 0, 't'},
	    {"slave", required_argument, 0, 'S'},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0},
	};
	static struct ctl_node node;
	struct ctl_opts o = {.json = 0, .timeout_ms = 2000};
	char slave[PATH_MAX], shm[AMP_POSIX_SHM_NAME_MAX + 1u];
	const char *shm_arg = NULL;
	int c, spawn = 0, rc, err;
	pid_t child = -1;
	char *end;
	long v;

	slave[0] = '\0';
	/* "+": options end at the command, so "ping -x" passes -x to ping. */
	while ((c = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			spawn = 1;
			break;
		case 's':
			shm_arg = optarg;
			break;
		case 'j':
			o.json = 1;
			break;
		case 't':
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || *end || v <= 0 || v > 600000) {
				fprintf(stderr, "ampctl: bad --timeout '%s' (1..600000 ms)\n",
					optarg);
				usage(stderr);
				return 2;
			}
			o.timeout_ms = (uint32_t)v;
			break;
		case 'S':
			if (bad_slave_path(optarg))
				return 2;
			strcpy(slave, optarg);
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (spawn == !!shm_arg) {
		fprintf(stderr, "ampctl: give exactly one of --spawn and --shm /NAME\n");
		usage(stderr);
		return 2;
	}
	if (shm_arg && amp_posix_shm_name_problem(shm_arg)) {
		fprintf(stderr, "ampctl: bad --shm '%s' (%s)\n", shm_arg,
			amp_posix_shm_name_problem(shm_arg));
		usage(stderr);
		return 2;
	}
	if (optind < argc && !ctl_command_known(argv[optind])) {
		fprintf(stderr, "ampctl: unknown command '%s'\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	if (spawn) {
		snprintf(shm, sizeof(shm), "/amplink-ctl-%d", (int)getpid());
		if (!slave[0])
			find_slave(slave, sizeof(slave));
	} else {
		strcpy(shm, shm_arg); /* checked: at most AMP_POSIX_SHM_NAME_MAX */
	}
	err = ctl_node_start(&node, shm, spawn);
	if (err) {
		fprintf(stderr, "ampctl: cannot set up %s: %s\n", shm, amp_strerror(err));
		return 1;
	}
	if (spawn)
		child = spawn_slave(slave, shm);
	err = ctl_node_wait_ready(&node, o.timeout_ms + 3000u);
	if (err) {
		fprintf(stderr, "ampctl: no slave answered on %s within %u ms\n", shm,
			o.timeout_ms + 3000u);
		rc = 1;
	} else if (optind < argc) {
		rc = ctl_run_command(&node, &o, argc - optind, argv + optind);
	} else {
		rc = ctl_shell(&node, &o);
	}
	ctl_node_stop(&node);
	if (child > 0) {
		kill(child, SIGTERM);
		waitpid(child, NULL, 0);
		amp_posix_shm_unlink(shm);
	}
	return rc;
}
