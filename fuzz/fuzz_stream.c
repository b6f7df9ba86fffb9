/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A stream receiving hostile messages (DATA, CREDIT, CLOSE, or raw bytes,
 * each in a buffer of exactly its length) while its application reads,
 * peeks, writes, flushes and closes, and the transport below refuses sends
 * at times or goes away. Small rings, so full and empty are reached often.
 *
 * Checked: the application reads exactly the bytes of the DATA messages the
 * stream accepted, in order, none twice (a model here keeps them); reads and
 * peeks never return more than asked or than available; every message the
 * stream sends fits the transport, is well formed, and DATA never goes past
 * the grant of a CREDIT the stream accepted, nor out of sequence.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amp/errors.h"
#include "amp/stream.h"
#include "fuzz_common.h"

#define RING  256u
#define MODEL 65536u
#define HALF  0x80000000u

enum op {
	OP_RAW,
	OP_MSG,
	OP_READ,
	OP_PEEK,
	OP_WRITE,
	OP_FLUSH,
	OP_CLOSE,
	OP_BUSY,
	OP_DOWN,
	OP_COUNT,
};

struct world {
	struct amp_stream s;
	uint8_t rx_mem[RING], tx_mem[RING];
	uint8_t busy;
	/* What the stream accepted and the application has not read yet. */
	uint8_t model[MODEL];
	uint32_t m_head, m_tail;
	/* The outgoing direction, as the peer sees it. */
	uint32_t grant;	  /* highest grant the stream accepted */
	uint32_t tx_next; /* next DATA offset expected from the stream */
	uint32_t sent_msgs;
};

static struct world sim;

static int transport_send(void *ctx, const void *msg, size_t len)
{
	struct amp_stream_hdr h;

	(void)ctx;
	if (sim.busy)
		return AMP_ENOBUFS;
	FZ_ASSERT(len <= AMP_STREAM_MSG_MAX);
	FZ_ASSERT(amp_stream_hdr_decode(msg, len, &h) == AMP_OK);
	sim.sent_msgs++;
	if (h.type == AMP_STREAM_MSG_DATA) {
		FZ_ASSERT(h.len > 0);
		FZ_ASSERT(h.value == sim.tx_next);
		sim.tx_next += h.len;
		FZ_ASSERT(sim.grant - sim.tx_next < HALF); /* within the grant */
	}
	return AMP_OK;
}

static void deliver(const uint8_t *bytes, size_t len)
{
	uint8_t *msg = malloc(len ? len : 1u);
	struct amp_stream_hdr h;
	int err;

	if (!msg)
		return;
	memcpy(msg, bytes, len);
	err = amp_stream_on_message(&sim.s, msg, len);
	FZ_ASSERT(err == AMP_OK || err == AMP_EPROTO);
	if (err == AMP_OK && amp_stream_hdr_decode(msg, len, &h) == AMP_OK) {
		if (h.type == AMP_STREAM_MSG_DATA) {
			size_t i;

			FZ_ASSERT(sim.m_head - sim.m_tail + h.len <= MODEL);
			for (i = 0; i < h.len; i++)
				sim.model[(sim.m_head + i) % MODEL] = msg[AMP_STREAM_HDR_SIZE + i];
			sim.m_head += h.len;
		} else if (h.type == AMP_STREAM_MSG_CREDIT && h.value - sim.grant < HALF) {
			sim.grant = h.value;
		}
	}
	free(msg);
}

static void msg_made(struct fz_in *in)
{
	uint8_t msg[AMP_STREAM_MSG_MAX];
	struct amp_stream_stats st;
	struct amp_stream_hdr h;
	uint8_t how = fz_u8(in);
	uint32_t len;

	amp_stream_get_stats(&sim.s, &st);
	h.type = (uint8_t)(1u + how % 3u);
	h.flags = 0;
	len = fz_u16(in) % (AMP_STREAM_MSG_MAX - AMP_STREAM_HDR_SIZE + 1u);
	if (h.type == AMP_STREAM_MSG_CREDIT)
		len = AMP_STREAM_CREDIT_LEN;
	if (h.type == AMP_STREAM_MSG_CLOSE)
		len = 0;
	h.len = (uint16_t)len;
	/* Offsets near the right ones, mostly: DATA in sequence, credit just ahead. */
	if (h.type == AMP_STREAM_MSG_CREDIT)
		h.value = sim.tx_next + fz_u16(in);
	else
		h.value = sim.m_head + ((how & 0x10u) ? fz_u32(in) : 0u);
	amp_stream_hdr_encode(msg, &h);
	if (h.type == AMP_STREAM_MSG_CREDIT) {
		uint32_t consumed = sim.tx_next - ((how & 0x20u) ? fz_u16(in) : 0u);

		memcpy(msg + AMP_STREAM_HDR_SIZE, &consumed, 4); /* little-endian host */
	} else {
		len = (uint32_t)fz_bytes(in, msg + AMP_STREAM_HDR_SIZE, len);
		msg[2] = (uint8_t)len;
		msg[3] = (uint8_t)(len >> 8);
	}
	deliver(msg, AMP_STREAM_HDR_SIZE + len);
}

static void msg_raw(struct fz_in *in)
{
	uint8_t msg[AMP_STREAM_MSG_MAX + 8u];
	size_t len = fz_bytes(in, msg, fz_u16(in) % sizeof(msg));

	deliver(msg, len);
}

static void app_read(struct fz_in *in, int peek)
{
	uint8_t buf[2 * RING];
	uint32_t len = fz_u16(in) % sizeof(buf), avail = amp_stream_available(&sim.s), i;
	int n = peek ? amp_stream_peek(&sim.s, buf, len) : amp_stream_read(&sim.s, buf, len);

	FZ_ASSERT(avail <= RING);
	if (n <= 0)
		return;
	FZ_ASSERT((uint32_t)n <= len && (uint32_t)n <= sim.m_head - sim.m_tail);
	for (i = 0; i < (uint32_t)n; i++)
		FZ_ASSERT(buf[i] == sim.model[(sim.m_tail + i) % MODEL]);
	if (!peek)
		sim.m_tail += (uint32_t)n;
}

static void app_write(struct fz_in *in)
{
	uint8_t buf[2 * RING];
	uint32_t len = fz_u16(in) % sizeof(buf);
	int n;

	memset(buf, (int)len, len);
	n = amp_stream_write(&sim.s, buf, len);
	FZ_ASSERT(n < 0 || (uint32_t)n <= len);
	FZ_ASSERT(amp_stream_write_space(&sim.s) <= RING);
}

static void run(struct fz_in *in)
{
	while (in->n) {
		switch ((enum op)(fz_u8(in) % OP_COUNT)) {
		case OP_RAW:
			msg_raw(in);
			break;
		case OP_MSG:
			msg_made(in);
			break;
		case OP_READ:
			app_read(in, 0);
			break;
		case OP_PEEK:
			app_read(in, 1);
			break;
		case OP_WRITE:
			app_write(in);
			break;
		case OP_FLUSH:
			(void)amp_stream_flush(&sim.s);
			(void)amp_stream_poll(&sim.s);
			break;
		case OP_CLOSE:
			(void)amp_stream_close(&sim.s);
			break;
		case OP_BUSY:
			sim.busy = fz_u8(in) & 1u;
			break;
		case OP_DOWN:
			amp_stream_on_transport_down(&sim.s);
			break;
		case OP_COUNT:
			break;
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_in in = {data, size};
	struct amp_stream_config cfg;

	memset(&sim, 0, sizeof(sim));
	memset(&cfg, 0, sizeof(cfg));
	cfg.transport.send = transport_send;
	cfg.rx_storage = sim.rx_mem;
	cfg.rx_size = RING;
	cfg.tx_storage = sim.tx_mem;
	cfg.tx_size = RING;
	if (amp_stream_open(&sim.s, &cfg))
		fz_fail(__FILE__, __LINE__, "open");
	run(&in);
	if (fz_verbose()) {
		struct amp_stream_stats st;

		amp_stream_get_stats(&sim.s, &st);
		fprintf(stderr,
			"stream: state %d accepted %u read %u; rx msgs %u proto %u credit %u; "
			"sent %u msgs, %u data\n",
			(int)amp_stream_state(&sim.s), sim.m_head, sim.m_tail, st.rx_msgs,
			st.rx_proto_err, st.rx_credit_err, sim.sent_msgs, sim.tx_next);
	}
	return 0;
}
