/* SPDX-License-Identifier: BSD-3-Clause */
/* amp-sim: both cores simulated on the host. Shared declarations. */
#ifndef AMP_SIM_H
#define AMP_SIM_H

#include <stdint.h>
#include <stdio.h>

#include "amp/amp.h"
#include "amp_posix.h"

struct sim_opts {
	int lockstep;
	int trace;
	int slave_first;
	uint64_t seed;
	uint32_t messages;
	const char *msc;
	uint32_t timeout_s;
	int soak;
	int exhaustive;
	uint32_t reboots;
	uint32_t kill_soak;
	uint32_t scribble;  /* --soak --scribble ROUNDS: hostile writes over the region */
	int scribble_procs; /* --scribble-procs ROUNDS: the same with three processes */
	/* --reboot ROLE@N: reboot ROLE once N echo messages have come back */
	uint32_t n_planned;
	uint8_t planned_role[8];
	uint32_t planned_after[8];
};

/* ---- trace events (for --msc), shared between processes ---- */
#define SIM_MAX_EVENTS 8192u

struct sim_event {
	uint8_t role;
	char step[56];
	char ept[32];
	uint32_t len;
};

struct sim_events {
	uint32_t count; /* atomically incremented */
	struct sim_event ev[SIM_MAX_EVENTS];
};

struct sim_events *sim_events_create(void);
void sim_events_hook(void *arg, enum amp_role role, const char *step, const char *ept,
		     uint32_t len);
int sim_msc_write(const struct sim_events *evs, const char *path);
int sim_msc_render(const char *path);
/* Write the chart, then draw it if mscgen is there; -1 (said on stderr) if either failed. */
int sim_msc_finish(const struct sim_events *evs, const char *path);
/* 0 if path can be written (it is created empty), else -1 with errno set. */
int sim_msc_writable(const char *path);

/* ---- the echo application ---- */
struct sim_echo_master {
	struct amp_session *session;
	int verbose; /* print session events */
	uint64_t rng;
	uint32_t target;
	uint32_t sent;
	uint32_t received;
	uint32_t errors;
	uint64_t bytes;
	int outstanding;
	uint16_t expect_len;
	uint8_t expect[AMP_SESSION_PAYLOAD_MAX];
};

#define SIM_ECHO_QUEUE 32u

struct sim_echo_slave {
	struct amp_session *session;
	int verbose;
	uint32_t head, tail;
	uint16_t len[SIM_ECHO_QUEUE];
	uint8_t data[SIM_ECHO_QUEUE][AMP_SESSION_PAYLOAD_MAX];
	uint32_t overflows;
};

void sim_echo_master_init(struct sim_echo_master *m, uint64_t seed, uint32_t messages);
void sim_echo_master_attach(struct sim_echo_master *m, struct amp *amp);
/* Send the next message when the last one came back. Returns 1 if it sent. */
int sim_echo_master_tick(struct sim_echo_master *m, struct amp *amp);
int sim_echo_master_done(const struct sim_echo_master *m);
/* The master core rebooted: its session is gone; the message in flight is sent again. */
void sim_echo_master_crashed(struct sim_echo_master *m);

void sim_echo_slave_init(struct sim_echo_slave *s);
void sim_echo_slave_attach(struct sim_echo_slave *s, struct amp *amp);
int sim_echo_slave_tick(struct sim_echo_slave *s, struct amp *amp);

int sim_run_lockstep(const struct sim_opts *o);
int sim_run_processes(const struct sim_opts *o);
int sim_run_soak(const struct sim_opts *o);
int sim_run_exhaustive(const struct sim_opts *o);
int sim_run_kill_soak(const struct sim_opts *o);
int sim_run_scribble(const struct sim_opts *o);
int sim_run_scribble_procs(const struct sim_opts *o);

#endif
