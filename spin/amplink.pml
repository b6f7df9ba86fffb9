/*
 * amplink: the link handshake (startup synchronisation, epochs, seqlock,
 * Dekker handshake, reboot detection) and the default session's HELLO pair,
 * as a promela model of what src/link/ and src/session/ do.
 *
 * See docs/model.md for the abstractions, the bounds, the properties and the
 * figures of a run. spin/check.sh runs the checks.
 *
 * Conventions
 * - Every shared access of the C code is one atomic step here, and every
 *   model step holds at most one access to a word the other side reads or
 *   writes (its own words, which only it writes, it may read freely). spin
 *   interleaves steps in a sequentially consistent way, which is what the
 *   amp_mb()/amp_wmb()/amp_rmb() barriers of the C code give.
 * - Each side's C state (enum amp_link_mstate / amp_link_sstate) is m_state /
 *   s_state with the same names; m_pc / s_pc is the position inside one
 *   poll of that state (the C code's straight-line code between two shared
 *   accesses). A poll that finds nothing to do either blocks (a guard) or
 *   runs as a loop of steps that change nothing, as amp_poll() does.
 * - A reboot may happen between any two steps: it resets that side's local
 *   state (amp_link_init(): memset), never the shared words.
 * - The comment before each step names the C function it stands for.
 * - The model is the C code as it is now, which took the three changes
 *   spin showed were needed (docs/model.md, section 6: FIX_ACK_WAIT,
 *   FIX_BIND, FIX_FRESH). -DBEFORE_FIX models the code before them, on which
 *   spin finds the three bugs again.
 */

/* AMP_LINK_ACK_NONE. Epochs are bytes: 254/255/0/1 stand for 0xFFFFFFFE, */
/* 0xFFFFFFFF, 0, 1, so the wrap of master_clear_status() is modelled too. */
#define NONE 255

/* enum amp_link_mstate (include/amp/link.h) */
#define AMP_LM_BOOT 0
#define AMP_LM_WAIT_SLAVE_ACK 1
#define AMP_LM_SETUP_REGION 2
#define AMP_LM_SETUP_IPM 3
#define AMP_LM_SETUP_VRINGS 4
#define AMP_LM_INIT_POOL 5
#define AMP_LM_INIT_VDEV 6
#define AMP_LM_WAIT_NS 7
#define AMP_LM_READY 8

/* enum amp_link_sstate (include/amp/link.h) */
#define AMP_LS_BOOT 0
#define AMP_LS_SETUP_IPM 1
#define AMP_LS_SETUP_VRINGS 2
#define AMP_LS_INIT_POOL 3
#define AMP_LS_INIT_VDEV 4
#define AMP_LS_ATTACHED 5
#define AMP_LS_REGISTER 6
#define AMP_LS_READY 7

/* enum amp_default_state (include/amp/session.h) */
#define AMP_DS_DOWN 0
#define AMP_DS_HELLO 1
#define AMP_DS_UP 2

/* The three changes docs/model.md section 6 proposed; the C code has them. */
#ifndef BEFORE_FIX
#define PROPOSED_FIX
#endif
#ifdef PROPOSED_FIX
#define FIX_ACK_WAIT
#define FIX_BIND
#define FIX_FRESH
#endif

/*
 * -DCORRUPT: a stray write spoils what the master published (the block's
 * magic/crc, or the status) at most MAX_CORRUPT times, at any moment (issue
 * 14 item 5). The master publishes again when it finds that while it waits
 * for a slave that has not attached; the slave asks for fresh rings when it
 * cannot attach under an even epoch (its AMP_CFG_LINK_STALL_MS timer, which
 * may expire at any moment here).
 */
#ifdef CORRUPT
#ifndef MAX_CORRUPT
#define MAX_CORRUPT 2
#endif
#define S_ATTACH_STALL true
#else
#define MAX_CORRUPT 0
#define S_ATTACH_STALL false
#endif

/* Bounds: reboots of each side (power-up is not counted), ring capacity. */
#ifndef MAX_M_REBOOTS
#define MAX_M_REBOOTS 2
#endif
#ifndef MAX_S_REBOOTS
#define MAX_S_REBOOTS 2
#endif
#define RING 2
/*
 * Ghost bound on master initialisations: power-up, one per reboot of either
 * side, and one when the power-up content makes a late slave ask for fresh
 * rings. More would mean re-initialisations that feed themselves.
 */
#ifndef MAX_INITS
#define MAX_INITS (2 + MAX_M_REBOOTS + MAX_S_REBOOTS + 2 * MAX_CORRUPT)
#endif

/*
 * Time bounds (slave_let_go(): AMP_CFG_LINK_ACK_TIMEOUT_MS; heartbeat_tick():
 * AMP_CFG_HEARTBEAT_MISS periods; master_wait_ns(): AMP_CFG_LINK_STALL_MS)
 * expire only while the peer is halted (hung,
 * powered down, between a crash and its restart): a live peer answers in time.
 * -DLIVE_TIMEOUTS lets them expire at any moment (a live peer slower than the
 * bound); docs/model.md shows what then breaks.
 */
#ifdef LIVE_TIMEOUTS
#define ACK_TIMEOUT true
#define M_HB_LOST true
#define S_HB_LOST true
#define M_NS_STALL true
#else
#define ACK_TIMEOUT (!s_alive)
#define M_HB_LOST (!s_alive)
#define S_HB_LOST (!m_alive)
#define M_NS_STALL (!s_alive)	/* master_wait_ns(): AMP_CFG_LINK_STALL_MS */
#endif

/* ---- shared memory ---------------------------------------------------- */

byte master_epoch;	/* link block, master line */
bit layout_ok;		/* magic, version, geometry, crc, rsc mirror: all right */
bit vstatus_ok;		/* virtio_status == AMP_LINK_STATUS_OK (DRIVER_OK) */
byte corruptions;	/* -DCORRUPT: stray writes so far */
byte slave_epoch;	/* link block, slave line */
byte slave_ack;

/*
 * The rings (vring0 slave->master, vring1 master->slave, the pool) as two
 * channels of {type, epoch, ghost: sender's life}. NS carries, as a ghost,
 * the epoch the slave is attached to; HELLO carries its real header epoch.
 */
mtype = { NS, HELLO };
chan s2m = [RING] of { mtype, byte, byte };
chan m2s = [RING] of { mtype, byte, byte };

/* Ghost: who may use the rings. */
#define R_GARBAGE 0	/* power-up content */
#define R_INIT 1	/* the master is (re)writing them */
#define R_LIVE 2	/* initialised under rings_epoch */
byte rings;
byte rings_epoch;
bit s_in_rings;		/* the slave is inside a ring access (between its epoch check and the end of the access) */
byte s_gen;		/* ghost: slave lives (a start from AMP_LS_BOOT) */
byte m_inits;		/* ghost: master (re)initialisations */
byte rings_gen;		/* ghost: the slave life attached to the live rings (0: none yet) */
bit powered;		/* ghost: the power-up content has been chosen */

/* ---- master local state (struct amp_link, struct amp_sessions) -------- */

bit m_alive;
byte m_state;
byte m_pc;
byte m_epoch;		/* l->epoch */
byte m_slave_epoch;	/* l->slave_epoch */
bit m_bound;		/* l->bound */
bit m_acked;		/* FIX_BIND: slave_ack == l->epoch seen (arms the NS stall timer) */
bit m_ack_wait;		/* l->ack_wait */
bit m_valid;		/* master_clear_status(): valid */
bit m_known;		/* master_clear_status(): known (valid, or republishing) */
bit m_republish;	/* l->republish */
byte m_old;		/* master_clear_status(): old */
byte m_tmp_s;		/* slave_changed(): s */
bit m_dept;		/* default endpoint bound to the slave's (NS seen) */
byte m_ds;		/* m->dstate */
byte m_sess_epoch;	/* m->epoch */
bit m_hello_q;		/* HELLO queued for amp_sess_ctl_flush() */
byte m_peer_gen;	/* ghost: the slave life whose NS we bound */
byte m_reboots = MAX_M_REBOOTS;

/* ---- slave local state ------------------------------------------------- */

bit s_alive;
byte s_state;
byte s_pc;
byte s_epoch;		/* l->epoch: the master epoch attached to */
byte s_e;		/* slave_try_attach() / slave_master_reset(): e */
bit s_st;		/* read_layout(): the copied status */
byte s_ds;
byte s_sess_epoch;
bit s_hello_q;
byte s_reboots = MAX_S_REBOOTS;

/* m_pc inside the states */
#define M_CLR_STATUS 1	/* BOOT: write_status(0) */
#define M_CLR_ACK 2	/* BOOT: load slave_ack */
#define M_VDEV_OK 1	/* INIT_VDEV: write_status(OK) */
#define M_VDEV_EPOCH 2	/* INIT_VDEV: even epoch */
#define M_CHK_ACK 1	/* WAIT_NS/READY: slave_changed() reads slave_ack */
#define M_PROCESS 2	/* WAIT_NS/READY: amp_rpmsg_process() */
#define M_SESSION 3	/* heartbeat_tick(), amp_sess_ctl_flush() */

/* s_pc inside the states */
#define S_ACK_ODD 1	/* INIT_VDEV: write_ack(odd e) */
#define S_LAYOUT 2	/* INIT_VDEV: read_layout(): block check */
#define S_STATUS 3	/* INIT_VDEV: read_layout(): rsc snapshot */
#define S_SEQ 4		/* INIT_VDEV: read_layout(): epoch again */
#define S_OWN 5		/* INIT_VDEV: slave_ack == e ? */
#define S_FRESH 6	/* INIT_VDEV: bump_slave_epoch() for fresh rings */
#define S_DEKKER 7	/* INIT_VDEV: master_epoch again after write_ack(e) + amp_mb() */
#define S_BUMP 8	/* INIT_VDEV: bump_slave_epoch(), amp_rpmsg_slave_attach() */
#define S_ACT 1		/* > INIT_VDEV: the state's action after slave_master_reset() */
#define S_RESET_ACK 2	/* > INIT_VDEV: slave_master_reset(): write_ack(odd e) */
#define S_SESSION 3	/* heartbeat_tick(), amp_sess_ctl_flush() -> rings_still_ours() */
#define S_SEND 4	/* amp_sess_ctl_flush(): the send */

/*
 * A slave_try_attach() that can only end in ATTACH_WAIT with nothing
 * written, whatever the interleaving: an odd epoch already acknowledged; or
 * an even epoch with a bad block, no DRIVER_OK, or rings we already asked
 * to replace. The block and the status change only while the epoch is odd
 * (master_clear_status() .. master_init_vdev()), so with the seqlock such a
 * poll fails however the master moves meanwhile; slave_ack is ours. Blocking
 * there is the same as polling in vain (it saves states, not behaviours).
 */
#define S_ASKED_FRESH (s_epoch == master_epoch)
/* slave_try_attach(): rings of epoch s_e an earlier life (or we) used or asked to replace */
#ifdef FIX_FRESH
/* proposed: NONE marks them too (an earlier life asked for fresh rings, then died) */
#define S_USED_RINGS (slave_ack == s_e || slave_ack == NONE || s_epoch == s_e)
#else
#define S_USED_RINGS (slave_ack == s_e || s_epoch == s_e)
#endif
#define S_HOPELESS ((master_epoch & 1) && slave_ack == master_epoch || \
	!(master_epoch & 1) && (!layout_ok || !vstatus_ok || S_ASKED_FRESH))

#define M_AT(st, p) (m_alive && m_state == st && m_pc == p)
#define M_LINKED (m_alive && (m_state == AMP_LM_WAIT_NS || m_state == AMP_LM_READY))
#define S_AT(st, p) (s_alive && s_state == st && s_pc == p)

/* The slave may touch the rings only when they are live in its epoch. */
#define S_RING_ACCESS() assert(s_in_rings && rings == R_LIVE && rings_epoch == s_epoch)
/* The master initialises: nobody else may be on the rings. */
#define M_INITIALISING() assert(!s_in_rings)

/* amp_link_init() after a reboot: the side's RAM is gone. */
inline master_halt()
{
	m_alive = 0; m_state = AMP_LM_BOOT; m_pc = 0; m_epoch = 0; m_slave_epoch = 0;
	m_republish = 0;
	m_bound = 0; m_acked = 0; m_ack_wait = 0; m_valid = 0; m_old = 0; m_tmp_s = 0; m_dept = 0;
	m_ds = AMP_DS_DOWN; m_sess_epoch = 0; m_hello_q = 0; m_peer_gen = 0
}

inline slave_halt()
{
	s_alive = 0; s_in_rings = 0; s_state = AMP_LS_BOOT; s_pc = 0; s_epoch = 0; s_e = 0;
	s_st = 0; s_ds = AMP_DS_DOWN; s_sess_epoch = 0; s_hello_q = 0
}

/* default_down() in session.c (session epoch stays, as m->epoch does) */
inline m_default_down()
{
	m_ds = AMP_DS_DOWN; m_hello_q = 0
}

inline s_default_down()
{
	s_ds = AMP_DS_DOWN; s_hello_q = 0
}

/* Both sides up: one channel epoch, which is the session id's epoch. */
inline check_both_up()
{
	if
	:: m_ds == AMP_DS_UP && s_ds == AMP_DS_UP ->
		assert(m_sess_epoch == s_sess_epoch && s_sess_epoch == s_epoch);
		assert(m_sess_epoch == m_epoch && !(m_epoch & 1))
	:: else
	fi
}

/* heartbeat_tick(): default_down(PEER_LOST), amp_link_restart() */
inline m_hb_lost()
{
	m_default_down();
	m_epoch = NONE;	/* amp_link_restart(): forgotten (read again only after a corrupted block) */
	m_dept = 0;
	m_state = AMP_LM_BOOT;
	m_pc = 0
}

/*
 * Power-up: the region holds garbage, or what a previous run left there
 * (SRAM survives a system reset). layout_ok = 0 is a bad crc; layout_ok = 1
 * a block that checks out, with a retained epoch, status and ack.
 */
inline power_up()
{
	atomic {
#ifdef CLEAN_START
		layout_ok = 0; master_epoch = 0; vstatus_ok = 0; slave_ack = NONE; slave_epoch = 0;
		rings = R_GARBAGE;
#else
		if
		:: layout_ok = 0
		:: layout_ok = 1
		fi;
		if
		:: master_epoch = 0	/* even (never written by a master) */
		:: master_epoch = 3	/* odd: a master died initialising */
		:: master_epoch = 254	/* even, next odd is 0xFFFFFFFF: the wrap to 1 */
		fi;
		if
		:: vstatus_ok = 0
		:: vstatus_ok = 1
		fi;
		if
		:: slave_ack = NONE
		:: slave_ack = master_epoch	/* a slave was attached to it */
		:: slave_ack = 1		/* a future odd epoch */
		:: slave_ack = 2		/* a future even epoch */
		fi;
		slave_epoch = 0;
		if
		:: layout_ok && vstatus_ok && !(master_epoch & 1) ->
			/* stale but consistent; used by a slave of the previous run if it acked them */
			rings = R_LIVE; rings_epoch = master_epoch;
			if
			:: slave_ack == master_epoch -> rings_gen = 255
			:: else
			fi
		:: else -> rings = R_GARBAGE
		fi;
#endif
		powered = 1
	}
}

active proctype master()
{
	byte mt, me, mg;

	/* the region's content when the cores power up (no separate init process: fewer states under -f) */
	power_up();
	do
	/* power-up, or the restart after a reboot: amp_init() -> amp_link_init() */
	:: atomic { !m_alive -> m_alive = 1 }

	/* reboot (watchdog, crash, reset button): RAM lost, shared words kept */
	:: atomic { m_alive && m_reboots > 0 -> m_reboots--; master_halt() }

	/* master_clear_status() in link_master.c: validate the block, odd epoch */
	:: atomic { M_AT(AMP_LM_BOOT, 0) ->
		m_inits++;
		assert(m_inits <= MAX_INITS);
		m_valid = layout_ok;
		/* or what this life published (l->republish): a slave may be on it */
		m_known = layout_ok || m_republish;
		m_republish = 0;
		m_old = master_epoch;
		if
		:: m_valid -> m_epoch = (m_old + 1) | 1
		/* a corrupted block: on from the epoch we know (0 after a reboot: 1) */
		:: else -> m_epoch = (m_epoch + 1) | 1
		fi;
		if
		:: m_epoch == NONE -> m_epoch = 1
		:: else
		fi;
		master_epoch = m_epoch;
		m_pc = M_CLR_STATUS }

	/* master_clear_status(): write_status(l, 0) after amp_mb() */
	:: atomic { M_AT(AMP_LM_BOOT, M_CLR_STATUS) -> vstatus_ok = 0; m_pc = M_CLR_ACK }

	/* master_clear_status(): the Dekker load of slave_ack; amp_link_master_poll() BOOT */
	:: atomic { M_AT(AMP_LM_BOOT, M_CLR_ACK) ->
#ifdef FIX_ACK_WAIT
		/*
		 * wait unless the slave acknowledged an odd (initialising) epoch; over
		 * a block we cannot trust (corrupted, not ours) only an ack of 0 (no
		 * epoch a master publishes) says no slave was ever attached
		 */
		m_ack_wait = ((m_known || slave_ack != 0) && (!(slave_ack & 1) || slave_ack == NONE));
#else
		m_ack_wait = (m_valid && !(m_old & 1) && slave_ack == m_old);
#endif
		m_bound = 0; m_acked = 0; m_valid = 0; m_old = 0; m_pc = 0;
		if
		:: m_ack_wait -> m_state = AMP_LM_WAIT_SLAVE_ACK
		:: else -> m_state = AMP_LM_SETUP_REGION
		fi }

	/* slave_let_go() in link_master.c: slave_ack == l->epoch */
	:: atomic { M_AT(AMP_LM_WAIT_SLAVE_ACK, 0) && slave_ack == m_epoch ->
		m_state = AMP_LM_SETUP_REGION }

	/* slave_let_go(): AMP_CFG_LINK_ACK_TIMEOUT_MS elapsed */
	:: atomic { M_AT(AMP_LM_WAIT_SLAVE_ACK, 0) && ACK_TIMEOUT ->
		m_state = AMP_LM_SETUP_REGION }

	/* amp_link_block_publish_layout() in link_block.c: rsc mirror (status 0), block, crc */
	:: atomic { M_AT(AMP_LM_SETUP_REGION, 0) ->
		M_INITIALISING();
		rings = R_INIT;
		layout_ok = 1;
		vstatus_ok = 0;
		m_state = AMP_LM_SETUP_IPM }

	/*
	 * amp_link_master_poll() SETUP_IPM: ipm_take(); SETUP_VRINGS:
	 * amp_rpmsg_master_setup_vrings() resets both rings; INIT_POOL:
	 * amp_rpmsg_master_init_pool(); master_init_vdev():
	 * amp_link_create_default_ept(), read slave_epoch. Only the last is
	 * shared with the slave (the rings are the master's now), so they
	 * are one step (three polls in the C code; a reboot in between has
	 * the same effect as one before).
	 */
	:: atomic { M_AT(AMP_LM_SETUP_IPM, 0) ->
		M_INITIALISING();
		m_state = AMP_LM_SETUP_VRINGS;
		do
		:: s2m?_, _, _
		:: m2s?_, _, _
		:: empty(s2m) && empty(m2s) -> break
		od;
		m_state = AMP_LM_INIT_POOL;
		m_state = AMP_LM_INIT_VDEV;
		m_dept = 0;
		m_slave_epoch = slave_epoch;
		m_pc = M_VDEV_OK }

	/* master_init_vdev(): write_status(l, AMP_LINK_STATUS_OK) */
	:: atomic { M_AT(AMP_LM_INIT_VDEV, M_VDEV_OK) ->
		M_INITIALISING(); vstatus_ok = 1; m_pc = M_VDEV_EPOCH }

	/* master_init_vdev(): amp_wmb(), even epoch: the rings are live */
	:: atomic { M_AT(AMP_LM_INIT_VDEV, M_VDEV_EPOCH) ->
		M_INITIALISING();
		m_epoch++;
		assert(!(m_epoch & 1) && m_epoch != NONE);
		master_epoch = m_epoch;
		rings = R_LIVE;
		rings_epoch = m_epoch;
		rings_gen = 0;
		m_state = AMP_LM_WAIT_NS;
		m_pc = 0 }

	/* slave_changed() in link_master.c: s = slave_epoch */
	:: atomic { M_LINKED && m_pc == 0 -> m_tmp_s = slave_epoch; m_pc = M_CHK_ACK }

	/* slave_changed(): amp_rmb(), ack = slave_ack; master_reset_if_slave_changed() */
	:: atomic { M_LINKED && m_pc == M_CHK_ACK ->
		if
#ifdef FIX_BIND
		/* proposed: bind once the NS is in (the slave bumped slave_epoch before it) */
		:: !m_bound && slave_ack == m_epoch && m_dept ->
			m_bound = 1; m_slave_epoch = m_tmp_s; m_pc = M_PROCESS
		:: !m_bound && slave_ack == m_epoch && !m_dept ->
			m_acked = 1; m_pc = M_PROCESS
#else
		:: !m_bound && slave_ack == m_epoch ->
			/* l->t0 = now(l): the NS stall timer starts */
			m_bound = 1; m_slave_epoch = m_tmp_s; m_pc = M_PROCESS
#endif
		:: !m_bound && slave_ack != m_epoch && m_tmp_s == m_slave_epoch ->
			m_pc = M_PROCESS
		:: m_bound && m_tmp_s == m_slave_epoch && slave_ack == m_epoch ->
			m_pc = M_PROCESS
		:: else ->
			/* amp_link_down(l, AMP_LINK_DOWN_PEER_RESET): link_event() only if it was up */
			if
			:: m_state == AMP_LM_READY ->
				/* a PEER_RESET told to the application: the slave did restart */
#ifndef NO_SPURIOUS_RESET_CHECK
				assert(s_gen != m_peer_gen);
#endif
				m_default_down()
			:: else
			fi;
			m_dept = 0;
			m_state = AMP_LM_BOOT;
			m_pc = 0
		fi;
		m_tmp_s = 0 }

	/* amp_rpmsg_process() in rpmsg.c: one message from vring0 */
	:: atomic { M_LINKED && m_pc == M_PROCESS && nempty(s2m) ->
		s2m?mt, me, mg;
		assert(rings == R_LIVE && rings_epoch == m_epoch && me == m_epoch);
		if
		/* amp_rpmsg_ns_receive() in rpmsg_ept.c: find_unbound("default") -> m.bind */
		:: mt == NS && !m_dept -> m_dept = 1; m_peer_gen = mg
		/* ctl_rx() -> on_hello() in session.c: right epoch, HELLO state */
		:: mt == HELLO && me == m_sess_epoch && m_ds == AMP_DS_HELLO ->
			/* the default session's id (epoch << 16 | sid 0) is this link's */
			assert(m_state == AMP_LM_READY && m_sess_epoch == m_epoch);
			m_ds = AMP_DS_UP;
			check_both_up()
		:: else /* stale_ctl / bad_ctl, or an NS for a bound endpoint */
		fi;
		mt = 0; me = 0; mg = 0 }

	/*
	 * amp_rpmsg_process() finds vring0 empty; master_wait_ns(): NS bound ->
	 * m.ready, amp_link_up() -> link_event() queues HELLO; attached but no
	 * NS for AMP_CFG_LINK_STALL_MS -> amp_link_down(PROTOCOL), BOOT. With
	 * nothing to flush the rest of the poll is local: heartbeat_tick() may
	 * find the slave lost, else amp_sess_ctl_flush() has nothing to send.
	 */
	:: atomic { M_LINKED && m_pc == M_PROCESS && empty(s2m) ->
		assert(m_ds == AMP_DS_DOWN || m_state == AMP_LM_READY);
		if
		:: m_state == AMP_LM_WAIT_NS && m_dept ->
			m_state = AMP_LM_READY;
			m_sess_epoch = m_epoch;
			m_ds = AMP_DS_HELLO;
			m_hello_q = 1	/* amp_sess_ctl_queue(HELLO) */
		:: m_state == AMP_LM_WAIT_NS && !m_dept && (m_bound || m_acked) && M_NS_STALL ->
			m_state = AMP_LM_BOOT	/* ns_timeout: amp_link_down(PROTOCOL) */
		:: m_state == AMP_LM_WAIT_NS && !m_dept && !(m_bound || m_acked) &&
		   (!layout_ok || !vstatus_ok || master_epoch != m_epoch) ->
			/* !amp_link_published_intact(): republished */
			m_republish = 1;
			m_state = AMP_LM_BOOT
		:: else
		fi;
		if
		:: m_state == AMP_LM_BOOT -> m_pc = 0
		:: m_state != AMP_LM_BOOT && m_ds != AMP_DS_DOWN && m_hello_q -> m_pc = M_SESSION
		:: m_state != AMP_LM_BOOT && m_ds != AMP_DS_DOWN && M_HB_LOST -> m_hb_lost()
		:: else -> m_pc = 0
		fi }

	/* heartbeat_tick() in session.c: the slave is lost -> default_down(PEER_LOST), amp_link_restart() */
	:: atomic { M_LINKED && m_pc == M_SESSION && m_ds != AMP_DS_DOWN && M_HB_LOST -> m_hb_lost() }

	/* amp_sess_ctl_flush(): amp_rpmsg_try_send() of the HELLO on vring1 */
	:: atomic { M_LINKED && m_pc == M_SESSION && m_ds != AMP_DS_DOWN && m_hello_q && nfull(m2s) ->
		assert(rings == R_LIVE && rings_epoch == m_epoch && m_sess_epoch == m_epoch);
		m2s!HELLO, m_sess_epoch, 0;
		m_hello_q = 0;
		m_pc = 0 }

	/* amp_sess_ctl_flush(): AMP_ENOBUFS, try again next poll */
	:: atomic { M_LINKED && m_pc == M_SESSION && m_ds != AMP_DS_DOWN && m_hello_q && full(m2s) -> m_pc = 0 }
	od
}

/* amp_link_down(l, AMP_LINK_DOWN_PEER_RESET) on the slave, back to s.setup_virtio_region */
inline slave_down()
{
	s_default_down();
	s_in_rings = 0;
	s_state = AMP_LS_BOOT;
	s_pc = 0;
	s_e = 0
}

/* heartbeat_tick(): default_down(PEER_LOST), amp_link_restart(): l->epoch = NONE */
inline s_hb_lost()
{
	slave_down();
	s_epoch = NONE;
	s_gen++
}

active proctype slave()
{
	byte mt, me, mg;

	powered;	/* model only: the power-up content is there before either core runs */
	do
	/* power-up, or the restart after a reboot: amp_init() -> amp_link_init() */
	:: atomic { !s_alive -> s_alive = 1; s_gen++ }

	/* reboot: RAM lost, shared words kept */
	:: atomic { s_alive && s_reboots > 0 -> s_reboots--; slave_halt() }

	/* -DCORRUPT: a stray write over the master's published words */
	:: atomic { corruptions < MAX_CORRUPT && layout_ok -> corruptions++; layout_ok = 0 }
	:: atomic { corruptions < MAX_CORRUPT && vstatus_ok -> corruptions++; vstatus_ok = 0 }

	/*
	 * slave_attach_stalled() in link_slave.c: nothing to attach to under an
	 * even epoch for AMP_CFG_LINK_STALL_MS: request_reinit()
	 */
	:: atomic { S_AT(AMP_LS_INIT_VDEV, 0) && S_ATTACH_STALL && !(master_epoch & 1) &&
		    (!layout_ok || !vstatus_ok) && s_epoch != master_epoch ->
		/* once per epoch here: the master never misses a slave_epoch change */
		s_epoch = master_epoch;
		slave_ack = NONE;
		s_pc = S_FRESH }

	/*
	 * amp_link_slave_poll() BOOT: s.setup_virtio_region; SETUP_IPM:
	 * ipm_take(); SETUP_VRINGS: s.setup_vrings; INIT_POOL:
	 * s.rpmsg_virtio_init_shm_pool. All local: one step.
	 */
	:: atomic { S_AT(AMP_LS_BOOT, 0) ->
		s_state = AMP_LS_SETUP_IPM;
		s_state = AMP_LS_SETUP_VRINGS;
		s_state = AMP_LS_INIT_POOL;
		s_state = AMP_LS_INIT_VDEV }

	/*
	 * slave_try_attach() in link_slave.c: e = read_master_epoch().
	 * A poll that cannot do anything blocks instead of looping (S_HOPELESS).
	 */
	:: atomic { S_AT(AMP_LS_INIT_VDEV, 0) && !S_HOPELESS ->
		s_e = master_epoch;
		if
		:: s_e & 1 -> s_pc = S_ACK_ODD
		:: else -> s_pc = S_LAYOUT
		fi }

	/* slave_try_attach(): write_ack(l, e), master initialising: we are off the rings */
	/* forget_asked(): the next even epoch follows an initialisation, fresh rings whatever its number */
	:: atomic { S_AT(AMP_LS_INIT_VDEV, S_ACK_ODD) -> slave_ack = s_e; s_e = 0; s_epoch = NONE; s_pc = 0 }

	/* read_layout(): amp_link_block_check() (magic, version, crc, geometry) */
	:: atomic { S_AT(AMP_LS_INIT_VDEV, S_LAYOUT) ->
		if
		:: layout_ok -> s_pc = S_STATUS
		:: else -> s_e = 0; s_pc = 0	/* bad_block */
		fi }

	/* read_layout(): amp_link_rsc_snapshot(), the copy of virtio_status */
	:: atomic { S_AT(AMP_LS_INIT_VDEV, S_STATUS) -> s_st = vstatus_ok; s_pc = S_SEQ }

	/* read_layout(): amp_rmb(), read_master_epoch() != e -> torn; then DRIVER_OK */
	:: atomic { S_AT(AMP_LS_INIT_VDEV, S_SEQ) ->
		if
		:: master_epoch == s_e && s_st -> s_pc = S_OWN
		:: else -> s_e = 0; s_pc = 0	/* torn_reads / AMP_ENOTREADY */
		fi;
		s_st = 0 }

	/* slave_try_attach(): slave_ack (our own word) == e || l->epoch == e ? */
	:: atomic { S_AT(AMP_LS_INIT_VDEV, S_OWN) ->
		if
		:: S_USED_RINGS && s_epoch != s_e ->
			/* an earlier life used these rings: request_reinit(), once per epoch */
			s_epoch = s_e;
			slave_ack = NONE;
			s_pc = S_FRESH
		:: S_USED_RINGS && s_epoch == s_e ->
			s_e = 0; s_pc = 0
		:: !S_USED_RINGS ->
			/* write_ack(l, e): our half of the Dekker handshake */
			slave_ack = s_e;
			s_pc = S_DEKKER
		fi }

	/* request_reinit(): amp_wmb(), bump_slave_epoch(), notify: ask for fresh rings */
	:: atomic { S_AT(AMP_LS_INIT_VDEV, S_FRESH) -> slave_epoch++; s_e = 0; s_pc = 0 }

	/* slave_try_attach(): amp_mb(), read_master_epoch() == e ? */
	:: atomic { S_AT(AMP_LS_INIT_VDEV, S_DEKKER) ->
		if
		:: master_epoch == s_e ->
			/* attach only to an even, stable epoch with DRIVER_OK */
#ifdef CORRUPT
			/* a stray write may land after the check: what it read was right */
			assert(!(s_e & 1) && s_e != NONE);
#else
			assert(!(s_e & 1) && s_e != NONE && vstatus_ok && layout_ok);
#endif
			s_in_rings = 1;
			s_pc = S_BUMP
		:: else -> s_e = 0; s_pc = 0
		fi }

	/*
	 * slave_try_attach(): amp_wmb(), bump_slave_epoch(); then
	 * amp_rpmsg_slave_attach() in rpmsg.c (writes used->flags), l->epoch = e.
	 * One step: the attach is checked by the ring assertions, and
	 * s_in_rings has been set since the Dekker read.
	 */
	:: atomic { S_AT(AMP_LS_INIT_VDEV, S_BUMP) ->
		slave_epoch++;
		s_epoch = s_e;
		s_e = 0;
		S_RING_ACCESS();
		/* vring indices start at 0: no earlier life may have used these rings */
		assert(rings_gen == 0);
		rings_gen = s_gen;
		s_in_rings = 0;
		s_state = AMP_LS_ATTACHED;
		s_pc = 0 }

	/* slave_master_reset() in link_slave.c: read_master_epoch() == l->epoch ? */
	:: atomic { s_alive && s_state > AMP_LS_INIT_VDEV && s_pc == 0 ->
		s_e = master_epoch;
		if
		:: s_e == s_epoch ->
			s_e = 0;
			if
			/* amp_link_slave_poll() ATTACHED: s.ready (local) */
			:: s_state == AMP_LS_ATTACHED -> s_state = AMP_LS_REGISTER
			:: else -> s_pc = S_ACT; s_in_rings = 1
			fi
		:: s_e != s_epoch && (s_e & 1) -> s_pc = S_RESET_ACK
		:: else -> slave_down()
		fi }

	/* slave_master_reset(): write_ack(l, e) of the odd epoch, amp_link_down(PEER_RESET) */
	:: atomic { s_alive && s_state > AMP_LS_INIT_VDEV && s_pc == S_RESET_ACK ->
		slave_ack = s_e; slave_down(); s_epoch = NONE /* forget_asked() */ }

	/*
	 * slave_register(): amp_rpmsg_ept_announce() (NS on vring0),
	 * amp_link_up() -> link_event() (which restarts the heartbeat clock);
	 * amp_sess_ctl_flush() has nothing to send yet.
	 */
	:: atomic { S_AT(AMP_LS_REGISTER, S_ACT) && nfull(s2m) ->
		S_RING_ACCESS();
		s2m!NS, s_epoch, s_gen;
		s_state = AMP_LS_READY;
		s_sess_epoch = s_epoch;
		s_ds = AMP_DS_HELLO;
		s_in_rings = 0;
		s_pc = 0 }

	/* slave_register(): no buffer yet, try again next poll */
	:: atomic { S_AT(AMP_LS_REGISTER, S_ACT) && full(s2m) -> S_RING_ACCESS(); s_in_rings = 0; s_pc = 0 }

	/* amp_rpmsg_process() in rpmsg.c: one message from vring1 */
	:: atomic { S_AT(AMP_LS_READY, S_ACT) && nempty(m2s) ->
		S_RING_ACCESS();
		m2s?mt, me, mg;
		assert(me == rings_epoch);
		if
		/* ctl_rx() -> on_hello() in session.c: queue our HELLO, default_up() */
		:: mt == HELLO && me == s_sess_epoch && s_ds == AMP_DS_HELLO ->
			assert(s_sess_epoch == s_epoch);
			s_hello_q = 1;
			s_ds = AMP_DS_UP;
			check_both_up()
		:: else /* stale_ctl / bad_ctl */
		fi;
		mt = 0; me = 0; mg = 0 }

	/*
	 * amp_rpmsg_process(): vring1 empty. With nothing to flush the rest of
	 * the poll is local: heartbeat_tick() may find the master lost, else
	 * amp_sess_ctl_flush() has nothing to send.
	 */
	:: atomic { S_AT(AMP_LS_READY, S_ACT) && empty(m2s) ->
		S_RING_ACCESS();
		if
		:: s_hello_q -> s_pc = S_SESSION
		:: !s_hello_q && S_HB_LOST -> s_hb_lost()
		:: else -> s_in_rings = 0; s_pc = 0
		fi }

	/* heartbeat_tick() in session.c: the master is lost -> default_down(PEER_LOST), amp_link_restart() */
	:: atomic { S_AT(AMP_LS_READY, S_SESSION) && s_ds != AMP_DS_DOWN && S_HB_LOST -> s_hb_lost() }

	/* amp_sess_ctl_flush() -> tx_take(): rings_still_ours() reads the master epoch */
	:: atomic { S_AT(AMP_LS_READY, S_SESSION) && s_hello_q && master_epoch != s_epoch ->
		s_hello_q = 0;	/* AMP_ENOTREADY: the message is dropped, the next poll goes down */
		s_in_rings = 0;
		s_pc = 0 }
	:: atomic { S_AT(AMP_LS_READY, S_SESSION) && s_hello_q && master_epoch == s_epoch ->
		s_pc = S_SEND }

	/* amp_sess_ctl_flush(): amp_rpmsg_try_send() of our HELLO on vring0 */
	:: atomic { S_AT(AMP_LS_READY, S_SEND) && s_hello_q && nfull(s2m) ->
		S_RING_ACCESS();
		assert(s_sess_epoch == s_epoch);
		s2m!HELLO, s_sess_epoch, s_gen;
		s_hello_q = 0;
		s_in_rings = 0;
		s_pc = 0 }

	/* amp_sess_ctl_flush(): AMP_ENOBUFS, try again next poll */
	:: atomic { S_AT(AMP_LS_READY, S_SEND) && s_hello_q && full(s2m) ->
		S_RING_ACCESS(); s_in_rings = 0; s_pc = 0 }
	od
}

#ifdef LIVENESS
/* Once reboots stop (they are bounded), both sides end up READY with the default session up. */
ltl up { <> [] (m_state == AMP_LM_READY && s_state == AMP_LS_READY &&
		m_ds == AMP_DS_UP && s_ds == AMP_DS_UP) }
#endif
