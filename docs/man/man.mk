# docs/man: a man page per program, in plain man(7) macros. tests/lib/man.sh renders each
# (man -l, else groff -man) without warnings and checks it names every option of the usage.
TESTS += tests/lib/man.sh
