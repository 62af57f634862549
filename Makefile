# Thin wrapper around CMake presets. `make run` and `make test` are the two
# commands a new user needs (see README.md).
DB      ?= werkroute.db
LISTEN  ?= 127.0.0.1:8080
DATA    ?= $(abspath ../shared/data)
DEMO_PASSWORD ?= demo-wachtwoord-2026

.PHONY: all deps npm build run test test-debug test-asan clean format

all: build

deps:
	@scripts/deps.sh

# Front-end packages (NL Design System CSS, htmx, playwright-core, axe-core) from
# the npm registry, pinned by package-lock.json.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

npm: node_modules/.package-lock.json

build: deps npm
	cmake --preset release >/dev/null
	cmake --build build/release

# Builds, creates the demo region on first run, and serves it.
run: build
	@if [ ! -f "$(DB)" ]; then \
	    build/release/werkroute demo --db "sqlite:$(DB)" --data "$(DATA)" --password "$(DEMO_PASSWORD)"; \
	else \
	    echo "werkroute: using the existing $(DB) (remove it for a fresh demo region)"; \
	fi
	build/release/werkroute serve --db "sqlite:$(DB)" --data "$(DATA)" --listen "$(LISTEN)"

# Every test: unit, API and browser tests on the normal build, then the unit
# and API tests again under AddressSanitizer + UndefinedBehaviorSanitizer.
test: deps
	@scripts/deps.sh --test
	@$(MAKE) --no-print-directory npm
	@scripts/test.sh

clean:
	rm -rf build

format:
	clang-format -i src/*/*.c src/*/*.h tests/unit/*.c tools/*.c
