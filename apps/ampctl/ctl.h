/* SPDX-License-Identifier: BSD-3-Clause */
/* ampctl: the master side as a host tool, talking OACS to a slave. */
#ifndef AMPCTL_H
#define AMPCTL_H

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#include "amp/oacs_service.h"
#include "amp_posix.h"

/* The master core, polled by its own thread; every amplink call holds lock. */
struct ctl_node {
	struct amp_posix_shm shm;
	struct amp_posix_port pp;
	struct amp amp;
	struct amp_oacs_remote remote;
	pthread_mutex_t lock;
	pthread_t thread;
	volatile int stop;
	int remote_opened;
};

struct ctl_reply {
	int done;
	int status; /* 0, an enum amp_oacs_status (> 0), or AMP_E* (< 0) */
	uint16_t len;
	uint8_t payload[AMP_OACS_PAYLOAD_MAX];
};

struct ctl_opts {
	int json;
	uint32_t timeout_ms;
};

int ctl_node_start(struct ctl_node *n, const char *shm_name, int fresh);
void ctl_node_stop(struct ctl_node *n);
/* Wait (bounded) until the OACS session is up. */
int ctl_node_wait_ready(struct ctl_node *n, uint32_t timeout_ms);
/* One request, waited for (the client's own timeout bounds it). */
int ctl_request(struct ctl_node *n, uint16_t cmd, const void *payload, uint16_t len,
		uint32_t timeout_ms, struct ctl_reply *out);

/* Run one command line (argv[0] is the command). 0 on success. */
int ctl_run_command(struct ctl_node *n, const struct ctl_opts *o, int argc, char **argv);
/* 1 if name is one of the commands above (checked before a slave is started). */
int ctl_command_known(const char *name);
void ctl_print_help(FILE *f);
/* A shell line longer than this is refused (and the rest of it skipped). */
#define CTL_LINE_MAX	  4096u
#define CTL_LINE_TOO_LONG (-2L)
/* The interactive shell: libedit on a terminal, plain bounded lines from a pipe. */
int ctl_shell(struct ctl_node *n, const struct ctl_opts *o);

#endif
