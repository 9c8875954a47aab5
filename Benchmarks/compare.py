#!/usr/bin/env python3
"""SmuggleWatch beside other tools, for the tables of docs/benchmarks.md (`make bench` runs this).

Not part of the product: `smugglewatch bench` measures SmuggleWatch alone, as an operator sizing a
deployment would. This script runs it round by round and, in each round, the contenders it is
compared with, so that every ratio is taken between figures measured under the same conditions:

  compare.py classify   --smugglewatch BIN --input POSTS --patterns TSV [--peer-directory DIR]
                        [--rounds N] [--seconds S] [--json]
      `smugglewatch bench --classify-only`, then the Python peer's classifier (peer_classify.py)
      on the same posts, in memory, one core each.

  compare.py end-to-end --smugglewatch BIN --input POSTS [--posts N] [--partitions P] [--rounds N]
                        [--patterns TSV --peer-directory DIR] [--json] [-- BENCH ARGUMENTS...]
      `smugglewatch bench` (end to end on the embedded broker: live and drain), then on a fresh
      embedded broker (`smugglewatch broker`) kcat consume -> kcat produce, timed the same two
      ways (the ceiling: no work on the records), and, with --patterns, the Python peer worker
      (peer_worker.py: confluent-kafka and pyahocorasick), its own steady state.

POSTS and TSV come from ../shared/bench/gen_corpus.py. Needs kcat, and for the peers
`pip install confluent-kafka pyahocorasick`.
"""
import argparse
import json
import os
import signal
import subprocess
import sys
import threading
import time

# Every consumer of a run fetches with this wait, as the workers do (EndToEndBenchmark.swift says why).
FETCH_WAIT_MS = "10"


class Series:
    """One figure over the rounds: each round's value, the range and the median."""

    def __init__(self, name, digits=0):
        self.name, self.digits, self.values = name, digits, []

    def median(self):
        ordered = sorted(self.values)
        middle = len(ordered) // 2
        return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2

    def format(self, value, grouped=True):
        # Whole figures are truncated, as every single-run figure of `smugglewatch bench` is.
        if self.digits:
            return "%.*f" % (self.digits, value)
        return f"{int(value):,}" if grouped else str(int(value))

    def summary(self):
        low, high = min(self.values), max(self.values)
        return f"{self.format(low)}–{self.format(high)}, median {self.format(self.median())}"

    def json(self):
        figures = [self.format(value, grouped=False) for value in self.values]
        return (f'"{self.name}":{{"min":{self.format(min(self.values), False)},'
                f'"median":{self.format(self.median(), False)},"max":{self.format(max(self.values), False)},'
                f'"rounds":[{",".join(figures)}]}}')


def print_summary(series, rounds, as_json):
    measured = [one for one in series if one.values]
    if as_json:
        print('{"mode":"summary","rounds":%d,' % rounds + ",".join(one.json() for one in measured) + "}")
    else:
        print(f"\nover {rounds} round(s):")
        for one in measured:
            print(f"  {one.name}: {one.summary()}")


def smugglewatch_bench(binary, arguments):
    """The JSON objects `smugglewatch bench ... --json` printed (its errors go to our stderr)."""
    done = subprocess.run([binary, "bench", *arguments, "--json"], stdout=subprocess.PIPE, text=True)
    if done.returncode != 0:
        sys.exit(f"smugglewatch bench exited with status {done.returncode}")
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def last_json_line(command, what):
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        return None
    try:
        return json.loads(lines[-1])
    except ValueError:
        print(f"{what} printed no JSON: {lines[-1]}", file=sys.stderr)
        return None


# --- classify ----------------------------------------------------------------------------------

def classify(a):
    ours = Series("classify_posts_per_second")
    peer = Series("python_peer_posts_per_second")
    ratio = Series("ratio_to_python_peer", digits=2)
    for _ in range(a.rounds):
        result = smugglewatch_bench(a.smugglewatch, ["--classify-only", "--input", a.input, "--seconds", str(a.seconds)])[0]
        if a.json:
            print(json.dumps(result, separators=(",", ":")))
        else:
            print("classify-only: %d posts/s on one core (%d posts in %.3f s, ~%d bytes a post)"
                  % (result["posts_per_second"], result["posts"], result["seconds"], result["average_post_bytes"]))
        ours.values.append(result["posts_per_second"])
        report = last_json_line(["python3", os.path.join(a.peer_directory, "peer_classify.py"), "--input", a.input,
                                 "--patterns", a.patterns, "--json"], "peer_classify.py")
        if report is None or "posts_per_second" not in report:
            sys.exit(f"peer_classify.py in {a.peer_directory} gave no posts_per_second (pip install pyahocorasick)")
        rate = float(report["posts_per_second"])
        print('{"mode":"python-peer-classify","posts_per_second":%d}' % rate if a.json
              else "python-peer-classify: %d posts/s on one core" % rate)
        peer.values.append(rate)
        ratio.values.append(result["posts_per_second"] / rate)
    print_summary([ours, peer, ratio], a.rounds, a.json)


# --- end to end --------------------------------------------------------------------------------

def busy_seconds():
    """user + nice + system + irq + softirq of /proc/stat's `cpu` line (as MachineLoad.swift)."""
    try:
        with open("/proc/stat") as stat:
            ticks = [float(field) for field in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    if len(ticks) < 7:
        return None
    return (ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6]) / os.sysconf("SC_CLK_TCK")


def machine_load(mark, posts, seconds):
    """(µs of busy machine a post, busy share) since `mark`; None below 0.2 s of busy time (ticks)."""
    now = busy_seconds()
    if mark is None or now is None or seconds <= 0 or now - mark < 0.2:
        return None
    busy = now - mark
    return busy / posts * 1e6, busy / (seconds * os.cpu_count())


def load_summary(load):
    return "%.1f µs a post, %.0f%% of %d cores busy" % (load[0], load[1] * 100, os.cpu_count())


def records(payloads, prefix, count):
    """`count` posts cycled from the input, each with a unique id, keyed by it."""
    out = []
    for index in range(count):
        key = f"{prefix}-{index}"
        value = payloads[index % len(payloads)]
        try:
            post = json.loads(value)
        except ValueError:
            post = None  # poison input stays as it is, as the worker must take it
        if isinstance(post, dict):
            post["id"] = key
            value = json.dumps(post, ensure_ascii=False, separators=(",", ":")).encode()
        out.append((key.encode(), value))
    return out


class Reader:
    """Reads a topic from its beginning on a thread of its own, noting when the last record came."""

    def __init__(self, brokers, topic):
        from confluent_kafka import Consumer, TopicPartition
        self.count, self.last, self.stopping = 0, None, False
        self.consumer = Consumer({"bootstrap.servers": brokers, "group.id": f"reader-{os.getpid()}-{topic}",
                                  "enable.auto.commit": False, "fetch.wait.max.ms": FETCH_WAIT_MS,
                                  "log.connection.close": False})
        partitions = self.consumer.list_topics(topic, timeout=30).topics[topic].partitions
        self.consumer.assign([TopicPartition(topic, partition, -2) for partition in partitions])  # -2: beginning
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.stopping:
            messages = [message for message in self.consumer.consume(10000, 0.1) if not message.error()]
            if messages:
                self.last = time.monotonic()
                self.count += len(messages)
        self.consumer.close()

    def wait_for(self, count, timeout, processes=()):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.count < count:
            if any(process.poll() is not None for process in processes):
                break
            time.sleep(0.01)
        return self.count >= count

    def stop(self):
        self.stopping = True
        self.thread.join()


def producer(brokers):
    """The benchmark's producer: large queues, so that a burst of posts never waits for room."""
    from confluent_kafka import Producer
    return Producer({"bootstrap.servers": brokers, "linger.ms": 5, "batch.num.messages": 10000,
                     "queue.buffering.max.messages": 1000000, "log.connection.close": False})


def produce(producer, topic, inputs):
    """Sends `inputs`; True when all arrived."""
    send = producer.produce  # looked up once: this loop is timed, in live runs
    for key, value in inputs:
        while True:
            try:
                send(topic, value, key)
                break
            except BufferError:
                producer.poll(0.05)
    return producer.flush(120) == 0


def kcat_pipeline(brokers, source, target, payloads, posts, drain):
    """`kcat -C | kcat -P` from `source` to `target`, timed live or as a drain (as the workers are):
    (posts/s, machine load of a drain or None)."""
    # kcat's output to the pipe is buffered by stdio: a warm-up of several buffers' worth shows
    # that records flow end to end. kcat -C exits after its count; kcat -P flushes at the end.
    warmup = records(payloads, f"{source}-warmup", 64)
    reader = Reader(brokers, target)
    # Keys travel along (key TAB value; neither holds a raw tab), so that the output is keyed by
    # post id as the workers' is and spreads over all partitions: keyless, the sticky partitioner
    # piles bursts into a few, and the embedded broker drops what is over about 5 MiB a partition.
    consume = subprocess.Popen(["kcat", "-C", "-b", brokers, "-t", source, "-o", "beginning", "-c", str(len(warmup) + posts),
                                "-q", "-f", "%k\\t%s\\n", "-X", f"fetch.wait.max.ms={FETCH_WAIT_MS}"],
                               stdout=subprocess.PIPE)
    produce_process = subprocess.Popen(["kcat", "-P", "-b", brokers, "-t", target, "-K", "\\t"], stdin=consume.stdout)
    consume.stdout.close()
    try:
        produce(producer(brokers), source, warmup)
        if not reader.wait_for(1, 60, [consume, produce_process]):
            sys.exit(f"kcat moved nothing from {source} to {target} within 60 s")
        inputs = records(payloads, source, posts)
        sender = producer(brokers)
        if drain:
            os.kill(consume.pid, signal.SIGSTOP)
        try:
            start = time.monotonic()
            delivered = produce(sender, source, inputs)
            mark = None
            if drain:
                mark, start = busy_seconds(), time.monotonic()
        finally:
            if drain:
                os.kill(consume.pid, signal.SIGCONT)
        if not delivered:
            sys.exit(f"could not fill {source}")
        expected = len(warmup) + posts
        if not reader.wait_for(expected, max(60, posts // 500)):
            sys.exit(f"only {reader.count} of {expected} records came out of kcat into {target}")
        seconds = reader.last - start
        load = machine_load(mark, posts, seconds) if drain else None
        if consume.wait() != 0 or produce_process.wait() != 0:
            sys.exit(f"kcat failed (exit {consume.returncode}, {produce_process.returncode})")
        return posts / seconds, load
    finally:
        reader.stop()
        for process in (consume, produce_process):
            if process.poll() is None:
                process.terminate()


def python_peer(a, brokers, payloads):
    """The Python peer worker's own steady state (first record received to producer flushed)."""
    if not produce(producer(brokers), "peer-in", records(payloads, "peer", a.posts)):
        sys.exit("could not fill peer-in")
    report = last_json_line(["python3", os.path.join(a.peer_directory, "peer_worker.py"), "--brokers", brokers,
                             "--topic", "peer-in", "--out", "peer-out", "--group", "peer", "--patterns", a.patterns,
                             "--matcher", "aho", "--max", str(a.posts)], "peer_worker.py")
    if report is None:
        print("python peer did not run (pip install confluent-kafka pyahocorasick)", file=sys.stderr)
        return None
    # It stops after 10 s without records: a rate over fewer posts than sent measures nothing.
    if report.get("posts") != a.posts:
        print(f"python peer saw {report.get('posts', 'no')} of {a.posts} posts; no figure", file=sys.stderr)
        return None
    return float(report["posts_per_s"])


def embedded_broker(binary, partitions, topics):
    """`smugglewatch broker` with `topics` created: (its process, its bootstrap servers)."""
    broker = subprocess.Popen([binary, "broker", "--partitions", str(partitions), "--log-level", "error"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    servers = broker.stdout.readline().strip()
    if not servers:
        sys.exit(f"smugglewatch broker did not start: {broker.stderr.read()}")
    for topic in topics:
        broker.stdin.write(f"topic {topic} {partitions}\n")
        broker.stdin.flush()
        answer = broker.stderr.readline().strip()
        if not answer.startswith("ok"):
            sys.exit(f"smugglewatch broker: {answer}")
    return broker, servers


def table(result, workers):
    ours_live, ours_drain = result["posts_per_second"], result["drain_posts_per_second"]
    lines = ["| what | live: first produce → last output (posts/s) | drain: backlog → last output (posts/s) |", "|---|---|---|",
             f"| smugglewatch, {workers} worker(s) | {ours_live} | {ours_drain} |"]
    kcat_live, kcat_drain = result["kcat_ceiling_posts_per_second"], result["kcat_drain_posts_per_second"]
    lines.append(f"| kcat consume → kcat produce, same kind of broker and records (ceiling) | {kcat_live} | {kcat_drain} |")
    if "python_peer_posts_per_second" in result:
        lines.append("| Python peer worker (confluent-kafka + pyahocorasick), its own steady state | | %d |"
                     % result["python_peer_posts_per_second"])
    lines.append("")
    lines.append("%d posts live in %.2f s; latency produce→decision p50 %d ms, p99 %d ms"
                 % (result["posts"], result["seconds"], result["latency_p50_ms"], result["latency_p99_ms"]))
    lines.append("worker RSS at the end: %s; peak: %s" % (", ".join(f"{kb // 1024} MB" for kb in result["worker_rss_kb"]),
                                                        ", ".join(f"{kb // 1024} MB" for kb in result["worker_peak_rss_kb"])))
    cpu = result["worker_cpu_seconds"]
    lines.append("worker CPU, both runs: %s (%.0f posts per CPU-second)"
                 % (", ".join("%.2f s" % seconds for seconds in cpu), 2 * result["posts"] / max(0.001, sum(cpu))))
    lines.append("smugglewatch / ceiling: live %.2f, drain %.2f" % (ours_live / kcat_live, ours_drain / kcat_drain))
    if "drain_machine_cpu_us_per_post" in result:
        ours = (result["drain_machine_cpu_us_per_post"], result["drain_machine_busy_share"])
        line = f"machine CPU while draining (contender, broker and reader): smugglewatch {load_summary(ours)}"
        if "kcat_drain_machine_cpu_us_per_post" in result:
            kcat = (result["kcat_drain_machine_cpu_us_per_post"], result["kcat_drain_machine_busy_share"])
            line += f"; kcat {load_summary(kcat)}"
        lines.append(line)
    return "\n".join(lines)


def end_to_end(a):
    with open(a.input, "rb") as posts_file:
        payloads = [line.rstrip(b"\n") for line in posts_file if line.strip()]
    names = [("live_posts_per_second", 0), ("drain_posts_per_second", 0), ("kcat_live_posts_per_second", 0),
             ("kcat_drain_posts_per_second", 0), ("live_ratio_to_kcat", 2), ("drain_ratio_to_kcat", 2),
             ("python_peer_posts_per_second", 0), ("worker_peak_rss_mb", 0), ("worker_cpu_seconds", 2),
             ("drain_machine_cpu_us_per_post", 1), ("kcat_drain_machine_cpu_us_per_post", 1)]
    series = {name: Series(name, digits) for name, digits in names}
    bench_arguments = ["--input", a.input, "--posts", str(a.posts), "--partitions", str(a.partitions), *a.bench_arguments]
    for round_number in range(1, a.rounds + 1):
        result = smugglewatch_bench(a.smugglewatch, bench_arguments)[0]
        # A fresh broker for the contenders of each round: no run reads another's leftovers.
        broker, brokers = embedded_broker(a.smugglewatch, a.partitions, ["ceiling-in", "ceiling-out", "ceiling-drain-in",
                                                                         "ceiling-drain-out", "peer-in", "peer-out"])
        try:
            live, _ = kcat_pipeline(brokers, "ceiling-in", "ceiling-out", payloads, a.posts, drain=False)
            drain, load = kcat_pipeline(brokers, "ceiling-drain-in", "ceiling-drain-out", payloads, a.posts, drain=True)
            result["kcat_ceiling_posts_per_second"], result["kcat_drain_posts_per_second"] = int(live), int(drain)
            if load:
                result["kcat_drain_machine_cpu_us_per_post"] = round(load[0], 1)
                result["kcat_drain_machine_busy_share"] = round(load[1], 2)
            peer = python_peer(a, brokers, payloads) if a.patterns else None
            if peer is not None:
                result["python_peer_posts_per_second"] = int(peer)
        finally:
            broker.terminate()
            broker.wait()
        if a.rounds > 1 and not a.json:
            print(f"\nround {round_number} of {a.rounds}")
        print(json.dumps(result, separators=(",", ":"), ensure_ascii=False) if a.json else table(result, result["workers"]))
        sys.stdout.flush()
        figures = {"live_posts_per_second": result["posts_per_second"], "drain_posts_per_second": result["drain_posts_per_second"],
                   "kcat_live_posts_per_second": live, "kcat_drain_posts_per_second": drain,
                   "live_ratio_to_kcat": result["posts_per_second"] / live, "drain_ratio_to_kcat": result["drain_posts_per_second"] / drain,
                   "python_peer_posts_per_second": peer, "worker_peak_rss_mb": max(result["worker_peak_rss_kb"]) / 1024,
                   "worker_cpu_seconds": sum(result["worker_cpu_seconds"]),
                   "drain_machine_cpu_us_per_post": result.get("drain_machine_cpu_us_per_post"),
                   "kcat_drain_machine_cpu_us_per_post": load[0] if load else None}
        for name, value in figures.items():
            if value is not None:
                series[name].values.append(value)
    if a.rounds > 1:
        print_summary(list(series.values()), a.rounds, a.json)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["classify", "end-to-end"])
    parser.add_argument("--smugglewatch", default=".build/release/smugglewatch", help="the binary to measure")
    parser.add_argument("--input", required=True, help="JSONL posts (gen_corpus.py -o)")
    parser.add_argument("--patterns", help="the Python peer's patterns (gen_corpus.py --patterns)")
    parser.add_argument("--peer-directory", default="../shared/bench", help="folder of peer_classify.py and peer_worker.py")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=3, help="classify: seconds to run at least")
    parser.add_argument("--posts", type=int, default=50000, help="end to end: posts to send")
    parser.add_argument("--partitions", type=int, default=16, help="end to end: partitions per topic")
    parser.add_argument("--json", action="store_true", help="print JSON objects, one a line")
    # After `--`: more arguments for `smugglewatch bench` (end to end), e.g. `-- --workers 2`.
    arguments = sys.argv[1:]
    split = arguments.index("--") if "--" in arguments else len(arguments)
    a = parser.parse_args(arguments[:split])
    a.bench_arguments = arguments[split + 1:]
    if a.rounds < 1:
        parser.error("--rounds must be 1 or more")
    if a.mode == "classify":
        if not a.patterns:
            parser.error("classify needs --patterns")
        classify(a)
    else:
        end_to_end(a)


if __name__ == "__main__":
    main()
