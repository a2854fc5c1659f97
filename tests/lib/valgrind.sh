#!/bin/bash
# valgrind.sh — runs every C unit-test program of `make check` under valgrind (memcheck): a
# memory error or a definite/indirect leak fails that program's case. The list comes from the
# Makefile (JH_TESTS); shell tests are integration tests and are not run here. Under SAN=1 the
# Makefile leaves this script out: ASan's LeakSanitizer checks leaks in that build instead.
source "$(dirname "$0")/t.sh"
command -v valgrind >/dev/null || { not_ok "valgrind_is_installed"; t_finish; }
n=0
for t in $JH_TESTS; do
	case "$t" in *.sh) continue ;; esac
	n=$((n + 1))
	name=$(basename "$t")
	log=$T_TMP/$name.vg
	if valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \
		--errors-for-leak-kinds=definite,indirect --log-file="$log" "$t" >"$T_TMP/$name.out" 2>&1; then
		ok "valgrind_clean_$name"
	else
		not_ok "valgrind_clean_$name: $(grep -m3 -E 'Invalid|uninitialised|definitely|indirectly|not ok' "$log" "$T_TMP/$name.out" | tr '\n' ' ')"
	fi
done
[ "$n" -gt 0 ] || not_ok "valgrind_found_unit_tests: JH_TESTS lists no C test program"
t_finish
