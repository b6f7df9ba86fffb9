/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * amp-bench-stream MODE MILLISECONDS: stream throughput between two
 * processes. The master opens a stream on a session ("bstream") and writes
 * as fast as the stream takes it; the slave reads everything and throws it
 * away. MODE doorbell: a side with nothing to do sleeps on the doorbell;
 * busypoll: nobody sleeps and nobody rings (amp_rpmsg_set_rx_notify(.., 0)).
 *
 * The figure is the bytes the slave's application read, as the master sees
 * them (written minus amp_stream_undelivered()), per second of the measured
 * part. Prints "stream: MODE bytes=N seconds=S mb_per_s=R" (MB = 10^6 bytes).
 */
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "amp/stream.h"
#include "amp_posix.h"
#include "bench_util.h"

#define SETUP_TIMEOUT_S 10.0
#define WAIT_MS		100u
#define RING_SIZE	65536u
#define CHUNK		4096u

struct side {
	struct amp amp;
	struct amp_posix_port pp;
	struct amp_session_stream ss;
	uint8_t rx_ring[RING_SIZE];
	uint8_t tx_ring[RING_SIZE];
	uint8_t chunk[CHUNK];
	int busypoll;
	int failed;
};

static void on_event(struct amp_session_stream *ss, int open, enum amp_close_reason why, void *priv)
{
	struct side *s = priv;

	(void)ss;
	if (!open && why != AMP_CLOSE_LOCAL) {
		fprintf(stderr, "amp-bench-stream: %s: stream closed (%s)\n",
			s->pp.role == AMP_ROLE_MASTER ? "master" : "slave",
			amp_close_reason_name(why));
		s->failed = 1;
	}
}

/* One round of the main loop: poll, and sleep on the doorbell if idle (doorbell mode). */
static int poll_once(struct side *s, int busy)
{
	int work = amp_poll(&s->amp);

	if (s->busypoll && amp_is_ready(&s->amp))
		amp_rpmsg_set_rx_notify(amp_rpmsg(&s->amp), 0);
	if (!work && !busy && !s->busypoll)
		s->pp.port.ops->wait(s->pp.port.ctx, WAIT_MS);
	return work;
}

static int slave_run(struct side *s)
{
	struct amp_stream_config cfg;

	memset(&cfg, 0, sizeof(cfg));
	cfg.rx_storage = s->rx_ring;
	cfg.rx_size = RING_SIZE;
	cfg.tx_storage = s->tx_ring;
	cfg.tx_size = RING_SIZE;
	if (amp_sstream_listen(&s->ss, amp_sessions(&s->amp), "bstream", &cfg, on_event, s))
		return 1;
	while (!bench_stop_requested) {
		struct amp_stream *st = amp_sstream_stream(&s->ss);
		int got = 0;

		if (st)
			got = amp_stream_read(st, s->chunk, sizeof(s->chunk));
		poll_once(s, got > 0);
	}
	return 0;
}

static int master_run(struct side *s, double seconds)
{
	struct amp_stream_config cfg;
	struct amp_stream *st = NULL;
	double deadline = bench_seconds() + SETUP_TIMEOUT_S, t0 = 0, t_end = 0, now;
	uint64_t written = 0, at_t0 = 0, delivered;
	int opened = 0;

	memset(&cfg, 0, sizeof(cfg));
	cfg.rx_storage = s->rx_ring;
	cfg.rx_size = RING_SIZE;
	cfg.tx_storage = s->tx_ring;
	cfg.tx_size = RING_SIZE;
	memset(s->chunk, 0x5a, sizeof(s->chunk));
	while (!st) {
		if (bench_seconds() > deadline || s->failed) {
			fprintf(stderr, "amp-bench-stream: no stream within %.0f s\n",
				SETUP_TIMEOUT_S);
			return 1;
		}
		if (amp_is_ready(&s->amp) && !opened) {
			if (amp_sstream_open(&s->ss, amp_sessions(&s->amp), "bstream", &cfg,
					     on_event, s))
				return 1;
			opened = 1;
		}
		poll_once(s, 0);
		st = amp_sstream_is_open(&s->ss) ? amp_sstream_stream(&s->ss) : NULL;
	}
	for (;;) {
		int n = amp_stream_write(st, s->chunk, sizeof(s->chunk));

		if (n < 0 || s->failed) {
			fprintf(stderr, "amp-bench-stream: write: %s\n", amp_strerror(n));
			return 1;
		}
		written += (uint64_t)n;
		poll_once(s, n > 0);
		now = bench_seconds();
		if (!t0 && now >= deadline - SETUP_TIMEOUT_S + seconds / 10) {
			/* A tenth of the time warms up; the measurement starts here. */
			t0 = now;
			at_t0 = written - amp_stream_undelivered(st);
			t_end = t0 + seconds;
		} else if (t0 && now >= t_end) {
			break;
		}
	}
	delivered = written - amp_stream_undelivered(st) - at_t0;
	printf("stream: %s bytes=%llu seconds=%.3f mb_per_s=%.1f\n",
	       s->busypoll ? "busypoll" : "doorbell", (unsigned long long)delivered, now - t0,
	       (double)delivered / (now - t0) / 1e6);
	fflush(stdout);
	return 0;
}

static pid_t spawn(const char *name, enum amp_role role, int busypoll, double seconds)
{
	static struct side s;
	struct amp_posix_shm shm;
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	bench_stop_on_sigterm();
	bench_pin_to_cpu(role == AMP_ROLE_MASTER ? 0 : 1);
	if (amp_posix_shm_open(&shm, name, AMP_CFG_SHM_SIZE))
		_exit(2);
	amp_posix_port_init(&s.pp, &shm, role);
	s.busypoll = busypoll;
	if (amp_init(&s.amp, role, &s.pp.port))
		_exit(2);
	_exit(role == AMP_ROLE_MASTER ? master_run(&s, seconds) : slave_run(&s));
}

int main(int argc, char **argv)
{
	struct amp_posix_shm shm;
	char name[64];
	pid_t master, slave;
	int status = 0, busypoll;
	double seconds;

	if (argc != 3 || (strcmp(argv[1], "doorbell") && strcmp(argv[1], "busypoll"))) {
		fprintf(stderr, "usage: amp-bench-stream doorbell|busypoll MILLISECONDS\n");
		return 2;
	}
	busypoll = !strcmp(argv[1], "busypoll");
	seconds = (double)bench_arg_u64(argv[2], 1, 3600000) / 1000.0;
	snprintf(name, sizeof(name), "/amp-bench-stream-%d", (int)getpid());
	if (amp_posix_shm_create(&shm, name, AMP_CFG_SHM_SIZE)) {
		fprintf(stderr, "amp-bench-stream: cannot create %s\n", name);
		return 2;
	}
	fflush(stdout);
	slave = spawn(name, AMP_ROLE_SLAVE, busypoll, seconds);
	master = spawn(name, AMP_ROLE_MASTER, busypoll, seconds);
	if (master > 0)
		waitpid(master, &status, 0);
	if (slave > 0) {
		kill(slave, SIGTERM);
		waitpid(slave, NULL, 0);
	}
	amp_posix_shm_close(&shm);
	amp_posix_shm_unlink(name);
	return master > 0 && WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
