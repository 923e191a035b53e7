# Front door: `make run` and `make test` do everything on a fresh Debian 12.
BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
DB         ?= var/demo.db
LISTEN     ?= 127.0.0.1:8080
ADMIN_PW   ?= admin-xinfang-2026

.PHONY: all deps build asan web run test unit api e2e fuzz bench clean

all: build

deps:
	@./scripts/install-deps

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=debugoptimized

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

$(ASAN_BUILD)/build.ninja:
	meson setup $(ASAN_BUILD) --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false

asan: deps $(ASAN_BUILD)/build.ninja
	ninja -C $(ASAN_BUILD)

web: deps
	@./scripts/build-web

run: build web
	@mkdir -p $(dir $(DB))
	@if [ ! -f $(DB) ]; then ./$(BUILD)/xinfang init --db $(DB) --admin-password $(ADMIN_PW) --demo; fi
	./$(BUILD)/xinfang serve --db $(DB) --listen $(LISTEN)

test: build asan web
	@./scripts/run-tests

fuzz: deps
	@./scripts/run-fuzz

bench: build
	@./scripts/run-bench

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) web/dist
