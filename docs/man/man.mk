# docs/man: a man page per program, and jiaohao-hall(5) for the hall file, in plain man(7)
# macros. tests/lib/man.sh renders each (man -l, else groff -man) without warnings and checks
# that a program's page names every option of its usage, and the hall file's page every
# section and key the parsers read. make install puts them in share/man/man1, man5 and man8.
TESTS += tests/lib/man.sh
