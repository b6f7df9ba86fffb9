/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A program written against an installed amplink, the way a user would: the
 * master and the slave as two processes (fork) over the POSIX port's shared
 * memory, 200 checked echo messages on the session "echo". Uses only the
 * installed headers (amp/amp.h, amp_posix.h). Exit status 0 when every
 * message came back intact, 1 otherwise (or after 30 s without the last one).
 */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "amp/amp.h"
#include "amp_posix.h"

#define MESSAGES     200u
#define IDLE_WAIT_MS 10u
#define GIVE_UP_S    30

#define STR_(x)	       #x
#define STR(x)	       STR_(x)
#define HEADER_VERSION STR(AMP_VERSION_MAJOR) "." STR(AMP_VERSION_MINOR) "." STR(AMP_VERSION_PATCH)

static volatile sig_atomic_t stop_requested;

static void on_term(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* ---- slave: echo whatever arrives ---- */

static void slave_data(struct amp_session *s, const void *data, size_t len, void *priv)
{
	(void)priv;
	if (amp_session_send(s, data, len) != AMP_OK)
		fprintf(stderr, "consumer slave: echo of %zu bytes dropped\n", len);
}

static const struct amp_session_ops slave_ops = {.data = slave_data};

static int slave_main(const char *name)
{
	static struct amp amp;
	struct amp_posix_shm shm;
	struct amp_posix_port pp;

	signal(SIGTERM, on_term);
	if (amp_posix_shm_open(&shm, name, AMP_CFG_SHM_SIZE))
		return 2;
	amp_posix_port_init(&pp, &shm, AMP_ROLE_SLAVE);
	if (amp_init(&amp, AMP_ROLE_SLAVE, &pp.port) ||
	    amp_session_listen(amp_sessions(&amp), "echo", &slave_ops, NULL))
		return 2;
	while (!stop_requested)
		if (!amp_poll(&amp))
			pp.port.ops->wait(pp.port.ctx, IDLE_WAIT_MS);
	amp_posix_shm_close(&shm);
	return 0;
}

/* ---- master: send message i, check its echo, send i + 1 ---- */

struct echo_state {
	uint8_t msg[AMP_CFG_BUF_SIZE];
	size_t len;
	uint32_t sent, received, errors;
	int pending; /* msg could not be sent yet (no free buffer): retry */
};

static void next_message(struct echo_state *st)
{
	size_t i;

	st->len = 1u + (st->sent * 37u) % 400u;
	for (i = 0; i < st->len; i++)
		st->msg[i] = (uint8_t)(st->sent + i * 7u);
}

static void master_send(struct amp_session *s, struct echo_state *st)
{
	int err;

	if (!st->pending)
		next_message(st);
	err = amp_session_send(s, st->msg, st->len);
	st->pending = err == AMP_ENOBUFS;
	if (err == AMP_OK)
		st->sent++;
	else if (err != AMP_ENOBUFS)
		st->errors++;
}

static void master_opened(struct amp_session *s, void *priv)
{
	master_send(s, priv);
}

static void master_data(struct amp_session *s, const void *data, size_t len, void *priv)
{
	struct echo_state *st = priv;

	if (len != st->len || memcmp(data, st->msg, len) != 0)
		st->errors++;
	st->received++;
	if (st->sent < MESSAGES)
		master_send(s, st);
}

static const struct amp_session_ops master_ops = {.opened = master_opened, .data = master_data};

static int master_main(const char *name)
{
	static struct amp amp;
	static struct echo_state st;
	struct amp_posix_shm shm;
	struct amp_posix_port pp;
	struct amp_session *s = NULL;
	time_t deadline = time(NULL) + GIVE_UP_S;

	if (amp_posix_shm_open(&shm, name, AMP_CFG_SHM_SIZE))
		return 2;
	amp_posix_port_init(&pp, &shm, AMP_ROLE_MASTER);
	if (amp_init(&amp, AMP_ROLE_MASTER, &pp.port))
		return 2;
	while (st.received < MESSAGES && !st.errors && time(NULL) < deadline) {
		int work = amp_poll(&amp);

		if (!s && amp_is_ready(&amp) &&
		    amp_session_open(amp_sessions(&amp), "echo", &master_ops, &st, &s) != AMP_OK)
			s = NULL;
		if (s && st.pending)
			master_send(s, &st);
		if (!work)
			pp.port.ops->wait(pp.port.ctx, IDLE_WAIT_MS);
	}
	printf("consumer echo: messages=%u errors=%u library=%s headers=%s\n", st.received,
	       st.errors, amp_version(), HEADER_VERSION);
	amp_posix_shm_close(&shm);
	return st.received == MESSAGES && !st.errors && !strcmp(amp_version(), HEADER_VERSION) ? 0
											       : 1;
}

int main(void)
{
	struct amp_posix_shm shm;
	char name[64];
	pid_t slave;
	int status = 0, rc;

	snprintf(name, sizeof(name), "/amplink-consumer-%d", (int)getpid());
	if (amp_posix_shm_create(&shm, name, AMP_CFG_SHM_SIZE)) {
		fprintf(stderr, "consumer: cannot create shared memory %s\n", name);
		return 2;
	}
	amp_posix_shm_scramble(&shm, 1u);
	fflush(stdout);
	slave = fork();
	if (slave == 0)
		_exit(slave_main(name));
	if (slave < 0) {
		fprintf(stderr, "consumer: fork failed\n");
		rc = 2;
	} else {
		rc = master_main(name);
		kill(slave, SIGTERM);
		waitpid(slave, &status, 0);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "consumer: the slave process failed (status %d)\n", status);
			rc = 1;
		}
	}
	amp_posix_shm_close(&shm);
	amp_posix_shm_unlink(name);
	return rc;
}
