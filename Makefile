# The whole set-up on a fresh machine with python3: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export QT_QPA_PLATFORM ?= offscreen

.PHONY: run test check lint typecheck pytest bench system-deps clean package package-deps \
	package-selftest icons desktop-check deb-check emulators device-contract catalogs

# The translations (docs/i18n.md): each .po is compiled to its .mo next to it (git-ignored),
# after the install and again whenever the .po changes.
LOCALE := pocketgui/locale
PO_FILES := $(wildcard $(LOCALE)/*/LC_MESSAGES/pocketgui.po)
MO_FILES := $(PO_FILES:.po=.mo)

# `make package`: the bundle for this OS (docs/packaging.md). PyInstaller writes dist/ and build/.
PACKAGE_STAMP := $(VENV)/.installed-package
UNAME_S := $(shell uname -s)
ifeq ($(UNAME_S),Darwin)
BUNDLE := dist/pocketgui.app
BUNDLE_BIN := $(BUNDLE)/Contents/MacOS/pocketgui
else
BUNDLE := dist/pocketgui
BUNDLE_BIN := $(BUNDLE)/pocketgui
endif
# docs/packaging.md, Size: BDK (the watch-only wallets) moved it from 150
BUNDLE_BUDGET_MB := 160

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	$(if $(PO_FILES),$(BIN)/pybabel -q compile -d $(LOCALE) -D pocketgui)
	@# an editable install compiles nothing: the bytecode a regular install has, written once
	@# here rather than by every test worker at once (compileall writes it whatever the env)
	$(BIN)/python -m compileall -q -j 0 pocketgui tests benchmarks
	@touch $(STAMP)

$(LOCALE)/%/LC_MESSAGES/pocketgui.mo: $(LOCALE)/%/LC_MESSAGES/pocketgui.po $(STAMP)
	$(BIN)/pybabel -q compile -i $< -o $@

# After wrapping texts in _() / ngettext / N_: the template from the code, every catalog updated
# (new messages empty, for the translators; tests/i18n fails until each is translated).
catalogs: $(STAMP)
	$(BIN)/pybabel -q extract -F babel.cfg -k N_ --add-location=file --sort-by-file \
		--project=pocketgui --copyright-holder="pocketgui authors" -o $(LOCALE)/pocketgui.pot pocketgui
	$(BIN)/pybabel -q update -i $(LOCALE)/pocketgui.pot -d $(LOCALE) -D pocketgui \
		--no-fuzzy-matching --ignore-obsolete
	@$(MAKE) --no-print-directory $(MO_FILES)

# After the venv on purpose: the script reads what Qt's X11 plugin links from the installed PySide6.
system-deps:
	@bash packaging/system-deps.sh

run: $(STAMP) system-deps $(MO_FILES)
	env -u QT_QPA_PLATFORM $(BIN)/pocketgui

lint: $(STAMP)
	$(BIN)/ruff check pocketgui tests benchmarks packaging
	$(BIN)/lint-imports --no-logo --no-cache

typecheck: $(STAMP)
	$(BIN)/mypy

# Four workers, on two cores too: most tests wait on loopback I/O, a sandbox, a device or a
# timer, and with two workers both cores sat half idle. Each worker is its own process (its own
# Qt, free ports, tmp dirs); a module's tests stay on one worker (loadscope, as
# tests/xdist_scopes.py hands them out), so a module-scoped sandbox or emulator starts once.
# Bytecode is cached even where PYTHONDONTWRITEBYTECODE is set: every worker imports the whole
# suite, and without the cache each compiles (and assertion-rewrites) it again on every run.
# PYTEST_WORKERS=0 runs in this process.
PYTEST_WORKERS ?= 4
PYTEST := PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadscope

pytest: $(STAMP) system-deps $(MO_FILES)
	$(PYTEST)

# Everything, slow tests included.
test: lint typecheck pytest

# The edit loop: lint, types and the tests not marked slow (end-to-end runs, fuzzing, the real
# firmware emulators, deadlines measured in seconds).
check: lint typecheck $(STAMP) system-deps $(MO_FILES)
	$(PYTEST) -m "not slow"

bench: $(STAMP) system-deps $(MO_FILES)
	$(BIN)/python benchmarks/run_all.py

$(PACKAGE_STAMP): $(STAMP)
	$(BIN)/python -m pip install -q -e '.[dev,package]'
	@touch $(PACKAGE_STAMP)

package-deps:
	@bash packaging/system-deps.sh --package

package: package-deps $(PACKAGE_STAMP) $(MO_FILES)
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/pocketgui.spec
ifeq ($(UNAME_S),Linux)
	$(BIN)/python packaging/linux/make_tarball.py
	$(BIN)/python packaging/linux/make_deb.py
endif
	@du -sh $(BUNDLE)

# What `make run` needs on a real Linux desktop, from this clone's .venv: every library of Qt's
# X11 plugin found, and the first window painted on Xvfb (packaging/linux/check_desktop_start.sh).
desktop-check: $(STAMP)
	@bash packaging/system-deps.sh --xvfb
	@bash packaging/linux/check_desktop_start.sh $(BIN)/python

# CI, as root: installs dist/pocketgui_*.deb with apt, runs the installed app's --self-test on
# Xvfb, removes it and checks nothing is left (packaging/linux/check_deb.sh).
deb-check:
	@bash packaging/linux/check_deb.sh

# Runs the built bundle's own checks offscreen (pocketgui/ui/self_test.py); on Linux again from
# the unpacked tarball, and on an X11 server when Xvfb is there (Qt's xcb plugin and the X
# libraries the bundle carries are what fails on desktops); then holds the bundle to its size
# budget (docs/packaging.md).
package-selftest:
	QT_QPA_PLATFORM=offscreen $(BUNDLE_BIN) --self-test
ifeq ($(UNAME_S),Linux)
	@bash packaging/linux/check_tarball.sh
endif
	@if command -v xvfb-run >/dev/null 2>&1; then \
	echo "QT_QPA_PLATFORM=xcb xvfb-run $(BUNDLE_BIN) --self-test"; \
	xvfb-run -a env QT_QPA_PLATFORM=xcb $(BUNDLE_BIN) --self-test; fi
	@size=$$(du -sm $(BUNDLE) | cut -f1); \
	echo "bundle size: $$size MB unpacked (budget: under $(BUNDLE_BUDGET_MB) MB)"; \
	test "$$size" -lt $(BUNDLE_BUDGET_MB) || \
	{ echo "the bundle is over its size budget: see docs/packaging.md, Size" >&2; exit 1; }

# The real Trezor One, Coldcard and KeepKey firmware emulators, built from their vendors'
# sources (docs/devices.md, "Real firmware emulators"): MIRRORS holds the fetched bare
# repositories (OWNER+NAME/repo), EMU is the build directory outside the repository.
MIRRORS ?= /work/.mirror
EMU ?= /work/emu
FAMILIES ?= trezor coldcard keepkey
emulators:
	MIRRORS=$(MIRRORS) EMU=$(EMU) bash tests/devices/emulators/build.sh $(FAMILIES)

# The device contract suite on the simulator and on every emulator built in EMU.
device-contract: $(STAMP)
	POCKETGUI_EMU=$(EMU) $(BIN)/pytest tests/devices/test_device_contract.py -v -rs

# Regenerates the PNG, ICO and ICNS icons from the SVG (the results are committed).
icons: $(STAMP)
	$(BIN)/python packaging/make_icons.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
