/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The resource table validator: a good table, then each thing Linux
 * remoteproc refuses (rproc_handle_resources, rproc_handle_vdev,
 * rproc_parse_vring, vring_new_virtqueue), one mutation at a time. Tables
 * live in byte buffers so offsets can point anywhere, misaligned included.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "amp/errors.h"
#include "amp/rsc.h"

#define DA0	 0x38000400u
#define DA1	 0x38000600u
#define TLEN	 ((uint32_t)sizeof(struct amp_rsc_table))
#define VDEV_OFF 20u

/* A table with room to grow, in 4-byte aligned storage. */
static _Alignas(4) uint8_t tbl[1024];

static void put32(uint32_t off, uint32_t v)
{
	tbl[off] = (uint8_t)v;
	tbl[off + 1] = (uint8_t)(v >> 8);
	tbl[off + 2] = (uint8_t)(v >> 16);
	tbl[off + 3] = (uint8_t)(v >> 24);
}

static int setup(void **state)
{
	struct amp_rsc_table t;

	(void)state;
	memset(&tbl, 0, sizeof(tbl));
	amp_rsc_build(&t, DA0, DA1, 16, 64);
	memcpy(tbl, &t, sizeof(t));
	return 0;
}

static int validate(size_t len)
{
	struct amp_rsc_info info;
	const char *why = NULL;
	int err = amp_rsc_validate(tbl, len, &info, &why);

	assert_non_null(why);
	if (err)
		assert_string_not_equal(why, "ok");
	return err;
}

static void assert_rejected(size_t len)
{
	assert_int_equal(validate(len), AMP_EPROTO);
}

static void good_table(void **state)
{
	struct amp_rsc_info info;
	const char *why = NULL;

	(void)state;
	assert_int_equal(amp_rsc_validate(tbl, TLEN, &info, &why), AMP_OK);
	assert_string_equal(why, "ok");
	assert_int_equal(info.vdev_off, VDEV_OFF);
	assert_int_equal(info.dfeatures, 1u << AMP_VIRTIO_RPMSG_F_NS);
	assert_int_equal(info.gfeatures, 0);
	assert_int_equal(info.status, 0);
	assert_int_equal(info.vring[0].da, DA0);
	assert_int_equal(info.vring[0].align, 64);
	assert_int_equal(info.vring[0].num, 16);
	assert_int_equal(info.vring[0].notifyid, 0);
	assert_int_equal(info.vring[1].da, DA1);
	assert_int_equal(info.vring[1].notifyid, 1);
	/* info and why are optional; a longer buffer is fine */
	assert_int_equal(amp_rsc_validate(tbl, TLEN, NULL, NULL), AMP_OK);
	assert_int_equal(amp_rsc_validate(tbl, sizeof(tbl), NULL, NULL), AMP_OK);
	assert_int_equal(amp_rsc_validate(NULL, TLEN, NULL, NULL), AMP_EINVAL);
}

static void build_matches_static_init(void **state)
{
	static const struct amp_rsc_table init = AMP_RSC_TABLE_INIT(DA0, DA1, 16u, 64u);
	static const struct amp_rsc_table init2 =
	    AMP_RSC_TABLE_INIT(0x10040000u, 0x10048000u, 256u, 4096u);
	struct amp_rsc_table built;

	(void)state;
	amp_rsc_build(&built, DA0, DA1, 16, 64);
	assert_memory_equal(&init, &built, sizeof(built));
	amp_rsc_build(&built, 0x10040000u, 0x10048000u, 256, 4096);
	assert_memory_equal(&init2, &built, sizeof(built));
	assert_int_equal(amp_rsc_validate(&init, sizeof(init), NULL, NULL), AMP_OK);
	assert_int_equal(amp_rsc_validate(&init2, sizeof(init2), NULL, NULL), AMP_OK);
}

static void bad_version(void **state)
{
	const uint32_t v[] = {0, 2, 0x01000000u, 0xFFFFFFFFu};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		put32(0, v[i]);
		assert_rejected(TLEN);
	}
}

static void header_reserved_not_zero(void **state)
{
	(void)state;
	put32(8, 1);
	assert_rejected(TLEN);
	put32(8, 0);
	put32(12, 0x80000000u);
	assert_rejected(TLEN);
}

static void short_table(void **state)
{
	size_t len;

	(void)state;
	/* shorter than the header, or no room for the offsets */
	for (len = 0; len < 20; len++)
		assert_rejected(len);
}

static void num_entries(void **state)
{
	(void)state;
	put32(4, 0);
	assert_rejected(TLEN);
	/* offsets would run past the table: (88 - 16) / 4 = 18 fit */
	put32(4, 19);
	assert_rejected(TLEN);
	put32(4, 0x40000000u); /* num * 4 overflows 32 bits */
	assert_rejected(TLEN);
	put32(4, 0xFFFFFFFFu);
	assert_rejected(TLEN);
	/* one entry, but the table ends right after its offset word */
	put32(4, 1);
	assert_rejected(20);
}

static void offset_out_of_bounds(void **state)
{
	const uint32_t off[] = {TLEN,	     TLEN - 3u,	  TLEN - 1u,  TLEN + 4u,
				0x7FFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFDu};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(off) / sizeof(off[0]); i++) {
		put32(16, off[i]);
		assert_rejected(TLEN);
	}
}

static void truncated_vdev(void **state)
{
	uint32_t len;

	(void)state;
	/* every length that cuts the vdev entry short, down to its type word */
	for (len = VDEV_OFF + 4u; len < TLEN; len++)
		assert_rejected(len);
	assert_int_equal(validate(TLEN), AMP_OK);
}

static void config_space_runs_past(void **state)
{
	(void)state;
	put32(VDEV_OFF + 20, 1);
	assert_rejected(TLEN);
	assert_int_equal(validate(TLEN + 1u), AMP_OK);
	put32(VDEV_OFF + 20, 0xFFFFFFFFu);
	assert_rejected(sizeof(tbl));
	put32(VDEV_OFF + 20, 0xFFFFFFF0u); /* 28 + 40 + cfg_len would wrap a 32-bit size_t */
	assert_rejected(sizeof(tbl));
}

static void wrong_virtio_id(void **state)
{
	const uint32_t ids[] = {0, 1, 3, 6, 8, 0x107, 0xFFFFFFFFu};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		put32(VDEV_OFF + 4, ids[i]);
		assert_rejected(TLEN);
	}
}

static void no_ns_feature(void **state)
{
	(void)state;
	put32(VDEV_OFF + 12, 0);
	assert_rejected(TLEN);
	put32(VDEV_OFF + 12, 0xFFFFFFFEu);
	assert_rejected(TLEN);
	put32(VDEV_OFF + 12, 0xFFFFFFFFu);
	assert_int_equal(validate(TLEN), AMP_OK);
}

static void vring_count(void **state)
{
	const uint8_t n[] = {0, 1, 3, 255};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(n); i++) {
		tbl[VDEV_OFF + 25] = n[i];
		assert_rejected(TLEN);
		assert_rejected(sizeof(tbl));
	}
}

static void vring_num_bad(void **state)
{
	/* not a power of two, or more than the 32768 entries a virtqueue may have */
	const uint32_t nums[] = {0, 3, 15, 17, 24, 0x10000u, 0x80000000u, 0xFFFFFFFFu};
	size_t i, r;

	(void)state;
	for (r = 0; r < 2; r++)
		for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
			put32(VDEV_OFF + 28 + (uint32_t)r * 20u + 8u, nums[i]);
			assert_rejected(TLEN);
			put32(VDEV_OFF + 28 + (uint32_t)r * 20u + 8u, 16);
			assert_int_equal(validate(TLEN), AMP_OK);
		}
}

static void vring_align_not_power_of_two(void **state)
{
	const uint32_t aligns[] = {0, 3, 48, 100, 0xFFFFFFFFu};
	size_t i, r;

	(void)state;
	for (r = 0; r < 2; r++)
		for (i = 0; i < sizeof(aligns) / sizeof(aligns[0]); i++) {
			put32(VDEV_OFF + 28 + (uint32_t)r * 20u + 4u, aligns[i]);
			assert_rejected(TLEN);
			put32(VDEV_OFF + 28 + (uint32_t)r * 20u + 4u, 64);
			assert_int_equal(validate(TLEN), AMP_OK);
		}
}

static void vdev_reserved_not_zero(void **state)
{
	(void)state;
	tbl[VDEV_OFF + 26] = 1;
	assert_rejected(TLEN);
	tbl[VDEV_OFF + 26] = 0;
	tbl[VDEV_OFF + 27] = 0x80;
	assert_rejected(TLEN);
}

static void unknown_resource_type(void **state)
{
	const uint32_t types[] = {4, 5, 127, 513, 0xFFFFFFFFu};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		put32(VDEV_OFF, types[i]);
		assert_rejected(TLEN);
	}
}

/*
 * A bigger table: header, two offsets, a vendor entry, then the vdev at an
 * odd offset (nothing requires entries to be aligned; the validator reads
 * bytes, so UBSan must stay quiet).
 */
static uint32_t two_entry_table(uint32_t vdev_off)
{
	struct amp_rsc_table t;

	memset(&tbl, 0, sizeof(tbl));
	amp_rsc_build(&t, DA0, DA1, 16, 64);
	put32(0, 1);
	put32(4, 2);
	put32(16, 24);	     /* vendor entry: type word only */
	put32(20, vdev_off); /* the vdev */
	put32(24, AMP_RSC_VENDOR_START);
	memcpy(tbl + vdev_off, &t.vdev, sizeof(t.vdev));
	return vdev_off + (uint32_t)sizeof(t.vdev);
}

static void vendor_entry_and_unaligned_vdev(void **state)
{
	struct amp_rsc_info info;
	uint32_t len;

	(void)state;
	len = two_entry_table(29);
	assert_int_equal(amp_rsc_validate(tbl, len, &info, NULL), AMP_OK);
	assert_int_equal(info.vdev_off, 29);
	assert_int_equal(info.vring[1].da, DA1);
	assert_rejected(len - 1u);
	/* the vendor entry's offset out of bounds */
	put32(16, len);
	assert_rejected(len);
}

static void no_vdev_or_two_vdevs(void **state)
{
	uint32_t len;

	(void)state;
	/* only a vendor entry */
	len = two_entry_table(28);
	put32(4, 1);
	assert_rejected(len);
	/* both offsets name the same vdev */
	len = two_entry_table(28);
	put32(16, 28);
	assert_rejected(len);
}

/* ---- bad arguments ---------------------------------------------------------- */

static void test_rsc_rejects_bad_args(void **state)
{
	struct amp_rsc_info info;
	const char *why = NULL;

	(void)state;
	/* NULL table: AMP_EINVAL with a reason, *info untouched */
	memset(&info, 0x5A, sizeof(info));
	assert_int_equal(amp_rsc_validate(NULL, TLEN, &info, &why), AMP_EINVAL);
	assert_non_null(why);
	assert_string_not_equal(why, "ok");
	assert_int_equal(info.vdev_off, 0x5A5A5A5Au);
	assert_int_equal(amp_rsc_validate(NULL, 0, NULL, NULL), AMP_EINVAL);
	/* a length too short for the table is a bad table (AMP_EPROTO), info and why optional */
	assert_int_equal(amp_rsc_validate(tbl, 0, &info, &why), AMP_EPROTO);
	assert_int_equal(amp_rsc_validate(tbl, TLEN - 1u, NULL, NULL), AMP_EPROTO);
	/* NULL table to fill: nothing happens */
	amp_rsc_build(NULL, DA0, DA1, 16, 64);
}

/* A slave image's table with a trace entry (what Linux shows as trace0). */
static void trace_entry(void **state)
{
	static const struct amp_rsc_table_trace t =
	    AMP_RSC_TABLE_TRACE_INIT(DA0, DA1, 16u, 64u, 0x30000100u, 2048u);
	struct amp_rsc_info info;

	(void)state;
	memcpy(tbl, &t, sizeof(t));
	assert_int_equal(amp_rsc_validate(tbl, sizeof(t), &info, NULL), AMP_OK);
	assert_int_equal(info.vdev_off, offsetof(struct amp_rsc_table_trace, vdev));
	assert_int_equal(info.traces, 1);
	assert_int_equal(info.trace_da, 0x30000100u);
	assert_int_equal(info.trace_len, 2048u);
	assert_string_equal(t.trace.name, "trace0");
	/* rproc_handle_trace: truncated, reserved not zero */
	assert_rejected(sizeof(t) - 1u);
	put32(offsetof(struct amp_rsc_table_trace, trace) + 12u, 1u);
	assert_rejected(sizeof(t));
	/* a table without one reports none */
	setup(NULL);
	assert_int_equal(amp_rsc_validate(tbl, TLEN, &info, NULL), AMP_OK);
	assert_int_equal(info.traces, 0);
}

/* The text always ends in a NUL; a line that does not fit starts over at the top, whole. */
static void trace_buffer(void **state)
{
	static char text[16];
	struct amp_trace_buf t;
	static struct amp_trace_buf zero;

	(void)state;
	memset(text, 'x', sizeof(text));
	amp_trace_buf_init(&t, text, sizeof(text));
	assert_int_equal(text[0], '\0');
	amp_trace_buf_write(&t, "m.one\n", 6);
	amp_trace_buf_write(&t, "m.two\n", 6);
	assert_string_equal(text, "m.one\nm.two\n");
	amp_trace_buf_write(&t, "m.three\n", 8); /* 12 + 8 > 15: wraps */
	assert_string_equal(text, "m.three\n");
	amp_trace_buf_write(&t, "0123456789abcdefghij", 20); /* cut to 15 */
	assert_int_equal(strlen(text), 15u);
	assert_memory_equal(text, "0123456789abcde", 15);
	amp_trace_buf_write(&t, "", 0);
	assert_int_equal(strlen(text), 15u);
	/* refused calls do nothing */
	amp_trace_buf_write(&zero, "a", 1);
	amp_trace_buf_write(NULL, "a", 1);
	amp_trace_buf_write(&t, NULL, 1);
	amp_trace_buf_init(&zero, text, 1);
	assert_null(zero.text);
	amp_trace_buf_init(NULL, text, 4);
	assert_int_equal(strlen(text), 15u);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, NULL)
	const struct CMUnitTest tests[] = {
	    T(good_table),
	    T(build_matches_static_init),
	    T(bad_version),
	    T(header_reserved_not_zero),
	    T(short_table),
	    T(num_entries),
	    T(offset_out_of_bounds),
	    T(truncated_vdev),
	    T(config_space_runs_past),
	    T(wrong_virtio_id),
	    T(no_ns_feature),
	    T(vring_count),
	    T(vring_num_bad),
	    T(vring_align_not_power_of_two),
	    T(vdev_reserved_not_zero),
	    T(unknown_resource_type),
	    T(vendor_entry_and_unaligned_vdev),
	    T(no_vdev_or_two_vdevs),
	    T(test_rsc_rejects_bad_args),
	    T(trace_entry),
	    T(trace_buffer),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
