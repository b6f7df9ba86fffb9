/* SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "interop_util.h"
#include "test_rng.h"

uint32_t iu_salt;

void iu_rsc_init(struct iu_rsc *t, uint32_t da0, uint32_t da1, uint32_t num, uint32_t align)
{
	memset(t, 0, sizeof(*t));
	t->hdr.ver = 1;
	t->hdr.num = 1;
	t->offset[0] = (uint32_t)offsetof(struct iu_rsc, vdev);
	t->vdev.type = RSC_VDEV;
	t->vdev.id = 7; /* VIRTIO_ID_RPMSG */
	t->vdev.notifyid = 2;
	t->vdev.dfeatures = 1u << VIRTIO_RPMSG_F_NS;
	t->vdev.num_of_vrings = 2;
	t->vring[0].da = da0;
	t->vring[0].align = align;
	t->vring[0].num = num;
	t->vring[0].notifyid = 0;
	t->vring[1].da = da1;
	t->vring[1].align = align;
	t->vring[1].num = num;
	t->vring[1].notifyid = 1;
}

/*
 * The length and contents follow from (seq, max) alone, so the receiver
 * checks every byte without keeping a copy: splitmix-style mixing of seq.
 */
static uint32_t mix(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x7feb352dU;
	x ^= x >> 15;
	x *= 0x846ca68bU;
	x ^= x >> 16;
	return x;
}

static uint32_t len_of(uint32_t seq, uint32_t max)
{
	return 1u + mix(seq * 2654435761u + iu_salt) % max;
}

uint32_t iu_make_msg(uint8_t *buf, uint32_t max, uint32_t seq)
{
	uint32_t len = len_of(seq, max), i;

	for (i = 0; i < len; i++)
		buf[i] = (uint8_t)mix((seq ^ (i * 0x9E3779B9u)) + iu_salt);
	return len;
}

int iu_check_msg(const uint8_t *buf, uint32_t len, uint32_t seq, uint32_t max)
{
	uint32_t i;

	if (len != len_of(seq, max))
		return 0;
	for (i = 0; i < len; i++)
		if (buf[i] != (uint8_t)mix((seq ^ (i * 0x9E3779B9u)) + iu_salt))
			return 0;
	return 1;
}

#define IU_ALIGN_UP(x, a) (((x) + (a)-1u) / (a) * (a))

void iu_layout(const struct iu_geom *g, uint32_t *vring0, uint32_t *vring1, uint32_t *pool,
	       uint32_t *pool_size)
{
	uint32_t grain = g->align > 0x1000u ? g->align : 0x1000u;
	uint32_t stride = IU_ALIGN_UP((uint32_t)vring_size(g->num, g->align), grain);

	*vring0 = 0x1000u;
	*vring1 = *vring0 + stride;
	*pool = IU_ALIGN_UP(*vring1 + stride, 0x1000u);
	*pool_size = 2u * g->num * g->buf;
}

uint32_t iu_payload_max(const struct iu_world *w)
{
	return w->g.buf - 16u;
}

static void q_flush(struct iu_world *w)
{
	struct iu_echo_q *q = &w->q;

	while (q->count) {
		uint32_t i = q->head;
		int r = amp_rpmsg_try_sendto(q->ept[i], q->dst[i], q->data[i], q->len[i]);

		if (r == AMP_ENOBUFS)
			return;
		q->head = (q->head + 1u) % IU_QUEUE;
		q->count--;
	}
}

static void q_push(struct iu_world *w, struct amp_ept *ept, uint32_t dst, const void *d,
		   uint32_t len)
{
	struct iu_echo_q *q = &w->q;
	uint32_t i = (q->head + q->count) % IU_QUEUE;

	if (q->count == IU_QUEUE || len > AMP_CFG_BUF_SIZE) {
		q->overflow++;
		return;
	}
	q->ept[i] = ept;
	q->dst[i] = dst;
	q->len[i] = len;
	memcpy(q->data[i], d, len);
	q->count++;
}

static void run_got(struct iu_run *r, const void *data, uint32_t len)
{
	if (!iu_check_msg(data, len, r->next_recv, r->max))
		r->bad++;
	r->next_recv++;
}

static int amp_echo_cb(struct amp_ept *ept, void *data, size_t len, uint32_t src, void *priv)
{
	struct iu_world *w = priv;

	if (w->amp_role == AMP_ROLE_MASTER) {
		run_got(&w->run, data, (uint32_t)len);
		return 0;
	}
	/* Keep the order behind echoes that still wait for a buffer. */
	if (w->q.count || amp_rpmsg_try_sendto(ept, src, data, len) == AMP_ENOBUFS)
		q_push(w, ept, src, data, (uint32_t)len);
	return 0;
}

static void amp_ns_seen(struct amp_rpmsg *r, const char *name, uint32_t addr, void *priv)
{
	struct iu_world *w = priv;

	(void)r;
	if (!strcmp(name, "echo"))
		w->ns_echo = addr;
}

/* amplink's "echo" endpoint, (re)created whenever the stack freed it. */
static void amp_ensure_ept(struct iu_world *w)
{
	struct amp_rpmsg *r = amp_rpmsg(&w->amp);

	if (w->ept && w->ept->in_use)
		return;
	w->ept = NULL;
	amp_rpmsg_set_ns_bind_cb(r, amp_ns_seen, w);
	if (amp_rpmsg_ept_create(r, &w->ept, "echo", AMP_RPMSG_ADDR_ANY,
				 w->amp_role == AMP_ROLE_MASTER ? w->ns_echo : AMP_RPMSG_ADDR_ANY,
				 amp_echo_cb, w))
		w->ept = NULL;
}

static void oa_ensure_ept(struct iu_world *w)
{
	uint32_t addr;

	if (w->oa.cfg.role != OA_MASTER || !w->oa.up || oa_peer_ept_by_name(&w->oa, "echo"))
		return;
	addr = oa_peer_ns_addr(&w->oa, "echo");
	if (addr != RPMSG_ADDR_ANY)
		oa_peer_ept(&w->oa, "echo", RPMSG_ADDR_ANY, addr, OA_EPT_QUEUE);
}

int iu_amp_poll(struct iu_world *w)
{
	int work = amp_poll(&w->amp);

	amp_ensure_ept(w);
	q_flush(w);
	return work > 0 ? work : 0;
}

int iu_poll(struct iu_world *w)
{
	int work = w->has_amp ? iu_amp_poll(w) : 0;

	if (w->oa.cfg.shm) {
		work += oa_peer_poll(&w->oa);
		oa_ensure_ept(w);
	}
	return work;
}

static uint32_t idle_limit(const struct iu_world *w)
{
	return w->idle_limit ? w->idle_limit : IU_IDLE_LIMIT;
}

/* One loop without work: 1 while the wait may go on. */
static int went_idle(struct iu_world *w, uint32_t *idle)
{
	if (w->idle)
		w->idle(w);
	return ++*idle <= idle_limit(w);
}

int iu_until(struct iu_world *w, int (*cond)(struct iu_world *w))
{
	uint32_t idle = 0;

	while (!cond(w)) {
		if (iu_poll(w))
			idle = 0;
		else if (!went_idle(w, &idle))
			return 0;
	}
	return 1;
}

int iu_amp_echo_ready(struct iu_world *w)
{
	/* a slave's endpoint learns its peer from the first message; it only has to be announced */
	if (w->amp_role == AMP_ROLE_SLAVE)
		return w->ept && w->ept->announced;
	return w->ept && amp_rpmsg_ept_is_bound(w->ept);
}

int iu_oa_echo_ready(struct iu_world *w)
{
	struct oa_ept *e = oa_peer_ept_by_name(&w->oa, "echo");

	/* a remote's endpoint is bound once it heard from us; a master's has its dest */
	return e && (w->oa.cfg.role == OA_REMOTE || e->ept.dest_addr != RPMSG_ADDR_ANY);
}

int iu_echo_ready(struct iu_world *w)
{
	return iu_amp_echo_ready(w) && iu_oa_echo_ready(w);
}

/* The master side sends the next message; 1 if it went. */
static int run_send(struct iu_world *w)
{
	uint8_t buf[OA_MSG_MAX];
	struct iu_run *r = &w->run;
	uint32_t len = iu_make_msg(buf, r->max, r->next_send);
	int err;

	if (w->has_amp && w->amp_role == AMP_ROLE_MASTER)
		err = amp_rpmsg_try_send(w->ept, buf, len) == AMP_OK ? 0 : -1;
	else
		err = oa_ept_trysend(oa_peer_ept_by_name(&w->oa, "echo"), buf, len) == (int)len
			  ? 0
			  : -1;
	if (err)
		return 0;
	r->next_send++;
	if (r->next_send - r->next_recv > r->max_in_flight_seen)
		r->max_in_flight_seen = r->next_send - r->next_recv;
	return 1;
}

/* The OpenAMP master's echoes wait in its endpoint's queue. */
static int oa_collect(struct iu_world *w)
{
	struct oa_ept *e = oa_peer_ept_by_name(&w->oa, "echo");
	struct oa_msg m;
	int n = 0;

	while (e && oa_ept_pop(e, &m)) {
		run_got(&w->run, m.data, m.len);
		n++;
	}
	return n;
}

uint32_t iu_echo(struct iu_world *w, uint32_t total, uint32_t window)
{
	struct iu_run *r = &w->run;
	uint32_t idle = 0, good0;

	memset(r, 0, sizeof(*r));
	r->total = total;
	r->window = window;
	r->max = iu_payload_max(w);
	while (r->next_recv < total) {
		int work = 0;

		/* fill the window before letting the peer run: in flight really reaches it */
		while (r->next_send < total && r->next_send - r->next_recv < window && run_send(w))
			work++;
		work += iu_poll(w);
		if (w->oa.cfg.role == OA_MASTER && w->oa.cfg.shm)
			work += oa_collect(w);
		if (work)
			idle = 0;
		else if (!went_idle(w, &idle))
			break;
	}
	good0 = r->next_recv - r->bad;
	return good0;
}

static int amp_start(struct iu_world *w)
{
	struct amp_config cfg = {w->amp_role, AMP_PEER_PLAIN, 0u};
	int err;

	amp_posix_port_init(&w->pp, &w->shm, w->amp_role);
	/* offset 0 is the default place: leave the port's table NULL there */
	if (w->g.rsc_off) {
		w->pp.port.rsc = w->shm.region + w->g.rsc_off;
		w->pp.port.rsc_size = (uint32_t)sizeof(struct iu_rsc);
	}
	if (w->amp_role == AMP_ROLE_MASTER)
		cfg.buf_size = w->g.buf;
	err = amp_init_config(&w->amp, &w->pp.port, &cfg);
	if (err)
		return err;
	w->has_amp = 1;
	amp_ensure_ept(w);
	return 0;
}

static void image_table(struct iu_world *w)
{
	uint32_t v0, v1, pool, pool_size;

	iu_layout(&w->g, &v0, &v1, &pool, &pool_size);
	if (w->g.da_any)
		iu_rsc_init(&w->image, FW_RSC_U32_ADDR_ANY, FW_RSC_U32_ADDR_ANY, w->g.num,
			    w->g.align);
	else
		iu_rsc_init(&w->image, AMP_POSIX_SHM_PA + v0, AMP_POSIX_SHM_PA + v1, w->g.num,
			    w->g.align);
	w->rsc = (struct iu_rsc *)(void *)(w->shm.region + w->g.rsc_off);
	memcpy(w->rsc, &w->image, sizeof(w->image));
}

static int oa_start(struct iu_world *w, struct amp_posix_shm *shm)
{
	struct oa_config c;
	int err;

	memset(&c, 0, sizeof(c));
	c.role = w->amp_role == AMP_ROLE_MASTER ? OA_REMOTE : OA_MASTER;
	c.shm = shm;
	c.shm_pa = AMP_POSIX_SHM_PA;
	c.rsc = (void *)(shm->region + w->g.rsc_off);
	c.rsc_size = (uint32_t)sizeof(struct iu_rsc);
	iu_layout(&w->g, &c.vring_off[0], &c.vring_off[1], &c.pool_off, &c.pool_size);
	c.buf_size = w->g.buf;
	err = oa_peer_init(&w->oa, &c);
	if (!err && c.role == OA_REMOTE)
		err = oa_peer_auto_ept(&w->oa, "echo", RPMSG_ADDR_ANY, OA_EPT_ECHO);
	return err;
}

int iu_world_amp(struct iu_world *w, const struct amp_posix_shm *shm, const struct iu_geom *g,
		 enum amp_role amp_role)
{
	memset(w, 0, sizeof(*w));
	w->shm = *shm;
	w->g = *g;
	w->amp_role = amp_role;
	w->ns_echo = AMP_RPMSG_ADDR_ANY;
	w->rsc = (struct iu_rsc *)(void *)(w->shm.region + g->rsc_off);
	return amp_start(w);
}

int iu_world_oa(struct iu_world *w, const struct amp_posix_shm *shm, const struct iu_geom *g,
		enum amp_role amp_role)
{
	memset(w, 0, sizeof(*w));
	w->shm = *shm;
	w->g = *g;
	w->amp_role = amp_role;
	w->rsc = (struct iu_rsc *)(void *)(w->shm.region + g->rsc_off);
	return oa_start(w, &w->shm);
}

void iu_image_table(struct iu_world *w)
{
	image_table(w);
}

int iu_world_open(struct iu_world *w, const struct iu_geom *g, enum amp_role amp_role)
{
	int err;

	memset(w, 0, sizeof(*w));
	w->g = *g;
	w->amp_role = amp_role;
	w->ns_echo = AMP_RPMSG_ADDR_ANY;
	err = amp_posix_shm_anon(&w->shm, IU_SHM_SIZE);
	if (err)
		return err;
	w->own_shm = 1;
	amp_posix_shm_scramble(&w->shm, iu_salt);
	image_table(w);
	/* The master starts second: the remote's image (its table) is in place first. */
	if (amp_role == AMP_ROLE_MASTER) {
		err = oa_start(w, &w->shm);
		return err ? err : amp_start(w);
	}
	err = amp_start(w);
	return err ? err : oa_start(w, &w->shm);
}

void iu_world_close(struct iu_world *w)
{
	if (w->oa.cfg.shm)
		oa_peer_fini(&w->oa);
	if (w->own_shm)
		amp_posix_shm_close(&w->shm);
}

void iu_dump(struct iu_world *w)
{
	int i;

	printf("# amplink: mode %d link state %u, echo ept %s (bound %d)\n",
	       w->has_amp ? (int)amp_mode(&w->amp) : -1, w->has_amp ? w->amp.link.state : 0u,
	       w->ept ? "created" : "none", w->ept ? amp_rpmsg_ept_is_bound(w->ept) : 0);
	printf("# openamp: role %d up %d status 0x%x kicks %d last_err %d; announced to it:",
	       (int)w->oa.cfg.role, w->oa.up, oa_peer_status(&w->oa), w->oa.kicks, w->oa.last_err);
	for (i = 0; i < w->oa.ns_count; i++)
		printf(" \"%s\"@0x%x", w->oa.ns[i].name, w->oa.ns[i].addr);
	printf("\n");
}

int iu_amp_reboot(struct iu_world *w)
{
	memset(&w->amp, 0, sizeof(w->amp));
	memset(&w->q, 0, sizeof(w->q));
	w->ept = NULL;
	w->ns_echo = AMP_RPMSG_ADDR_ANY;
	w->has_amp = 0;
	return amp_start(w);
}

void iu_oa_power_off(struct iu_world *w)
{
	oa_peer_fini(&w->oa);
}

int iu_oa_boot(struct iu_world *w)
{
	return oa_start(w, &w->shm);
}

void iu_table_reload(struct iu_world *w)
{
	memcpy(w->rsc, &w->image, sizeof(w->image));
}

void iu_open_ready(struct iu_world *w, const struct iu_geom *g, enum amp_role amp_role)
{
	assert_int_equal(iu_world_open(w, g, amp_role), 0);
	if (!iu_until(w, iu_echo_ready))
		iu_dump(w);
	assert_true(iu_echo_ready(w));
	assert_int_equal(amp_mode(&w->amp), AMP_MODE_PLAIN);
}

void iu_echo_checked(struct iu_world *w, uint32_t total, uint32_t window, const char *what)
{
	iu_echo(w, total, window);
	printf("# %s: %u of %u echoes, %u bad, %u in flight (window %u)\n", what, w->run.next_recv,
	       total, w->run.bad, w->run.max_in_flight_seen, window);
	assert_int_equal(w->run.bad, 0);
	assert_int_equal(w->run.next_recv, total);
	assert_int_equal(w->run.max_in_flight_seen, window);
	assert_int_equal(w->oa.last_err, 0);
	assert_int_equal(w->q.overflow, 0);
}

int iu_main(const char *name, const struct CMUnitTest *tests, size_t n, uint64_t seed, int argc,
	    char **argv)
{
	seed_rng(seed);
	iu_salt = rng();
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return _cmocka_run_group_tests(name, tests, n, NULL, NULL);
}
