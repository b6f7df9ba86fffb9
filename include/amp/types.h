/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef AMP_TYPES_H
#define AMP_TYPES_H

#ifdef __cplusplus
extern "C" {
#endif

/* master = OpenAMP host = virtio driver (CM7, CPU0); slave = remote = virtio device (CM4, CPU1). */
enum amp_role {
	AMP_ROLE_MASTER = 0,
	AMP_ROLE_SLAVE = 1,
};

/*
 * AMP_CFG_ROLE_ONLY: build the library for one role (AMP_ROLE_MASTER or
 * AMP_ROLE_SLAVE). Firmware images run one role, and with the role a
 * constant the compiler and --gc-sections drop the other role's code;
 * amp_init() then refuses the other role. Unset: both roles (host tools).
 */
#ifdef AMP_CFG_ROLE_ONLY
#define AMP_IS_MASTER(role) ((void)(role), AMP_CFG_ROLE_ONLY == AMP_ROLE_MASTER)
#else
#define AMP_IS_MASTER(role) ((role) == AMP_ROLE_MASTER)
#endif

#ifdef __cplusplus
}
#endif
#endif
