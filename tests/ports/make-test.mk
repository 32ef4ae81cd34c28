# make-test.mk: the GNU make port on Motor, run by test_ports.py as
# `make -f /test/ports/make-test.mk`. With no shell in the image yet,
# every recipe is a plain command that make starts itself (no shell
# metacharacters); the checks read what it printed and wrote in /tmp.
OUT := /tmp/mk
NAMES := alpha beta gamma
FILES := $(addprefix $(OUT)/,$(addsuffix .txt,$(NAMES)))

all: $(OUT)/all.txt
	/bin/echo make: built $(words $(FILES)) files, last $(lastword $(NAMES))
	/bin/cat $(OUT)/all.txt

$(OUT):
	/bin/mkdir -p $@

$(OUT)/%.txt: | $(OUT)
	/bin/touch $@
	/bin/echo made $*

$(OUT)/all.txt: $(FILES)
	/bin/cp $(OUT)/alpha.txt $@
	/bin/ls $(OUT)

.PHONY: all

# A command that fails (ls exits with 2): make must stop and say so.
fail:
	/bin/ls /no-such-file
	/bin/echo not reached

.PHONY: fail

# Recipes with shell syntax go through /bin/sh (dash).
shell: | $(OUT)
	for i in 1 2 3; do echo n$$i; done > $(OUT)/loop.txt
	echo "loop: $$(wc -l < $(OUT)/loop.txt) lines, last $$(tail -n 1 $(OUT)/loop.txt)"

.PHONY: shell
