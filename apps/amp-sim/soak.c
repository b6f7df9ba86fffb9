/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "amp/crc.h"
#include "soak.h"

#define HDR	8u /* seq, key */
#define TRAILER 4u /* crc32 */
#define MIN_LEN (HDR + TRAILER)

static const char *const names[SOAK_SESSIONS] = {"soak0", "soak1", "soak2"};
/* Who opens each session: the master opens two, the slave one. */
static const enum amp_role opener_of[SOAK_SESSIONS] = {AMP_ROLE_MASTER, AMP_ROLE_MASTER,
						       AMP_ROLE_SLAVE};

struct soak_book *soak_book_create(void)
{
	void *p = mmap(NULL, sizeof(struct soak_book), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	memset(p, 0, sizeof(struct soak_book));
	return p;
}

/* This process's id, for the lock word (set when a side starts, after fork). */
static uint32_t lock_owner = 1;

static void book_lock(struct soak_book *b)
{
	uint32_t expect, me = lock_owner;

	do {
		expect = 0;
	} while (!atomic_compare_exchange_weak((_Atomic uint32_t *)(void *)&b->lock, &expect, me));
}

void soak_book_unlock_dead(struct soak_book *b, uint32_t pid)
{
	uint32_t expect = pid;

	atomic_compare_exchange_strong((_Atomic uint32_t *)(void *)&b->lock, &expect, 0u);
}

static void book_unlock(struct soak_book *b)
{
	atomic_store((_Atomic uint32_t *)(void *)&b->lock, 0u);
}

/* The live record of a session instance; a new one evicts the oldest closed record. */
static struct soak_inst *book_find(struct soak_book *b, uint64_t key, int create)
{
	struct soak_inst *victim = NULL;
	uint32_t i;

	for (i = 0; i < SOAK_BOOK_SIZE; i++) {
		struct soak_inst *in = &b->inst[i];

		if (in->used && in->key == key)
			return in;
		if (!in->used && !victim)
			victim = in;
	}
	if (!create)
		return NULL;
	for (i = 0; !victim && i < SOAK_BOOK_SIZE; i++)
		if (b->inst[i].closed && (!victim || b->inst[i].age < victim->age))
			victim = &b->inst[i];
	if (!victim)
		return NULL;
	memset(victim, 0, sizeof(*victim));
	victim->used = 1;
	victim->key = key;
	victim->age = ++b->clock;
	return victim;
}

static uint32_t mix(uint64_t key, uint32_t dir, uint32_t seq)
{
	uint64_t x = key * 0x9E3779B97F4A7C15ull ^ ((uint64_t)dir << 32 | seq);

	x ^= x >> 31;
	x *= 0xBF58476D1CE4E5B9ull;
	x ^= x >> 29;
	return (uint32_t)x;
}

static uint32_t msg_len(uint64_t key, uint32_t dir, uint32_t seq)
{
	return MIN_LEN + mix(key, dir, seq) % (AMP_SESSION_PAYLOAD_MAX - MIN_LEN + 1u);
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static uint32_t build(uint8_t *m, uint64_t key, uint32_t dir, uint32_t seq)
{
	uint32_t len = msg_len(key, dir, seq), i, x = mix(key, dir, seq ^ 0x5A5A5A5Au);

	put32(m, seq);
	put32(m + 4, (uint32_t)key);
	for (i = HDR; i < len - TRAILER; i++) {
		x = x * 1664525u + 1013904223u;
		m[i] = (uint8_t)(x >> 24);
	}
	put32(m + len - TRAILER, amp_crc32(0, m, len - TRAILER));
	return len;
}

static void on_data(struct amp_session *s, const void *data, size_t len, void *priv)
{
	struct soak_side *sd = priv;
	struct soak_book *b = sd->book;
	uint8_t expect[AMP_SESSION_PAYLOAD_MAX];
	uint64_t key = amp_session_id(s);
	uint32_t dir = sd->role == AMP_ROLE_MASTER ? 1u : 0u, seq;
	struct soak_inst *in;

	book_lock(b);
	in = book_find(b, key, 1);
	if (len < MIN_LEN || (seq = get32(data), build(expect, key, dir, seq) != len) ||
	    memcmp(expect, data, len)) {
		/* Delivered, damaged (no session CRC): counted as corrupted, not as lost. */
		b->corrupted++;
		if (in && !in->closed)
			in->got[dir]++;
		goto out;
	}
	b->messages++;
	b->bytes += len;
	if (!in || in->closed)
		goto out;
	if (seq < in->next[dir]) {
		b->duplicated++;
		goto out;
	}
	if (seq > in->next[dir])
		b->reordered++;
	in->next[dir] = seq + 1u;
	in->got[dir]++;
out:
	book_unlock(b);
}

static void mark_closed(struct soak_side *sd, struct amp_session *s)
{
	struct soak_inst *in;

	if (!amp_session_id(s))
		return;
	book_lock(sd->book);
	in = book_find(sd->book, amp_session_id(s), 0);
	if (in) {
		/* The close tells the application that what was missing is lost. */
		in->closed = 1;
		in->owed[0] = in->owed[1] = 0;
	}
	book_unlock(sd->book);
}

static void on_closed(struct amp_session *s, enum amp_close_reason why, void *priv)
{
	struct soak_side *sd = priv;
	int i;

	(void)why;
	mark_closed(sd, s);
	for (i = 0; i < SOAK_SESSIONS; i++)
		if (sd->ch[i].s == s)
			sd->ch[i].s = NULL;
}

static void on_opened(struct amp_session *s, void *priv)
{
	struct soak_side *sd = priv;
	int i;

	for (i = 0; i < SOAK_SESSIONS; i++)
		if (!strcmp(s->name, names[i])) {
			sd->ch[i].s = s;
			sd->ch[i].seq = 0;
		}
}

static const struct amp_session_ops soak_ops = {
    .opened = on_opened,
    .data = on_data,
    .closed = on_closed,
};

void soak_side_start(struct soak_side *sd, struct soak_book *book, struct amp *amp,
		     enum amp_role role, uint64_t seed)
{
	int i;

	memset(sd, 0, sizeof(*sd));
	lock_owner = (uint32_t)getpid();
	sd->book = book;
	sd->amp = amp;
	sd->role = role;
	sd->rng = seed * 0x9E3779B97F4A7C15ull + 7u;
	for (i = 0; i < SOAK_SESSIONS; i++) {
		sd->ch[i].opener = opener_of[i] == role;
		if (!sd->ch[i].opener)
			amp_session_listen(amp_sessions(amp), names[i], &soak_ops, sd);
	}
}

void soak_side_crashed(struct soak_side *sd)
{
	int i;

	for (i = 0; i < SOAK_SESSIONS; i++)
		if (sd->ch[i].s && amp_session_is_established(sd->ch[i].s))
			mark_closed(sd, sd->ch[i].s);
}

static int send_one(struct soak_side *sd, struct soak_chan *c)
{
	uint8_t m[AMP_SESSION_PAYLOAD_MAX];
	uint64_t key = amp_session_id(c->s);
	uint32_t dir = sd->role == AMP_ROLE_MASTER ? 0u : 1u;
	uint32_t len = build(m, key, dir, c->seq);
	struct soak_inst *in;

	/* Book first: the peer may count the arrival before we return (two processes). */
	book_lock(sd->book);
	in = book_find(sd->book, key, 1);
	if (in)
		in->sent[dir]++;
	book_unlock(sd->book);
	if (amp_session_send(c->s, m, len) == AMP_OK) {
		c->seq++;
		return 1;
	}
	book_lock(sd->book);
	if (in && in->key == key)
		in->sent[dir]--;
	book_unlock(sd->book);
	return 0;
}

int soak_side_tick(struct soak_side *sd)
{
	int i, work = 0;

	if (!amp_is_ready(sd->amp))
		return 0;
	for (i = 0; i < SOAK_SESSIONS; i++) {
		struct soak_chan *c = &sd->ch[i];

		if (!c->s && c->opener) {
			if (amp_session_open(amp_sessions(sd->amp), names[i], &soak_ops, sd,
					     &c->s) == AMP_OK)
				c->seq = 0;
			work = 1;
			continue;
		}
		if (sd->quiet || !c->s || !amp_session_is_established(c->s))
			continue;
		work |= send_one(sd, c);
	}
	return work;
}

int soak_side_ready(const struct soak_side *sd)
{
	int i;

	if (!amp_is_ready(sd->amp))
		return 0;
	for (i = 0; i < SOAK_SESSIONS; i++)
		if (!sd->ch[i].s || !amp_session_is_established(sd->ch[i].s))
			return 0;
	return 1;
}

uint32_t soak_side_resync(struct soak_side *sd)
{
	uint32_t dir = sd->role == AMP_ROLE_MASTER ? 0u : 1u, lost = 0;
	int i;

	book_lock(sd->book);
	for (i = 0; i < SOAK_SESSIONS; i++) {
		struct soak_chan *c = &sd->ch[i];
		struct soak_inst *in;

		if (!c->s || !amp_session_id(c->s))
			continue;
		in = book_find(sd->book, amp_session_id(c->s), 0);
		if (!in || in->closed)
			continue;
		if (in->sent[dir] > in->got[dir]) {
			lost += in->sent[dir] - in->got[dir];
			in->owed[dir] += in->sent[dir] - in->got[dir];
		}
		in->sent[dir] = in->got[dir] = 0;
		in->next[dir] = c->seq;
	}
	book_unlock(sd->book);
	return lost;
}

uint32_t soak_book_unreported(struct soak_book *b)
{
	uint32_t i, n = 0;

	book_lock(b);
	for (i = 0; i < SOAK_BOOK_SIZE; i++)
		if (b->inst[i].used && !b->inst[i].closed)
			n += b->inst[i].owed[0] + b->inst[i].owed[1];
	book_unlock(b);
	return n;
}

void soak_book_settle(struct soak_book *b)
{
	uint32_t i, d;

	book_lock(b);
	for (i = 0; i < SOAK_BOOK_SIZE; i++) {
		struct soak_inst *in = &b->inst[i];

		if (!in->used || in->closed)
			continue;
		for (d = 0; d < 2; d++)
			if (in->sent[d] > in->got[d])
				b->lost += in->sent[d] - in->got[d];
	}
	book_unlock(b);
}
