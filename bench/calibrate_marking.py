"""Calibrate the marking assistant on cases built from the question bank itself.

    python bench/calibrate_marking.py [--fixture fixtures/bank.json] [--no-embeddings]

Reads the bank fixture (no database), builds answers whose right mark is known, marks them with
exams.marking and writes bench/results/marking_calibration.json and .md: the AUC of "right answer"
against "answer to another question", the rating distribution per kind of case, the choice of the
coverage weight, and the rating thresholds the rule below picks. The thresholds in
exams/marking.py (RATING_THRESHOLDS) are copied from this output; a test checks they agree.

Cases, for every open question with an approved answer:
  model        its own model answer (should be 5)
  same-other   the answer to the same question in another document: questions sharing a
               fingerprint, plus a few pairs worded differently, picked by hand (right answers in
               other words: should be 3 or more)
  truncated-60 the first 60% of the model answer's words, when it has 10 or more (partial)
  truncated-30 the first 30% (should stay under 5)
  other-topic  answers of up to three other questions sharing a topic (wrong: should be 1)
  echo         the question's own text (should be 1)

Threshold rule, per method: rating 2 starts above 90% of the wrong answers (other-topic); rating
3 at the lower quartile of the right answers in other words (same-other), rating 4 at their
median; rating 5 at 0.75 or above 90% of the 30% truncations, whichever is higher (0.75 is above
the largest score an answer with a quarter of the model answer's length can get, √0.5 ≈ 0.71).
Two thresholds are at least 0.05 apart.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from exams import marking  # noqa: E402

RESULTS = ROOT / "bench" / "results"
# The same question worded differently in two documents (their fingerprints differ).
SAME_QUESTION_BY_HAND = [
    ("What is early stopping in machine learning?", "What is early stopping?"),
    ("What is Regularization?", "What is regularization and why is it important?"),
    ("What is a loss function in deep learning?", "What is a loss function?"),
    ("What is an artificial neural network?", "What is a neural network?"),
]
POSITIVE, NEGATIVE = "same-other", "other-topic"
CASE_ORDER = ["model", "same-other", "truncated-60", "truncated-30", "other-topic", "echo"]
MIN_WORDS_TO_TRUNCATE = 10
COVERAGE_WEIGHT_GRID = [0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0]


def load_bank(path: Path) -> tuple[dict[int, dict], dict[int, list[str]]]:
    rows = json.loads(path.read_text())
    questions = {r["pk"]: r["fields"] for r in rows if r["model"] == "questions.question"}
    answers: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        fields = row["fields"]
        if row["model"] == "questions.answer" and fields["status"] == "approved":
            if not fields.get("superseded_by"):
                answers[fields["question"]].append(fields["body"])
    return questions, dict(answers)


def truncate(text: str, share: float) -> str:
    words = text.split()
    return " ".join(words[: max(1, round(len(words) * share))])


def build_cases(questions: dict[int, dict], answers: dict[int, list[str]], rng: random.Random):
    """(case kind, question pk, answer text) for every case of the module docstring."""
    marked = sorted(pk for pk in answers if questions[pk]["kind"] == "open")
    by_fingerprint: dict[str, list[int]] = defaultdict(list)
    by_text = {questions[pk]["text"]: pk for pk in marked}
    for pk in marked:
        by_fingerprint[questions[pk]["fingerprint"]].append(pk)
    same: dict[int, set[int]] = defaultdict(set)
    for group in by_fingerprint.values():
        for pk in group:
            same[pk].update(other for other in group if other != pk)
    for first, second in SAME_QUESTION_BY_HAND:
        if first in by_text and second in by_text:
            same[by_text[first]].add(by_text[second])
            same[by_text[second]].add(by_text[first])

    cases = []
    for pk in marked:
        question = questions[pk]
        model = answers[pk][0]
        cases.append(("model", pk, model))
        for other in sorted(same[pk]):
            cases += [("same-other", pk, body) for body in answers[other]]
        if len(model.split()) >= MIN_WORDS_TO_TRUNCATE:
            cases.append(("truncated-60", pk, truncate(model, 0.6)))
            cases.append(("truncated-30", pk, truncate(model, 0.3)))
        topical = [
            other
            for other in marked
            if other != pk
            and other not in same[pk]
            and questions[other]["fingerprint"] != question["fingerprint"]
            and set(questions[other]["topics"]) & set(question["topics"])
        ]
        for other in rng.sample(topical, min(3, len(topical))):
            cases.append(("other-topic", pk, answers[other][0]))
        cases.append(("echo", pk, question["text"]))
    return cases


def auc(positives: list[float], negatives: list[float]) -> float:
    """Probability that a random positive scores above a random negative (ties count half)."""
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def auc_interval(positives, negatives, rng: random.Random, rounds: int = 1000):
    """A 95% bootstrap interval of the AUC: with few positives, the AUC alone says too little."""
    values = sorted(
        auc(rng.choices(positives, k=len(positives)), rng.choices(negatives, k=len(negatives)))
        for _ in range(rounds)
    )
    return values[int(0.025 * rounds)], values[int(0.975 * rounds) - 1]


def combine(mark: marking.Mark, coverage_weight: float) -> float:
    """The module's formula with another coverage weight (same guards: blank and echo are 0)."""
    if mark.score == 0:
        return 0.0
    if mark.semantic is None:
        return mark.score
    if mark.score == 1.0 and mark.coverage == 1.0:
        return 1.0
    blend = coverage_weight * mark.coverage + (1 - coverage_weight) * mark.semantic
    return min(1.0, mark.length * blend)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def pick_thresholds(scores: dict[str, list[float]]) -> tuple[float, float, float, float]:
    """The rule of the module docstring, with at least 0.05 between two thresholds."""

    def up(value: float) -> float:
        return round(value + 0.005, 2)

    second = up(percentile(scores[NEGATIVE], 0.9))
    third = max(second + 0.05, up(percentile(scores[POSITIVE], 0.25)))
    fourth = max(third + 0.05, up(statistics.median(scores[POSITIVE])))
    fifth = max(fourth + 0.05, 0.75, up(percentile(scores["truncated-30"], 0.9)))
    return second, round(third, 2), round(fourth, 2), round(fifth, 2)


def rate(score: float, thresholds) -> int:
    return 1 + sum(score >= t for t in thresholds)


def summarise(cases, marks, family: str, coverage_weight: float, rng: random.Random) -> dict:
    scores: dict[str, list[float]] = defaultdict(list)
    parts: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for (kind, _, _), mark in zip(cases, marks, strict=True):
        scores[kind].append(combine(mark, coverage_weight))
        parts[kind]["coverage"].append(mark.coverage)
        if mark.semantic is not None:
            parts[kind]["semantic"].append(mark.semantic)
    thresholds = pick_thresholds(scores)
    positives, negatives = scores[POSITIVE], scores[NEGATIVE]
    low, high = auc_interval(positives, negatives, rng)
    coverage_auc = auc(parts[POSITIVE]["coverage"], parts[NEGATIVE]["coverage"])
    result = {
        "method": family,
        "coverage_weight": coverage_weight,
        "auc_right_vs_other_question": round(auc(positives, negatives), 3),
        "auc_95_interval": [round(low, 3), round(high, 3)],
        "auc_coverage_alone": round(coverage_auc, 3),
        "thresholds": list(thresholds),
        "cases": {},
    }
    if parts[POSITIVE]["semantic"]:
        result["auc_semantic_alone"] = round(
            auc(parts[POSITIVE]["semantic"], parts[NEGATIVE]["semantic"]), 3
        )
    for kind in CASE_ORDER:
        values = scores[kind]
        ratings = Counter(rate(v, thresholds) for v in values)
        result["cases"][kind] = {
            "count": len(values),
            "median_score": round(statistics.median(values), 3),
            "ratings": {str(r): ratings.get(r, 0) for r in range(1, 6)},
        }
    return result


def raw_cosine_check(questions, answers, cases, embedder) -> dict:
    """Why the question's direction is taken out: plain cosine rates echoes like right answers."""
    chosen = [c for c in cases if c[0] in (POSITIVE, NEGATIVE, "echo")]
    texts = list(dict.fromkeys([t for _, _, t in chosen] + [answers[pk][0] for _, pk, _ in chosen]))
    vectors = dict(zip(texts, embedder(texts), strict=True))
    cosine: dict[str, list[float]] = defaultdict(list)
    for kind, pk, text in chosen:
        cosine[kind].append(marking._dot(vectors[text], vectors[answers[pk][0]]))
    return {
        "median_plain_cosine": {k: round(statistics.median(v), 3) for k, v in cosine.items()},
        "auc_plain_cosine_right_vs_echo": round(auc(cosine[POSITIVE], cosine["echo"]), 3),
    }


def markdown(report: dict) -> str:
    lines = [
        "# Marking assistant: calibration on the bank",
        "",
        f"Produced by `bench/calibrate_marking.py` from `{report['fixture']}`: "
        f"{report['questions_marked']} open questions with a model answer, "
        f"{report['case_count']} cases. Right answers in other words (`same-other`): "
        f"{report['cases_by_kind'][POSITIVE]}, against {report['cases_by_kind'][NEGATIVE]} "
        "answers to other questions of the same topic (`other-topic`).",
        "",
    ]
    for family in report["methods"]:
        lines += [
            f"## Method `{family['method']}` (coverage weight {family['coverage_weight']})",
            "",
            f"- AUC right answer vs answer to another question: "
            f"**{family['auc_right_vs_other_question']}** (95% bootstrap interval "
            f"{family['auc_95_interval'][0]}–{family['auc_95_interval'][1]}); coverage alone "
            f"{family['auc_coverage_alone']}"
            + (
                f", meaning alone {family['auc_semantic_alone']}"
                if "auc_semantic_alone" in family
                else ""
            )
            + ".",
            f"- Thresholds for ratings 2–5: {', '.join(map(str, family['thresholds']))}.",
            "",
            "| case | n | median score | 1 | 2 | 3 | 4 | 5 |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for kind, row in family["cases"].items():
            counts = " | ".join(str(row["ratings"][str(r)]) for r in range(1, 6))
            lines.append(f"| {kind} | {row['count']} | {row['median_score']} | {counts} |")
        lines.append("")
    if "coverage_weight_grid" in report:
        lines += ["## Choice of the coverage weight (with embeddings)", ""]
        lines += ["| coverage weight | AUC |", "| ---: | ---: |"]
        lines += [f"| {w} | {a} |" for w, a in report["coverage_weight_grid"].items()]
        lines.append("")
    if "plain_cosine" in report:
        check = report["plain_cosine"]
        lines += [
            "## Why the question is taken out of the meaning",
            "",
            "Median plain cosine with the model answer: "
            + ", ".join(f"{k} {v}" for k, v in check["median_plain_cosine"].items())
            + f". AUC of plain cosine, right answer vs echo of the question: "
            f"{check['auc_plain_cosine_right_vs_echo']} (0.5 = cannot tell them apart).",
            "",
        ]
    lines.append(f"Marking all cases took {report['seconds']} s.")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fixture", default=str(ROOT / "fixtures" / "bank.json"))
    parser.add_argument("--no-embeddings", action="store_true", help="key points only")
    args = parser.parse_args()

    questions, answers = load_bank(Path(args.fixture))
    cases = build_cases(questions, answers, random.Random(10))
    weights = marking.term_weights(
        questions[pk]["text"] + "\n" + "\n".join(answers.get(pk, [])) for pk in sorted(questions)
    )
    items = [
        marking.AnswerToMark(
            answer=text,
            question=questions[pk]["text"],
            model_answers=[marking.ModelAnswer(body) for body in answers[pk]],
        )
        for _, pk, text in cases
    ]
    started = time.perf_counter()
    key_point_marks = marking.mark_answers(items, weights=weights, embedder=None)
    families = [summarise(cases, key_point_marks, "key-points", 1.0, random.Random(1))]
    report: dict = {}
    embedder = None if args.no_embeddings else marking.default_embedder()
    if embedder is not None:
        marks = marking.mark_answers(items, weights=weights, embedder=embedder)
        grid = {
            w: summarise(cases, marks, "x", w, random.Random(1))["auc_right_vs_other_question"]
            for w in COVERAGE_WEIGHT_GRID
        }
        report["coverage_weight_grid"] = {str(w): a for w, a in grid.items()}
        family = f"key-points+embeddings:{embedder.name}"
        families.append(summarise(cases, marks, family, marking.COVERAGE_WEIGHT, random.Random(1)))
        report["plain_cosine"] = raw_cosine_check(questions, answers, cases, embedder)
    report = {
        "fixture": str(Path(args.fixture).relative_to(ROOT)),
        "questions_marked": len({pk for _, pk, _ in cases}),
        "case_count": len(cases),
        "cases_by_kind": dict(Counter(kind for kind, _, _ in cases)),
        "formula": {
            "coverage_weight": marking.COVERAGE_WEIGHT,
            "length_share": marking.LENGTH_SHARE,
        },
        "methods": families,
        **report,
        "seconds": round(time.perf_counter() - started, 1),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "marking_calibration.json").write_text(json.dumps(report, indent=2) + "\n")
    (RESULTS / "marking_calibration.md").write_text(markdown(report))
    print(markdown(report))


if __name__ == "__main__":
    main()
