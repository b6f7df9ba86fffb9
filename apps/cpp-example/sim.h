/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The example's "board": both cores in one process on the lockstep harness's
 * shared memory, ports and virtual clock. In C, because the harness's header
 * brings in struct amp, whose name the C++ side uses for its namespace.
 */
#ifndef CPP_EXAMPLE_SIM_H
#define CPP_EXAMPLE_SIM_H

#include <stdint.h>

#include "amp/port.h"
#include "amp/types.h"

#ifdef __cplusplus
extern "C" {
#endif

int sim_init(uint64_t seed);
void sim_fini(void);
/* The port of one core (valid until sim_fini). */
const struct amp_port *sim_port(enum amp_role role);
/* One scheduler step passes: the virtual clock moves one millisecond every few steps. */
void sim_tick(void);
uint32_t sim_now_ms(void);

#ifdef __cplusplus
}
#endif
#endif
