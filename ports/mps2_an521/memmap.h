/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mps2-an521 memory map as amplink uses it. Plain numbers only: this file is
 * included by C code and by the linker script template (image.ld.S), which
 * cannot parse C suffixes or casts. One place for every address, so the
 * master releases CPU1 at the address the slave image was linked for.
 *
 * All addresses are the Secure aliases (both cores run Secure, SAU off):
 *   0x10000000  SSRAM1, 4 MiB (the "code" memory, CPU0 boots at its start)
 *   0x30000000  SSE-200 internal SRAM, 4 x 32 KiB banks, seen by both cores
 *   0x38000000  SSRAM2, 2 MiB;  0x38200000  SSRAM3, 2 MiB
 * In QEMU all of it is ordinary RAM visible to both cores; the split below
 * keeps the two images apart and gives each core a private RAM bank.
 */
#ifndef MPS2_MEMMAP_H
#define MPS2_MEMMAP_H

/* CPU0 (master): code in the first half of SSRAM1, RAM = SSRAM2. */
#define MPS2_CPU0_CODE_BASE 0x10000000
#define MPS2_CPU0_CODE_SIZE 0x00200000
#define MPS2_CPU0_RAM_BASE  0x38000000
#define MPS2_CPU0_RAM_SIZE  0x00200000

/* CPU1 (slave): code in the second half of SSRAM1, RAM = SSRAM3. */
#define MPS2_CPU1_CODE_BASE 0x10200000
#define MPS2_CPU1_CODE_SIZE 0x00200000
#define MPS2_CPU1_RAM_BASE  0x38200000
#define MPS2_CPU1_RAM_SIZE  0x00200000

/*
 * The amplink shared region: the upper 64 KiB of the internal SRAM (banks 2
 * and 3, 0x30010000..0x3001FFFF). Both cores name it by the same address,
 * so the local mapping and the bus address in the vrings are equal. The
 * lower 64 KiB (0x30000000..0x3000FFFF) is not amplink's.
 */
#define MPS2_SHM_BASE 0x30010000
#define MPS2_SHM_SIZE 0x00010000

/*
 * The test plan of the QEMU system tests (app_plan.c): two words the QEMU
 * loader writes before the cores start, read by both images, never written
 * by them. Outside the shared region and outside both images' RAM.
 */
#define MPS2_TESTPLAN_BASE 0x30000000

/* Main stack of each image, at the bottom of its RAM (MSPLIM catches overflow). */
#define MPS2_STACK_SIZE 0x00002000

#endif
