/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * OACS client: up to AMP_OACS_CLIENT_INFLIGHT requests in flight, each
 * matched to its reply by (seq, cmd), each ending exactly once: reply,
 * error reply, timeout or abort. Time is whatever now_ms the caller passes.
 */
#include <string.h>

#include "amp/errors.h"
#include "amp/oacs.h"
#include "../common/amp_le.h"

/* Reads per amp_oacs_client_poll call, at most. */
#define CLIENT_READ_BUDGET 8u
/* A deadline this far behind "now" (modulo 2^32) is in the future. */
#define HALF_RANGE 0x80000000u

int amp_oacs_client_init(struct amp_oacs_client *c, const struct amp_oacs_io *io)
{
	if (!c || !io || !io->read || !io->write)
		return AMP_EINVAL;
	memset(c, 0, sizeof(*c));
	amp_oacs_decoder_init(&c->dec);
	c->io = *io;
	return AMP_OK;
}

/* NULL, or never through amp_oacs_client_init (a zeroed client has no io). */
static int client_ready(const struct amp_oacs_client *c)
{
	return c && c->io.read && c->io.write;
}

void amp_oacs_client_set_event_cb(struct amp_oacs_client *c, amp_oacs_frame_cb cb, void *ctx)
{
	if (!client_ready(c))
		return;
	c->on_event = cb;
	c->event_ctx = ctx;
}

uint32_t amp_oacs_client_inflight(const struct amp_oacs_client *c)
{
	uint32_t i, n = 0;

	if (!c)
		return 0;
	for (i = 0; i < AMP_OACS_CLIENT_INFLIGHT; i++)
		n += c->slot[i].in_use;
	return n;
}

/* Free the slot first: the callback may send the next request. */
static void client_complete(struct amp_oacs_pending *p, int status,
			    const struct amp_oacs_frame *reply)
{
	amp_oacs_reply_cb cb = p->cb;
	void *ctx = p->ctx;

	p->in_use = 0;
	cb(ctx, status, reply);
}

void amp_oacs_client_abort(struct amp_oacs_client *c, int err)
{
	uint32_t i;

	/* status >= 0 would tell the callbacks "reply", with no reply to show */
	if (!c || err >= 0)
		return;
	for (i = 0; i < AMP_OACS_CLIENT_INFLIGHT; i++)
		if (c->slot[i].in_use)
			client_complete(&c->slot[i], err, NULL);
}

static int client_flush(struct amp_oacs_client *c)
{
	while (c->out_off < c->out_len) {
		int rc = c->io.write(c->io.ctx, c->out + c->out_off, c->out_len - c->out_off);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return AMP_OK;
		c->out_off += (uint32_t)rc;
	}
	c->out_len = c->out_off = 0;
	return AMP_OK;
}

static struct amp_oacs_pending *client_find(struct amp_oacs_client *c, uint16_t seq, uint16_t cmd)
{
	uint32_t i;

	for (i = 0; i < AMP_OACS_CLIENT_INFLIGHT; i++)
		if (c->slot[i].in_use && c->slot[i].seq == seq && c->slot[i].cmd == cmd)
			return &c->slot[i];
	return NULL;
}

static struct amp_oacs_pending *client_free_slot(struct amp_oacs_client *c)
{
	uint32_t i;

	for (i = 0; i < AMP_OACS_CLIENT_INFLIGHT; i++)
		if (!c->slot[i].in_use)
			return &c->slot[i];
	return NULL;
}

/* The next sequence number no request in flight uses (at most INFLIGHT + 1 tries). */
static uint16_t client_next_seq(struct amp_oacs_client *c)
{
	uint32_t i, tries;

	for (tries = 0; tries <= AMP_OACS_CLIENT_INFLIGHT; tries++) {
		uint16_t seq = c->next_seq++;

		for (i = 0; i < AMP_OACS_CLIENT_INFLIGHT; i++)
			if (c->slot[i].in_use && c->slot[i].seq == seq)
				break;
		if (i == AMP_OACS_CLIENT_INFLIGHT)
			return seq;
	}
	return c->next_seq; /* not reached: INFLIGHT slots cannot hold INFLIGHT + 1 numbers */
}

int amp_oacs_client_request(struct amp_oacs_client *c, uint16_t cmd, const void *payload,
			    uint16_t len, uint32_t now_ms, uint32_t timeout_ms,
			    amp_oacs_reply_cb cb, void *ctx)
{
	struct amp_oacs_pending *p;
	uint16_t seq;
	int rc;

	if (!client_ready(c) || !cb || (len && !payload) || timeout_ms >= HALF_RANGE)
		return AMP_EINVAL;
	if (len > AMP_OACS_PAYLOAD_MAX)
		return AMP_EMSGSIZE;
	rc = client_flush(c);
	if (rc < 0)
		return rc;
	if (c->out_len)
		return AMP_ENOBUFS;
	p = client_free_slot(c);
	if (!p)
		return AMP_ENOSPC;
	seq = client_next_seq(c);
	if (len)
		memcpy(c->out + AMP_OACS_HDR_SIZE, payload, len);
	rc = amp_oacs_encode_in_place(c->out, sizeof(c->out), AMP_OACS_REQUEST, seq, cmd, len);
	if (rc < 0)
		return rc;
	c->out_len = (uint32_t)rc;
	c->out_off = 0;
	rc = client_flush(c);
	if (rc < 0) {
		c->out_len = c->out_off = 0;
		return rc;
	}
	p->cb = cb;
	p->ctx = ctx;
	p->deadline = now_ms + timeout_ms;
	p->seq = seq;
	p->cmd = cmd;
	p->in_use = 1;
	c->stats.requests++;
	return seq;
}

/* A good frame from the server: 1 if it ended a request. */
static int client_dispatch(struct amp_oacs_client *c, const struct amp_oacs_frame *f)
{
	struct amp_oacs_pending *p;
	int status = AMP_OACS_OK;

	if (f->kind == AMP_OACS_EVENT) {
		c->stats.events++;
		if (c->on_event)
			c->on_event(c->event_ctx, f);
		return 0;
	}
	p = f->kind == AMP_OACS_REQUEST ? NULL : client_find(c, f->seq, f->cmd);
	if (!p) {
		c->stats.unmatched++;
		return 0;
	}
	if (f->kind == AMP_OACS_ERROR) {
		status = f->len >= AMP_OACS_ERROR_LEN ? amp_le_get16(f->payload) : 0;
		if (status == AMP_OACS_OK)
			status = AMP_OACS_ERR_INTERNAL; /* an error frame must say which */
		c->stats.errors++;
	} else {
		c->stats.responses++;
	}
	client_complete(p, status, f);
	return 1;
}

/* A reply whose header was good but whose CRC was not: end its request now. */
static int client_dispatch_bad(struct amp_oacs_client *c, const struct amp_oacs_frame *f)
{
	struct amp_oacs_pending *p = client_find(c, f->seq, f->cmd);

	if (!p || f->kind == AMP_OACS_REQUEST || f->kind == AMP_OACS_EVENT)
		return 0;
	c->stats.errors++;
	client_complete(
	    p, f->len > AMP_OACS_PAYLOAD_MAX ? AMP_OACS_ERR_BAD_LENGTH : AMP_OACS_ERR_BAD_CRC,
	    NULL);
	return 1;
}

static int client_expire(struct amp_oacs_client *c, uint32_t now_ms)
{
	uint32_t i;
	int n = 0;

	for (i = 0; i < AMP_OACS_CLIENT_INFLIGHT; i++) {
		struct amp_oacs_pending *p = &c->slot[i];

		if (p->in_use && now_ms - p->deadline < HALF_RANGE) {
			c->stats.timeouts++;
			client_complete(p, AMP_ETIMEDOUT, NULL);
			n++;
		}
	}
	/* nobody waits any more: a half-received frame must not hold back the next reply */
	if (n && amp_oacs_client_inflight(c) == 0u)
		amp_oacs_decoder_drop_partial(&c->dec);
	return n;
}

/* An I/O error ends every request in flight with it. */
static int client_fail(struct amp_oacs_client *c, int err)
{
	amp_oacs_client_abort(c, err);
	return err;
}

int amp_oacs_client_poll(struct amp_oacs_client *c, uint32_t now_ms)
{
	struct amp_oacs_frame f;
	uint32_t reads = 0;
	int rc, done = 0;

	/* a zeroed client gets AMP_EINVAL from amp_oacs_decoder_read (no io.read) */
	if (!c)
		return AMP_EINVAL;
	rc = client_flush(c);
	if (rc < 0)
		return client_fail(c, rc);
	for (;;) {
		int res = amp_oacs_decoder_next(&c->dec, &f);

		if (res == AMP_OACS_DEC_FRAME) {
			done += client_dispatch(c, &f);
			continue;
		}
		if (res == AMP_OACS_DEC_BAD_FRAME) {
			done += client_dispatch_bad(c, &f);
			continue;
		}
		if (reads++ == CLIENT_READ_BUDGET)
			break;
		rc = amp_oacs_decoder_read(&c->dec, &c->io);
		if (rc < 0)
			return client_fail(c, rc);
		if (rc == 0)
			break;
	}
	return done + client_expire(c, now_ms);
}
