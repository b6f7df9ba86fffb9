/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mps2-an521 memory map as amplink uses it (the names every port's memmap.h
 * defines: docs/porting.md). Plain numbers only: the linker script template
 * (ports/common/armv8m/image.ld.S) and CMake read this file too.
 *
 * Secure aliases (both cores run Secure, SAU off), from QEMU hw/arm/mps2-tz.c:
 *   0x10000000  SSRAM1, 4 MiB (the "code" memory, CPU0 boots at its start)
 *   0x30000000  SSE-200 internal SRAM, 4 x 32 KiB banks, seen by both cores
 *   0x38000000  SSRAM2, 2 MiB;  0x38200000  SSRAM3, 2 MiB
 * In QEMU all of it is ordinary RAM visible to both cores; the split below
 * keeps the two images apart and gives each core a private RAM bank.
 */
#ifndef BOARD_MEMMAP_H
#define BOARD_MEMMAP_H

/* CPU0 (master): code in the first half of SSRAM1, RAM = SSRAM2. */
#define BOARD_CPU0_CODE_BASE 0x10000000
#define BOARD_CPU0_CODE_SIZE 0x00200000
#define BOARD_CPU0_RAM_BASE  0x38000000
#define BOARD_CPU0_RAM_SIZE  0x00200000

/* CPU1 (slave): code in the second half of SSRAM1, RAM = SSRAM3. */
#define BOARD_CPU1_CODE_BASE 0x10200000
#define BOARD_CPU1_CODE_SIZE 0x00200000
#define BOARD_CPU1_RAM_BASE  0x38200000
#define BOARD_CPU1_RAM_SIZE  0x00200000

/*
 * The amplink shared region: the upper 64 KiB of the internal SRAM (banks 2
 * and 3). Both cores name it by the same address, so the local mapping and
 * the bus address in the vrings are equal.
 */
#define BOARD_SHM_BASE 0x30010000
#define BOARD_SHM_SIZE 0x00010000

/* The QEMU tests' plan (apps/firmware/fw_app.h): outside the shared region and both RAMs. */
#define BOARD_TESTPLAN_BASE 0x30000000

/* Main stack of each image, at the bottom of its RAM (MSPLIM catches overflow). */
#define BOARD_STACK_SIZE 0x00002000

#endif
