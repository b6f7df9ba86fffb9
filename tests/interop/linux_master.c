/* SPDX-License-Identifier: BSD-3-Clause */
/* The Linux-rules master model (linux_master.h). Our own code, written from the rules cited. */
#include <string.h>

#include "linux_master.h"

#define VRING_DESC_F_WRITE_	    2u
#define VRING_USED_F_NO_NOTIFY_	    1u
#define VRING_AVAIL_F_NO_INTERRUPT_ 1u
#define ST_ACK			    1u
#define ST_DRIVER		    2u
#define ST_DRIVER_OK		    4u
#define ST_FEATURES_OK		    8u
#define LX_EMSGSIZE		    (-90)
#define LX_ENOMEM		    (-12)
#define LX_EINVAL		    (-22)

static void mb(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static uint32_t align_up(uint32_t x, uint32_t a)
{
	return (x + a - 1u) / a * a;
}

/* vring_size() of include/uapi/linux/virtio_ring.h */
static uint32_t vring_bytes(uint32_t num, uint32_t align)
{
	return align_up(16u * num + 6u + 2u * num, align) + 6u + 8u * num;
}

static volatile uint8_t *va_of(struct lx_master *m, uint64_t pa)
{
	return m->shm->region + (uint32_t)(pa - m->shm_pa);
}

static uint64_t pa_of(const struct lx_master *m, const volatile uint8_t *va)
{
	return m->shm_pa + (uint64_t)(va - m->shm->region);
}

static struct fw_rsc_vdev *cached_vdev(struct lx_master *m)
{
	return (struct fw_rsc_vdev *)(void *)(m->cached + m->vdev_off);
}

static volatile struct fw_rsc_vdev *loaded_vdev(struct lx_master *m)
{
	return (volatile struct fw_rsc_vdev *)(volatile void *)(m->loaded + m->vdev_off);
}

volatile struct fw_rsc_vdev *lx_loaded_vdev(struct lx_master *m)
{
	return loaded_vdev(m);
}

/* rproc_virtio_set_status(): the status byte of the loaded table, then nothing else. */
static void set_status(struct lx_master *m, uint8_t st)
{
	loaded_vdev(m)->status = st;
	mb();
	if (m->status_writes < LX_STATUS_LOG)
		m->status_log[m->status_writes] = st;
	m->status_writes++;
}

/* rproc_virtio_notify() -> rproc->ops->kick(): here the POSIX doorbell of the slave. */
static void kick(struct lx_master *m)
{
	m->kicks++;
	amp_posix_ring(m->shm, AMP_ROLE_SLAVE);
}

/* vring_init(): desc, avail after it, used aligned after avail's used_event. */
static void vq_init(struct lx_vq *q, volatile uint8_t *base, uint32_t num, uint32_t align)
{
	uint32_t i, used_off = align_up(16u * num + 4u + 2u * num + 2u, align);

	memset(q, 0, sizeof(*q));
	q->base = base;
	q->desc = (volatile struct lx_desc *)(volatile void *)base;
	q->avail = (volatile uint16_t *)(volatile void *)(base + 16u * num);
	q->used = base + used_off;
	q->num = num;
	for (i = 0; i < num; i++)
		q->free[i] = (uint16_t)(num - 1u - i);
	q->nfree = num;
}

/* virtqueue_add_inbuf / add_outbuf: one descriptor, published through avail->idx. */
static int vq_add(struct lx_vq *q, uint64_t pa, uint32_t len, uint16_t flags)
{
	uint16_t id;

	if (!q->nfree)
		return LX_ENOMEM;
	id = q->free[--q->nfree];
	q->desc[id].addr = pa;
	q->desc[id].len = len;
	q->desc[id].flags = flags;
	q->desc[id].next = 0;
	q->avail[2u + q->avail_idx % q->num] = id;
	mb(); /* virtio_wmb before the index */
	q->avail_idx++;
	q->avail[1] = q->avail_idx;
	mb();
	return 0;
}

/* virtqueue_kick_prepare() without EVENT_IDX: kick unless the device set NO_NOTIFY. */
static int vq_needs_kick(struct lx_vq *q)
{
	mb();
	return !(*(volatile uint16_t *)(volatile void *)q->used & VRING_USED_F_NO_NOTIFY_);
}

/*
 * virtqueue_get_buf(): the next used entry, or -1. An id that is not a
 * descriptor we posted is what Linux reports as "id %u out of range" / "is
 * not a head!" and treats as a broken device.
 */
static int vq_get(struct lx_master *m, struct lx_vq *q, uint32_t *len)
{
	volatile uint8_t *u = q->used;
	uint16_t idx = *(volatile uint16_t *)(volatile void *)(u + 2);
	uint32_t id, i;

	if (idx == q->last_used)
		return -1;
	mb(); /* virtio_rmb after reading the index */
	i = q->last_used % q->num;
	id = *(volatile uint32_t *)(volatile void *)(u + 4u + 8u * i);
	*len = *(volatile uint32_t *)(volatile void *)(u + 8u + 8u * i);
	q->last_used++;
	if (id >= q->num || q->nfree >= q->num) {
		m->bad_used++;
		return -1;
	}
	for (i = 0; i < q->nfree; i++)
		if (q->free[i] == id) {
			m->bad_used++;
			return -1;
		}
	q->free[q->nfree++] = (uint16_t)id;
	return (int)id;
}

static uint32_t rd32(volatile const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void wr32(volatile uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/*
 * rproc_handle_resources(): version 1, every offset inside the table with room
 * for an entry header; the rpmsg vdev is the entry of type RSC_VDEV (3), the
 * others (carveout, devmem, trace, vendor) are someone else's business here.
 */
static int find_vdev(struct lx_master *m)
{
	const struct resource_table *t = (const struct resource_table *)(const void *)m->image;
	uint32_t i;

	if (m->table_sz < 16u || t->ver != 1u || t->reserved[0] || t->reserved[1] ||
	    16u + 4u * (uint64_t)t->num > m->table_sz)
		return LX_EINVAL;
	for (i = 0; i < t->num; i++) {
		uint32_t off = t->offset[i], type;

		if (off + 4u > m->table_sz)
			return LX_EINVAL; /* "rsc table is truncated" */
		memcpy(&type, m->image + off, 4);
		if (type == RSC_VDEV) {
			/* rproc_handle_vdev: "vdev rsc is truncated" */
			if (off + sizeof(struct fw_rsc_vdev) +
				2u * sizeof(struct fw_rsc_vdev_vring) >
			    m->table_sz)
				return LX_EINVAL;
			m->vdev_off = off;
			return 0;
		}
	}
	return LX_EINVAL;
}

int lx_init(struct lx_master *m, struct amp_posix_shm *shm, uint32_t shm_pa, volatile void *loaded,
	    const void *image, uint32_t size)
{
	memset(m, 0, sizeof(*m));
	if (size > LX_TABLE_MAX)
		return LX_EINVAL;
	m->shm = shm;
	m->shm_pa = shm_pa;
	m->loaded = (volatile uint8_t *)loaded;
	memcpy(m->image, image, size);
	m->table_sz = size;
	m->driver_features = 1u; /* VIRTIO_RPMSG_F_NS: virtio_rpmsg_bus's feature table */
	m->next_addr = 1024u;	 /* idr_alloc(&vrp->endpoints, ..., RPMSG_RESERVED_ADDRESSES, 0) */
	return find_vdev(m);
}

/*
 * rproc_handle_vdev() + rproc_parse_vring() + rproc_alloc_vring() on the
 * cached table: refuse a truncated or reserved-dirty vdev, more than two
 * vrings, a zero num or align; allocate each vring (PAGE_ALIGN(vring_size))
 * and write its da and notifyid.
 */
static int handle_vdev(struct lx_master *m, uint32_t carveout_off)
{
	struct fw_rsc_vdev *v = cached_vdev(m);
	uint32_t i, off = carveout_off;

	if (v->reserved[0] || v->reserved[1] || v->num_of_vrings != 2 || v->config_len)
		return LX_EINVAL;
	for (i = 0; i < 2; i++) {
		struct fw_rsc_vdev_vring *r = &v->vring[i];

		if (!r->num || !r->align || r->num > LX_MAX_NUM || (r->num & (r->num - 1u)))
			return LX_EINVAL;
		if (r->da != FW_RSC_U32_ADDR_ANY)
			return LX_EINVAL; /* this model allocates; a fixed da is another test */
		r->da = m->shm_pa + off;
		r->notifyid = i;
		m->vring_da[i] = r->da;
		off += align_up(vring_bytes(r->num, r->align), 4096u);
	}
	m->bufs_off = off;
	return 0;
}

/* rpmsg_probe(): rx buffers in the first half, tx in the second; post every rx buffer. */
static int rpmsg_probe(struct lx_master *m)
{
	const struct fw_rsc_vdev_vring *vr = cached_vdev(m)->vring;
	uint32_t num = vr[0].num, i;

	vq_init(&m->rvq, va_of(m, m->vring_da[0]), num, vr[0].align);
	vq_init(&m->svq, va_of(m, m->vring_da[1]), vr[1].num, vr[1].align);
	/* rproc_alloc_vring memsets nothing; virtio_ring's vring_create_virtqueue zeroes */
	memset((void *)m->rvq.base, 0, vring_bytes(num, vr[0].align));
	memset((void *)m->svq.base, 0, vring_bytes(m->svq.num, vr[1].align));
	/* "we need less buffers if vrings are small" */
	m->num_bufs = num < 256u ? num * 2u : 512u;
	if (m->bufs_off + m->num_bufs * LX_BUF_SIZE > m->shm->size)
		return LX_ENOMEM;
	m->rbufs = m->shm->region + m->bufs_off;
	m->sbufs = m->rbufs + m->num_bufs / 2u * LX_BUF_SIZE;
	m->last_sbuf = 0;
	for (i = 0; i < m->num_bufs / 2u; i++)
		if (vq_add(&m->rvq, pa_of(m, m->rbufs + i * LX_BUF_SIZE), LX_BUF_SIZE,
			   VRING_DESC_F_WRITE_))
			return LX_ENOMEM;
	/* "suppress tx-complete interrupts": virtqueue_disable_cb(vrp->svq) */
	m->svq.avail[0] = VRING_AVAIL_F_NO_INTERRUPT_;
	return 0;
}

int lx_start(struct lx_master *m, uint32_t carveout_off)
{
	uint32_t dfeatures;
	int err;

	/* rproc_fw_boot: the resource table parsed from the firmware into the cached copy */
	memcpy(m->cached, m->image, m->table_sz);
	err = handle_vdev(m, carveout_off);
	if (err)
		return err;
	/* rproc_start: "memcpy(loaded_table, rproc->cached_table, rproc->table_sz)" */
	memcpy((void *)m->loaded, m->cached, m->table_sz);
	mb();
	/* then ops->start: the slave runs; then rproc_start_subdevices -> rproc_add_virtio_dev */
	m->status_writes = 0;
	/* virtio_dev_probe: reset, ACKNOWLEDGE, DRIVER */
	set_status(m, 0);
	set_status(m, ST_ACK);
	set_status(m, ST_ACK | ST_DRIVER);
	/* rproc_virtio_get_features (dfeatures) & driver features (F_NS), then finalize */
	dfeatures = loaded_vdev(m)->dfeatures;
	m->features = dfeatures & m->driver_features;
	loaded_vdev(m)->gfeatures = m->features;
	set_status(m, ST_ACK | ST_DRIVER | ST_FEATURES_OK);
	err = rpmsg_probe(m);
	if (err) {
		set_status(m, 0x80); /* FAILED */
		return err;
	}
	/* virtio_device_ready() in rpmsg_probe, then the rx vq is kicked */
	set_status(m, ST_ACK | ST_DRIVER | ST_FEATURES_OK | ST_DRIVER_OK);
	if (vq_needs_kick(&m->rvq))
		kick(m);
	m->running = 1;
	return 0;
}

void lx_stop(struct lx_master *m)
{
	uint32_t end = m->bufs_off + m->num_bufs * LX_BUF_SIZE;
	int i;

	/* rproc_stop -> rproc_remove_virtio_dev -> rproc_virtio_reset: status 0 */
	set_status(m, 0);
	kick(m);
	for (i = 0; i < LX_MAX_EPT; i++)
		m->ept[i].in_use = 0;
	/* rproc_resource_cleanup frees the vrings: whatever is there now is not a ring */
	if (m->running)
		memset((void *)va_of(m, m->vring_da[0]), 0xA5, end - (m->vring_da[0] - m->shm_pa));
	m->running = 0;
}

struct lx_ept *lx_ept_by_name(struct lx_master *m, const char *name)
{
	int i;

	for (i = 0; i < LX_MAX_EPT; i++)
		if (m->ept[i].in_use && !strcmp(m->ept[i].name, name))
			return &m->ept[i];
	return NULL;
}

static struct lx_ept *ept_by_addr(struct lx_master *m, uint32_t addr)
{
	int i;

	for (i = 0; i < LX_MAX_EPT; i++)
		if (m->ept[i].in_use && m->ept[i].src == addr)
			return &m->ept[i];
	return NULL;
}

static void note_create(struct lx_master *m, const char *name, uint32_t addr)
{
	int i;

	for (i = 0; i < LX_MAX_EPT; i++) {
		if (!m->ns_seen[i].name[0])
			strcpy(m->ns_seen[i].name, name);
		if (!strcmp(m->ns_seen[i].name, name)) {
			m->ns_seen[i].creates++;
			m->ns_seen[i].last_addr = addr;
			return;
		}
	}
}

uint32_t lx_ns_creates(const struct lx_master *m, const char *name)
{
	int i;

	for (i = 0; i < LX_MAX_EPT; i++)
		if (!strcmp(m->ns_seen[i].name, name))
			return m->ns_seen[i].creates;
	return 0;
}

/*
 * rpmsg_ns_cb(): exactly sizeof(struct rpmsg_ns_msg), the name NUL-terminated
 * by Linux; DESTROY unregisters the channel, CREATE makes one whose driver
 * creates an endpoint (src allocated from 1024 up, dst = the announced addr).
 */
static void ns_cb(struct lx_master *m, volatile uint8_t *data, uint32_t len)
{
	char name[32];
	uint32_t addr, flags, i;
	struct lx_ept *e = NULL;

	if (len != 40u) {
		m->ns_bad++;
		return;
	}
	for (i = 0; i < 32u; i++)
		name[i] = (char)data[i];
	name[31] = 0;
	addr = rd32(data + 32);
	flags = rd32(data + 36);
	if (flags & 1u) {
		m->ns_destroys++;
		for (i = 0; i < LX_MAX_EPT; i++)
			if (m->ept[i].in_use && !strcmp(m->ept[i].name, name) &&
			    m->ept[i].dst == addr)
				m->ept[i].in_use = 0;
		return;
	}
	m->ns_creates++;
	note_create(m, name, addr);
	for (i = 0; i < LX_MAX_EPT; i++) {
		if (m->ept[i].in_use && !strcmp(m->ept[i].name, name) && m->ept[i].dst == addr) {
			/* rpmsg_create_channel: dev_err "channel %s:%x:%x already exist" */
			m->ns_dups++;
			return;
		}
		if (!m->ept[i].in_use && !e)
			e = &m->ept[i];
	}
	if (!e)
		return;
	memset(e, 0, sizeof(*e));
	strcpy(e->name, name);
	e->dst = addr;
	e->src = m->next_addr++;
	e->in_use = 1;
}

/*
 * rpmsg_recv_single(): the used length must cover header + payload ("inbound
 * msg too big" otherwise, and rpmsg_recv_done stops there); dst 0x35 goes to
 * the name service, others to their endpoint or are dropped.
 */
static int recv_single(struct lx_master *m, volatile uint8_t *msg, uint32_t len)
{
	uint32_t src = rd32(msg), dst = rd32(msg + 4);
	uint32_t mlen = (uint32_t)msg[12] | (uint32_t)msg[13] << 8;
	struct lx_ept *e;

	if (len > LX_BUF_SIZE || len < 16u || mlen > len - 16u) {
		m->too_big++;
		return LX_EINVAL;
	}
	if (dst == 0x35u) {
		ns_cb(m, msg + 16, mlen);
		return 0;
	}
	e = ept_by_addr(m, dst);
	if (!e) {
		m->no_recipient++;
		return 0;
	}
	e->rx_count++;
	if (e->q_count < LX_RXQ) {
		struct oa_msg *q = &e->q[(e->q_head + e->q_count) % LX_RXQ];
		uint32_t i;

		q->src = src;
		q->len = mlen;
		for (i = 0; i < mlen; i++)
			q->data[i] = msg[16 + i];
		e->q_count++;
	}
	return 0;
}

/* rpmsg_recv_done(): every used buffer, then each one posted again (512 bytes), one kick. */
int lx_poll(struct lx_master *m)
{
	uint32_t len;
	int id, n = 0;

	if (!__atomic_exchange_n(&m->shm->mbox->bell[AMP_ROLE_MASTER], 0u, __ATOMIC_SEQ_CST) ||
	    !m->running)
		return 0;
	while ((id = vq_get(m, &m->rvq, &len)) >= 0) {
		uint64_t pa = m->rvq.desc[id].addr;
		volatile uint8_t *msg = va_of(m, pa);

		n++;
		if (recv_single(m, msg, len))
			break;
		vq_add(&m->rvq, pa, LX_BUF_SIZE, VRING_DESC_F_WRITE_);
	}
	if (n && vq_needs_kick(&m->rvq))
		kick(m);
	return n;
}

/* get_a_tx_buf(): the untouched half first, then buffers the slave gave back (length ignored). */
static volatile uint8_t *get_a_tx_buf(struct lx_master *m)
{
	uint32_t len;
	int id;

	if (m->last_sbuf < m->num_bufs / 2u)
		return m->sbufs + LX_BUF_SIZE * m->last_sbuf++;
	id = vq_get(m, &m->svq, &len);
	return id < 0 ? NULL : va_of(m, m->svq.desc[id].addr);
}

/* rpmsg_send_offchannel_raw() with wait = false: the descriptor covers header + payload only. */
int lx_send(struct lx_master *m, struct lx_ept *e, const void *data, uint32_t len)
{
	volatile uint8_t *msg;
	uint32_t i;

	if (len > LX_BUF_SIZE - 16u)
		return LX_EMSGSIZE;
	msg = get_a_tx_buf(m);
	if (!msg)
		return LX_ENOMEM;
	wr32(msg, e->src);
	wr32(msg + 4, e->dst);
	wr32(msg + 8, 0);
	msg[12] = (uint8_t)len;
	msg[13] = (uint8_t)(len >> 8);
	msg[14] = 0;
	msg[15] = 0;
	for (i = 0; i < len; i++)
		msg[16 + i] = ((const uint8_t *)data)[i];
	if (vq_add(&m->svq, pa_of(m, msg), 16u + len, 0))
		return LX_ENOMEM;
	if (vq_needs_kick(&m->svq))
		kick(m);
	return 0;
}

int lx_ept_pop(struct lx_ept *e, struct oa_msg *out)
{
	if (!e->q_count)
		return 0;
	*out = e->q[e->q_head];
	e->q_head = (e->q_head + 1u) % LX_RXQ;
	e->q_count--;
	return 1;
}
