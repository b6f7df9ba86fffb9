/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * OpenAMPStream (C++17, -Wall -Wextra -Werror): the Arduino Stream shape over
 * two C streams joined in memory (test_stream.h). Also proves the public C
 * headers compile as C++.
 */
#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <csetjmp>
#include <type_traits>

extern "C" {
#include <cmocka.h>
}

#include "amp/OpenAMPStream.hpp"
#include "amp/comm_buffer.h"
#include "amp/oacs.h"
#include "amp/stream.h"
#include "test_stream.h"

/* Same signatures as Arduino's Stream / Print. */
static_assert(std::is_same<decltype(&amplink::OpenAMPStream::available),
			   int (amplink::OpenAMPStream::*)() noexcept>::value,
	      "int available()");
static_assert(std::is_same<decltype(&amplink::OpenAMPStream::read),
			   int (amplink::OpenAMPStream::*)() noexcept>::value,
	      "int read()");
static_assert(std::is_same<decltype(&amplink::OpenAMPStream::peek),
			   int (amplink::OpenAMPStream::*)() noexcept>::value,
	      "int peek()");
static_assert(std::is_same<decltype(std::declval<amplink::OpenAMPStream &>().write(uint8_t{})),
			   size_t>::value,
	      "size_t write(uint8_t)");
static_assert(std::is_same<decltype(std::declval<amplink::OpenAMPStream &>().write(
			       static_cast<const uint8_t *>(nullptr), size_t{})),
			   size_t>::value,
	      "size_t write(const uint8_t *, size_t)");
static_assert(!std::is_copy_constructible<amplink::OpenAMPStream>::value, "one owner per stream");

static test_link link_;

static void drain_peer(test_link *l, int side)
{
	uint8_t buf[512];

	while (amp_stream_read(&l->s[!side], buf, sizeof(buf)) > 0)
		;
}

static void test_bytes_both_ways(void **)
{
	assert_int_equal(test_link_connect(&link_, 1024, 1024), AMP_OK);
	amplink::OpenAMPStream a(&link_.s[0]), b(&link_.s[1]);
	const uint8_t hello[] = {'h', 'e', 'l', 'l', 'o'};
	uint8_t buf[8] = {};

	assert_true(static_cast<bool>(a));
	assert_int_equal(b.read(), -1);
	assert_int_equal(b.peek(), -1);
	assert_int_equal(a.write(hello, sizeof(hello)), sizeof(hello));
	assert_int_equal(a.write(uint8_t{'!'}), 1u);
	a.flush();
	test_link_deliver_all(&link_);
	assert_int_equal(b.available(), 6);
	assert_int_equal(b.peek(), 'h');
	assert_int_equal(b.read(), 'h');
	assert_int_equal(b.readBytes(buf, sizeof(buf)), 5u);
	assert_memory_equal(buf, "ello!", 5);
	assert_int_equal(b.available(), 0);
	assert_int_equal(b.write(uint8_t{'x'}), 1u);
	test_link_deliver_all(&link_);
	assert_int_equal(a.read(), 'x');
	assert_int_equal(a.availableForWrite(), 1024);
}

/* Byte-by-byte writes well past both rings: with a timeout, write() waits for credit. */
static void test_write_waits_for_credit(void **)
{
	assert_int_equal(test_link_connect(&link_, 256, 256), AMP_OK);
	amplink::OpenAMPStream a(&link_.s[0], 50);
	uint32_t i, sent = 0;

	link_.on_poll = drain_peer;
	for (i = 0; i < 5000; i++)
		sent += static_cast<uint32_t>(a.write(static_cast<uint8_t>(i)));
	a.flush();
	assert_int_equal(sent, 5000u);
	assert_int_equal(amp_comm_buffer_available(&link_.s[0].tx), 0u);
	assert_true(link_.polls > 0u);

	/*
	 * Without a timeout nothing waits. Each byte goes out at once in its
	 * own message until the transport's 16 buffers are used up; then the
	 * bytes gather in our 256-byte ring, and write() takes no more.
	 */
	link_.on_poll = nullptr;
	test_link_deliver_all(&link_);
	drain_peer(&link_, 0);
	test_link_deliver_all(&link_);
	a.setTimeout(0);
	assert_int_equal(a.getTimeout(), 0u);
	for (i = 0; i < 600; i++)
		sent += static_cast<uint32_t>(a.write(static_cast<uint8_t>(i)));
	assert_int_equal(sent, 5000u + TEST_LINK_DEPTH + 256u);
	assert_int_equal(a.write(uint8_t{0}), 0u);
	/* once buffers come back, what gathered goes out in one message (the credit left: 240) */
	i = link_.q[0].sent;
	test_link_deliver_all(&link_);
	a.flush();
	assert_int_equal(link_.q[0].sent - i, 1u);
	assert_int_equal(amp_comm_buffer_available(&link_.s[0].tx), 256u - 240u);
}

static void test_read_bytes_times_out(void **)
{
	assert_int_equal(test_link_connect(&link_, 256, 256), AMP_OK);
	amplink::OpenAMPStream a(&link_.s[0]), b(&link_.s[1], 10);
	uint8_t buf[16];
	uint32_t polls = link_.polls;

	assert_int_equal(a.write(reinterpret_cast<const uint8_t *>("abc"), 3), 3u);
	assert_int_equal(b.readBytes(buf, sizeof(buf)), 3u); /* 3 arrive, then the timeout */
	assert_int_equal(link_.polls - polls, 10u);
	assert_memory_equal(buf, "abc", 3);
}

static void test_end_of_stream(void **)
{
	assert_int_equal(test_link_connect(&link_, 256, 256), AMP_OK);
	amplink::OpenAMPStream a(&link_.s[0]), b(&link_.s[1]);

	assert_int_equal(a.write(uint8_t{7}), 1u);
	assert_int_equal(amp_stream_close(a.handle()), AMP_OK);
	test_link_deliver_all(&link_);
	assert_true(static_cast<bool>(b));
	assert_int_equal(b.read(), 7);
	assert_int_equal(b.read(), -1);
	assert_true(amp_stream_at_eof(b.handle()));
	assert_int_equal(b.write(uint8_t{1}), 1u); /* b's writing half is still open */
	assert_int_equal(amp_stream_close(b.handle()), AMP_OK);
	test_link_deliver_all(&link_);
	(void)a.read();
	assert_false(static_cast<bool>(b));
	assert_false(static_cast<bool>(a));
}

int main()
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bytes_both_ways),
	    cmocka_unit_test(test_write_waits_for_credit),
	    cmocka_unit_test(test_read_bytes_times_out),
	    cmocka_unit_test(test_end_of_stream),
	};

	return cmocka_run_group_tests(tests, nullptr, nullptr);
}
