/* SPDX-License-Identifier: BSD-3-Clause */
/* The master core inside ampctl: one thread polls amplink; requests come from the shell. */
#include <string.h>
#include <time.h>

#include "ctl.h"

#define IDLE_WAIT_MS 2u

static void sleep_ms(uint32_t ms)
{
	struct timespec ts = {(time_t)(ms / 1000u), (long)(ms % 1000u) * 1000000L};

	nanosleep(&ts, NULL);
}

static void *poll_thread(void *arg)
{
	struct ctl_node *n = arg;

	while (!n->stop) {
		int work;

		pthread_mutex_lock(&n->lock);
		work = amp_poll(&n->amp);
		if (amp_is_ready(&n->amp) && !n->remote_opened) {
			n->remote_opened = amp_oacs_remote_open(&n->remote, &n->amp) == AMP_OK;
			work = 1;
		}
		if (!amp_is_ready(&n->amp))
			n->remote_opened = 0; /* the session died with the channel: open again */
		work += amp_oacs_remote_poll(&n->remote);
		pthread_mutex_unlock(&n->lock);
		if (!work)
			n->pp.port.ops->wait(n->pp.port.ctx, IDLE_WAIT_MS);
	}
	return NULL;
}

int ctl_node_start(struct ctl_node *n, const char *shm_name, int fresh)
{
	int err;

	memset(n, 0, sizeof(*n));
	err = fresh ? amp_posix_shm_create(&n->shm, shm_name, AMP_CFG_SHM_SIZE)
		    : amp_posix_shm_attach(&n->shm, shm_name, AMP_CFG_SHM_SIZE);
	if (err)
		return err;
	if (fresh)
		amp_posix_shm_scramble(&n->shm, (uint32_t)time(NULL));
	amp_posix_port_init(&n->pp, &n->shm, AMP_ROLE_MASTER);
	amp_init(&n->amp, AMP_ROLE_MASTER, &n->pp.port);
	pthread_mutex_init(&n->lock, NULL);
	if (pthread_create(&n->thread, NULL, poll_thread, n)) {
		amp_posix_shm_close(&n->shm);
		return AMP_EIO;
	}
	return AMP_OK;
}

void ctl_node_stop(struct ctl_node *n)
{
	n->stop = 1;
	amp_posix_ring(&n->shm, AMP_ROLE_MASTER); /* wake the poll thread */
	pthread_join(n->thread, NULL);
	amp_posix_shm_close(&n->shm);
}

int ctl_node_wait_ready(struct ctl_node *n, uint32_t timeout_ms)
{
	uint32_t start = amp_posix_now_ms();

	for (;;) {
		int ready;

		pthread_mutex_lock(&n->lock);
		ready = amp_oacs_remote_ready(&n->remote);
		pthread_mutex_unlock(&n->lock);
		if (ready)
			return AMP_OK;
		if (amp_posix_now_ms() - start >= timeout_ms)
			return AMP_ETIMEDOUT;
		sleep_ms(1);
	}
}

static void on_reply(void *ctx, int status, const struct amp_oacs_frame *reply)
{
	struct ctl_reply *r = ctx;

	r->status = status;
	r->len = 0;
	if (reply && reply->len <= sizeof(r->payload)) {
		r->len = reply->len;
		memcpy(r->payload, reply->payload, reply->len);
	}
	r->done = 1;
}

int ctl_request(struct ctl_node *n, uint16_t cmd, const void *payload, uint16_t len,
		uint32_t timeout_ms, struct ctl_reply *out)
{
	uint32_t start = amp_posix_now_ms();
	int rc;

	memset(out, 0, sizeof(*out));
	for (;;) {
		pthread_mutex_lock(&n->lock);
		rc = amp_oacs_remote_request(&n->remote, cmd, payload, len, timeout_ms, on_reply,
					     out);
		pthread_mutex_unlock(&n->lock);
		if (rc != AMP_ENOBUFS && rc != AMP_ENOSPC)
			break;
		if (amp_posix_now_ms() - start >= timeout_ms)
			return AMP_ETIMEDOUT;
		sleep_ms(1);
	}
	if (rc < 0)
		return rc;
	/* The client ends every request by its timeout at the latest; the margin is for safety. */
	for (;;) {
		int done;

		pthread_mutex_lock(&n->lock);
		done = out->done;
		pthread_mutex_unlock(&n->lock);
		if (done)
			return AMP_OK;
		if (amp_posix_now_ms() - start >= timeout_ms + 1000u)
			return AMP_ETIMEDOUT;
		sleep_ms(1);
	}
}
