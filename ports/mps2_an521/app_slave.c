/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * amplink slave on CPU1: the resource table, the handshake (every s. step is
 * traced on UART1), and the "echo" session service: whatever arrives on an
 * echo session goes back on it.
 */
#include <string.h>

#include "app.h"

/*
 * The rpmsg vdev as a Linux remoteproc master would read it from this ELF.
 * The vrings sit at fixed addresses of the shared region (include/amp/layout.h).
 */
__attribute__((section(".resource_table"), used)) const struct amp_rsc_table mps2_rsc_table =
    AMP_RSC_TABLE_INIT(MPS2_SHM_BASE + AMP_SHM_VRING0_OFF, MPS2_SHM_BASE + AMP_SHM_VRING1_OFF,
		       AMP_CFG_VRING_NUM, AMP_CFG_VRING_ALIGN);

/* One echo that found no free buffer waits here for the next round. */
struct backlog {
	struct amp_session *session;
	uint8_t data[AMP_RPMSG_PAYLOAD_MAX];
	uint32_t len;
	uint8_t full;
	uint32_t lost; /* arrived while the backlog was full */
};

static struct amp amp;
static struct amp_port port;
static struct backlog backlog;

static void echo_rx(struct amp_session *s, const void *data, size_t len, void *priv)
{
	(void)priv;
	if (!backlog.full && amp_session_send(s, data, len) == AMP_OK)
		return;
	if (backlog.full || len > sizeof(backlog.data)) {
		backlog.lost++;
		return;
	}
	memcpy(backlog.data, data, len);
	backlog.len = (uint32_t)len;
	backlog.session = s;
	backlog.full = 1;
}

/* The signature is struct amp_session_ops::closed. */
/* cppcheck-suppress constParameter */
static void echo_closed(struct amp_session *s, enum amp_close_reason why, void *priv)
{
	(void)why;
	(void)priv;
	/* An echo still waiting belongs to a session that is gone. */
	if (backlog.full && backlog.session == s)
		backlog.full = 0;
}

static const struct amp_session_ops echo_ops = {
    .opened = NULL,
    .data = echo_rx,
    .closed = echo_closed,
};

static void flush_backlog(void)
{
	int err;

	if (!backlog.full)
		return;
	err = amp_session_send(backlog.session, backlog.data, backlog.len);
	if (err == AMP_ENOBUFS)
		return;
	if (err)
		backlog.lost++;
	backlog.full = 0;
}

/* Our own table, checked by the same rules Linux remoteproc applies to it. */
static void check_rsc_table(void)
{
	struct amp_rsc_info info;
	const char *why = "vrings not where the layout puts them"; /* unless the validator says */

	if (amp_rsc_validate(&mps2_rsc_table, sizeof(mps2_rsc_table), &info, &why) == AMP_OK &&
	    info.vring[0].da == port.shm_pa + AMP_SHM_VRING0_OFF &&
	    info.vring[1].da == port.shm_pa + AMP_SHM_VRING1_OFF) {
		mps2_puts("rsc: resource table valid, vrings at ");
		mps2_put_hex(info.vring[0].da);
		mps2_puts(" ");
		mps2_put_hex(info.vring[1].da);
		mps2_puts("\n");
		return;
	}
	mps2_puts("rsc: resource table invalid: ");
	mps2_puts(why);
	mps2_puts("\n");
}

int main(void)
{
	int err;

	mps2_board_init(MPS2_CPU_SLAVE);
	mps2_port_init(&port);
	check_rsc_table();
	err = amp_init(&amp, AMP_ROLE_SLAVE, &port);
	if (err) {
		mps2_puts("slave: amp_init: ");
		mps2_puts(amp_strerror(err));
		mps2_puts("\n");
		mps2_stop(MPS2_EXIT_FAIL);
	}
	err = amp_session_listen(amp_sessions(&amp), "echo", &echo_ops, NULL);
	if (err) {
		mps2_puts("slave: listen: ");
		mps2_puts(amp_strerror(err));
		mps2_puts("\n");
		mps2_stop(MPS2_EXIT_FAIL);
	}
	for (;;) {
		err = app_poll_or_sleep(&amp);
		if (err < 0) {
			mps2_puts("slave: amp_poll: ");
			mps2_puts(amp_strerror(err));
			mps2_puts("\n");
		}
		flush_backlog();
	}
}
