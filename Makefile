# SmuggleWatch: `make demo` runs the pipeline on the embedded broker, `make test` runs the tests.
# Both install the system packages they need (Debian: librdkafka-dev, kcat) when missing.

SWIFT ?= swift
BIN := .build/debug/smugglewatch

.PHONY: deps build release demo test clean

deps:
	@if ! pkg-config --exists rdkafka 2>/dev/null || ! command -v kcat >/dev/null 2>&1; then \
		echo "installing librdkafka-dev, kcat and pkg-config"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq librdkafka-dev kcat pkg-config >/dev/null; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

demo: build
	$(BIN) demo

test: deps
	$(SWIFT) test

clean:
	rm -rf .build
