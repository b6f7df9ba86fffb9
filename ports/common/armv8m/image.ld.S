/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Linker script template for one core's image on an Armv8-M board. CMake
 * (cmake/firmware.cmake) runs it through the C preprocessor with
 * IMAGE_CPU=0 (master) or 1 (slave) and the port folder on the include
 * path, taking the windows from the port's memmap.h, so the two images
 * cannot overlap and the master starts CPU1 where the slave was linked.
 *
 * CODE: vector table first (the architecture's words, then the subsystem's
 *       interrupt lines), code, read-only data, the resource table, then the
 *       initial values of .data.
 * RAM:  main stack at the bottom (MSPLIM = its base), .bss, .noinit, .data.
 */
#include "memmap.h"

#if IMAGE_CPU == 0
#define CODE_BASE BOARD_CPU0_CODE_BASE
#define CODE_SIZE BOARD_CPU0_CODE_SIZE
#define RAM_BASE  BOARD_CPU0_RAM_BASE
#define RAM_SIZE  BOARD_CPU0_RAM_SIZE
#elif IMAGE_CPU == 1
#define CODE_BASE BOARD_CPU1_CODE_BASE
#define CODE_SIZE BOARD_CPU1_CODE_SIZE
#define RAM_BASE  BOARD_CPU1_RAM_BASE
#define RAM_SIZE  BOARD_CPU1_RAM_SIZE
#else
#error "IMAGE_CPU must be 0 or 1"
#endif

ENTRY(v8m_reset_handler)

MEMORY
{
	CODE (rx)  : ORIGIN = CODE_BASE, LENGTH = CODE_SIZE
	RAM  (rwx) : ORIGIN = RAM_BASE,  LENGTH = RAM_SIZE
}

SECTIONS
{
	.vectors : ALIGN(256)
	{
		KEEP(*(.vectors))
		__vectors_irq = .;
		KEEP(*(.vectors.irq))
	} > CODE

	.text :
	{
		*(.text .text.*)
		*(.rodata .rodata.*)
	} > CODE

	.ARM.exidx :
	{
		*(.ARM.exidx* .gnu.linkonce.armexidx.*)
	} > CODE

	/* Linux remoteproc format; found by name in the slave ELF. */
	.resource_table : ALIGN(8)
	{
		KEEP(*(.resource_table))
	} > CODE

	.stack (NOLOAD) : ALIGN(8)
	{
		__stack_bottom = .;
		. += BOARD_STACK_SIZE;
		__stack_top = .;
	} > RAM

	.bss (NOLOAD) : ALIGN(4)
	{
		__bss_start = .;
		*(.bss .bss.* COMMON)
		. = ALIGN(4);
		__bss_end = .;
	} > RAM

	/* Survives v8m_soft_reboot(); garbage at power-up. */
	.noinit (NOLOAD) : ALIGN(4)
	{
		*(.noinit .noinit.*)
	} > RAM

	/* Last: its load address is in CODE, and no section after it inherits that. */
	.data : ALIGN(4)
	{
		__data_start = .;
		*(.data .data.*)
		. = ALIGN(4);
		__data_end = .;
	} > RAM AT > CODE
	__data_load = LOADADDR(.data);
}

ASSERT(__stack_top - __stack_bottom == BOARD_STACK_SIZE, "stack size")
ASSERT(v8m_vectors == CODE_BASE, "the vector table starts the image")
ASSERT(__vectors_irq == CODE_BASE + 64, "the interrupt lines follow the 16 architectural words")
