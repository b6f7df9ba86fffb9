# Turn `spin -t -p -g amplink.pml` output into one line per model step:
#   step  side    the C function the step stands for   shared words it changed
# Used by spin/check.sh. The first input is the model itself (to find the
# comment above each step), the second spin's output.

function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }

function shown(name) {
	return name ~ /^(master_epoch|slave_epoch|slave_ack|vstatus_ok|layout_ok|rings|rings_epoch|rings_gen|s_in_rings|m_state|s_state|m_ds|s_ds|m_alive|s_alive|m_epoch|s_epoch|m_bound|m_slave_epoch)$/
}

function pretty(name, v) {
	if (name == "m_state" && (v in mname)) return mname[v]
	if (name == "s_state" && (v in sname)) return sname[v]
	if ((name == "m_ds" || name == "s_ds") && (v in dname)) return dname[v]
	if (name == "rings") return v == 0 ? "GARBAGE" : v == 1 ? "INIT" : "LIVE"
	if (v == 255 && (name == "slave_ack" || name == "master_epoch")) return "NONE"
	return v
}

function flush_step(   out, n, k) {
	if (cur_step == "")
		return
	out = ""
	for (k = 1; k <= norder; k++) {
		n = order[k]
		if (n in now && (!(n in before) || before[n] != now[n]) && shown(n))
			out = out " " n "=" pretty(n, now[n])
	}
	for (n in now)
		before[n] = now[n]
	if (cur_desc == "") {
		cur_step = ""
		return
	}
	if (length(cur_desc) > 96)
		cur_desc = substr(cur_desc, 1, 93) "..."
	printf "%4s  %-7s %s%s\n", cur_step, cur_proc, cur_desc, out == "" ? "" : "   [" trim(out) "]"
	cur_step = ""
}

BEGIN {
	split("master_epoch layout_ok vstatus_ok slave_epoch slave_ack rings rings_epoch rings_gen s_in_rings m_alive m_state m_epoch m_slave_epoch m_bound m_ds s_alive s_state s_epoch s_ds", order, " ")
	norder = 19
}

# Pass 1: the model. Remember the comment above each `:: atomic {` and map
# every line to the step it belongs to.
FNR == NR {
	line = $0
	if (line ~ /^#define AMP_LM_/) { split(line, f, /[ \t]+/); mname[f[3]] = f[2] }
	if (line ~ /^#define AMP_LS_/) { split(line, f, /[ \t]+/); sname[f[3]] = f[2] }
	if (line ~ /^#define AMP_DS_/) { split(line, f, /[ \t]+/); dname[f[3]] = f[2] }
	if (line ~ /^[ \t]*\/\*/) { incomment = 1; comment = "" }
	if (incomment) {
		t = line
		gsub(/\/\*|\*\//, "", t)
		sub(/^[ \t]*\*[ \t]?/, "", t)
		comment = trim(comment " " trim(t))
		if (line ~ /\*\//) incomment = 0
		next
	}
	if (line ~ /^[ \t]*:: atomic \{/) { cur_atomic = FNR; desc[FNR] = comment }
	else if (line ~ /^inline power_up/) { cur_atomic = FNR; desc[FNR] = "power-up content of the region: power_up()" }
	else if (line ~ /^[ \t]*(init|active proctype|proctype|inline)/) cur_atomic = 0
	if (trim(line) != "") { if (line !~ /^[ \t]*::/ || line ~ /atomic/) comment = "" }
	owner[FNR] = cur_atomic
	next
}

# Pass 2: spin's output.
/^spin: .*(assertion violated|Error)/ || /^spin: text of failed assertion/ || /^pan:/ {
	errs = errs "      " $0 "\n"; next
}
stop { next }
/START OF CYCLE/ { flush_step(); print "      ---- an acceptance cycle starts here: the steps below repeat forever ----"; next }
/^[ \t]*[0-9]+:[ \t]+proc[ \t]/ {
	step = $1; sub(/:$/, "", step)
	proc = $4; sub(/^\(/, "", proc); sub(/:.*$/, "", proc)
	where = $0; sub(/^.*\.pml:/, "", where); sub(/[ \t].*$/, "", where)
	a = owner[where + 0]
	# One model step: from its `:: atomic {` line to the next one of any side.
	same = cur_step != "" && proc == cur_proc && (a == 0 || a == cur_owner) &&
	       !((where + 0 in desc) && where != prev_where)
	prev_where = where
	if (same)
		next
	flush_step()
	cur_owner = a
	nsteps++
	cur_step = nsteps; cur_proc = proc
	cur_desc = (a && (a in desc)) ? desc[a] : ""	# "": model bookkeeping, not shown
	next
}
/^[ \t]+[a-z_]+ = -?[0-9]+$/ {
	n = $1; now[n] = $3; next
}
/^#processes/ { flush_step(); stop = 1 }
END { flush_step(); printf "%s", errs }
