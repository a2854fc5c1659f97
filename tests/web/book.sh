#!/bin/bash
# book.sh — citizens book at the district through jhweb's pages in a real browser (chromium),
# and the channels through its JSON API, against a real jhdistrict on a private PostgreSQL 15
# with three centres (tests/district/common.bash): a service → the centres nearest first from
# a street (or lat/lon), with jhdistrict's free places per day → a slot → ID number, name,
# mobile → the booking code, which jhdistrict holds (channel web); "my bookings" and cancel;
# each refusal with its reason (quota full, per-ID limit, banned until DATE, invalid ID); a
# POST without the form token or from another site refused; the API without a channel key or
# with a wrong one is 401, with one it books and the key's channel is what PostgreSQL records.
# Screenshot: build/web/book.png.
source "$(dirname "$0")/../district/common.bash"
source "$JH_TOP/tests/web/lib.sh"

dist_district
dist_start
web_prereqs
# the booking pages need no jhd: jhweb's board side waits for one that is not there
JHD_ADDR=$T_TMP/no-jhd.sock
MONITOR_TOKEN=none
printf '%s\n' "# streets: LAT LON NAME" "31.11 121.47 南大街 South Street" \
	"31.29 121.47 北大街 North Street" >"$T_TMP/streets"
WECHAT_KEY=wk-$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
APP_KEY=ak-$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
printf '%s\n' "wechat $WECHAT_KEY" "app $APP_KEY" >"$T_TMP/keys"
chmod 600 "$T_TMP/keys"
WEB_ARGS="--district $DIST_ADDR --district-token $T_TMP/frontends.tokens --streets $T_TMP/streets --channel-keys $T_TMP/keys"
web_start || { not_ok "jhweb starts"; t_finish; }
br_start || { not_ok "chromium starts under puppeteer-core"; t_finish; }

text="document.body.innerText"
# mine N: ID N's bookings at jhdistrict as "CODE CENTRE STATE CHANNEL" lines
mine() { dq bookings '{"op":"my_bookings","id_number":"'"$(idn "$1")"'"}' |
	jq -r '.[] | "\(.code) \(.centre) \(.state) \(.channel)"'; }
# fill PAGE ID NAME MOBILE: fill the booking form and send it
fill() {
	br_eval "$1" "document.querySelector('input[name=id_number]').value='$2';
		document.querySelector('input[name=name]').value='$3';
		document.querySelector('input[name=mobile]').value='$4';
		document.querySelector('form').submit(); 1" >/dev/null
}
# form_at PAGE CENTRE SERVICE START: open the booking form of a slot
form_at() {
	br_open "$1" "$WEB_URL/book/form?centre=$2&service=$3&start=$(jq -rn --arg s "$4" '$s|@uri')" 390 844
}

# 1. choose a service and a street, on a phone-sized screen
expect_eq "GET /book is 200" "$(br_open p "$WEB_URL/book" 390 844)" 200
expect_dom "the services of the centres are offered (Chinese first)" p \
	"[...document.querySelectorAll('input[name=service]')].map(e => e.value).join() === 'B,C,D,E' &&
	 document.body.innerText.includes('社保卡办理 Social security card')" 2000
br_eval p "document.querySelector('input[name=service][value=B]').checked = true;
	document.querySelector('select[name=street]').selectedIndex = 1;
	document.querySelector('form').submit(); 1" >/dev/null
expect_dom "from South Street the centres come nearest first: C3, C2, C1" p \
	"[...document.querySelectorAll('li.centre')].map(e => e.dataset.centre).join() === 'C3,C2,C1'" 5000
want=$(dq centres '{"op":"availability","service":"B","lat":31.11,"lon":121.47}' |
	jq -c '[.[0].days[] | [.date, .free]]')
got=$(br_eval p "[...document.querySelectorAll('li.centre')[0].querySelectorAll('tr[data-date]')].map(r => [r.dataset.date, +r.dataset.free])")
expect_eq "the nearest centre's free places per day are jhdistrict's" "$got" "$want"
expect_match "each centre shows its distance" \
	"$(br_eval p "document.querySelector('li.centre .km').innerText")" '^"1.1 km"$'
expect_eq "lat/lon (the browser's location) orders them too: C1 first from the north" \
	"$(curl -s "$WEB_URL/book/centres?service=B&lat=31.30&lon=121.47" |
		grep -o 'data-centre="C[0-9]"' | tr -d '\n')" \
	'data-centre="C1"data-centre="C2"data-centre="C3"'
br_open g "$WEB_URL/book" 390 844 >/dev/null
br "$(jq -nc '{cmd:"geo",page:"g",lat:31.11,lon:121.47}')" >/dev/null
br_eval g "document.getElementById('locate').click(); 1" >/dev/null
expect_dom "\"use my location\" fills lat/lon from the browser's geolocation" g \
	"document.getElementById('lat').value === '31.11000' && document.getElementById('lon').value === '121.47000'" 3000
br_eval g "document.querySelector('input[name=service][value=B]').checked = true;
	document.querySelector('form').submit(); 1" >/dev/null
expect_dom "... and the centres come nearest to it first: C3, C2, C1" g \
	"[...document.querySelectorAll('li.centre')].map(e => e.dataset.centre).join() === 'C3,C2,C1'" 5000

# 2. a day, a slot, the form, the code
br_eval p "document.querySelector('li.centre tr[data-date] a').click(); 1" >/dev/null
expect_dom "a day leads to its slots with free places" p \
	"location.pathname === '/book/slots' && document.querySelectorAll('li.slot a').length > 0" 5000
start=$(br_eval p "document.querySelector('li.slot a').closest('li').dataset.start" | jq -r .)
br_eval p "document.querySelector('li.slot a').click(); 1" >/dev/null
expect_dom "a slot leads to the form (ID number, name, mobile)" p \
	"location.pathname === '/book/form' && !!document.querySelector('input[name=mobile]')" 5000
fill p "$(idn 1)" "张三" "13800000001"
expect_dom "the booking is made: a code to show at the kiosk" p \
	"!!document.querySelector('li.booking b.code') && document.body.innerText.includes('预约成功')" 5000
code1=$(br_eval p "document.querySelector('li.booking').dataset.code" | jq -r .)
expect_eq "jhdistrict holds that booking, at C3, booked, channel web" "$(mine 1)" \
	"$code1 C3 booked web"
expect_eq "... for the slot chosen" \
	"$(dq bookings.0.start '{"op":"my_bookings","id_number":"'"$(idn 1)"'"}')" "$start"
br_shot p "$WEB_SHOTS/book.png"

# 3. my bookings, then cancel from there
br_open p "$WEB_URL/book/mine" 390 844 >/dev/null
br_eval p "document.querySelector('input[name=id_number]').value='$(idn 1)';
	document.querySelector('form').submit(); 1" >/dev/null
expect_dom "my bookings lists it, booked" p \
	"document.querySelector('li.booking[data-code=\"$code1\"]')?.dataset.state === 'booked'" 5000
expect_eq "the ID number is never in a URL (my bookings is a POST)" \
	"$(br_eval p "location.href.includes('$(idn 1)')")" false
br_eval p "document.querySelector('li.booking[data-code=\"$code1\"] form').submit(); 1" >/dev/null
expect_dom "cancel from my bookings: the page says cancelled" p \
	"document.querySelector('li.booking')?.dataset.state === 'cancelled'" 5000
expect_eq "jhdistrict has it cancelled" "$(mine 1)" "$code1 C3 cancelled web"

# 4. refusals, each with its reason
# reason PAGE: the refusal's code and text
reason() { br_eval "$1" "(document.getElementById('reason')||{}).dataset?.code + ' ' + (document.getElementById('reason')||{}).innerText"; }
s2=$(first_slot C2 B 1)
dist_book 2 C2 B "$s2" >/dev/null
dist_book 3 C2 B "$s2" >/dev/null
form_at p C2 B "$s2" >/dev/null
fill p "$(idn 4)" "李四" "13800000004"
expect_dom "a full slot is refused: quota full" p "document.getElementById('reason')?.dataset.code === 'quota_exhausted'" 5000
expect_match "... with its reason in Chinese and English" "$(reason p)" '该时段已约满 / This slot is fully booked'
expect_eq "... and nothing is booked" "$(mine 4)" ""

form_at p C1 B "$(first_slot C1 B 2)" >/dev/null
fill p "$(idn 2)" "王五" "13800000002"
expect_dom "a second booking of a service for one ID is refused: per-ID limit" p \
	"document.getElementById('reason')?.dataset.code === 'limit_reached'" 5000
expect_match "... with its reason" "$(reason p)" '已达预约上限 / You have reached the booking limit'

form_at p C1 B "$(first_slot C1 B 2)" >/dev/null
# ID 12 with its check character changed
bad=$(idn 12)
bad=${bad:0:17}$([ "${bad:17:1}" = 0 ] && echo 1 || echo 0)
fill p "$bad" "赵六" "13800000005"
expect_dom "a malformed ID number is refused: invalid ID number" p \
	"document.getElementById('reason')?.dataset.code === 'invalid_id'" 5000
expect_match "... with its reason" "$(reason p)" '身份证号码无效 / Invalid ID number'

# ID 7: four no-shows at C1, C2, C3, C3 ban it
until=""
i=0
for c in C1 C2 C3 C3; do
	i=$((i + 1))
	k=$(dist_book 7 $c C "$(first_slot $c C $((i + 2)))")
	u=$(dqc $c ban.until '{"op":"event","centre":"'$c'","event_id":"ns-'$i'","kind":"no_show","code":"'"$k"'","at":"2026-11-2'$i'T10:00:00+08:00"}')
	[ "$u" != "(none)" ] && until=$u
done
day=$(TZ=Asia/Shanghai date -d "$until" +%F 2>/dev/null)
form_at p C2 D "$(first_slot C2 D 0)" >/dev/null
fill p "$(idn 7)" "钱七" "13800000007"
expect_dom "a banned ID is refused: banned" p "document.getElementById('reason')?.dataset.code === 'blacklisted'" 5000
expect_match "... until the date jhdistrict set ($day)" "$(reason p)" "暂停预约至 $day / Banned for missed appointments until $day"

# 5. forms from elsewhere
form='centre=C1&service=E&start='$(jq -rn --arg s "$(first_slot C1 E 0)" '$s|@uri')'&id_number='$(idn 8)'&name=x&mobile=1'
expect_eq "a booking POST without the form token is refused (403)" \
	"$(curl -s -o /dev/null -w '%{http_code}' --data "$form" "$WEB_URL/book/confirm")" 403
expect_eq "... with a token but not the cookie's (403)" \
	"$(curl -s -o /dev/null -w '%{http_code}' -b "jhb=$(printf 'a%.0s' $(seq 43))" \
		--data "$form&csrf=$(printf 'b%.0s' $(seq 43))" "$WEB_URL/book/confirm")" 403
tok=$(printf 'c%.0s' $(seq 43))
expect_eq "... from another site's page, token and all (403)" \
	"$(curl -s -o /dev/null -w '%{http_code}' -b "jhb=$tok" -H 'Origin: http://evil.example' \
		--data "$form&csrf=$tok" "$WEB_URL/book/confirm")" 403
expect_eq "... and none of them booked" "$(mine 8)" ""
expect_eq "the same POST from this site's form (cookie = token) books" \
	"$(curl -s -o /dev/null -w '%{http_code}' -b "jhb=$tok" --data "$form&csrf=$tok&request=rq-8" \
		"$WEB_URL/book/confirm")" 200
expect_match "... at jhdistrict" "$(mine 8)" '^[^ ]+ C1 booked web$'
expect_eq "the same form sent again (its request key) answers the same booking, not a second" \
	"$(curl -s -b "jhb=$tok" --data "$form&csrf=$tok&request=rq-8" "$WEB_URL/book/confirm" |
		grep -o 'data-code="[^"]*"' | head -1) $(mine 8 | wc -l)" \
	"data-code=\"$(mine 8 | cut -d' ' -f1)\" 1"
expect_eq "the expired-form answer is text, without a stray NUL byte" \
	"$(curl -s --data "$form" "$WEB_URL/book/confirm" | od -c | grep -c '\\0')" 0

# 6. the JSON API
api() {	# api OP JSON [curl args]: "STATUS BODY"
	local op=$1 body=$2
	shift 2
	local st
	st=$(curl -s -o "$T_TMP/api.out" -w '%{http_code}' -H 'Content-Type: application/json' \
		--data "$body" "$@" "$WEB_URL/api/v1/$op")
	printf '%s %s' "$st" "$(cat "$T_TMP/api.out")"
}
b9='{"centre":"C2","service":"E","start":"'"$(first_slot C2 E 0)"'","id_number":"'"$(idn 9)"'","name":"孙九","mobile":"13800000009","channel":"counter"}'
expect_match "the API without a key is 401" "$(api book "$b9")" '^401 .*"unauthenticated"'
expect_match "the API with a wrong key is 401" \
	"$(api book "$b9" -H "Authorization: Bearer ${WECHAT_KEY}x")" '^401 '
expect_eq "... and nothing was booked" "$(mine 9)" ""
a=$(api book "$b9" -H "Authorization: Bearer $WECHAT_KEY")
expect_match "the WeChat account's key books (200, the booking)" "$a" '^200 .*"booking":\{.*"code":'
c9=$(sed 's/^200 //' <<<"$a" | jq -r .booking.code)
expect_eq "PostgreSQL records the key's channel, wechat (not the body's counter)" \
	"$(psql_q "SELECT centre || ' ' || state || ' ' || channel FROM bookings WHERE code = '$c9'")" \
	"C2 booked wechat"
a=$(api book '{"centre":"C3","service":"E","start":"'"$(first_slot C3 E 0)"'","id_number":"'"$(idn 10)"'"}' \
	-H "Authorization: Bearer $APP_KEY")
c10=$(sed 's/^200 //' <<<"$a" | jq -r .booking.code)
expect_eq "the provincial app's key: channel app" \
	"$(psql_q "SELECT channel FROM bookings WHERE code = '$c10'")" "app"
expect_match "API availability: nearest first" \
	"$(api availability '{"service":"E","lat":31.29,"lon":121.47}' -H "Authorization: Bearer $APP_KEY" |
		sed 's/^200 //' | jq -r '[.centres[].code] | join(",")')" '^C1,C2,C3$'
expect_match "API refusal: quota full is 409 with its code" \
	"$(api book '{"centre":"C2","service":"B","start":"'"$s2"'","id_number":"'"$(idn 11)"'"}' -H "Authorization: Bearer $APP_KEY")" \
	'^409 .*"code":"quota_exhausted"'
expect_eq "API refusal: banned is 403 with until" \
	"$(api book '{"centre":"C1","service":"D","start":"'"$(first_slot C1 D 0)"'","id_number":"'"$(idn 7)"'"}' -H "Authorization: Bearer $APP_KEY" |
		sed 's/^\([0-9]*\) \(.*\)/\2 \1/' | jq -rs '"\(.[1]) \(.[0].error.code) \(.[0].error.until)"')" \
	"403 blacklisted $until"
expect_match "API refusal: an invalid ID number is 400, reason invalid_id" \
	"$(api book '{"centre":"C1","service":"D","start":"'"$(first_slot C1 D 0)"'","id_number":"123"}' -H "Authorization: Bearer $APP_KEY")" \
	'^400 .*"reason":"invalid_id"'
expect_match "API my_bookings" \
	"$(api my_bookings '{"id_number":"'"$(idn 9)"'"}' -H "Authorization: Bearer $WECHAT_KEY")" \
	'^200 .*"code":"'"$c9"'".*"channel":"wechat"'
expect_match "API cancel" \
	"$(api cancel '{"code":"'"$c9"'","id_number":"'"$(idn 9)"'"}' -H "Authorization: Bearer $WECHAT_KEY")" \
	'^200 .*"state":"cancelled"'
expect_eq "... cancelled at jhdistrict" "$(mine 9)" "$c9 C2 cancelled wechat"
expect_match "an unknown API op is 404" "$(api event '{}' -H "Authorization: Bearer $APP_KEY")" '^404 .*unknown_op'

# 7. slots open on a schedule: C2 imported again with release = 23:59, so its last day opens
# at 23:59 today (the district's clock is the real one: from 23:58 on, the test waits for the
# new day, so the release is always more than a minute ahead)
if [ "$(TZ=Asia/Shanghai date +%H%M)" -ge 2358 ]; then
	sleep $((86400 + 2 - 10#$(TZ=Asia/Shanghai date +%H) * 3600 - 10#$(TZ=Asia/Shanghai date +%M) * 60 \
		- 10#$(TZ=Asia/Shanghai date +%S)))
fi
today=$(TZ=Asia/Shanghai date +%F)
if [ "$(TZ=Asia/Shanghai date +%H%M)" -ge 2358 ]; then
	not_ok "the not-yet-open cases: still 23:58 or later Asia/Shanghai after waiting for the new day"
else
	echo "release = 23:59" >>"$T_TMP/c2.ini"
	"$JH_BIN/jhdistrict" --db "$PG_CONNINFO" import "$T_TMP/c2.ini" >/dev/null 2>&1 ||
		not_ok "C2 imported again with release = 23:59"
	last=$(dq centres '{"op":"availability","service":"E","centre":"C2"}' | jq -r '.[0].days[-1].date')
	expect_match "the centres page shows C2's last day ($last) not yet open, with when it opens" \
		"$(curl -s "$WEB_URL/book/centres?service=E&lat=31.20&lon=121.47" | grep -o "data-date=\"$last\"[^<]*<td>[^<]*" | head -1)" \
		"data-open=\"0\"><td>$last · 23:59 开放 opens"
	sl=$(dq slots.0.start '{"op":"slots","centre":"C2","service":"E","date":"'"$last"'"}')
	form_at p C2 E "$sl" >/dev/null
	fill p "$(idn 13)" "周十三" "13800000013"
	expect_dom "a slot of a day not yet open is refused: not yet open" p \
		"document.getElementById('reason')?.dataset.code === 'not_open'" 5000
	expect_match "... with when it opens" "$(reason p)" \
		"尚未开放预约，开放时间 $today 23:59 / Not yet open for booking; opens at $today 23:59"
	expect_eq "... and nothing is booked" "$(mine 13)" ""
	expect_match "API: not yet open is 409 with opens_at" \
		"$(api book '{"centre":"C2","service":"E","start":"'"$sl"'","id_number":"'"$(idn 13)"'"}' -H "Authorization: Bearer $APP_KEY")" \
		'^409 .*"code":"not_open".*"opens_at":"'"$today"'T15:59:00'
fi

# jhweb here has no jhd (the board side retries): it must still sleep in poll
t0=$(awk '{print $14 + $15}' "/proc/$WEB_PID/stat")
sleep 2
t1=$(awk '{print $14 + $15}' "/proc/$WEB_PID/stat")
if [ $((t1 - t0)) -le 20 ]; then ok "jhweb without jhd sleeps (CPU over 2 s idle: $((t1 - t0)) ticks)"
else not_ok "jhweb without jhd sleeps: $((t1 - t0)) ticks of CPU over 2 s idle (spinning)"; fi
if web_stop; then ok "jhweb exits 0 when stopped"; else not_ok "jhweb exits 0 when stopped (a leak under SAN=1?)"; fi
t_finish
