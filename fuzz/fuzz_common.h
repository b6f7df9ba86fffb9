/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared by the fuzz targets: the shared region (mapped once, between guard
 * pages), a port whose cache hooks refuse any range outside the region, and a
 * reader that turns the fuzz input into numbers (zero once it runs out).
 */
#ifndef AMP_FUZZ_COMMON_H
#define AMP_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "amp/port.h"
#include "amp/types.h"

/* The input, consumed from the front. */
struct fz_in {
	const uint8_t *p;
	size_t n;
};

uint8_t fz_u8(struct fz_in *in);
uint16_t fz_u16(struct fz_in *in);
uint32_t fz_u32(struct fz_in *in);
/* Copy up to len bytes (what is left); returns how many. */
size_t fz_bytes(struct fz_in *in, void *out, size_t len);

/* Abort with a message: the fuzzer records the input as a crash. */
#define FZ_ASSERT(cond)                                                                            \
	do {                                                                                       \
		if (!(cond))                                                                       \
			fz_fail(__FILE__, __LINE__, #cond);                                        \
	} while (0)
void fz_fail(const char *file, int line, const char *what) __attribute__((noreturn));

/* The bus address the fuzz region has, as in the POSIX port. */
#define FZ_SHM_PA 0x38000000u

/* The region: AMP_CFG_SHM_SIZE bytes between inaccessible pages, mapped once. */
volatile uint8_t *fz_region(void);
uint32_t fz_region_size(void);
/* 1 if [p, p + n) lies inside the region. */
int fz_in_region(const volatile void *p, size_t n);

/*
 * One role's port. Cache hooks check that every range lies inside the region
 * and, while `forbid_len` is set, that none touches [forbid_off, +forbid_len).
 */
struct fz_port {
	struct amp_port port;
	enum amp_role role;
	struct fz_port *peer; /* whose bell notify rings (NULL: nobody) */
	uint32_t *now;	      /* virtual clock (shared by both roles) */
	uint8_t bell;
	uint32_t notifies;
	uint32_t forbid_off;
	uint32_t forbid_len;
};

void fz_port_init(struct fz_port *fp, enum amp_role role, uint32_t *now);
void fz_port_pair(struct fz_port *a, struct fz_port *b);

/* AMP_FUZZ_VERBOSE set: targets print what each input did (to check a seed). */
int fz_verbose(void);

/*
 * The peer writes a run of bytes into [area, area + size): an offset (u16,
 * modulo size), a length (u8), then the bytes, clipped at the end of the area.
 */
void fz_write_bulk(struct fz_in *in, volatile uint8_t *area, uint32_t size);

/* Fill the whole region with one byte value. */
void fz_region_fill(uint8_t v);

#endif
