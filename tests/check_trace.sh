#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Check the step order amp-sim prints with --lockstep --trace --messages 1:
# exactly the seed's 18 handshake steps, then the 8 echo steps (SPEC section 4),
# for each seed given. The step name is the whitespace-separated word of a
# line that starts with "m." or "s."; other lines (the summary) are ignored.
#
# usage: check_trace.sh AMP_SIM SEED...
set -u

sim=$1
shift
[ $# -gt 0 ] || set -- 1

expected='m.clear_virtio_status
m.setup_virtio_region
m.setup_ipm
m.setup_vrings
m.rpmsg_virtio_init_shm_pool
m.rpmsg_init_vdev
m.wait_for_slave_response_from_ns_setup
s.setup_virtio_region
s.setup_ipm
s.setup_vrings
s.rpmsg_virtio_init_shm_pool
s.rpmsg_init_vdev
s.ready
s.register<ept=default>
s.ipm_notify
m.ipm_notified
m.bind<ept=default>
m.ready
m.send(msg)
m.ipm_notify
s.ipm_notified
s.recv(msg)
s.send(msg)
s.ipm_notify
m.ipm_notified
m.recv(msg)'

tmp=$(mktemp) || exit 1
trap 'rm -f "$tmp"' EXIT

status=0
for seed in "$@"; do
	if ! "$sim" --lockstep --trace --messages 1 --seed "$seed" >"$tmp" 2>&1; then
		echo "seed $seed: amp-sim failed:"
		cat "$tmp"
		status=1
		continue
	fi
	if ! grep -Eq '(^|[[:space:]])errors=0([[:space:]]|$)' "$tmp"; then
		echo "seed $seed: no 'errors=0' in the summary:"
		cat "$tmp"
		status=1
		continue
	fi
	steps=$(awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^[ms]\./) { print $i; break } }' "$tmp")
	if [ "$steps" != "$expected" ]; then
		echo "seed $seed: step order differs from the seed's (expected, got):"
		printf '%s\n' "$expected" >"$tmp.want"
		printf '%s\n' "$steps" | diff "$tmp.want" - || true
		rm -f "$tmp.want"
		status=1
		continue
	fi
	echo "seed $seed: 18 handshake steps + 8 echo steps, in order"
done
exit $status
