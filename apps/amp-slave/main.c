/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * amp-slave: the slave core as a host process. It attaches to the shared
 * object a master names, answers OACS on the session "oacs" and echoes what
 * arrives on the session "echo", until SIGTERM (or its parent's death when
 * started by ampctl --spawn).
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "amp/oacs_service.h"
#include "amp_posix.h"

#define IDLE_WAIT_MS 5u

_Static_assert(AMP_OACS_BOARD_LEN == 16u, "amp-slave: the --board message says 16");

static volatile sig_atomic_t stop_requested;

static void on_term(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void echo_data(struct amp_session *s, const void *data, size_t len, void *priv)
{
	(void)priv;
	/* Out of buffers: the master's echo test sends one at a time, so this is rare; drop and
	 * count. */
	if (amp_session_send(s, data, len) != AMP_OK)
		fprintf(stderr, "amp-slave: echo of %zu bytes dropped (no buffer)\n", len);
}

static const struct amp_session_ops echo_ops = {.data = echo_data};

static void usage(FILE *f)
{
	fprintf(f, "usage: amp-slave --shm /NAME [--trace] [--board NAME] [--exit-with-parent]\n");
}

/* Every value is checked before the shared object is touched: exit 2, nothing created. */
static int bad_value(const char *opt, const char *arg, const char *want)
{
	fprintf(stderr, "amp-slave: bad %s '%s' (%s)\n", opt, arg, want);
	usage(stderr);
	return 2;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"shm", required_argument, 0, 's'},	  {"trace", no_argument, 0, 't'},
	    {"board", required_argument, 0, 'b'}, {"exit-with-parent", no_argument, 0, 'p'},
	    {"help", no_argument, 0, 'h'},	  {0, 0, 0, 0},
	};
	static struct amp_oacs_service svc;
	static struct amp amp;
	const char *name = NULL, *board = "posix-host";
	struct amp_posix_shm shm;
	struct amp_posix_port pp;
	int c, trace = 0, err;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			name = optarg;
			break;
		case 't':
			trace = 1;
			break;
		case 'b':
			board = optarg;
			break;
		case 'p':
			prctl(PR_SET_PDEATHSIG, SIGTERM);
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "amp-slave: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	if (!name) {
		fprintf(stderr, "amp-slave: --shm /NAME is required\n");
		usage(stderr);
		return 2;
	}
	if (amp_posix_shm_name_problem(name))
		return bad_value("--shm", name, amp_posix_shm_name_problem(name));
	if (!board[0] || strlen(board) > AMP_OACS_BOARD_LEN)
		return bad_value("--board", board, "1 to 16 characters");
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	err = amp_posix_shm_attach(&shm, name, AMP_CFG_SHM_SIZE);
	if (err) {
		fprintf(stderr, "amp-slave: cannot attach %s: %s\n", name, amp_strerror(err));
		return 1;
	}
	amp_posix_port_init(&pp, &shm, AMP_ROLE_SLAVE);
	pp.trace_out = trace ? stderr : NULL;
	err = amp_init(&amp, AMP_ROLE_SLAVE, &pp.port);
	if (!err)
		err = amp_session_listen(amp_sessions(&amp), "echo", &echo_ops, NULL);
	if (!err)
		err = amp_oacs_service_start(&svc, &amp, board);
	if (err) {
		fprintf(stderr, "amp-slave: cannot start on %s: %s\n", name, amp_strerror(err));
		amp_posix_shm_close(&shm);
		return 1;
	}
	while (!stop_requested) {
		int work = amp_poll(&amp);

		work += amp_oacs_service_poll(&svc);
		if (!work)
			pp.port.ops->wait(pp.port.ctx, IDLE_WAIT_MS);
	}
	amp_posix_shm_close(&shm);
	return 0;
}
