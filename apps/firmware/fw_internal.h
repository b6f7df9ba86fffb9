/* SPDX-License-Identifier: BSD-3-Clause */
/* Between the parts of the firmware application (fw_*.c). */
#ifndef FW_INTERNAL_H
#define FW_INTERNAL_H

#include "fw.h"

/* What a phase step reports. */
enum fw_step {
	FW_STEP_IDLE = 0, /* nothing to do right now */
	FW_STEP_WORK = 1, /* did something */
	FW_STEP_DONE = 2, /* the phase is complete */
};

/* Master. */
uint32_t fw_now(const struct fw_board *b);
void fw_master_fail(struct fw_master *m, const char *what, const char *why);
void fw_master_progressed(struct fw_master *m);

int fw_echo_client_open(struct fw_master *m);
enum fw_step fw_echo_client_step(struct fw_master *m);
int fw_stream_client_open(struct fw_master *m);
enum fw_step fw_stream_client_step(struct fw_master *m);
int fw_oacs_client_open(struct fw_master *m);
int fw_oacs_client_poll(struct fw_master *m);
enum fw_step fw_oacs_client_step(struct fw_master *m);

/* Slave. */
int fw_echo_server_init(struct fw_slave *s);
int fw_echo_server_step(struct fw_slave *s);
int fw_stream_server_init(struct fw_slave *s);
int fw_stream_server_step(struct fw_slave *s);

/* Both. */
void fw_say_closed(const struct fw_board *b, const char *what, enum amp_close_reason why);

#endif
