/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Musca-B1 memory map as amplink uses it (the names every port's memmap.h
 * defines: docs/porting.md). Plain numbers only: the linker script template
 * (ports/common/armv8m/image.ld.S) and CMake read this file too.
 *
 * Secure aliases (both cores run Secure, SAU off; the SSE-200 IDAU makes
 * 0x1xxxxxxx the Secure alias of 0x0xxxxxxx and 0x3xxxxxxx that of
 * 0x2xxxxxxx). From QEMU hw/arm/musca.c (b1_mpc_info[], init_svtor) and
 * hw/arm/armsse.c (the SSE-200 SRAM banks, SRAM_ADDR_WIDTH 17 on Musca-B1):
 *   0x10000000  QSPI flash, 32 MiB (ROM to the cores; CPU0 boots at its start)
 *   0x1a400000  code SRAM, 512 KiB
 *   0x30000000  SSE-200 internal SRAM, 4 x 128 KiB banks, seen by both cores
 */
#ifndef BOARD_MEMMAP_H
#define BOARD_MEMMAP_H

/* CPU0 (master): code at the QSPI boot address, RAM = lower half of the code SRAM. */
#define BOARD_CPU0_CODE_BASE 0x10000000
#define BOARD_CPU0_CODE_SIZE 0x00100000
#define BOARD_CPU0_RAM_BASE  0x1a400000
#define BOARD_CPU0_RAM_SIZE  0x00040000

/* CPU1 (slave): the next MiB of QSPI, RAM = upper half of the code SRAM. */
#define BOARD_CPU1_CODE_BASE 0x10100000
#define BOARD_CPU1_CODE_SIZE 0x00100000
#define BOARD_CPU1_RAM_BASE  0x1a440000
#define BOARD_CPU1_RAM_SIZE  0x00040000

/* The amplink shared region: the first 64 KiB of internal SRAM bank 0. */
#define BOARD_SHM_BASE 0x30000000
#define BOARD_SHM_SIZE 0x00010000

/* The QEMU tests' plan (apps/firmware/fw_app.h): the start of internal SRAM bank 1. */
#define BOARD_TESTPLAN_BASE 0x30020000

/* Main stack of each image, at the bottom of its RAM (MSPLIM catches overflow). */
#define BOARD_STACK_SIZE 0x00002000

#endif
