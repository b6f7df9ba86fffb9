/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The few STM32H747 and Armv7-M registers this port uses. Addresses, offsets
 * and bit positions are from RM0399 (STM32H745/755/747/757 reference manual)
 * and the Armv7-M Architecture Reference Manual (DDI 0403). Written here
 * rather than taken from a vendor header so the port has no external
 * dependency.
 */
#ifndef H7_REGS_H
#define H7_REGS_H

#include <stdint.h>

#define H7_BIT(n) (1u << (n))

/* ---- Memory map (RM0399 section 2.3) ---- */
#define H7_FLASH_BANK1 0x08000000u /* CM7 image */
#define H7_FLASH_BANK2 0x08100000u /* CM4 image */
#define H7_DTCM	       0x20000000u
#define H7_AXI_SRAM    0x24000000u
#define H7_D2_SRAM_CM4 0x10000000u /* D2 SRAM1..3 as the CM4 sees them on its I/D bus */
#define H7_D2_SRAM     0x30000000u
#define H7_SRAM4       0x38000000u /* D3 SRAM4, 64 KiB: the shared region */
#define H7_SRAM4_SIZE  0x10000u

/* ---- HSEM, hardware semaphores (RM0399 chapter 11) ---- */
#define H7_HSEM_BASE   0x58026400u
#define H7_HSEM_COUNT  32u
#define H7_HSEM_R(n)   (0x000u + 4u * (n)) /* write lock (2-step), unlock, read back */
#define H7_HSEM_RLR(n) (0x080u + 4u * (n)) /* read lock (1-step) */
#define H7_HSEM_C1IER  0x100u		   /* interrupt line 1: CPU1 = Cortex-M7 */
#define H7_HSEM_C1ICR  0x104u
#define H7_HSEM_C1ISR  0x108u
#define H7_HSEM_C1MISR 0x10Cu
#define H7_HSEM_C2IER  0x110u /* interrupt line 2: CPU2 = Cortex-M4 */
#define H7_HSEM_C2ICR  0x114u
#define H7_HSEM_C2ISR  0x118u
#define H7_HSEM_C2MISR 0x11Cu
#define H7_HSEM_CR     0x140u /* clear all semaphores of one COREID (with KEY) */
#define H7_HSEM_KEYR   0x144u
/* Offsets of IER/ICR/ISR/MISR inside one interrupt line's block. */
#define H7_HSEM_IER  0x0u
#define H7_HSEM_ICR  0x4u
#define H7_HSEM_ISR  0x8u
#define H7_HSEM_MISR 0xCu
/* HSEM_Rx / HSEM_RLRx fields */
#define H7_HSEM_LOCK	     H7_BIT(31)
#define H7_HSEM_COREID_SHIFT 8u
#define H7_HSEM_COREID_MASK  (0xFu << H7_HSEM_COREID_SHIFT)
#define H7_HSEM_PROCID_MASK  0xFFu
/* HSEM_CR / HSEM_KEYR: KEY in bits 31:16, COREID in bits 11:8 */
#define H7_HSEM_KEY_SHIFT 16u
/* AHB bus master IDs as HSEM stores them (RM0399 table "HSEM COREID"). */
#define H7_HSEM_COREID_CM7 3u
#define H7_HSEM_COREID_CM4 1u

/* ---- RCC (RM0399 chapter 9). The xxxENR/RSR registers at these offsets are
 * per-CPU aliases: each core reaches its own RCC_Cx_xxxENR / RCC_Cx_RSR. ---- */
#define H7_RCC_BASE	      0x58024400u
#define H7_RCC_RSR	      0x0D0u
#define H7_RCC_AHB4ENR	      0x0E0u
#define H7_RCC_APB2ENR	      0x0F0u
#define H7_RCC_RSR_RMVF	      H7_BIT(16)
#define H7_RCC_RSR_BORRSTF    H7_BIT(21)
#define H7_RCC_RSR_PINRSTF    H7_BIT(22)
#define H7_RCC_RSR_PORRSTF    H7_BIT(23)
#define H7_RCC_RSR_SFTRSTF    H7_BIT(24) /* SFT1RSTF: system reset requested by the CM7 */
#define H7_RCC_RSR_C1RSTF     H7_BIT(17) /* the CM7 alone was reset */
#define H7_RCC_RSR_C2RSTF     H7_BIT(18) /* the CM4 alone was reset */
#define H7_RCC_RSR_D1RSTF     H7_BIT(19) /* D1 domain power switch */
#define H7_RCC_RSR_D2RSTF     H7_BIT(20) /* D2 domain power switch */
#define H7_RCC_RSR_SFT2RSTF   H7_BIT(25) /* system reset requested by the CM4 */
#define H7_RCC_RSR_IWDG1RSTF  H7_BIT(26)
#define H7_RCC_RSR_IWDG2RSTF  H7_BIT(27)
#define H7_RCC_RSR_WWDG1RSTF  H7_BIT(28)
#define H7_RCC_RSR_WWDG2RSTF  H7_BIT(29)
#define H7_RCC_RSR_LPWR1RSTF  H7_BIT(30) /* illegal D1 DStandby or CM7 CStop */
#define H7_RCC_RSR_LPWR2RSTF  H7_BIT(31) /* illegal D2 DStandby or CM4 CStop */
#define H7_RCC_AHB4ENR_GPIOA  H7_BIT(0)
#define H7_RCC_AHB4ENR_HSEM   H7_BIT(25)
#define H7_RCC_APB2ENR_USART1 H7_BIT(4)

/* ---- PWR (RM0399 chapter 7) ---- */
#define H7_PWR_BASE	       0x58024800u
#define H7_PWR_CSR1	       0x04u
#define H7_PWR_CR3	       0x0Cu
#define H7_PWR_CSR1_ACTVOSRDY  H7_BIT(13)
#define H7_PWR_CR3_BYPASS      H7_BIT(0)
#define H7_PWR_CR3_LDOEN       H7_BIT(1)
#define H7_PWR_CR3_SDEN	       H7_BIT(2)
#define H7_PWR_CR3_SUPPLY_MASK 0x3Fu /* BYPASS, LDOEN, SDEN, SMPSEXTHP, SMPSLEVEL */

/* ---- GPIO (RM0399 chapter 12) ---- */
#define H7_GPIOA_BASE	0x58020000u
#define H7_GPIO_MODER	0x00u
#define H7_GPIO_OSPEEDR 0x08u
#define H7_GPIO_PUPDR	0x0Cu
#define H7_GPIO_AFRH	0x24u
#define H7_GPIO_MODE_AF 2u

/* ---- USART1 (RM0399 chapter 51): ST-LINK virtual COM port on STM32H747I-DISCO,
 * TX on PA9, RX on PA10, alternate function 7. ---- */
#define H7_USART1_BASE	 0x40011000u
#define H7_USART_CR1	 0x00u
#define H7_USART_BRR	 0x0Cu
#define H7_USART_ISR	 0x1Cu
#define H7_USART_TDR	 0x28u
#define H7_USART_CR1_UE	 H7_BIT(0)
#define H7_USART_CR1_RE	 H7_BIT(2)
#define H7_USART_CR1_TE	 H7_BIT(3)
#define H7_USART_ISR_TC	 H7_BIT(6)
#define H7_USART_ISR_TXE H7_BIT(7) /* TXFNF when the FIFO is enabled */
#define H7_USART1_AF	 7u

/* ---- Interrupt numbers (RM0399 table "NVIC") ---- */
#define H7_IRQ_COUNT 150u
#define H7_IRQ_HSEM1 125u /* HSEM interrupt line 1, wired to the Cortex-M7 */
#define H7_IRQ_HSEM2 126u /* HSEM interrupt line 2, wired to the Cortex-M4 */

/* ---- Armv7-M system control space (DDI 0403, chapter B3) ---- */
#define H7_SYST_CSR	       0xE000E010u
#define H7_SYST_RVR	       0xE000E014u
#define H7_SYST_CVR	       0xE000E018u
#define H7_SYST_CSR_ENABLE     H7_BIT(0)
#define H7_SYST_CSR_TICKINT    H7_BIT(1)
#define H7_SYST_CSR_CLKSOURCE  H7_BIT(2)
#define H7_NVIC_ISER(n)	       (0xE000E100u + 4u * (n))
#define H7_NVIC_ICPR(n)	       (0xE000E280u + 4u * (n))
#define H7_SCB_CPUID	       0xE000ED00u
#define H7_SCB_VTOR	       0xE000ED08u
#define H7_SCB_CCR	       0xE000ED14u
#define H7_SCB_CCR_DC	       H7_BIT(16)
#define H7_SCB_CCR_IC	       H7_BIT(17)
#define H7_SCB_CCSIDR	       0xE000ED80u
#define H7_SCB_CSSELR	       0xE000ED84u
#define H7_SCB_CPACR	       0xE000ED88u
#define H7_SCB_CPACR_CP10_CP11 (0xFu << 20)
/* MPU, PMSAv7 (DDI 0403 section B3.5) */
#define H7_MPU_TYPE	       0xE000ED90u
#define H7_MPU_CTRL	       0xE000ED94u
#define H7_MPU_RNR	       0xE000ED98u
#define H7_MPU_RBAR	       0xE000ED9Cu
#define H7_MPU_RASR	       0xE000EDA0u
#define H7_MPU_CTRL_ENABLE     H7_BIT(0)
#define H7_MPU_CTRL_HFNMIENA   H7_BIT(1)
#define H7_MPU_CTRL_PRIVDEFENA H7_BIT(2)
/* Cache maintenance operations (DDI 0403 section B2.2.7, table B2-1) */
#define H7_SCB_ICIALLU	0xE000EF50u /* invalidate all instruction cache to PoU */
#define H7_SCB_DCIMVAC	0xE000EF5Cu /* invalidate data cache line by address to PoC */
#define H7_SCB_DCISW	0xE000EF60u /* invalidate data cache line by set/way */
#define H7_SCB_DCCMVAC	0xE000EF68u /* clean data cache line by address to PoC */
#define H7_SCB_DCCIMVAC 0xE000EF70u /* clean and invalidate data cache line by address */
/* CCSIDR fields */
#define H7_CCSIDR_LINESIZE(x) ((x)&0x7u)
#define H7_CCSIDR_ASSOC(x)    (((x) >> 3) & 0x3FFu)
#define H7_CCSIDR_NUMSETS(x)  (((x) >> 13) & 0x7FFFu)

/* The Cortex-M7 L1 data cache line (DDI 0489, Cortex-M7 TRM section 5.9). */
#define H7_DCACHE_LINE 32u

#endif
