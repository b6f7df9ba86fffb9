/* SPDX-License-Identifier: BSD-3-Clause */
/* What the two bring-up images agree on. */
#ifndef MPS2_BRINGUP_H
#define MPS2_BRINGUP_H

#include <stdint.h>

#include "memmap.h"

/* The slave boots twice: cold, then once through mps2_soft_reboot(). */
#define BRINGUP_SLAVE_BOOTS 2u
/* The word the slave writes to the shared region before each doorbell. */
#define BRINGUP_WORD(boot) (0xB0070000u | (uint32_t)(boot))

static inline volatile uint32_t *bringup_shm_word(void)
{
	return (volatile uint32_t *)(uintptr_t)MPS2_SHM_BASE;
}

#endif
