# MarketDesk — two commands: `make run` and `make test`. Both set up a fresh Debian/Ubuntu
# machine first (system packages via apt when root, `npm ci` for the UI).
SHELL := /bin/bash
.ONESHELL:
.SHELLFLAGS := -eu -o pipefail -c

BUILD_PKGS := libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev \
              libayatana-appindicator3-dev librsvg2-dev pkg-config
TEST_PKGS  := xvfb xauth webkit2gtk-driver sqlite3 dbus poppler-utils
CARGO_BIN  := $(HOME)/.cargo/bin
export PATH := $(CARGO_BIN):$(PATH)
APP := target/debug/marketdesk
# What `make run` starts: the optimised build (profile.release in Cargo.toml).
APP_RELEASE := target/release/marketdesk

.PHONY: run build build-release package package-test test deps test-deps ui ui-deps bindings bindings-check lint e2e-tools bench crash-test fuzz clean

define apt_ensure
	missing=""
	for p in $(1); do dpkg -s "$$p" >/dev/null 2>&1 || missing="$$missing $$p"; done
	if [ -n "$$missing" ]; then
	  if [ "$$(id -u)" = 0 ]; then
	    echo "==> installing system packages:$$missing"
	    apt-get update -qq
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing
	  else
	    echo "Missing system packages:$$missing"
	    echo "Install them with:  sudo apt-get install -y$$missing"
	    exit 1
	  fi
	fi
endef

deps:
	$(call apt_ensure,$(BUILD_PKGS))
	command -v npm >/dev/null || { echo "npm (Node.js 20+) is required"; exit 1; }
	command -v cargo >/dev/null || { echo "cargo (Rust, via rustup) is required"; exit 1; }

test-deps: deps
	$(call apt_ensure,$(TEST_PKGS))
	# A real Word reader for the tests of the .docx brief.
	python3 -c 'import docx' 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check python-docx

ui/node_modules/.package-lock.json: ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund

ui-deps: ui/node_modules/.package-lock.json

ui: deps ui-deps
	cd ui && npm run build

build: ui
	cargo build -p marketdesk

build-release: ui
	cargo build --release -p marketdesk

run: build-release
	$(APP_RELEASE)

# A .deb for Debian/Ubuntu with the Tauri bundler (optimised build; version from Cargo.toml).
# Windows (.msi/.exe) and macOS (.dmg/.app) installers are built the same way on those systems:
# see the README.
package: deps ui
	(cd src-tauri && ../ui/node_modules/.bin/tauri build --bundles deb --config '{"bundle":{"active":true}}')
	ls -l target/release/bundle/deb/*.deb

# Unpack the .deb into a temporary root and start the installed program in a real window
# (Xvfb + tauri-driver): it must show its first screen. Not part of `make test` (it needs the
# optimised build, about 10 minutes from clean on 2 cores).
package-test: package test-deps e2e-tools
	@command -v lintian >/dev/null || { echo "lintian is required (apt-get install lintian)"; exit 1; }
	# Debian's own checker: no error (the two embedded-library ones are overridden, with why,
	# in packaging/lintian-overrides).
	lintian --fail-on error "$$(ls -t target/release/bundle/deb/*.deb | head -1)"
	MARKETDESK_DEB="$$(realpath "$$(ls -t target/release/bundle/deb/*.deb | head -1)")" \
	  xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" \
	  cargo test -p marketdesk-tests --test it e2e::package -- --ignored --nocapture

# TypeScript twins of the IPC DTOs (ts-rs): regenerate, then fail if they differ from git.
bindings:
	cargo test -p marketdesk --lib export_bindings -q

bindings-check: bindings
	if git rev-parse --git-dir >/dev/null 2>&1; then
	  changed=$$(git status --porcelain -- ui/src/lib/bindings)
	  if [ -n "$$changed" ]; then
	    echo "Generated TypeScript bindings are out of date (commit them):"; echo "$$changed"; exit 1
	  fi
	fi

lint: ui-deps
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	# The core builds without tauri: only app.rs and ipc/ may use it.
	cargo check -p marketdesk --lib --no-default-features
	cd ui && npm run check

e2e-tools:
	command -v tauri-driver >/dev/null || cargo install tauri-driver --locked

test: test-deps ui bindings-check lint e2e-tools
	cd ui && npm test
	cargo build -p marketdesk
	xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" cargo test --workspace
	cargo run -q -p marketdesk-tests --bin crash -- 20
	echo "==> screenshots in target/e2e-screens/"

# The crash test at length: 200 writers killed with SIGKILL at random moments, the data file
# checked after each (tests/src/bin/crash.rs). `make test` runs 20.
crash-test:
	cargo run -q -p marketdesk-tests --release --bin crash -- 200

# Benchmarks (not part of `make test`): figures next to floors measured in the same run,
# written to target/bench/summary.json. The bench and the binary it runs as a whole process
# are the optimised build `make run` starts (profile.release); start-up and memory are measured
# against a bare Tauri window (tests/bare-window) built with it, in windows on Xvfb.
bench: test-deps build-release
	cargo build --release -p marketdesk -p bare-window
	xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" cargo run -p marketdesk-tests --release --bin bench

# Fuzz the report readers (not part of `make test`): needs the nightly toolchain.
FUZZ_SECONDS ?= 120
fuzz:
	command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	rustup toolchain list | grep -q nightly || rustup toolchain install nightly --profile minimal
	mkdir -p fuzz/corpus/read_delimited fuzz/corpus/read_workbook fuzz/corpus/import_any
	cp tests/fixtures/*.csv tests/fixtures/*.txt fuzz/corpus/read_delimited/
	cp tests/fixtures/*.xlsx tests/fixtures/*.xls fuzz/corpus/read_workbook/
	# import_any: the first byte picks the kind (0 prices … 8 expenses, BatchKind::ALL's order).
	for f in tests/fixtures/*.csv tests/fixtures/*.xlsx tests/fixtures/*.xls tests/fixtures/*.ics tests/fixtures/*.json; do \
	  for k in 0 1 2 3 4 5 6 7 8; do printf "\\$$(printf %o $$k)" | cat - "$$f" > "fuzz/corpus/import_any/$$k-$$(basename "$$f")"; done; \
	done
	(cd fuzz && cargo +nightly fuzz run read_delimited corpus/read_delimited -- -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048)
	(cd fuzz && cargo +nightly fuzz run read_workbook corpus/read_workbook -- -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048)
	(cd fuzz && cargo +nightly fuzz run import_any corpus/import_any -- -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048)

clean:
	cargo clean
	rm -rf ui/dist ui/node_modules
