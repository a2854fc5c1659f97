# callgraph.sh — the calls between jhd's files, drawn from its object files with nm (a file
# calls another when it uses a symbol the other defines), must have no cycle: the layering
# docs/INTERNALS.md describes ("who may call whom"). Prints each cycle it finds and the edges
# that close them (a file calling one that, through others, calls it back). And SQLite is
# called from the store's files only.
# Usage: bash tests/server/callgraph.sh [OBJECT...] (default: jhd's objects in $JH_BUILD).
source "$(dirname "$0")/../lib/t.sh"
JH_BUILD=${JH_BUILD:-$JH_TOP/build}

objs=("$@")
if [ ${#objs[@]} = 0 ]; then
	# jhd's own files: every server/*.c but the other programs (jhctl, jhcall)
	for c in "$JH_TOP"/server/*.c; do
		n=$(basename "$c" .c)
		case $n in jhctl|jhcall) continue ;; esac
		objs+=("$JH_BUILD/server/$n.o")
	done
fi
missing=0
for o in "${objs[@]}"; do
	[ -f "$o" ] || { not_ok "object $o is built (make bin/jhd first)"; missing=1; }
done
[ $missing = 0 ] || t_finish

# "file symbol" lines: what each object defines, and what it uses
defs=$T_TMP/defs; uses=$T_TMP/uses; edges=$T_TMP/edges
: >"$defs"; : >"$uses"
for o in "${objs[@]}"; do
	n=$(basename "$o" .o)
	nm -g --defined-only "$o" | awk -v f="$n" 'NF == 3 { print f, $3 }' >>"$defs"
	nm -g --undefined-only "$o" | awk -v f="$n" '{ print f, $NF }' >>"$uses"
done
# edges "from to" (calls from a file to itself are not edges)
awk 'NR == FNR { def[$2] = $1; next } ($2 in def) && def[$2] != $1 { print $1, def[$2] }' \
	"$defs" "$uses" | sort -u >"$edges"
# a symbol defined twice would make the graph wrong (and the link fail)
dups=$(awk '{ print $2 }' "$defs" | sort | uniq -d | head -5 | tr '\n' ' ')
expect_eq "no symbol is defined by two of jhd's files" "$dups" ""

# back edges: a→b where b reaches a (transitive closure over a few dozen files)
report=$(awk '
	{ e[$1, $2] = 1; n[$1] = 1; n[$2] = 1; from[++m] = $1; to[m] = $2 }
	END {
		for (a in n) for (b in n) r[a, b] = ((a, b) in e)
		for (k in n) for (a in n) if (r[a, k]) for (b in n) if (r[k, b]) r[a, b] = 1
		for (i = 1; i <= m; i++)
			if (r[to[i], from[i]]) {
				nb++
				back[from[i]] = back[from[i]] " " to[i]
			}
		# the cycles: groups of files that reach one another
		for (a in n) if (!(a in seen) && r[a, a]) {
			g = a; seen[a] = 1
			for (b in n) if (b != a && r[a, b] && r[b, a]) { g = g " " b; seen[b] = 1 }
			print "cycle: " g
			ng++
		}
		for (a in back) print "  " a " ->" back[a]
		printf "%d cycles, %d edges inside them\n", ng, nb
	}' "$edges")
echo "$report" | sed 's/^/# /'
expect_eq "no call cycle between jhd's files" "$(echo "$report" | tail -1)" \
	"0 cycles, 0 edges inside them"

# SQL only in the store's files (store*.c, appt_store.c; fault.c wraps sqlite3_step for the
# fault injection), and the store's raw handle (store_int.h) only in its own files.
sql=$(awk '$2 ~ /^sqlite3_/ { print $1 }' "$uses" | sort -u |
	grep -vxE 'store|store_[a-z_]+|appt_store|fault' | tr '\n' ' ')
expect_eq "only the store's files call sqlite3_*" "$sql" ""
raw=$(awk '$2 == "store_db" { print $1 }' "$uses" | sort -u |
	grep -vxE 'store|store_[a-z_]+' | tr '\n' ' ')
expect_eq "only the store's files use store_db" "$raw" ""
t_finish
