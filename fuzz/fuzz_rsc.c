/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The resource-table validator on arbitrary bytes. The input is the table,
 * exactly as long as the input (libFuzzer's buffer: ASan sees any read past
 * its end). A table the validator accepts must really hold what it reported.
 */
#include <stdio.h>
#include <string.h>

#include "amp/errors.h"
#include "amp/rsc.h"
#include "fuzz_common.h"

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v; /* host is little-endian, like the wire */
}

static void check_accepted(const uint8_t *t, size_t len, const struct amp_rsc_info *info)
{
	const uint8_t *v;
	uint32_t i;

	FZ_ASSERT(len >= sizeof(struct amp_rsc_hdr));
	FZ_ASSERT(rd32(t) == AMP_RSC_VERSION);
	FZ_ASSERT(info->vdev_off <= len && len - info->vdev_off >= 28u + 2u * 20u);
	v = t + info->vdev_off;
	FZ_ASSERT(rd32(v) == AMP_RSC_VDEV);
	FZ_ASSERT(rd32(v + 4) == AMP_VIRTIO_ID_RPMSG);
	FZ_ASSERT(v[25] == 2);
	FZ_ASSERT(info->status == v[24]);
	FZ_ASSERT(info->dfeatures & (1u << AMP_VIRTIO_RPMSG_F_NS));
	for (i = 0; i < 2; i++) {
		const struct amp_rsc_vring *vr = &info->vring[i];

		FZ_ASSERT(vr->num && !(vr->num & (vr->num - 1u)));
		FZ_ASSERT(vr->align && !(vr->align & (vr->align - 1u)));
		FZ_ASSERT(vr->da == rd32(v + 28 + 20 * i));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct amp_rsc_info info;
	const char *why = NULL;
	int err;

	if (!data)
		return 0;
	err = amp_rsc_validate(data, size, &info, &why);

	FZ_ASSERT(err == AMP_OK || err == AMP_EPROTO);
	FZ_ASSERT(why != NULL && why[0] != '\0');
	if (err == AMP_OK)
		check_accepted(data, size, &info);
	if (fz_verbose())
		fprintf(stderr, "rsc: %s\n", why);
	return 0;
}
