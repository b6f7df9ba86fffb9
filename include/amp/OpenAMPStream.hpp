/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * OpenAMPStream: the Arduino Stream shape over an amplink stream,
 * header-only, over the C API in amp/stream.h (C++17, no heap, no
 * exceptions needed).
 *
 *	amplink::OpenAMPStream io(&stream);   // or io(facade_stream_handle)
 *	io.setTimeout(100);              // 0: never wait
 *	io.write(reinterpret_cast<const uint8_t *>("hi"), 2);
 *	while (io.available() > 0) { int c = io.read(); ... }
 *
 * Reads and peeks never wait, as in Arduino. write() and flush() wait up to
 * the timeout for flow-control credit when the stream was opened with a
 * waiter; readBytes() waits up to the timeout for the bytes asked for.
 * Whatever the timeout, they return.
 */
#ifndef AMP_OPENAMPSTREAM_HPP
#define AMP_OPENAMPSTREAM_HPP

#include <cstddef>
#include <cstdint>

#include "amp/errors.h"
#include "amp/openamp.h"
#include "amp/stream.h"

namespace amplink
{

class OpenAMPStream
{
      public:
	explicit OpenAMPStream(amp_stream *s, uint32_t timeout_ms = 0) noexcept
	    : s_(s), timeout_ms_(timeout_ms)
	{
	}

	/* Over a stream handle of the C facade (amp/openamp.h); its waits are the facade's. */
	explicit OpenAMPStream(amp_openamp_stream_t *h, uint32_t timeout_ms = 0) noexcept
	    : s_(amp_openamp_stream_handle(h)), timeout_ms_(timeout_ms)
	{
	}

	OpenAMPStream(const OpenAMPStream &) = delete;
	OpenAMPStream &operator=(const OpenAMPStream &) = delete;

	/* Bytes that read() returns without waiting. */
	int available() noexcept
	{
		return static_cast<int>(amp_stream_available(s_));
	}

	/* The next byte, or -1 if there is none right now (or the stream ended). */
	int read() noexcept
	{
		uint8_t b = 0;

		return amp_stream_read(s_, &b, 1) == 1 ? static_cast<int>(b) : -1;
	}

	/* The next byte without taking it, or -1. */
	int peek() noexcept
	{
		uint8_t b = 0;

		return amp_stream_peek(s_, &b, 1) == 1 ? static_cast<int>(b) : -1;
	}

	size_t write(uint8_t b) noexcept
	{
		return write(&b, 1);
	}

	/* Bytes accepted: all of them unless the timeout ran out or the stream closed. */
	size_t write(const uint8_t *buf, size_t len) noexcept
	{
		int n = amp_stream_write(s_, buf, len);

		if (n >= 0 && static_cast<size_t>(n) < len && can_wait()) {
			int more = amp_stream_write_timeout(
			    s_, buf + n, len - static_cast<size_t>(n), timeout_ms_);

			if (more > 0)
				n += more;
		}
		return n > 0 ? static_cast<size_t>(n) : 0u;
	}

	/* Hand every written byte to the transport (waits up to the timeout). */
	void flush() noexcept
	{
		if (can_wait())
			(void)amp_stream_flush_timeout(s_, timeout_ms_);
		else
			(void)amp_stream_flush(s_);
	}

	/* Bytes write() accepts without waiting. */
	int availableForWrite() noexcept
	{
		return static_cast<int>(amp_stream_write_space(s_));
	}

	/* Arduino readBytes(): up to len bytes, waiting up to the timeout for them. */
	size_t readBytes(uint8_t *buf, size_t len) noexcept
	{
		int n = can_wait() ? amp_stream_read_timeout(s_, buf, len, timeout_ms_)
				   : amp_stream_read(s_, buf, len);

		return n > 0 ? static_cast<size_t>(n) : 0u;
	}

	void setTimeout(uint32_t timeout_ms) noexcept
	{
		timeout_ms_ = timeout_ms;
	}

	uint32_t getTimeout() const noexcept
	{
		return timeout_ms_;
	}

	/* Something can still be read or written. */
	explicit operator bool() const noexcept
	{
		switch (amp_stream_state(s_)) {
		case AMP_STREAM_OPEN:
		case AMP_STREAM_CLOSING:
			return true;
		case AMP_STREAM_CLOSED:
			return !amp_stream_at_eof(s_);
		case AMP_STREAM_FAILED:
			return amp_comm_buffer_available(&s_->rx) != 0u;
		case AMP_STREAM_IDLE:
			break;
		}
		return false;
	}

	amp_stream *handle() const noexcept
	{
		return s_;
	}

      private:
	bool can_wait() const noexcept
	{
		return timeout_ms_ != 0u && s_ && s_->waiter;
	}

	amp_stream *s_;
	uint32_t timeout_ms_;
};

} // namespace amplink

#endif
