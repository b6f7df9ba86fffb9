/* SPDX-License-Identifier: BSD-3-Clause */
/* The slave's services: "echo", "stream" and the OACS server on "oacs". */
#include <string.h>

#include "fw_internal.h"

static void on_default(struct amp_sessions *sm, int up, enum amp_close_reason why, void *priv)
{
	const struct fw_slave *s = priv;

	(void)sm;
	if (up)
		fw_say(s->board, "link: up", "");
	else
		fw_say(s->board, "link: down: ", amp_close_reason_name(why));
}

int fw_slave_init(struct fw_slave *s, struct amp *amp, const struct fw_board *board,
		  const char *board_name)
{
	int err;

	memset(s, 0, sizeof(*s));
	s->amp = amp;
	s->board = board;
	amp_sessions_on_default(amp_sessions(amp), on_default, s);
	err = fw_echo_server_init(s);
	if (!err)
		err = fw_stream_server_init(s);
	if (!err)
		err = amp_oacs_service_start(&s->oacs, amp, board_name);
	return err;
}

int fw_slave_step(struct fw_slave *s)
{
	int work = fw_echo_server_step(s);

	work |= fw_stream_server_step(s);
	/* A negative count is the server's stream failing: its session is closing. */
	if (amp_oacs_service_poll(&s->oacs) > 0)
		work = 1;
	return work;
}

void fw_slave_progress(const struct fw_slave *s, struct fw_progress *out)
{
	out->echo_messages = s->echo.received;
	out->stream_bytes = s->stream.total;
	out->oacs_replies = s->oacs.srv.stats.requests;
}
