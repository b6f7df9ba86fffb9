/* SPDX-License-Identifier: BSD-3-Clause */
/* comm_buffer: full/empty at every offset, counter wraparound, zero copy, a reference model. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "amp/comm_buffer.h"
#include "amp/errors.h"
#include "test_rng.h"

static void test_init_rejects_bad_sizes(void **state)
{
	struct amp_comm_buffer cb;
	uint8_t mem[64];

	(void)state;
	assert_int_equal(amp_comm_buffer_init(&cb, mem, 0), AMP_EINVAL);
	assert_int_equal(amp_comm_buffer_init(&cb, mem, 1), AMP_EINVAL);
	assert_int_equal(amp_comm_buffer_init(&cb, mem, 48), AMP_EINVAL);
	assert_int_equal(amp_comm_buffer_init(&cb, NULL, 64), AMP_EINVAL);
	assert_int_equal(amp_comm_buffer_init(NULL, mem, 64), AMP_EINVAL);
	assert_int_equal(amp_comm_buffer_init(&cb, mem, 0xFFFFFFFFu), AMP_EINVAL);
	assert_int_equal(amp_comm_buffer_init(&cb, mem, 64), AMP_OK);
	assert_int_equal(amp_comm_buffer_size(&cb), 64);
	assert_int_equal(amp_comm_buffer_available(&cb), 0);
	assert_int_equal(amp_comm_buffer_free_space(&cb), 64);
}

/* NULL, a zeroed (never initialised) ring and NULL buffers: nothing is touched, nothing crashes. */
static void test_comm_buffer_rejects_bad_args(void **state)
{
	static struct amp_comm_buffer zeroed;
	struct amp_comm_buffer cb;
	uint8_t mem[16], buf[4] = {1, 2, 3, 4};
	uint8_t *wp = buf;
	const uint8_t *rp = buf;

	(void)state;
	amp_comm_buffer_reset(NULL);
	assert_int_equal(amp_comm_buffer_size(NULL), 0);
	assert_int_equal(amp_comm_buffer_available(NULL), 0);
	assert_int_equal(amp_comm_buffer_free_space(NULL), 0);
	assert_int_equal(amp_comm_buffer_total_written(NULL), 0);
	assert_int_equal(amp_comm_buffer_total_read(NULL), 0);
	assert_int_equal(amp_comm_buffer_write(NULL, buf, 1), 0);
	assert_int_equal(amp_comm_buffer_read(NULL, buf, 1), 0);
	assert_int_equal(amp_comm_buffer_peek(NULL, 0, buf, 1), 0);
	assert_int_equal(amp_comm_buffer_skip(NULL, 1), 0);
	assert_int_equal(amp_comm_buffer_write_region(NULL, &wp), 0);
	assert_null(wp);
	assert_int_equal(amp_comm_buffer_read_region(NULL, &rp), 0);
	assert_null(rp);
	assert_int_equal(amp_comm_buffer_write_commit(NULL, 0), AMP_EINVAL);
	assert_int_equal(amp_comm_buffer_read_commit(NULL, 0), AMP_EINVAL);

	/* a zeroed ring has no storage: no byte goes in or out, no region is handed out */
	assert_int_equal(amp_comm_buffer_size(&zeroed), 0);
	assert_int_equal(amp_comm_buffer_free_space(&zeroed), 0);
	assert_int_equal(amp_comm_buffer_available(&zeroed), 0);
	assert_int_equal(amp_comm_buffer_write(&zeroed, buf, 1), 0);
	assert_int_equal(amp_comm_buffer_read(&zeroed, buf, 1), 0);
	assert_int_equal(amp_comm_buffer_peek(&zeroed, 0, buf, 1), 0);
	assert_int_equal(amp_comm_buffer_skip(&zeroed, 1), 0);
	wp = buf;
	rp = buf;
	assert_int_equal(amp_comm_buffer_write_region(&zeroed, &wp), 0);
	assert_null(wp);
	assert_int_equal(amp_comm_buffer_read_region(&zeroed, &rp), 0);
	assert_null(rp);
	assert_int_equal(amp_comm_buffer_write_commit(&zeroed, 0), AMP_EINVAL);
	assert_int_equal(amp_comm_buffer_read_commit(&zeroed, 0), AMP_EINVAL);
	atomic_store(&zeroed.head, 3u);
	amp_comm_buffer_reset(&zeroed);
	assert_int_equal(amp_comm_buffer_total_written(&zeroed), 3); /* not in use: untouched */
	atomic_store(&zeroed.head, 0u);

	/* a good ring with 2 bytes in it: NULL buffers and NULL region pointers move nothing */
	assert_int_equal(amp_comm_buffer_init(&cb, mem, sizeof(mem)), AMP_OK);
	assert_int_equal(amp_comm_buffer_write(&cb, buf, 2), 2);
	assert_int_equal(amp_comm_buffer_write(&cb, NULL, 1), 0);
	assert_int_equal(amp_comm_buffer_read(&cb, NULL, 1), 0);
	assert_int_equal(amp_comm_buffer_peek(&cb, 0, NULL, 1), 0);
	assert_int_equal(amp_comm_buffer_peek(&cb, 0, NULL, 0), 0);
	assert_int_equal(amp_comm_buffer_write_region(&cb, NULL), 0);
	assert_int_equal(amp_comm_buffer_read_region(&cb, NULL), 0);
	assert_int_equal(amp_comm_buffer_write_commit(&cb, sizeof(mem)), AMP_EINVAL);
	assert_int_equal(amp_comm_buffer_read_commit(&cb, 3), AMP_EINVAL);
	assert_int_equal(amp_comm_buffer_total_written(&cb), 2);
	assert_int_equal(amp_comm_buffer_total_read(&cb), 0);
	assert_int_equal(amp_comm_buffer_available(&cb), 2);
}

/* Move both counters to pos with the ring empty. */
static void advance_to(struct amp_comm_buffer *cb, uint32_t pos)
{
	atomic_store(&cb->head, pos);
	atomic_store(&cb->tail, pos);
}

static void check_full_empty_at(uint32_t size, uint32_t start)
{
	struct amp_comm_buffer cb;
	uint8_t mem[32], in[40], out[40];
	uint32_t i;

	assert_int_equal(amp_comm_buffer_init(&cb, mem, size), AMP_OK);
	advance_to(&cb, start);
	for (i = 0; i < sizeof(in); i++)
		in[i] = (uint8_t)(start * 7u + i);

	/* empty */
	assert_int_equal(amp_comm_buffer_available(&cb), 0);
	assert_int_equal(amp_comm_buffer_read(&cb, out, sizeof(out)), 0);
	assert_int_equal(amp_comm_buffer_peek(&cb, 0, out, 1), 0);

	/* a write larger than the ring fills it exactly */
	assert_int_equal(amp_comm_buffer_write(&cb, in, size + 5u), size);
	assert_int_equal(amp_comm_buffer_available(&cb), size);
	assert_int_equal(amp_comm_buffer_free_space(&cb), 0);
	assert_int_equal(amp_comm_buffer_write(&cb, in, 1), 0);

	/* full: everything comes back in order */
	memset(out, 0, sizeof(out));
	assert_int_equal(amp_comm_buffer_peek(&cb, 1, out, sizeof(out)), size - 1u);
	assert_memory_equal(out, in + 1, size - 1u);
	assert_int_equal(amp_comm_buffer_read(&cb, out, sizeof(out)), size);
	assert_memory_equal(out, in, size);
	assert_int_equal(amp_comm_buffer_available(&cb), 0);
	assert_int_equal(amp_comm_buffer_free_space(&cb), size);
	assert_int_equal(amp_comm_buffer_total_written(&cb), start + size);
	assert_int_equal(amp_comm_buffer_total_read(&cb), start + size);
}

static void test_full_and_empty_at_every_offset(void **state)
{
	uint32_t size, off;

	(void)state;
	for (size = 2; size <= 32; size *= 2)
		for (off = 0; off < 2u * size; off++)
			check_full_empty_at(size, off);
}

/* The free-running counters wrap at 2^32 in the middle of the data. */
static void test_counter_wraparound(void **state)
{
	uint32_t off;

	(void)state;
	for (off = 0; off < 40; off++)
		check_full_empty_at(32, 0xFFFFFFECu + off);
}

static void test_regions_split_at_the_wrap(void **state)
{
	struct amp_comm_buffer cb;
	uint8_t mem[16];
	uint8_t *w;
	const uint8_t *r;

	(void)state;
	assert_int_equal(amp_comm_buffer_init(&cb, mem, 16), AMP_OK);
	advance_to(&cb, 12);

	assert_int_equal(amp_comm_buffer_write_region(&cb, &w), 4);
	assert_ptr_equal(w, mem + 12);
	assert_int_equal(amp_comm_buffer_write_commit(&cb, 5), AMP_EINVAL);
	memcpy(w, "abcd", 4);
	assert_int_equal(amp_comm_buffer_write_commit(&cb, 4), AMP_OK);
	assert_int_equal(amp_comm_buffer_write_region(&cb, &w), 12);
	assert_ptr_equal(w, mem);
	memcpy(w, "efg", 3);
	assert_int_equal(amp_comm_buffer_write_commit(&cb, 3), AMP_OK);
	assert_int_equal(amp_comm_buffer_available(&cb), 7);

	assert_int_equal(amp_comm_buffer_read_region(&cb, &r), 4);
	assert_memory_equal(r, "abcd", 4);
	assert_int_equal(amp_comm_buffer_read_commit(&cb, 5), AMP_EINVAL);
	assert_int_equal(amp_comm_buffer_read_commit(&cb, 4), AMP_OK);
	assert_int_equal(amp_comm_buffer_read_region(&cb, &r), 3);
	assert_memory_equal(r, "efg", 3);
	assert_int_equal(amp_comm_buffer_read_commit(&cb, 3), AMP_OK);
	assert_int_equal(amp_comm_buffer_read_region(&cb, &r), 0);
	assert_int_equal(amp_comm_buffer_read_commit(&cb, 1), AMP_EINVAL);

	/* full ring: no write region */
	assert_int_equal(amp_comm_buffer_write(&cb, "0123456789abcdef", 16), 16);
	assert_int_equal(amp_comm_buffer_write_region(&cb, &w), 0);
	assert_int_equal(amp_comm_buffer_skip(&cb, 20), 16);
	assert_int_equal(amp_comm_buffer_available(&cb), 0);
}

/* Reference model: a plain array queue. */
struct model {
	uint8_t q[256];
	uint32_t len;
};

static void model_push(struct model *m, const uint8_t *p, uint32_t n)
{
	memcpy(m->q + m->len, p, n);
	m->len += n;
}

static void model_pop(struct model *m, uint32_t n)
{
	memmove(m->q, m->q + n, m->len - n);
	m->len -= n;
}

static void random_step(struct amp_comm_buffer *cb, struct model *m, uint32_t size)
{
	uint8_t buf[128], *w;
	const uint8_t *r;
	uint32_t free_before = size - m->len, n, want, i, region, off;
	size_t got;

	want = rng_below(size + 8u);
	for (i = 0; i < want && i < sizeof(buf); i++)
		buf[i] = (uint8_t)rng();
	switch (rng_below(6)) {
	case 0: /* write */
		got = amp_comm_buffer_write(cb, buf, want);
		assert_true(got <= free_before);
		assert_int_equal(got, want < free_before ? want : free_before);
		model_push(m, buf, (uint32_t)got);
		break;
	case 1: /* zero-copy write of part of the region */
		region = amp_comm_buffer_write_region(cb, &w);
		assert_true(region <= free_before);
		n = rng_below(region + 1u);
		memcpy(w, buf, n);
		assert_int_equal(amp_comm_buffer_write_commit(cb, n), AMP_OK);
		model_push(m, buf, n);
		break;
	case 2: /* read */
		got = amp_comm_buffer_read(cb, buf, want);
		assert_int_equal(got, want < m->len ? want : m->len);
		assert_memory_equal(buf, m->q, got);
		model_pop(m, (uint32_t)got);
		break;
	case 3: /* peek at an offset */
		off = rng_below(m->len + 2u);
		got = amp_comm_buffer_peek(cb, off, buf, want);
		n = off < m->len ? m->len - off : 0u;
		assert_int_equal(got, want < n ? want : n);
		assert_memory_equal(buf, m->q + off, got);
		break;
	case 4: /* zero-copy read of part of the region */
		region = amp_comm_buffer_read_region(cb, &r);
		assert_true(region <= m->len);
		assert_true(region > 0 || m->len == 0);
		n = rng_below(region + 1u);
		assert_memory_equal(r, m->q, n);
		assert_int_equal(amp_comm_buffer_read_commit(cb, n), AMP_OK);
		model_pop(m, n);
		break;
	default: /* skip */
		got = amp_comm_buffer_skip(cb, want);
		assert_int_equal(got, want < m->len ? want : m->len);
		model_pop(m, (uint32_t)got);
		break;
	}
	assert_int_equal(amp_comm_buffer_available(cb), m->len);
	assert_int_equal(amp_comm_buffer_free_space(cb), size - m->len);
}

static void test_random_against_model(void **state)
{
	static uint8_t mem[128];
	struct amp_comm_buffer cb;
	struct model m;
	uint32_t size, step;

	(void)state;
	seed_rng(0xC0FFEE01u);
	for (size = 2; size <= sizeof(mem); size *= 2) {
		assert_int_equal(amp_comm_buffer_init(&cb, mem, size), AMP_OK);
		advance_to(&cb, 0xFFFFFF00u + rng_below(512));
		m.len = 0;
		for (step = 0; step < 20000; step++)
			random_step(&cb, &m, size);
	}
}

/*
 * Two threads, the way an interrupt and the application use it: the producer
 * writes a known sequence in random chunks, the consumer checks every byte.
 * The outcome does not depend on the interleaving.
 */
#define STRESS_BYTES (8u << 20)

struct stress {
	struct amp_comm_buffer cb;
	uint8_t mem[1024];
	uint64_t seed;
	uint32_t producer_errors; /* cmocka asserts are not for other threads */
};

static uint8_t pattern(uint32_t i)
{
	return (uint8_t)((i * 2654435761u) >> 24);
}

static void *stress_producer(void *arg)
{
	struct stress *s = arg;
	uint8_t buf[300], *w;
	uint32_t sent = 0, i, region;
	uint64_t r = s->seed;

	while (sent < STRESS_BYTES) {
		uint32_t n;

		r = r * 6364136223846793005ull + 1442695040888963407ull;
		n = (uint32_t)(r >> 33) % sizeof(buf) + 1u;
		if (n > STRESS_BYTES - sent)
			n = STRESS_BYTES - sent;
		if (r & 1u) {
			for (i = 0; i < n; i++)
				buf[i] = pattern(sent + i);
			sent += (uint32_t)amp_comm_buffer_write(&s->cb, buf, n);
		} else {
			region = amp_comm_buffer_write_region(&s->cb, &w);
			n = n < region ? n : region;
			for (i = 0; i < n; i++)
				w[i] = pattern(sent + i);
			if (amp_comm_buffer_write_commit(&s->cb, n) != AMP_OK)
				s->producer_errors++;
			sent += n;
		}
	}
	return NULL;
}

static void test_two_threads(void **state)
{
	static struct stress s;
	pthread_t producer;
	uint8_t buf[500];
	uint32_t got = 0, i, bad = 0;
	uint64_t r = 12345;

	(void)state;
	s.seed = 0xA11CEu;
	assert_int_equal(amp_comm_buffer_init(&s.cb, s.mem, sizeof(s.mem)), AMP_OK);
	assert_int_equal(pthread_create(&producer, NULL, stress_producer, &s), 0);
	while (got < STRESS_BYTES) {
		uint32_t n;

		r = r * 6364136223846793005ull + 1442695040888963407ull;
		n = (uint32_t)amp_comm_buffer_read(&s.cb, buf,
						   (uint32_t)(r >> 33) % sizeof(buf) + 1u);
		for (i = 0; i < n; i++)
			bad += buf[i] != pattern(got + i);
		got += n;
	}
	assert_int_equal(pthread_join(producer, NULL), 0);
	assert_int_equal(bad, 0);
	assert_int_equal(s.producer_errors, 0);
	assert_int_equal(amp_comm_buffer_available(&s.cb), 0);
	assert_int_equal(amp_comm_buffer_total_read(&s.cb), STRESS_BYTES);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_init_rejects_bad_sizes),
	    cmocka_unit_test(test_comm_buffer_rejects_bad_args),
	    cmocka_unit_test(test_full_and_empty_at_every_offset),
	    cmocka_unit_test(test_counter_wraparound),
	    cmocka_unit_test(test_regions_split_at_the_wrap),
	    cmocka_unit_test(test_random_against_model),
	    cmocka_unit_test(test_two_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
