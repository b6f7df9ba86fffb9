/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The POSIX port: the two cores as two host processes (or two roles in one
 * process) sharing a region. The region is mapped between inaccessible guard
 * pages, so a stray access outside it faults instead of passing silently.
 * The IPM is a doorbell per direction: a word that the ringing side sets and
 * the rung side reads-and-clears, like a mailbox status register, with a
 * futex to sleep on.
 */
#ifndef AMP_POSIX_H
#define AMP_POSIX_H

#include <stdint.h>
#include <stdio.h>

#include "amp/port.h"
#include "amp/types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bus address the POSIX port gives the region (that of STM32H747 SRAM4). */
#define AMP_POSIX_SHM_PA 0x38000000u

/*
 * The doorbells, in their own shared page: bell[r] is rung for role r (1:
 * rung, 0: taken). sleeping[r] is 1 while role r sleeps on its bell, so that
 * a ring costs a system call only when it has someone to wake.
 */
struct amp_posix_mailbox {
	uint32_t bell[2];
	uint32_t sleeping[2];
	uint32_t pad[12];
};

#define AMP_POSIX_SHM_NAME_MAX 255u

/* A mapping of the region + mailbox, with guard pages around the region. */
struct amp_posix_shm {
	volatile uint8_t *region;
	uint32_t size;
	struct amp_posix_mailbox *mbox;
	void *map_base; /* the whole reservation, guards included */
	size_t map_len;
	int fd;
	char name[AMP_POSIX_SHM_NAME_MAX + 1u];
};

/*
 * NULL if name is a portable shared-object name: an initial '/', then 1 or
 * more characters, none of them '/', at most AMP_POSIX_SHM_NAME_MAX in all
 * (Linux shm_open(3): "up to NAME_MAX (i.e., 255) characters"; "." and ".."
 * name directories). Otherwise what is wrong with it, for a message.
 * The open functions below refuse such a name with AMP_EINVAL.
 */
const char *amp_posix_shm_name_problem(const char *name);

/* Create (master side, or a test) or open a named shared object. */
int amp_posix_shm_create(struct amp_posix_shm *shm, const char *name, uint32_t size);
int amp_posix_shm_open(struct amp_posix_shm *shm, const char *name, uint32_t size);
/* Open it, or create it if it does not exist yet (whichever side starts first). */
int amp_posix_shm_attach(struct amp_posix_shm *shm, const char *name, uint32_t size);
/* Anonymous mapping for one process (lockstep mode, tests). */
int amp_posix_shm_anon(struct amp_posix_shm *shm, uint32_t size);
/* shm NULL or not mapped (zeroed, failed to open, closed already): no-op. */
void amp_posix_shm_close(struct amp_posix_shm *shm);
/* Remove the name (the mappings stay until closed). name NULL: no-op. */
void amp_posix_shm_unlink(const char *name);
/* Fill the region with power-up garbage (a seeded pattern). shm NULL: no-op. */
void amp_posix_shm_scramble(struct amp_posix_shm *shm, uint32_t seed);

/* The port of one role over a mapping. */
struct amp_posix_port {
	struct amp_port port;
	struct amp_posix_shm *shm;
	enum amp_role role;
	/* Trace output (NULL: silent). Each line: "<ms> <step> [ept=<name> len=<n>]". */
	FILE *trace_out;
	uint32_t t_origin;
	/* Optional trace hook instead of (or besides) trace_out. */
	void (*trace_hook)(void *arg, enum amp_role role, const char *step, const char *ept,
			   uint32_t len);
	void *trace_arg;
	/* Lockstep: a virtual clock shared by both roles (NULL: CLOCK_MONOTONIC). */
	uint32_t *virtual_ms;
	/*
	 * Lockstep: never sleep, the scheduler decides who runs; a wait() only
	 * lets a virtual millisecond pass, so a bounded wait still ends.
	 */
	int no_wait;
	/*
	 * Adaptive wait (0: off): wait() first watches the bell for up to this
	 * many microseconds, and sleeps only if it did not ring by then. Cuts
	 * the wake-up latency of a busy peer at the price of a spinning CPU.
	 */
	uint32_t spin_us;
};

/*
 * pp NULL: no-op. shm NULL or not mapped, or a role that is neither
 * AMP_ROLE_MASTER nor AMP_ROLE_SLAVE: pp is zeroed, and amp_init() refuses
 * its port (AMP_EINVAL).
 */
void amp_posix_port_init(struct amp_posix_port *pp, struct amp_posix_shm *shm, enum amp_role role);
/* Ring the doorbell of `role` (what the other side's notify does). Bad shm or role: no-op. */
void amp_posix_ring(struct amp_posix_shm *shm, enum amp_role role);
uint32_t amp_posix_now_ms(void);

#ifdef __cplusplus
}
#endif
#endif
