#!/usr/bin/env python3
"""Fit the behavioral scoring numbers (category weights, a few penalties, the two length tiers) to
people's quality labels in the shared corpus, and say how well they order answers nobody tuned on.

  scripts/fit-scoring.py --bin PATH [--corpus answers.jsonl] [--guide GUIDE]

What it does, deterministically:
1. Runs the binary on every behavioral corpus answer (as score.py does) and keeps each answer's
   findings and word count. Findings do not depend on the numbers fitted here, except the length
   ones, which are recomputed from the word count; so rerunning after the rules changed gives the
   same fit.
2. Recomputes the score as src/score.rs does (a category loses the sum of its findings' penalties as a
   share of its points, never below zero) for candidate numbers, and searches a coarse grid of length
   tiers and, inside each, a greedy walk over the category weights (5-point moves, above a floor) for
   the best `quality_pairwise`: the share of pairs of answers with different labels that the scores
   put in the same order, ties counting half.
3. Constraints: the fixtures' behavioral answers marked strong keep at least the grade they have
   under the rules as committed and outscore every one marked weak (tests/accuracy.rs); and the guide's behavioral Good Examples, asked with scripts/check-guide.py's questions,
   must keep scoring at least 65 plus a margin of 3 (the guide is the project's specification; its model answers are 40
   to 60 words).
4. Cross-validation by source: sources are dealt round-robin, largest first, into 5 folds; numbers
   fitted on 4 folds score the 5th, and the held-out scores of all folds are pooled into one
   `quality_pairwise`. That pooled figure is what to quote; the figure on all data is optimistic.

Prints the figures and the fitted numbers as TOML to paste into rules/scoring.toml and
rules/metrics.toml. Python 3.11+ standard library only.
"""

import argparse
import copy
import glob
import importlib.util
import json
import os
import subprocess
import sys
import tomllib

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(REPO, "..", "shared")
RANK = {"strong": 3, "ok": 2, "weak": 1}
# Categories whose points the walk may move (red-flags keeps its 10: the corpus has no red flag).
CATEGORIES = ["structure", "specificity", "ownership", "impact", "wording", "length"]
# The least a category may keep: the guide names ownership and communication among what interviewers
# evaluate in a behavioral answer, and written notes (the corpus) say little about how an answer
# sounds in the room, so the fit may not drop them. Penalties stay as the rule files set them: with
# 56 answers, fitting them as well overfitted (0.79 on the data, 0.69 held out).
FLOOR = {"structure": 20, "specificity": 5, "ownership": 10, "impact": 10, "wording": 10, "length": 10}
# Length tiers: (far-too-short below, its share) and (too-short below, its share), behavioral.
FAR = [25, 30, 35, 40]
SHORT = [60, 90, 120, 150, 180, 210]
SHARES = [(0.25, 0.25), (0.25, 0.5), (0.5, 0.25), (0.5, 0.5), (0.3, 0.7), (0.4, 0.6)]
FOLDS = 5
PASS = 65
# Points of headroom the guide's examples must keep above PASS, since the STAR labeller's findings
# move a little each time it is refitted.
MARGIN = 3


def load_rules():
    rules = {}
    for path in sorted(glob.glob(os.path.join(REPO, "rules", "*.toml"))):
        with open(path, "rb") as f:
            for rule in tomllib.load(f).get("rule", []):
                if "severity" in rule:
                    rules[rule["id"]] = rule
    with open(os.path.join(REPO, "rules", "scoring.toml"), "rb") as f:
        scoring = tomllib.load(f)["scoring"]
    return rules, scoring


def run(binary, text, question, kind=None):
    args = [binary, "--isolated", "--format", "json"]
    if kind:
        args += ["--kind", kind]
    if question:
        args += ["--question", question]
    p = subprocess.run(args + ["-"], input=text.encode(), capture_output=True, timeout=60)
    if p.returncode not in (0, 1):
        raise RuntimeError(p.stderr.decode(errors="replace"))
    a = json.loads(p.stdout)["files"][0]["answers"][0]
    return {"words": a["words"], "rules": [d["rule"] for d in a["diagnostics"]], "kind": a["kind"]}


def guide_examples(binary, guide):
    spec = importlib.util.spec_from_file_location("check_guide", os.path.join(REPO, "scripts", "check-guide.py"))
    cg = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(cg)
    with open(guide, encoding="utf-8") as f:
        good, _ = cg.examples(f.read())
    out = []
    for answer in good:
        question = cg.question_for(answer)
        if question:
            x = run(binary, answer, question)
            if x["kind"] == "behavioral":
                out.append(x)
    return out


def behavioral_fixtures(binary):
    """The fixtures' behavioral answers with a strong or weak `expect.quality`, and their grade now."""
    out = []
    for path in sorted(glob.glob(os.path.join(REPO, "fixtures", "behavioral", "*"))):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if not text.startswith("+++\n"):
            continue
        front = tomllib.loads(text[4:text.index("\n+++", 4)])
        quality = front.get("expect", {}).get("quality")
        if quality not in ("strong", "weak"):
            continue
        p = subprocess.run([binary, "--isolated", "--format", "json", path], capture_output=True, timeout=60)
        a = json.loads(p.stdout)["files"][0]["answers"][0]
        if any(d["rule"].startswith("answer/") for d in a["diagnostics"]):
            continue
        out.append({"words": a["words"], "rules": [d["rule"] for d in a["diagnostics"]], "quality": quality,
                    "grade": grade(a["score"]), "red_flag": any(d["rule"].startswith("red-flag/") for d in a["diagnostics"])})
    return out


def score(x, p, rules, scoring):
    """src/score.rs for a behavioral answer, with the length findings recomputed from the tiers."""
    spent = {}
    for rule_id in x["rules"]:
        if rule_id in ("length/too-short", "length/far-too-short"):
            continue
        rule = rules[rule_id]
        penalty = p["pen"].get(rule_id, rule.get("penalty", scoring["penalty"][rule["severity"]]))
        spent[rule["category"]] = spent.get(rule["category"], 0.0) + penalty
    (far, far_share), (short, short_share) = p["length"]
    spent["length"] = spent.get("length", 0.0) + (far_share if x["words"] < far else 0) + (short_share if x["words"] < short else 0)
    # int(v + 0.5) is Rust's round() for these non-negative values (Python's round() is banker's).
    total = sum(int(w * (1 - min(1.0, spent.get(c, 0.0))) + 0.5) for c, w in p["w"].items())
    return min(total, scoring["red-flag-cap"]) if x.get("red_flag") else total


def pairwise(pairs):
    agree = total = 0.0
    for i, (qa, sa) in enumerate(pairs):
        for qb, sb in pairs[i + 1:]:
            if qa != qb:
                total += 1
                agree += 1 if (sa - sb) * (qa - qb) > 0 else (0.5 if sa == sb else 0)
    return agree / max(1.0, total)


def grade(total):
    return 3 if total >= 80 else 2 if total >= 65 else 1 if total >= 45 else 0


def objective(p, rows, guide, rules, scoring, fixtures=()):
    if any(score(g, p, rules, scoring) < PASS + MARGIN for g in guide):
        return -1.0
    strong = [score(x, p, rules, scoring) for x in fixtures if x["quality"] == "strong"]
    weak = [score(x, p, rules, scoring) for x in fixtures if x["quality"] == "weak"]
    if strong and weak and min(strong) <= max(weak):
        return -1.0
    if any(grade(score(x, p, rules, scoring)) < x["grade"] for x in fixtures if x["quality"] == "strong"):
        return -1.0
    return pairwise([(RANK[x["quality"]], score(x, p, rules, scoring)) for x in rows])


def neighbours(p, rules):
    for a in CATEGORIES:
        for b in CATEGORIES:
            if a != b and p["w"][b] - 5 >= FLOOR[b]:
                q = copy.deepcopy(p)
                q["w"][a] += 5
                q["w"][b] -= 5
                yield q


def walk(p, rows, guide, rules, scoring, fixtures):
    best = objective(p, rows, guide, rules, scoring, fixtures)
    while True:
        # max() keeps the first of equals, and neighbours() has a fixed order: deterministic.
        candidate = max(neighbours(p, rules), key=lambda q: objective(q, rows, guide, rules, scoring, fixtures))
        value = objective(candidate, rows, guide, rules, scoring, fixtures)
        if value <= best + 1e-9:
            return p, best
        p, best = candidate, value


def fit(rows, guide, start, rules, scoring, fixtures):
    best = None
    for far in FAR:
        for short in SHORT:
            for far_share, short_share in SHARES:
                p = copy.deepcopy(start)
                p["length"] = [(far, far_share), (short, short_share)]
                p, value = walk(p, rows, guide, rules, scoring, fixtures)
                if best is None or value > best[1] + 1e-9:
                    best = (p, value)
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", required=True)
    ap.add_argument("--corpus", default=os.path.join(SHARED, "corpus", "answers.jsonl"))
    ap.add_argument("--guide", default=os.path.join(SHARED, "guide", "backend-interview-guide.txt"))
    args = ap.parse_args()
    rules, scoring = load_rules()
    with open(args.corpus, encoding="utf-8") as f:
        corpus = [json.loads(line) for line in f if line.strip()]
    rows = []
    for r in corpus:
        if r["kind"] == "behavioral" and r.get("quality") in RANK:
            x = run(args.bin, r["text"], r["question"], "behavioral")
            x.update(source=r["source"].split(":")[0], quality=r["quality"])
            rows.append(x)
    guide = guide_examples(args.bin, args.guide)
    fixtures = behavioral_fixtures(args.bin)
    weights = scoring["weights"]["behavioral"]
    start = {"w": {c: weights.get(c, 0) for c in CATEGORIES + ["red-flags"]}, "pen": {}, "length": None}

    sources = sorted({x["source"] for x in rows}, key=lambda s: (-sum(x["source"] == s for x in rows), s))
    fold = {s: i % FOLDS for i, s in enumerate(sources)}
    held = []
    for k in range(FOLDS):
        train = [x for x in rows if fold[x["source"]] != k]
        test = [x for x in rows if fold[x["source"]] == k]
        p, value = fit(train, guide, start, rules, scoring, fixtures)
        held += [(RANK[x["quality"]], score(x, p, rules, scoring)) for x in test]
        print("fold %d: %2d answers held out, train %.3f, held out %.3f" % (k, len(test), value, pairwise([(RANK[x["quality"]], score(x, p, rules, scoring)) for x in test])))
    cv = pairwise(held)
    p, value = fit(rows, guide, start, rules, scoring, fixtures)
    print("quality_pairwise cross-validated by source (%d folds, pooled): %.3f" % (FOLDS, cv))
    print("quality_pairwise fitted on all %d answers (optimistic): %.3f" % (len(rows), value))
    print("guide behavioral examples: %s" % [score(g, p, rules, scoring) for g in guide])
    print("\n[scoring.weights.behavioral]")
    for c in ["structure", "specificity", "ownership", "impact", "trade-offs", "wording", "red-flags", "length"]:
        print("%s = %d" % (c, p["w"].get(c, 0)))
    (far, far_share), (short, short_share) = p["length"]
    print("\n# length, behavioral: length/far-too-short below %d words costs %s; length/too-short below %d costs %s" % (far, far_share, short, short_share))


if __name__ == "__main__":
    sys.exit(main())
