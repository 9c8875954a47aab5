# SmuggleWatch: `make demo` runs the pipeline on the embedded broker, `make test` runs the tests.
# Both install the system packages they need (Debian: librdkafka-dev, kcat) when missing, and
# `make test` its test peers from PyPI: the Markdown renderers its tests compare against
# (markdown-it-py, cmarkgfm) and noida-db, the Kafka broker that proves exactly-once.

SWIFT ?= swift
BIN := .build/debug/smugglewatch

.PHONY: deps test-peers build release demo test clean bench

deps:
	@if ! pkg-config --exists rdkafka 2>/dev/null || ! command -v kcat >/dev/null 2>&1; then \
		echo "installing librdkafka-dev, kcat and pkg-config"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq librdkafka-dev kcat pkg-config >/dev/null; \
	fi

# Test peers: the Markdown renderers reviewers' tools use (ReportsTests/MarkdownRendererTests), and
# noida-db, a real Kafka-protocol broker whose transactions work with librdkafka 2.0.2
# (PipelineTests/ExactlyOnceProofTests; pinned: its limits are in docs/guarantees.md).
NOIDA_DB_VERSION := 0.2.3
test-peers:
	@if ! python3 -c 'import markdown_it, linkify_it, cmarkgfm' 2>/dev/null; then \
		echo "installing markdown-it-py, linkify-it-py and cmarkgfm (test peers)"; \
		python3 -m pip install -q markdown-it-py==4.3.0 linkify-it-py==2.2.0 cmarkgfm==2025.10.22; \
	fi
	@if ! python3 -c 'import importlib.metadata as m, sys; sys.exit(m.version("noida-db") != "$(NOIDA_DB_VERSION)")' 2>/dev/null; then \
		echo "installing noida-db $(NOIDA_DB_VERSION) (test peer)"; \
		python3 -m pip install -q --disable-pip-version-check noida-db==$(NOIDA_DB_VERSION) \
		|| python3 -m pip install -q --disable-pip-version-check --break-system-packages noida-db==$(NOIDA_DB_VERSION); \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

demo: build
	$(BIN) demo

test: deps test-peers
	$(SWIFT) test

clean:
	rm -rf .build

# libFuzzer targets (Fuzz/): the post decoder, the normaliser, the classifier with its extractors.
# Seeds: fixtures/poison and the demo posts. Crashers land in Fuzz/crashers/<target>/; keep them:
# PipelineTests replays every file there as a regression test.
FUZZ_SECONDS ?= 60
FUZZ_FLAGS := -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld
.PHONY: fuzz soak
fuzz: deps
	$(SWIFT) build --package-path Fuzz $(FUZZ_FLAGS)
	@set -e; for target in FuzzPostDecoder FuzzNormaliser FuzzClassifier; do \
		corpus=.build/fuzz-corpus/$$target; mkdir -p $$corpus Fuzz/crashers/$$target; \
		cp fixtures/poison/* $$corpus/ 2>/dev/null || true; \
		split -l 1 -a 4 fixtures/posts.jsonl $$corpus/post-; \
		echo "== $$target for $(FUZZ_SECONDS) s"; \
		Fuzz/.build/release/$$target -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 -max_len=65536 \
			-artifact_prefix=Fuzz/crashers/$$target/ $$corpus 2>&1 | tail -n 3; \
	done

# The reliability suite at a larger scale and for longer than `make test` allows.
soak: deps
	SMUGGLEWATCH_SOAK=1 $(SWIFT) test --filter "FaultInjectionTests|WorkerProcessTests"

# The benchmark tables of docs/benchmarks.md, on 20,000 generated posts (needs ../shared/bench).
# `smugglewatch bench` measures SmuggleWatch alone; Benchmarks/compare.py runs it round by round
# beside kcat and the Python peers (not part of the product, nor of `make test`).
bench: release
	python3 ../shared/bench/gen_corpus.py -n 20000 --seed 1 -o .build/bench-posts.jsonl --patterns .build/bench-patterns.tsv
	-pip install -q confluent-kafka pyahocorasick
	python3 Benchmarks/compare.py classify --smugglewatch .build/release/smugglewatch --input .build/bench-posts.jsonl \
		--rounds 5 --patterns .build/bench-patterns.tsv --peer-directory ../shared/bench
	.build/release/smugglewatch bench --decide-only --input .build/bench-posts.jsonl --rounds 5
	python3 Benchmarks/compare.py end-to-end --smugglewatch .build/release/smugglewatch --input .build/bench-posts.jsonl \
		--posts 50000 --rounds 5 --patterns .build/bench-patterns.tsv --peer-directory ../shared/bench
