#!/bin/sh
# Model-check spin/amplink.pml with spin (docs/model.md).
#
#   spin/check.sh [safety|liveness|all]
#
# safety:   assertions (rings, epochs, session ids, re-initialisations) and
#           invalid end states, exhaustive search (-DSAFETY).
# liveness: the LTL property `up` (<>[] both READY, default session up) with
#           weak fairness (-a -f), exhaustive search.
#
# Environment: SPIN_DEFS   extra -D options for the model (e.g. -DPROPOSED_FIX,
#                          -DMAX_S_REBOOTS=3, -DLIVE_TIMEOUTS, -DCLEAN_START)
#              SPIN_PAN_DEFS extra -D options for pan.c (e.g. -DCOLLAPSE,
#                          -DMEMLIM=8192 for the larger -DCORRUPT state space)
#              SPIN_WORKDIR where the verifier is built (default: a temp dir)
#              SPIN_SHORTEST=1  on a safety error, search again breadth-first
#                               for the shortest trail
#              CC           the host C compiler (default: cc)
# Exits non-zero on any error, after printing the error trail as a readable
# sequence of model steps (each named by the C function it stands for).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
model="$here/amplink.pml"
what=${1:-all}
defs=${SPIN_DEFS:-}
pdefs=${SPIN_PAN_DEFS:-}
cc=${CC:-cc}

case "$what" in
safety | liveness | all) ;;
*)
	echo "usage: $0 [safety|liveness|all]" >&2
	exit 2
	;;
esac

for tool in spin "$cc"; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "check.sh: $tool not found" >&2
		exit 2
	fi
done

if [ -n "${SPIN_WORKDIR:-}" ]; then
	work=$SPIN_WORKDIR
	mkdir -p "$work"
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/amplink-spin.XXXXXX")
	trap 'rm -rf "$work"' EXIT
fi

# run <name> <spin -D options> <cc -D options> <pan options>
run() {
	name=$1
	sdefs=$2
	cdefs="$3 $pdefs"
	popts=$4
	dir="$work/$name"
	rm -rf "$dir"
	mkdir -p "$dir"
	cp "$model" "$dir/amplink.pml"
	echo "== $name: spin -a $sdefs; $cc -O2 $cdefs; pan $popts"
	# shellcheck disable=SC2086
	(cd "$dir" && spin -a $sdefs amplink.pml >spin.log 2>&1) || {
		cat "$dir/spin.log"
		return 1
	}
	# shellcheck disable=SC2086
	(cd "$dir" && "$cc" -O2 -w -DMEMLIM=3072 $cdefs -o pan pan.c) || return 1
	start=$(date +%s)
	# shellcheck disable=SC2086
	(cd "$dir" && ./pan $popts >pan.log 2>&1) || true
	end=$(date +%s)
	grep -E 'State-vector|states, stored|transitions|depth reached|total actual memory|elapsed time' "$dir/pan.log" |
		sed 's/^ */   /'
	echo "   wall time $((end - start)) s"
	errs=$(sed -n 's/.*errors: \([0-9][0-9]*\).*/\1/p' "$dir/pan.log" | head -n 1)
	if [ "${errs:-x}" != 0 ] || grep -qE '^error:|out of memory|Search not completed|max search depth too small' "$dir/pan.log"; then
		echo "FAIL: $name" >&2
		grep -E 'pan:|error|violated|cycle' "$dir/pan.log" | head -n 20 >&2
		if grep -q 'reached -DMEMLIM bound' "$dir/pan.log"; then
			echo "-- out of memory, not a property violated: SPIN_PAN_DEFS='-DMEMLIM=8192'" \
				"(and -DCOLLAPSE, or -DHC4 for hash compaction) searches further" >&2
		fi
		if [ "${SPIN_SHORTEST:-0}" = 1 ] && [ "$name" = safety ]; then
			echo "-- searching breadth-first for the shortest trail" >&2
			# shellcheck disable=SC2086
			(cd "$dir" && rm -f ./*.trail && "$cc" -O2 -w -DMEMLIM=3072 -DBFS $cdefs -o pan pan.c &&
				./pan >pan-bfs.log 2>&1) || true
		fi
		if ls "$dir"/*.trail >/dev/null 2>&1; then
			echo "-- trail (step, side, C function, shared words changed):" >&2
			# shellcheck disable=SC2086
			(cd "$dir" && spin -t -p -g $sdefs amplink.pml >trail.txt 2>&1) || true
			awk -f "$here/trail.awk" "$dir/amplink.pml" "$dir/trail.txt" >&2
		fi
		return 1
	fi
	echo "   OK: $name, no errors"
}

status=0
if [ "$what" = safety ] || [ "$what" = all ]; then
	run safety "$defs" "-DSAFETY" "-m20000" || status=1
fi
if [ "$what" = liveness ] || [ "$what" = all ]; then
	run liveness "$defs -DLIVENESS" "" "-a -f -m20000" || status=1
fi
exit $status
