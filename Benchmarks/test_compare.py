#!/usr/bin/env python3
"""compare.py on a few posts: it must run and report, not be fast.

  python3 Benchmarks/test_compare.py        (from the repository root, after `swift build`;
                                             SMUGGLEWATCH=path picks another binary,
                                             PEER_DIRECTORY=path the peers' folder)
Needs kcat and confluent-kafka; not part of `make test`, as the comparisons are not part of the product.
"""
import json
import os
import subprocess
import sys
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.environ.get("SMUGGLEWATCH", os.path.join(ROOT, ".build", "debug", "smugglewatch"))
PEERS = os.environ.get("PEER_DIRECTORY", os.path.join(ROOT, "..", "shared", "bench"))


def compare(*arguments):
    done = subprocess.run([sys.executable, os.path.join(ROOT, "Benchmarks", "compare.py"), *arguments,
                           "--smugglewatch", BINARY], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          cwd=ROOT, timeout=300)
    if done.returncode != 0:
        raise AssertionError(f"compare.py exited with {done.returncode}: {done.stderr}")
    return done.stdout


class EndToEnd(unittest.TestCase):
    def test_reports_live_and_drain_rates_for_the_worker_and_kcat(self):
        lines = compare("end-to-end", "--input", "fixtures/posts.jsonl", "--posts", "300", "--partitions", "4",
                        "--json", "--rounds", "2").splitlines()
        objects = [json.loads(line) for line in lines]
        self.assertEqual([one["mode"] for one in objects], ["end-to-end", "end-to-end", "summary"], lines)
        for line, report in list(zip(lines, objects))[:2]:
            for field in ["posts_per_second", "drain_posts_per_second", "kcat_ceiling_posts_per_second",
                          "kcat_drain_posts_per_second"]:
                self.assertGreater(report.get(field, 0), 0, f"{field} in {line}")
            peak = report["worker_peak_rss_kb"][0]
            self.assertTrue(0 < peak < 200 * 1024, f"peak RSS {peak} kB")
            # The machine's CPU per post while draining comes only from runs long enough to
            # measure; 300 posts may be too few. What is given must be sane.
            for field in ["drain_machine_cpu_us_per_post", "kcat_drain_machine_cpu_us_per_post"]:
                if field in report:
                    self.assertTrue(0 < report[field] < 1_000_000, f"{field} in {line}")
        # The summary takes each ratio within its round, and gives every series' range and median.
        summary = objects[-1]
        ratio = summary["live_ratio_to_kcat"]
        self.assertEqual(len(ratio["rounds"]), 2)
        self.assertEqual(summary["live_posts_per_second"]["rounds"], [one["posts_per_second"] for one in objects[:2]])
        self.assertTrue(ratio["min"] <= ratio["median"] <= ratio["max"])
        self.assertEqual(ratio["min"], round(min(ratio["rounds"]), 2))


class Classify(unittest.TestCase):
    def test_each_round_gives_ours_the_peers_and_their_ratio(self):
        # The Python peer reads only well-formed posts: a generated corpus, not the fixtures' poison.
        posts, patterns = (os.path.join(ROOT, ".build", name) for name in ("test-compare-posts.jsonl", "test-compare-patterns.tsv"))
        subprocess.run([sys.executable, os.path.join(PEERS, "gen_corpus.py"), "-n", "200", "--seed", "1", "-o", posts,
                        "--patterns", patterns], check=True, stdout=subprocess.DEVNULL)
        lines = compare("classify", "--input", posts, "--patterns", patterns, "--peer-directory", PEERS,
                        "--seconds", "0.2", "--rounds", "2").splitlines()
        self.assertEqual(len([line for line in lines if line.startswith("classify-only: ")]), 2, lines)
        self.assertEqual(len([line for line in lines if line.startswith("python-peer-classify: ")]), 2, lines)
        self.assertTrue(any(line.startswith("  ratio_to_python_peer: ") and ", median " in line for line in lines), lines)


if __name__ == "__main__":
    unittest.main()
