// SPDX-License-Identifier: BSD-3-Clause
//
// amp-cpp-example: a C++17 application on both cores, through the C facade
// (amp/openamp.h) and amplink::OpenAMPStream. The slave runs an upper-casing
// echo; the master talks to it with blocking (bounded) Arduino-style calls.
// Both cores run in this one process in lockstep: while the master waits,
// its idle function runs the slave, so every run is the same run.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <string_view>

#include "amp/OpenAMPStream.hpp"
#include "amp/openamp.h"
#include "sim.h"

namespace
{

constexpr char kSession[] = "cpp-demo";
constexpr uint32_t kTimeoutMs = 2000;
constexpr uint32_t kBulkBytes = 64 * 1024;
constexpr uint32_t kChunk = 500;
constexpr uint32_t kMaxSteps = 1000000;

struct Core {
	amp_openamp_t *h = nullptr;
	amp_openamp_stream_t *st = nullptr;
};

Core master;
Core slave;

// The slave's program, one round: echo what arrived, upper-cased. It never
// waits (timeout 0): it runs between the master's steps.
void slave_round()
{
	(void)amp_openamp_poll(slave.h);
	if (amp_openamp_stream_is_open(slave.st) <= 0)
		return;
	amplink::OpenAMPStream io(slave.st);
	while (io.available() > 0 && io.availableForWrite() > 0) {
		const int c = io.read();

		io.write(static_cast<uint8_t>(std::toupper(c)));
	}
}

// One step of the whole system.
void step()
{
	(void)amp_openamp_poll(master.h);
	slave_round();
	sim_tick();
}

// What the master's bounded waits do while nothing arrives: let the slave run.
void master_idle(void *, uint32_t)
{
	slave_round();
	sim_tick();
}

template <typename Pred> bool run_until(Pred done)
{
	for (uint32_t i = 0; i < kMaxSteps; i++) {
		if (done())
			return true;
		step();
	}
	return done();
}

bool fail(std::string_view what)
{
	std::printf("cpp-example: FAIL: %.*s\n", static_cast<int>(what.size()), what.data());
	return false;
}

const uint8_t *bytes(std::string_view s)
{
	return reinterpret_cast<const uint8_t *>(s.data());
}

bool start()
{
	if (sim_init(1) != AMP_OK)
		return fail("no shared memory");
	if (amp_openamp_init(&master.h, AMP_ROLE_MASTER, sim_port(AMP_ROLE_MASTER)) != AMP_OK ||
	    amp_openamp_init(&slave.h, AMP_ROLE_SLAVE, sim_port(AMP_ROLE_SLAVE)) != AMP_OK)
		return fail("init");
	(void)amp_openamp_set_idle(master.h, master_idle, nullptr);
	// Both opens may be made at once: they go out when the channel is up.
	if (amp_openamp_stream_listen(slave.h, kSession, 0, &slave.st) != AMP_OK ||
	    amp_openamp_stream_open(master.h, kSession, 0, &master.st) != AMP_OK)
		return fail("open");
	if (!run_until([] { return amp_openamp_stream_is_open(master.st) > 0; }))
		return fail("the session never opened");
	std::printf("master: session \"%s\" open after %u ms\n", kSession, sim_now_ms());
	return true;
}

bool greet(amplink::OpenAMPStream &io)
{
	constexpr std::string_view hello = "hello from C++17";
	std::array<uint8_t, hello.size()> back{};

	if (io.write(bytes(hello), hello.size()) != hello.size())
		return fail("greeting not written");
	if (io.readBytes(back.data(), back.size()) != back.size())
		return fail("no greeting back");
	std::printf("master: sent \"%.*s\", got \"%.*s\"\n", static_cast<int>(hello.size()),
		    hello.data(), static_cast<int>(back.size()),
		    reinterpret_cast<const char *>(back.data()));
	return true;
}

// Lower-case letters, so the echo's upper-casing is checkable byte by byte.
uint8_t letter(uint32_t i)
{
	return static_cast<uint8_t>('a' + (i * 7u + i / 26u) % 26u);
}

bool bulk(amplink::OpenAMPStream &io)
{
	std::array<uint8_t, kChunk> out{};
	std::array<uint8_t, kChunk> in{};
	uint32_t mismatches = 0;

	for (uint32_t off = 0; off < kBulkBytes; off += kChunk) {
		const uint32_t n = std::min(kChunk, kBulkBytes - off);

		for (uint32_t i = 0; i < n; i++)
			out[i] = letter(off + i);
		if (io.write(out.data(), n) != n)
			return fail("bulk write timed out");
		if (io.readBytes(in.data(), n) != n)
			return fail("bulk read timed out");
		for (uint32_t i = 0; i < n; i++)
			mismatches += in[i] != std::toupper(out[i]);
	}
	std::printf("master: %u bytes echoed, %u mismatches\n", kBulkBytes, mismatches);
	return mismatches == 0 || fail("echo differs");
}

bool single_bytes(amplink::OpenAMPStream &io)
{
	io.write(uint8_t{'z'});
	io.flush();
	if (!run_until([&io] { return io.available() > 0; }))
		return fail("no byte back");
	const int peeked = io.peek();
	const int got = io.read();

	std::printf("master: write('z') -> peek() '%c', read() '%c', then available() %d\n", peeked,
		    got, io.available());
	return (peeked == 'Z' && got == 'Z' && io.available() == 0) || fail("single byte");
}

bool finish()
{
	if (amp_openamp_stream_close_timeout(master.st, kTimeoutMs) != AMP_OK)
		return fail("close: bytes left undelivered");
	std::printf("master: closed, every byte delivered\n");
	if (!run_until([] { return amp_openamp_stream_is_open(slave.st) == 0; }))
		return fail("the slave never saw the close");
	const int why = amp_openamp_stream_close_reason(slave.st);

	std::printf("slave: session closed by the peer (reason %d)\n", why);
	return why == AMP_CLOSE_PEER || fail("close reason");
}

} // namespace

int main()
{
	bool ok = start();

	if (ok) {
		amplink::OpenAMPStream io(master.st, kTimeoutMs);

		ok = static_cast<bool>(io) && greet(io) && bulk(io) && single_bytes(io) && finish();
	}
	(void)amp_openamp_deinit(master.h);
	(void)amp_openamp_deinit(slave.h);
	sim_fini();
	if (!ok)
		return 1;
	std::printf("cpp-example: PASS\n");
	return 0;
}
