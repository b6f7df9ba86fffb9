/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the interop tests share: a world (one shared region with its POSIX
 * doorbells, an amplink core, an OpenAMP core), the resource table an
 * OpenAMP or Linux image carries, and bounded loops that step both cores.
 */
#ifndef INTEROP_UTIL_H
#define INTEROP_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "amp/amp.h"
#include "amp_posix.h"
#include "oa_peer.h"

/* Region size for the tests: room for 256-entry rings and their buffers. */
#define IU_SHM_SIZE 0x80000u
/* Polls of both cores without progress before a wait is declared stuck. */
#define IU_IDLE_LIMIT 200000u

/* The table of one rpmsg vdev with two vrings, as firmware images declare it. */
struct iu_rsc {
	struct resource_table hdr;
	uint32_t offset[1];
	struct fw_rsc_vdev vdev;
	struct fw_rsc_vdev_vring vring[2];
} __attribute__((packed));

/* Fill t: ver 1, one vdev (rpmsg, F_NS offered), vrings at da0/da1 (ANY: the master places them).
 */
void iu_rsc_init(struct iu_rsc *t, uint32_t da0, uint32_t da1, uint32_t num, uint32_t align);

/* Drawn from the seeded rng (tests/test_rng.h) at the start of a test: varies the messages. */
extern uint32_t iu_salt;

/* A message of random length 1..max with a pattern that names its sequence number. */
uint32_t iu_make_msg(uint8_t *buf, uint32_t max, uint32_t seq);
/* 1 if buf/len is exactly message seq as iu_make_msg wrote it (same rng draw replayed). */
int iu_check_msg(const uint8_t *buf, uint32_t len, uint32_t seq, uint32_t max);

/* A table geometry: ring size, alignment, buffer size, where the table sits, vrings placed by the
 * master. */
struct iu_geom {
	uint32_t num, align, buf;
	uint32_t rsc_off; /* offset of the table in the region */
	int da_any;	  /* vring da left at ANY in the image's table */
};

/* Master sends seq 0..total-1 (at most window in flight), the slave echoes, the master checks. */
struct iu_run {
	uint32_t total, window, max;
	uint32_t next_send, next_recv;
	uint32_t max_in_flight_seen;
	uint32_t bad; /* echoes that were not the next expected message, byte for byte */
};

#define IU_QUEUE 256
struct iu_echo_q {
	struct amp_ept *ept[IU_QUEUE];
	uint32_t dst[IU_QUEUE], len[IU_QUEUE];
	uint8_t data[IU_QUEUE][AMP_CFG_BUF_SIZE];
	uint32_t head, count, overflow;
};

struct iu_world {
	struct amp_posix_shm shm;
	struct amp_posix_port pp;
	struct amp amp;
	struct oa_peer oa;
	struct iu_geom g;
	enum amp_role amp_role; /* amplink's role; OpenAMP plays the other */
	struct iu_rsc *rsc;
	struct iu_rsc image; /* the table as the remote's image declares it */
	struct amp_ept *ept; /* amplink's "echo" endpoint */
	uint32_t ns_echo;    /* amplink master: where the remote announced "echo" */
	struct iu_echo_q q;
	struct iu_run run;
	int own_shm;
	int has_amp; /* this process runs the amplink core */
	/* optional: called when a loop found nothing to do (two processes: wait on the doorbell) */
	void (*idle)(struct iu_world *w);
	uint32_t idle_limit; /* idle loops before a wait is declared stuck (0: IU_IDLE_LIMIT) */
};

/* Where the OpenAMP master puts vrings and pool for geometry g (region offsets). */
void iu_layout(const struct iu_geom *g, uint32_t *vring0, uint32_t *vring1, uint32_t *pool,
	       uint32_t *pool_size);
/*
 * One process, both cores: region, image table at g->rsc_off, the OpenAMP
 * core and the amplink core (full stack, plain peer). Returns 0 or a negative
 * code.
 */
int iu_world_open(struct iu_world *w, const struct iu_geom *g, enum amp_role amp_role);
/* The same over a region someone else mapped (two processes): only the amplink core. */
int iu_world_amp(struct iu_world *w, const struct amp_posix_shm *shm, const struct iu_geom *g,
		 enum amp_role amp_role);
/* ... or only the OpenAMP core (its half of a two-process test). */
int iu_world_oa(struct iu_world *w, const struct amp_posix_shm *shm, const struct iu_geom *g,
		enum amp_role amp_role);
/* Write the image's table for w->g into w->shm (what loading the remote's image does). */
void iu_image_table(struct iu_world *w);
void iu_world_close(struct iu_world *w);
/* The amplink core reboots: its RAM starts over (amp_init_config again), the region stays. */
int iu_amp_reboot(struct iu_world *w);
/* The OpenAMP core powers off (says nothing), then boots again on the same table. */
void iu_oa_power_off(struct iu_world *w);
int iu_oa_boot(struct iu_world *w);
/* The image's table written over the one in the region (a loader, or the master's boot code). */
void iu_table_reload(struct iu_world *w);
/* Poll the amplink core once (and flush its queued echoes). */
int iu_amp_poll(struct iu_world *w);
/* Poll both cores once; returns work done. */
int iu_poll(struct iu_world *w);
/* Poll until cond(w) or IU_IDLE_LIMIT polls without work: 1 if cond held. */
int iu_until(struct iu_world *w, int (*cond)(struct iu_world *w));
/* Both sides' "echo" endpoints exist and are bound (or one side's). */
int iu_echo_ready(struct iu_world *w);
int iu_amp_echo_ready(struct iu_world *w);
int iu_oa_echo_ready(struct iu_world *w);
/*
 * total echoes with window in flight, master to slave and back, every byte
 * checked. Returns the number of echoes received in order and intact.
 */
uint32_t iu_echo(struct iu_world *w, uint32_t total, uint32_t window);
/* iu_world_open, then both "echo" endpoints ready, in plain mode: asserted (cmocka). */
void iu_open_ready(struct iu_world *w, const struct iu_geom *g, enum amp_role amp_role);
/* iu_echo, printed and asserted: all intact, in order, window reached, no peer error. */
void iu_echo_checked(struct iu_world *w, uint32_t total, uint32_t window, const char *what);
struct CMUnitTest;
/* A test program's main: seed (AMP_TEST_SEED overrides), salt, argv[1] selects a case. */
int iu_main(const char *name, const struct CMUnitTest *tests, size_t n, uint64_t seed, int argc,
	    char **argv);
#define IU_MAIN(tests, seed)                                                                       \
	iu_main(__FILE__, tests, sizeof(tests) / sizeof(tests[0]), seed, argc, argv)
/* Print both cores' state (a wait that failed). */
void iu_dump(struct iu_world *w);
/* The payload limit for the geometry: buf - 16. */
uint32_t iu_payload_max(const struct iu_world *w);

#endif
