/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The session "stream". Master: writes N bytes of a pattern that depends on
 * the offset, reads the echo back and compares every byte with the pattern
 * at its offset, closes its half when all is written, and is done when the
 * slave's half closes after exactly N bytes. A stream cannot resume on a new
 * session: if the channel goes down the transfer starts over on the next one.
 * Slave: reads, writes back what it read, closes its half at the end of the
 * master's, and prints the count and CRC-32 of what it received.
 */
#include "amp/crc.h"
#include "fw_internal.h"

#define STREAM_NAME "stream"
/* One chunk fills one DATA message. */
#define STREAM_CHUNK AMP_STREAM_DATA_MAX
/* Chunks per step: a full ring's worth and one more, so a step is bounded. */
#define STREAM_ROUNDS (FW_STREAM_RING / STREAM_CHUNK + 1u)

static uint8_t pattern_byte(uint32_t off)
{
	/* Multiplicative hash: neighbouring offsets differ, a shifted copy does not match. */
	return (uint8_t)((off * 2654435761u) >> 24);
}

static struct amp_stream_config ring_config(uint8_t *rx, uint8_t *tx)
{
	struct amp_stream_config cfg = {
	    .transport = {NULL, NULL, 0},
	    .rx_storage = rx,
	    .rx_size = FW_STREAM_RING,
	    .tx_storage = tx,
	    .tx_size = FW_STREAM_RING,
	    .waiter = NULL,
	};

	return cfg;
}

static void say_bytes_crc(const struct fw_board *b, const char *a, uint32_t n, const char *c,
			  uint32_t crc)
{
	struct fw_line l;

	fw_line_start(&l, a);
	fw_line_u32(&l, n);
	fw_line_str(&l, c);
	fw_line_hex(&l, crc);
	fw_line_send(&l, b);
}

/* ---- master ------------------------------------------------------------- */

static void client_event(struct amp_session_stream *ss, int open, enum amp_close_reason why,
			 void *priv)
{
	struct fw_master *m = priv;
	struct fw_stream_client *c = &m->stream;

	(void)ss;
	if (open) {
		if (!c->done) {
			c->written = c->checked = c->crc = 0;
			c->closed = 0;
		}
		return;
	}
	fw_say_closed(m->board, STREAM_NAME, why);
	if (!c->done && c->written) {
		c->restarts++;
		say_bytes_crc(m->board, "stream: interrupted after ", c->checked,
			      " bytes checked, starting over; crc so far ", c->crc);
	}
}

int fw_stream_client_open(struct fw_master *m)
{
	struct amp_stream_config cfg = ring_config(m->stream.rx, m->stream.tx);

	return amp_sstream_open(&m->stream.ss, amp_sessions(m->amp), STREAM_NAME, &cfg,
				client_event, m);
}

static int client_write(struct fw_master *m, struct amp_stream *st)
{
	struct fw_stream_client *c = &m->stream;
	uint8_t buf[STREAM_CHUNK];
	uint32_t round, k;
	int work = 0;

	for (round = 0; round < STREAM_ROUNDS && c->written < m->cfg.stream_bytes; round++) {
		uint32_t n = m->cfg.stream_bytes - c->written;
		uint32_t space = amp_stream_write_space(st);
		int w;

		n = n < STREAM_CHUNK ? n : STREAM_CHUNK;
		n = n < space ? n : space;
		if (n == 0u)
			break;
		for (k = 0; k < n; k++)
			buf[k] = pattern_byte(c->written + k);
		w = amp_stream_write(st, buf, n);
		if (w <= 0)
			break; /* a failed stream: the session's event tells why */
		c->written += (uint32_t)w;
		work = 1;
	}
	if (c->written == m->cfg.stream_bytes && !c->closed && amp_stream_close(st) == AMP_OK) {
		c->closed = 1;
		work = 1;
	}
	return work;
}

static void client_check(struct fw_master *m, const uint8_t *buf, uint32_t n)
{
	struct fw_stream_client *c = &m->stream;
	uint32_t k;

	if (n > m->cfg.stream_bytes - c->checked) {
		fw_master_fail(m, "stream", "more bytes came back than were sent");
		c->bad = 1;
		return;
	}
	for (k = 0; k < n; k++) {
		if (buf[k] != pattern_byte(c->checked + k)) {
			say_bytes_crc(m->board, "stream: mismatch at offset ", c->checked + k,
				      ", crc so far ", c->crc);
			fw_master_fail(m, "stream", "echoed bytes differ from the pattern");
			c->bad = 1;
			return;
		}
	}
	c->crc = amp_crc32(c->crc, buf, n);
	c->checked += n;
	fw_master_progressed(m);
}

static int client_read(struct fw_master *m, struct amp_stream *st)
{
	struct fw_stream_client *c = &m->stream;
	uint8_t buf[STREAM_CHUNK];
	uint32_t round;
	int work = 0;

	for (round = 0; round < STREAM_ROUNDS && !c->bad; round++) {
		int n = amp_stream_read(st, buf, sizeof(buf));

		if (n == AMP_ECLOSED && amp_stream_at_eof(st)) {
			/* The slave closed its half: everything it will ever send is here. */
			if (c->checked == m->cfg.stream_bytes)
				c->done = 1;
			else
				fw_master_fail(m, "stream", "ended before every byte came back");
			return 1;
		}
		if (n <= 0)
			break; /* nothing yet, or the stream failed: the session's event follows */
		client_check(m, buf, (uint32_t)n);
		work = 1;
	}
	return work;
}

enum fw_step fw_stream_client_step(struct fw_master *m)
{
	struct fw_stream_client *c = &m->stream;
	struct amp_stream *st = amp_sstream_stream(&c->ss);
	int work;

	if (c->done)
		return FW_STEP_DONE;
	if (!st || c->bad)
		return FW_STEP_IDLE;
	work = client_write(m, st);
	work |= client_read(m, st);
	if (!c->done)
		return work ? FW_STEP_WORK : FW_STEP_IDLE;
	say_bytes_crc(m->board, "stream: ", c->checked, " bytes sent, echoed and checked, crc32 ",
		      c->crc);
	fw_say(m->board, "stream: pass", "");
	return FW_STEP_DONE;
}

/* ---- slave -------------------------------------------------------------- */

static void server_event(struct amp_session_stream *ss, int open, enum amp_close_reason why,
			 void *priv)
{
	struct fw_slave *s = priv;
	struct fw_stream_server *sv = &s->stream;

	(void)ss;
	if (open) {
		sv->bytes = sv->crc = 0;
		sv->eof = sv->closed = 0;
		return;
	}
	fw_say_closed(s->board, STREAM_NAME, why);
	if (!sv->closed && sv->bytes)
		say_bytes_crc(s->board, "stream: interrupted after ", sv->bytes,
			      " bytes, crc so far ", sv->crc);
}

int fw_stream_server_init(struct fw_slave *s)
{
	struct amp_stream_config cfg = ring_config(s->stream.rx, s->stream.tx);

	return amp_sstream_listen(&s->stream.ss, amp_sessions(s->amp), STREAM_NAME, &cfg,
				  server_event, s);
}

/* Read only what can be written back at once: nothing is held here. */
static int server_echo(struct fw_stream_server *sv, struct amp_stream *st)
{
	uint8_t buf[STREAM_CHUNK];
	uint32_t round;
	int work = 0;

	for (round = 0; round < STREAM_ROUNDS; round++) {
		uint32_t space = amp_stream_write_space(st);
		int n;

		if (space == 0u)
			break;
		n = amp_stream_read(st, buf, space < sizeof(buf) ? space : sizeof(buf));
		if (n == AMP_ECLOSED && amp_stream_at_eof(st))
			sv->eof = 1;
		if (n <= 0)
			break;
		sv->crc = amp_crc32(sv->crc, buf, (size_t)n);
		sv->bytes += (uint32_t)n;
		sv->total += (uint32_t)n;
		(void)amp_stream_write(st, buf, (size_t)n);
		work = 1;
	}
	return work;
}

int fw_stream_server_step(struct fw_slave *s)
{
	struct fw_stream_server *sv = &s->stream;
	struct amp_stream *st = amp_sstream_stream(&sv->ss);
	int work;

	if (!st || sv->closed)
		return 0;
	work = server_echo(sv, st);
	if (!sv->eof || amp_stream_close(st) != AMP_OK)
		return work;
	sv->closed = 1;
	say_bytes_crc(s->board, "stream: ", sv->bytes, " bytes echoed, crc32 ", sv->crc);
	return 1;
}
