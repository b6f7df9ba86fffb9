/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Resource table: build one, and validate one the way Linux remoteproc does
 * (rproc_handle_resources / rproc_handle_vdev) before anything in it is used.
 * The validator works on a private copy of the bytes, never on memory the
 * peer can change while we look.
 */
#include <string.h>

#include "amp/errors.h"
#include "amp/rsc.h"
#include "amp/virtio.h"
#include "../common/amp_le.h"

void amp_rsc_build(struct amp_rsc_table *t, uint32_t da0, uint32_t da1, uint32_t num,
		   uint32_t align)
{
	if (!t)
		return;
	memset(t, 0, sizeof(*t));
	t->hdr.ver = AMP_RSC_VERSION;
	t->hdr.num = 1;
	t->offset[0] = (uint32_t)offsetof(struct amp_rsc_table, vdev);
	t->vdev.type = AMP_RSC_VDEV;
	t->vdev.id = AMP_VIRTIO_ID_RPMSG;
	t->vdev.notifyid = 2;
	t->vdev.dfeatures = 1u << AMP_VIRTIO_RPMSG_F_NS;
	t->vdev.num_of_vrings = 2;
	t->vdev.vring[0] = (struct amp_rsc_vring){da0, align, num, 0u, 0u};
	t->vdev.vring[1] = (struct amp_rsc_vring){da1, align, num, 1u, 0u};
}

/* The lean profile keeps every check but one reason for all (docs/integration.md). */
#if AMP_CFG_LEAN
#define REASON(text) "resource table refused"
#else
#define REASON(text) text
#endif

static int is_pow2(uint32_t v)
{
	return v && !(v & (v - 1u));
}

static int fail(const char **why, const char *reason)
{
	if (why)
		*why = reason;
	return AMP_EPROTO;
}

static int check_vring(const uint8_t *v, struct amp_rsc_vring *out, const char **why)
{
	out->da = amp_le_get32(v);
	out->align = amp_le_get32(v + 4);
	out->num = amp_le_get32(v + 8);
	out->notifyid = amp_le_get32(v + 12);
	out->pa = amp_le_get32(v + 16);
	if (!is_pow2(out->num) || out->num > 32768u)
		return fail(why, REASON("vring num is not a power of two"));
	if (!is_pow2(out->align))
		return fail(why, REASON("vring alignment is not a power of two"));
	return AMP_OK;
}

/* One vdev entry at off (type word included); rproc_handle_vdev's checks. */
static int check_vdev(const uint8_t *t, size_t len, uint32_t off, struct amp_rsc_info *info,
		      const char **why)
{
	const uint8_t *v = t + off;
	uint32_t nvr, cfg_len, i;
	size_t need;

	if (len - off < sizeof(struct amp_rsc_vdev) - 2u * sizeof(struct amp_rsc_vring))
		return fail(why, REASON("vdev entry truncated"));
	if (amp_le_get32(v + 4) != AMP_VIRTIO_ID_RPMSG)
		return fail(why, REASON("vdev is not rpmsg (virtio id 7)"));
	nvr = v[25];
	cfg_len = amp_le_get32(v + 20);
	if (v[26] || v[27])
		return fail(why, REASON("vdev reserved bytes not zero"));
	need = 28u + (size_t)nvr * sizeof(struct amp_rsc_vring) + cfg_len;
	if (cfg_len > len || need > len - off)
		return fail(why, REASON("vdev entry (vrings + config) runs past the table"));
	if (nvr != 2)
		return fail(why, REASON("rpmsg vdev needs exactly two vrings"));
	info->vdev_off = off;
	info->dfeatures = amp_le_get32(v + 12);
	info->gfeatures = amp_le_get32(v + 16);
	info->status = v[24];
	if (!(info->dfeatures & (1u << AMP_VIRTIO_RPMSG_F_NS)))
		return fail(why, REASON("vdev lacks the name-service feature"));
	for (i = 0; i < 2; i++) {
		int err =
		    check_vring(v + 28 + i * sizeof(struct amp_rsc_vring), &info->vring[i], why);
		if (err)
			return err;
	}
	return AMP_OK;
}

/* One trace entry at off (type word included); rproc_handle_trace's checks. */
static int check_trace(const uint8_t *t, size_t len, uint32_t off, struct amp_rsc_info *info,
		       const char **why)
{
	const uint8_t *e = t + off;

	if (len - off < sizeof(struct amp_rsc_trace))
		return fail(why, REASON("trace entry truncated"));
	if (amp_le_get32(e + 12))
		return fail(why, REASON("trace entry reserved field not zero"));
	if (!info->traces++) {
		info->trace_da = amp_le_get32(e + 4);
		info->trace_len = amp_le_get32(e + 8);
	}
	return AMP_OK;
}

int amp_rsc_validate(const void *table, size_t len, struct amp_rsc_info *info, const char **why)
{
	const uint8_t *t = (const uint8_t *)table;
	struct amp_rsc_info tmp;
	uint32_t num, i, vdevs = 0;

	if (!table) {
		if (why)
			*why = REASON("no table");
		return AMP_EINVAL;
	}
	if (!info)
		info = &tmp;
	memset(info, 0, sizeof(*info));
	if (len < sizeof(struct amp_rsc_hdr))
		return fail(why, REASON("table shorter than its header"));
	if (amp_le_get32(t) != AMP_RSC_VERSION)
		return fail(why, REASON("unsupported table version (want 1)"));
	if (amp_le_get32(t + 8) || amp_le_get32(t + 12))
		return fail(why, REASON("header reserved fields not zero"));
	num = amp_le_get32(t + 4);
	if (num == 0 || num > (len - sizeof(struct amp_rsc_hdr)) / 4u)
		return fail(why, REASON("entry count does not fit the table"));
	for (i = 0; i < num; i++) {
		uint32_t off = amp_le_get32(t + sizeof(struct amp_rsc_hdr) + 4u * i);
		uint32_t type;
		int err;

		if (off > len || len - off < 4u)
			return fail(why, REASON("entry offset out of bounds"));
		type = amp_le_get32(t + off);
		if (type > AMP_RSC_VDEV &&
		    (type < AMP_RSC_VENDOR_START || type > AMP_RSC_VENDOR_END))
			return fail(why, REASON("unknown resource type"));
		if (type == AMP_RSC_TRACE) {
			err = check_trace(t, len, off, info, why);
			if (err)
				return err;
			continue;
		}
		if (type != AMP_RSC_VDEV)
			continue;
		if (++vdevs > 1)
			return fail(why, REASON("more than one vdev"));
		err = check_vdev(t, len, off, info, why);
		if (err)
			return err;
	}
	if (!vdevs)
		return fail(why, REASON("no rpmsg vdev entry"));
	if (why)
		*why = "ok";
	return AMP_OK;
}
