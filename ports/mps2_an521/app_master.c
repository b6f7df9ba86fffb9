/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * amplink master on CPU0: start CPU1, run the handshake (every m. step is
 * traced on UART0) until the default session is up, open the slave's "echo"
 * session, then send N messages of varying length (1 to the full payload),
 * one at a time, each compared byte for byte with what comes back. Exits
 * QEMU with 0 if all came back.
 */
#include <string.h>

#include "app.h"

#ifndef APP_ECHO_MESSAGES
#define APP_ECHO_MESSAGES 100u
#endif
#define HANDSHAKE_TIMEOUT_MS 2000u
#define ECHO_TIMEOUT_MS	     1000u /* per message */

struct echo {
	uint8_t msg[AMP_RPMSG_PAYLOAD_MAX];
	uint32_t len;
	uint8_t outstanding;
	uint32_t received;
	uint32_t bytes;
	uint32_t bad; /* unexpected, wrong length or wrong content */
	uint8_t closed;
	struct amp_session *session;
};

static struct amp amp;
static struct amp_port port;
static struct echo echo;

static void fail(const char *why, int err)
{
	mps2_puts("echo: FAIL: ");
	mps2_puts(why);
	if (err) {
		mps2_puts(": ");
		mps2_puts(amp_strerror(err));
	}
	mps2_puts("\n");
	mps2_stop(MPS2_EXIT_FAIL);
}

/* Message i: length 1, then the full payload, then spread over 1..max. */
static uint32_t echo_len(uint32_t i)
{
	if (i == 0u)
		return 1u;
	if (i == 1u)
		return AMP_RPMSG_PAYLOAD_MAX;
	return 1u + (i * 97u) % AMP_RPMSG_PAYLOAD_MAX;
}

/* Content depends on i, so a stale or duplicated echo does not compare equal. */
static void echo_fill(uint32_t i, uint8_t *buf, uint32_t len)
{
	uint32_t x = (i + 1u) * 2654435761u;
	uint32_t k;

	for (k = 0; k < len; k++) {
		x = x * 1664525u + 1013904223u;
		buf[k] = (uint8_t)(x >> 24);
	}
}

static void echo_rx(struct amp_session *s, const void *data, size_t len, void *priv)
{
	(void)s;
	(void)priv;
	if (!echo.outstanding || len != echo.len || memcmp(data, echo.msg, len) != 0) {
		echo.bad++;
		return;
	}
	echo.outstanding = 0;
	echo.received++;
	echo.bytes += (uint32_t)len;
}

static void echo_closed(struct amp_session *s, enum amp_close_reason why, void *priv)
{
	(void)s;
	(void)why;
	(void)priv;
	echo.closed = 1;
}

static const struct amp_session_ops echo_ops = {
    .opened = NULL,
    .data = echo_rx,
    .closed = echo_closed,
};

static void poll_once(void)
{
	int err = app_poll_or_sleep(&amp);

	if (err < 0)
		fail("amp_poll", err);
}

static void handshake(void)
{
	uint32_t t0 = mps2_now_ms();

	while (!amp_is_ready(&amp)) {
		if (mps2_now_ms() - t0 >= HANDSHAKE_TIMEOUT_MS)
			fail("handshake timed out", 0);
		poll_once();
	}
}

static void open_echo_session(void)
{
	uint32_t t0 = mps2_now_ms();
	int err;

	err = amp_session_open(amp_sessions(&amp), "echo", &echo_ops, NULL, &echo.session);
	if (err)
		fail("open echo session", err);
	while (!amp_session_is_established(echo.session)) {
		if (echo.closed)
			fail("echo session refused", 0);
		if (mps2_now_ms() - t0 >= HANDSHAKE_TIMEOUT_MS)
			fail("echo session timed out", 0);
		poll_once();
	}
}

static void echo_one(uint32_t i)
{
	uint32_t t0 = mps2_now_ms();
	int err;

	echo.len = echo_len(i);
	echo_fill(i, echo.msg, echo.len);
	err = amp_session_send(echo.session, echo.msg, echo.len);
	while (err == AMP_ENOBUFS && mps2_now_ms() - t0 < ECHO_TIMEOUT_MS) {
		poll_once();
		err = amp_session_send(echo.session, echo.msg, echo.len);
	}
	if (err)
		fail("send", err);
	echo.outstanding = 1;
	while (echo.outstanding && !echo.bad) {
		if (echo.closed)
			fail("echo session closed", 0);
		if (mps2_now_ms() - t0 >= ECHO_TIMEOUT_MS)
			fail("no echo", 0);
		poll_once();
	}
	if (echo.bad)
		fail("echo does not match", 0);
}

int main(void)
{
	uint32_t i;
	int err;

	mps2_board_init(MPS2_CPU_MASTER);
	mps2_port_init(&port);
	err = amp_init(&amp, AMP_ROLE_MASTER, &port);
	if (err)
		fail("amp_init", err);
	err = mps2_release_cpu1();
	if (err)
		fail("no slave image at the CPU1 vector table", err);
	handshake();
	open_echo_session();

	mps2_puts("echo: ");
	mps2_put_u32(APP_ECHO_MESSAGES);
	mps2_puts(" messages\n");
	for (i = 0; i < APP_ECHO_MESSAGES; i++)
		echo_one(i);
	mps2_puts("echo: ");
	mps2_put_u32(echo.received);
	mps2_puts("/");
	mps2_put_u32(APP_ECHO_MESSAGES);
	mps2_puts(" messages, ");
	mps2_put_u32(echo.bytes);
	mps2_puts(" bytes, all checked\n");
	mps2_puts("echo: pass\n");
	mps2_stop(MPS2_EXIT_OK);
}
