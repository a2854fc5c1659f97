# tests/tests.mk — the tests' own fragment: includes each test folder's fragment.
# Other helpers put their tests in their own fragments, not here.
-include tests/sched/sched.mk tests/sim/sim.mk tests/stats/stats.mk
-include tests/fuzz/fuzz.mk
-include docs/man/man.mk
TESTS += tests/lib/install.sh
# Every program's --version and argument errors, with no server (server/client/jhcli.h).
TESTS += tests/lib/cli.sh
# `make demo` started without a terminal on a private tmux socket and port, its panes
# captured, then stopped.
TESTS += tests/lib/demo.sh
# Links and names of documents, man pages and comments lead to files of the tree.
TESTS += tests/lib/doclinks.sh
