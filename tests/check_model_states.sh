#!/bin/sh
# The promela model (spin/amplink.pml) and the C code must name the same link
# states, in the same order with the same values: enum amp_link_mstate
# (AMP_LM_*) and enum amp_link_sstate (AMP_LS_*) in include/amp/link.h against
# the model's `#define AMP_LM_* n` / `#define AMP_LS_* n`. Every state must
# also be used by the model, not only defined.
set -eu

root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
hdr="$root/include/amp/link.h"
pml="$root/spin/amplink.pml"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/amp-states.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# "NAME VALUE" for each member of `enum <name> { ... };` (implicit values count up).
c_enum() {
	awk -v want="$1" '
		$0 ~ "^enum " want "[ \t]*\\{" { on = 1; v = -1; next }
		on && /^\};/ { exit }
		on {
			sub(/\/\*.*\*\//, ""); sub(/\/\/.*/, "")
			n = split($0, parts, ",")
			for (i = 1; i <= n; i++) {
				m = parts[i]; gsub(/[ \t]/, "", m)
				if (m == "") continue
				if (index(m, "=")) { split(m, kv, "="); m = kv[1]; v = kv[2] + 0 } else v++
				print m, v
			}
		}' "$hdr"
}

pml_states() {
	awk -v pre="$1" '$1 == "#define" && index($2, pre) == 1 { print $2, $3 + 0 }' "$pml"
}

status=0
for pair in "amp_link_mstate AMP_LM_" "amp_link_sstate AMP_LS_"; do
	# shellcheck disable=SC2086 # split "enum prefix" on purpose
	set -- $pair
	c_enum "$1" >"$tmp/c"
	pml_states "$2" >"$tmp/pml"
	if [ ! -s "$tmp/c" ]; then
		echo "no enum $1 in $hdr" >&2
		status=1
		continue
	fi
	if ! diff -u "$tmp/c" "$tmp/pml" >"$tmp/diff"; then
		echo "enum $1 (include/amp/link.h) and spin/amplink.pml differ:" >&2
		sed 's/^--- .*/--- C enum/; s/^+++ .*/+++ model/' "$tmp/diff" >&2
		status=1
		continue
	fi
	while read -r name _; do
		uses=$(grep -c "\\b$name\\b" "$pml" || true)
		if [ "$uses" -lt 2 ]; then
			echo "$name is defined in the model but never used" >&2
			status=1
		fi
	done <"$tmp/c"
	echo "$1: $(wc -l <"$tmp/c") states, C and model agree"
done
exit $status
