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

#ifdef __cplusplus
}
#endif
#endif
