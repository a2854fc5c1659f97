#!/bin/bash
# tokens.sh — the ticket-page tokens of jhd (server/ops_web.c, docs/WEB.md): take answers with
# one; ticket_token gives the same for kiosks and clerks; ticket_by_token (monitor) finds the
# ticket; a changed, foreign or yesterday's token finds nothing; the token does not contain the
# code; roles are enforced.
source "$(dirname "$0")/../server/common.bash"
proto_setup --test-clock 2026-03-02T10:00:00+08:00
as_clerk1() { as_clerk 1 "$@"; }

ans=$(as_kiosk <<<'{"op":"take","service":"A"}')
tok=$(printf '%s' "$ans" | jq -r .token)
id=$(printf '%s' "$ans" | jq -r .ticket.id)
expect_match "take answers with a 32-character token" "$tok" '^[A-Za-z0-9_-]{32}$'
expect_eq "ticket_token gives the same token by code" \
	"$(q as_kiosk token '{"op":"ticket_token","code":"A001"}')" "$tok"
expect_eq "and by ticket_id" \
	"$(q as_clerk1 token "{\"op\":\"ticket_token\",\"ticket_id\":$id}")" "$tok"
expect_eq "ticket_by_token finds the ticket" \
	"$(q as_monitor ticket.code "{\"op\":\"ticket_by_token\",\"token\":\"$tok\"}")" A001
tok2=$(q as_kiosk token '{"op":"take","service":"A"}')
if [ "$tok2" != "$tok" ]; then ok "another ticket, another token"; else not_ok "another ticket, another token"; fi
expect_eq "the second token finds the second ticket" \
	"$(q as_monitor ticket.code "{\"op\":\"ticket_by_token\",\"token\":\"$tok2\"}")" A002
# flip one character of the MAC part
last=${tok: -1}; if [ "$last" = A ]; then sub=B; else sub=A; fi
bad=${tok:0:31}$sub
expect_eq "a changed token is not_found" \
	"$(q as_monitor ticket.code "{\"op\":\"ticket_by_token\",\"token\":\"$bad\"}")" error:not_found
# the id part of one token with the MAC of another
mix=${tok2:0:11}${tok:11}
expect_eq "one ticket's MAC under another's id is not_found" \
	"$(q as_monitor ticket.code "{\"op\":\"ticket_by_token\",\"token\":\"$mix\"}")" error:not_found
expect_eq "garbage is not_found" \
	"$(q as_monitor ticket.code '{"op":"ticket_by_token","token":"A001"}')" error:not_found
case $tok in *A001*) not_ok "the token does not contain the code";; *) ok "the token does not contain the code";; esac
expect_eq "a display may not look tokens up" \
	"$(q as_display ticket.code "{\"op\":\"ticket_by_token\",\"token\":\"$tok\"}")" error:forbidden
expect_eq "a monitor may not make tokens" \
	"$(q as_monitor token '{"op":"ticket_token","code":"A001"}')" error:forbidden
expect_eq "ticket_token wants a code or a ticket_id" \
	"$(q as_kiosk token '{"op":"ticket_token"}')" error:bad_request
expect_eq "a finished ticket is still found the same day" \
	"$( as_super <<<'{"op":"open","window":"1"}' >/dev/null
	    as_super <<<'{"op":"call_next","window":"1"}' >/dev/null
	    as_super <<<'{"op":"finish","window":"1"}' >/dev/null
	    q as_monitor ticket.state "{\"op\":\"ticket_by_token\",\"token\":\"$tok\"}")" done
jhd_restart || { not_ok "jhd restarts"; t_finish; }
expect_eq "tokens survive a restart of jhd (the key is kept)" \
	"$(q as_monitor ticket.code "{\"op\":\"ticket_by_token\",\"token\":\"$tok2\"}")" A002
as_local <<<'{"op":"clock","set":"2026-03-03T09:00:00+08:00"}' >/dev/null
expect_eq "the token expires with the business day" \
	"$(q as_monitor ticket.code "{\"op\":\"ticket_by_token\",\"token\":\"$tok\"}")" error:not_found
t_finish
