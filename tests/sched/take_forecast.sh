# take_forecast.sh — what `take` answers is the full forecast (docs/PROTOCOL.md, "ahead and
# eta_s"): for tickets of every priority, taken one per turn and several per turn, the take's
# ahead and eta_s equal those `ticket` gives right after (same test clock second, same queue),
# and they follow the policy (a ticket of another service the same window serves is called
# first; a green ticket goes ahead of normal ones).
source "$(dirname "$0")/../server/common.bash"
proto_setup --test-clock 2026-03-02T10:00:00+08:00

out=$(as_clerk 1 <<<'{"op":"open","window":"1"}')
expect_match "window 1 (A, B, C) opens" "$out" '"state":"open"'

# take SERVICE [PRIORITY]: one take in its own connection (its own loop turn); prints
# "code ahead eta_s" of the answer
take() {
	local req='{"op":"take","service":"'$1'"'
	[ -n "${2:-}" ] && req=$req',"priority":"'$2'"'
	as_kiosk --field ticket <<<"$req}" | sed -E 's/.*"code":"([A-Z0-9]+)".*"ahead":(-?[0-9]+),"eta_s":(-?[0-9]+).*/\1 \2 \3/'
}
# figures CODE: "code ahead eta_s" from the ticket op
figures() {
	as_display --field ticket <<<'{"op":"ticket","code":"'$1'"}' |
		sed -E 's/.*"code":"([A-Z0-9]+)".*"ahead":(-?[0-9]+),"eta_s":(-?[0-9]+).*/\1 \2 \3/'
}

bad=0
n=0
for spec in B A C A:elderly A B:green C A:prereviewed D A; do
	got=$(take "${spec%%:*}" "$([ "$spec" != "${spec#*:}" ] && echo "${spec#*:}")")
	want=$(figures "${got%% *}")
	n=$((n + 1))
	eval "T_$n=\"\$got\""
	if [ -z "$got" ] || [ "$got" != "$want" ]; then
		bad=$((bad + 1))
		echo "#   take $spec answered '$got', ticket says '$want'"
	fi
done
expect_eq "each take answers the forecast's ahead and eta_s (11 takes, every priority)" "$bad" 0
# the second take (A001) waits behind B001 at the one open window: 300 s by default
expect_eq "a ticket is forecast behind an earlier ticket of another service of its window" \
	"$T_2" "A001 1 300"
expect_match "a green ticket is forecast ahead of the normal ones" "$T_6" '^B002 0 0$'
expect_match "a ticket no open window serves has no eta" "$T_9" '^D001 [0-9]+ -1$'

# pipelined takes (one connection, no wait between them): each answer is the forecast at the
# end of the turn that read it, so the last one's is what ticket says afterwards
out=$(as_kiosk --field ticket <<'X'
{"op":"take","service":"C"}
{"op":"take","service":"A","priority":"green"}
{"op":"take","service":"B","priority":"disabled"}
{"op":"take","service":"A"}
X
)
expect_eq "pipelined takes are all answered" "$(grep -c '"code"' <<<"$out")" 4
got=$(tail -n 1 <<<"$out" | sed -E 's/.*"code":"([A-Z0-9]+)".*"ahead":(-?[0-9]+),"eta_s":(-?[0-9]+).*/\1 \2 \3/')
expect_eq "the last pipelined take carries the forecast's figures" "$got" "$(figures A007)"
t_finish
