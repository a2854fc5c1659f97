#!/bin/bash
# stats.sh — /stats for supervisors against a real jhd and jhweb, in a real browser (chromium):
# refused without sign-in (/login, or 401 for the CSV); a supervisor signs in with their own
# jhd password (a clerk and a wrong password are refused); the session cookie is HttpOnly and
# SameSite=Strict and ends at sign-out and after idle time; the tables by each key, the hour
# chart and the ETA error of a known day, with the change from the week before; a date range
# from the form; every CSV byte-identical to jhctl export --csv; wrong passwords throttled per
# client address (the 6th try within 10 minutes is 429, another address is not); no page
# shows an ID number, its masked form or a booking code; jhweb exits 0 (under SAN=1: no leak).
# Screenshot: build/web/stats.png.
source "$(dirname "$0")/../appt/common.bash"
source "$JH_TOP/tests/web/lib.sh"
# a week before the appointment tests' day: Monday 2026-11-16
# jhd is told jhweb's address (--web-addr): it locks user names after failed sign-ins, but
# not that address, which every browser's sign-in comes from (jhweb throttles each browser)
proto_setup "" --test-clock 2026-11-16T10:00:00+08:00 --web-addr 127.0.0.1
jhd_user sue supervisor pw-sue >/dev/null
web_prereqs
WEB_ARGS="--proxy"
web_start || { not_ok "jhweb starts"; t_finish; }
br_start || { not_ok "chromium starts under puppeteer-core"; t_finish; }
as_clerk1() { as_clerk 1 "$@"; }
one() {	# one ROLE-FN JSON: a request whose failure is shown (as a comment)
	local a
	a=$(printf '%s\n' "$2" | $1 2>&1)
	case $a in *'"ok":true'*) ;; *) echo "# $2: $a";; esac
}
text="document.body.innerText"
JAR=$WEB_DIR/jar
code() { curl -s --max-time 10 -o /dev/null -w '%{http_code}' "$@"; }
# login USER PASSWORD [curl args]: the status of POST /login
login() { local u=$1 p=$2; shift 2
	code --data-urlencode "user=$u" --data-urlencode "password=$p" "$@" "$WEB_URL/login"; }

# the week before: 2 tickets of A taken, one served
one as_clerk1 '{"op":"open"}'
one as_kiosk '{"op":"take","service":"A"}'
one as_kiosk '{"op":"take","service":"A"}'
one as_clerk1 '{"op":"call_next"}'
clock_to 2026-11-16T10:05:00+08:00
one as_clerk1 '{"op":"finish"}'
# the day: an appointment checked in (an ID number and a booking code in jhd), 3 A taken, 2
# served by alice, one no-show
clock_to 2026-11-23T08:00:00+08:00
ID=$(idn 31)
BOOKING=$(book as_kiosk B 09:00 31)
clock_to 2026-11-23T08:50:00+08:00
one as_kiosk '{"op":"checkin","appointment":"'"$BOOKING"'","id_number":"'"$(idn 31)"'"}'
clock_to 2026-11-23T10:00:00+08:00
one as_clerk1 '{"op":"open"}'
for i in 1 2 3; do one as_kiosk '{"op":"take","service":"A"}'; done
for step in 10:02 10:06 10:09; do
	one as_clerk1 '{"op":"call_next"}'
	clock_to "2026-11-23T$step:00+08:00"
	if [ "$step" = 10:09 ]; then one as_clerk1 '{"op":"no_show"}'; else one as_clerk1 '{"op":"finish"}'; fi
done

# refused without a session
expect_eq "/stats without sign-in goes to /login" \
	"$(curl -s --max-time 5 -o /dev/null -w '%{http_code} %{redirect_url}' "$WEB_URL/stats")" \
	"303 $WEB_URL/login"
expect_eq "/stats.csv without sign-in is 401" "$(code "$WEB_URL/stats.csv?by=service")" 401
expect_eq "a made-up session cookie is not one" \
	"$(code -b "jhs=$(printf 'x%.0s' $(seq 43))" "$WEB_URL/stats")" 303
expect_eq "a wrong password is refused (401)" "$(login bob wrong)" 401
expect_eq "a clerk's account is refused, right password or not (401)" "$(login alice pw-alice)" 401
expect_eq "an empty form is 400" "$(code --data "user=" "$WEB_URL/login")" 400
expect_eq "a POST from another site's page is refused" \
	"$(login bob pw-bob -H 'Origin: http://evil.example')" 403

# sign in in the browser
expect_eq "GET /login is 200" "$(br_open s "$WEB_URL/login")" 200
br_eval s "document.querySelector('input[name=user]').value='bob';
	document.querySelector('input[name=password]').value='pw-bob';
	document.querySelector('form').submit(); 1" >/dev/null
expect_dom "a supervisor signs in and lands on /stats" s \
	"location.pathname === '/stats' && !!document.querySelector('section[data-by=service] table')" 5000
expect_dom "the session cookie is not readable by scripts (HttpOnly)" s "document.cookie === ''" 1000
hdr=$(curl -s --max-time 10 -D - -o /dev/null --data 'user=bob&password=pw-bob' "$WEB_URL/login")
expect_match "the cookie is HttpOnly, SameSite=Strict, for the whole site" \
	"$(grep -i '^set-cookie:' <<<"$hdr" | tr -d '\r')" \
	'^[Ss]et-[Cc]ookie: jhs=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Strict$'
row() { echo "document.querySelector('section[data-by=\"$1\"] tr[data-key=\"$2\"]')"; }
cell() { echo "($(row "$1" "$2")||{querySelector:function(){return {}}}).querySelector('$3').textContent"; }
expect_dom "by service: today's figures, A taken 3" s "$(cell service A .issued) === '3'" 1000
expect_dom "and +50% against the 2 of the week before" s "$(cell service A .wow) === '+50%'" 1000
expect_dom "a service new this week says so" s "$(cell service B .wow) === '新 new'" 1000
expect_dom "the service's name is shown" s "$(row service A).textContent.includes('A ')" 1000
expect_dom "by clerk: alice served 2" s "$(cell clerk alice .served) === '2'" 1000
expect_dom "by channel: one by appointment" s "$(cell channel appointment .issued) === '1'" 1000
expect_dom "by window, department, applicant and lane: tables" s \
	"['window','department','applicant','priority'].every(function(k){return document.querySelector('section[data-by=\"'+k+'\"] table')})" 1000
expect_dom "the hour chart: 3 taken at 10:00, 1 at 08:00" s \
	"document.querySelector('svg.chart g.hour[data-hour=\"10\"]').getAttribute('data-issued') === '3' && document.querySelector('svg.chart g.hour[data-hour=\"08\"]').getAttribute('data-issued') === '1'" 1000
expect_dom "the ETA figures: tickets given an ETA, median error and bias" s \
	"+document.querySelector('.eta-sum .etas').textContent >= 3 && /%$/.test(document.querySelector('.eta-sum .median').textContent) && /%$/.test(document.querySelector('.eta-sum .bias').textContent)" 1000
expect_dom "the totals: 4 taken, +100% against 2" s \
	"document.querySelector('.card.issued b').textContent === '4' && document.querySelector('.card.issued .wow').textContent === '+100%'" 1000
expect_dom "Chinese first, English second" s "$text.indexOf('按业务') >= 0 && $text.indexOf('按业务') < $text.indexOf('By service')" 1000
br_shot s "$WEB_SHOTS/stats.png"
html=$(br_eval s "document.documentElement.outerHTML")
case $html in
*"$ID"*|*"$(mask 31)"*|*"$BOOKING"*) not_ok "/stats shows no ID number nor booking code";;
*) ok "/stats shows no ID number nor booking code";;
esac

# a range from the form
br_eval s "document.querySelector('input[name=from]').value='2026-11-16';
	document.querySelector('form.range').submit(); 1" >/dev/null
expect_dom "a range from the form: two days, one row each" s \
	"location.search.includes('from=2026-11-16') && document.querySelectorAll('section.eta tbody tr').length === 2" 5000
expect_dom "the range's totals: 6 taken" s "document.querySelector('.card.issued b').textContent === '6'" 1000
expect_eq "a range that ends before it starts is 400" \
	"$(br_open s "$WEB_URL/stats?from=2026-11-23&to=2026-11-16")" 400
expect_eq "a malformed date is 400" "$(br_open s "$WEB_URL/stats?from=2026-02-30&to=2026-03-01")" 400

# the CSVs are jhctl's, byte for byte
expect_eq "sign in with curl" "$(login bob pw-bob -c "$JAR")" 303
for spec in 2026-11-23:2026-11-23:service 2026-11-23:2026-11-23:clerk 2026-11-23:2026-11-23:hour \
	2026-11-16:2026-11-23:day 2026-11-16:2026-11-23:window,channel 2026-11-16:2026-11-23:department,applicant,priority; do
	IFS=: read -r f t by <<<"$spec"
	curl -s --max-time 10 -b "$JAR" -o "$WEB_DIR/web.csv" "$WEB_URL/stats.csv?from=$f&to=$t&by=$by"
	jhctl export --csv --from "$f" --to "$t" --by "$by" >"$WEB_DIR/jhctl.csv"
	if [ -s "$WEB_DIR/jhctl.csv" ] && cmp -s "$WEB_DIR/web.csv" "$WEB_DIR/jhctl.csv"; then
		ok "the CSV $f..$t by $by is jhctl export's, byte for byte"
	else
		not_ok "the CSV $f..$t by $by is jhctl export's, byte for byte"
		diff "$WEB_DIR/jhctl.csv" "$WEB_DIR/web.csv" | head -5 | sed 's/^/#   /'
	fi
done
expect_match "the page links each table's CSV" "$html" '/stats.csv\?from=2026-11-23&amp;to=2026-11-23&amp;by=clerk'
expect_eq "an unknown key is 400" "$(code -b "$JAR" "$WEB_URL/stats.csv?by=id_number")" 400
# what is not a date is not shown again in the form: its first 10 bytes may end inside a
# character (2026-03-0叫) or not be UTF-8 at all (%D7); found by tests/fuzz/fuzz_web.c
for q in 'from=2026-03-%D71&to=2026-03-02' 'from=2026-03-01&to=2026-03-0%E5%8F%AB'; do
	st=$(curl -s --max-time 10 -b "$JAR" -o "$WEB_DIR/bad.html" -w '%{http_code}' "$WEB_URL/stats?$q")
	if [ "$st" = 400 ] && [ -s "$WEB_DIR/bad.html" ] &&
	    iconv -f UTF-8 -t UTF-8 "$WEB_DIR/bad.html" >/dev/null 2>&1 &&
	    grep -q 'value="2026-03-0[12]"' "$WEB_DIR/bad.html"; then
		ok "/stats?$q is 400, the page UTF-8, the good date kept"
	else
		not_ok "/stats?$q is 400, the page UTF-8, the good date kept: got $st, $(iconv -f UTF-8 \
		    -t UTF-8 "$WEB_DIR/bad.html" 2>&1 >/dev/null | head -1)"
	fi
done

# sign-out ends the session
expect_eq "sign-out" "$(code -b "$JAR" -c "$JAR" -X POST "$WEB_URL/logout")" 303
expect_eq "the session is over" "$(code -b "$JAR" "$WEB_URL/stats.csv?by=service")" 401

# a disabled or deleted user's sessions end at once: jhd tells jhweb (the users topic)
# until: the status of GET /stats with a cookie jar, once it is want (or after 5 s)
until_code() { local jar=$1 want=$2 c i
	for i in $(seq 50); do
		c=$(curl -s --max-time 5 -o /dev/null -w '%{http_code} %{redirect_url}' -b "$jar" "$WEB_URL/stats")
		[ "$c" = "$want" ] && break
		sleep 0.1
	done
	echo "$c"; }
expect_eq "bob signs in with curl again" "$(login bob pw-bob -c "$JAR")" 303
expect_eq "bob's session works" "$(code -b "$JAR" "$WEB_URL/stats")" 200
expect_eq "bob's browser session works" "$(br_open s "$WEB_URL/stats")" 200
jhctl user disable bob >/dev/null
expect_eq "after jhctl user disable bob, his curl session gets the sign-in page" \
	"$(until_code "$JAR" "303 $WEB_URL/login")" "303 $WEB_URL/login"
br_open s "$WEB_URL/stats" >/dev/null
expect_dom "and his browser gets the sign-in page" s \
	"location.pathname === '/login' && !!document.querySelector('input[name=password]')" 5000
expect_eq "sue's session is not bob's: it stays" \
	"$(login sue pw-sue -c "$WEB_DIR/jar2" >/dev/null; jhctl user disable bob >/dev/null; \
	    sleep 0.3; code -b "$WEB_DIR/jar2" "$WEB_URL/stats")" 200
jhd_user tom supervisor pw-tom123 >/dev/null
expect_eq "tom signs in" "$(login tom pw-tom123 -c "$WEB_DIR/jar3")" 303
jhctl user del tom >/dev/null
expect_eq "after jhctl user del tom, his session gets the sign-in page" \
	"$(until_code "$WEB_DIR/jar3" "303 $WEB_URL/login")" "303 $WEB_URL/login"
jhctl user enable bob >/dev/null

# the throttle: 5 wrong passwords from one address in 10 minutes, then 429 for that address
# (behind a proxy on this host: X-Real-IP names the client; these addresses are only names)
for i in 1 2 3 4 5; do
	c=$(login bob wrong -H 'X-Real-IP: 192.0.2.7')
	[ "$c" = 401 ] || echo "# try $i: $c"
done
expect_eq "the 6th try from that address is 429, right password or not" \
	"$(login bob pw-bob -H 'X-Real-IP: 192.0.2.7')" 429
expect_match "with Retry-After" \
	"$(curl -s --max-time 10 -D - -o /dev/null --data 'user=bob&password=pw-bob' -H 'X-Real-IP: 192.0.2.7' "$WEB_URL/login" | tr -d '\r')" \
	'Retry-After: (59[0-9]|600)'
# bob made 6 wrong tries in all: jhd itself has locked the name bob for 5 minutes
expect_eq "bob, locked at jhd, is told to wait from another address too (429)" \
	"$(login bob pw-bob -H 'X-Real-IP: 192.0.2.8')" 429
expect_eq "another address may still sign in (sue: jhd did not lock jhweb's address)" \
	"$(login sue pw-sue -H 'X-Real-IP: 192.0.2.8')" 303

# idle sessions end
web_stop
expect_eq "jhweb stops cleanly (exit 0: under SAN=1, no leak)" "$?" 0
WEB_ARGS="--session-idle 2"
web_start || { not_ok "jhweb starts again"; t_finish; }
expect_eq "sign in again" "$(login sue pw-sue -c "$JAR")" 303
expect_eq "the session works" "$(code -b "$JAR" "$WEB_URL/stats")" 200
sleep 1.2
expect_eq "a request within the idle time keeps it" "$(code -b "$JAR" "$WEB_URL/stats")" 200
sleep 2.5
expect_eq "after the idle time it is over" "$(code -b "$JAR" "$WEB_URL/stats")" 303
br '{"cmd":"quit"}' >/dev/null
web_stop
expect_eq "and again" "$?" 0
t_finish
