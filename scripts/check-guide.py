#!/usr/bin/env python3
"""Score the guide's own example answers with star-check.

The guide (/work/shared/guide/backend-interview-guide.txt by default) holds about 21 long quoted
sample answers, "Good Example" or unlabelled, and one "Weak Example" introduction. A tool that
coaches by the guide should pass the guide's good answers and fail its weak one, so this script
reads the answers from the guide at run time, pairs each with a question and runs the binary on it.

The guide often leaves out the question an answer is for, so the questions are ours: QUESTIONS
below pairs the first words of each example with a question phrased for this project. The answers
themselves are never copied into the repository; they are read from the guide file each run.

Usage: scripts/check-guide.py [GUIDE] [--bin PATH] [--pass-mark N]
Exit status: 0 when every good example scores at least the pass mark and the weak one below it,
1 otherwise, 2 when the guide or the binary cannot be used.
"""

import argparse
import json
import os
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_GUIDE = os.path.join(REPO, "..", "shared", "guide", "backend-interview-guide.txt")
DEFAULT_BIN = os.path.join(REPO, "target", "release", "star-check")

# The first words of each example answer (quotes and apostrophes folded to ASCII) and the question
# we ask for it. Keys are just long enough to tell the examples apart.
QUESTIONS = [
    ("I'm a backend developer focused", "Tell me about yourself."),
    ("My strongest backend language", "What's your strongest backend language?"),
    ("I built a task", "Walk me through a backend project you built."),
    ("I start by identifying", "How do you debug a production issue?"),
    ("REST APIs are stateless", "What is a REST API?"),
    ("REST provides fixed", "REST vs GraphQL: when would you choose each?"),
    ("SQL databases use", "What is the difference between SQL and NoSQL databases?"),
    ("I start by understanding", "How would you design a database schema for an application?"),
    ("Time complexity measures", "What is time complexity, and why does it matter for backend work?"),
    ("Hash maps store", "How does a hash map work?"),
    ("I would create resources", "How would you design a REST API for a task management app?"),
    ("Authentication verifies", "What is the difference between authentication and authorization?"),
    ("JWT stands for", "What is a JWT?"),
    ("A monolith combines", "Monolith vs microservices: what are the trade-offs?"),
    ("Our API response times", "Tell me about a difficult technical problem you solved."),
    ("During a code review", "Tell me about a time you received critical feedback."),
    ("I disagreed with", "Tell me about a disagreement with a teammate."),
    ("I would first assess", "What would you do if production went down?"),
    ("I would start by measuring", "How would you improve a slow API?"),
    ("I would approach the situation", "How would you handle a teammate who writes poor-quality code?"),
    ("I usually start with", "How do you learn new technologies?"),
]
WEAK_QUESTION = "Tell me about yourself."
EXPECTED_GOOD = 21
# An example answer is a quoted line of at least this many words; the guide's "Avoid saying"
# one-liners are far shorter.
MIN_WORDS = 20


def fold(text):
    return (
        text.replace("\u2018", "'")
        .replace("\u2019", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
    )


def examples(guide_text):
    """(good examples, weak example): quoted answer lines, quotes stripped, in guide order."""
    good, weak = [], None
    previous = ""
    for raw in guide_text.splitlines():
        line = fold(raw.strip())
        quoted = len(line) > 2 and line.startswith('"') and line.endswith('"')
        if quoted:
            answer = line[1:-1].strip()
            if previous == "Weak Example":
                weak = answer
            elif len(answer.split()) >= MIN_WORDS:
                good.append(answer)
        if line:
            previous = line
    return good, weak


def question_for(answer):
    for key, question in QUESTIONS:
        if answer.startswith(key):
            return question
    return None


def run(binary, question, answer):
    """The report's first answer, or raises RuntimeError with the tool's stderr."""
    result = subprocess.run(
        [binary, "--isolated", "--format", "json", "--question", question, "-"],
        input=answer,
        capture_output=True,
        text=True,
    )
    if result.returncode not in (0, 1):
        raise RuntimeError(result.stderr.strip() or "exit code %d" % result.returncode)
    report = json.loads(result.stdout)
    return report["files"][0]["answers"][0]


def costs(answer):
    """'category -N (rule, rule)' for each category that lost points."""
    by_category = {}
    for diagnostic in answer["diagnostics"]:
        by_category.setdefault(diagnostic["category"], []).append(diagnostic["rule"])
    parts = []
    for category in answer["categories"]:
        lost = category["max"] - category["score"]
        if lost > 0:
            rules = ", ".join(sorted(set(by_category.get(category["id"], []))))
            parts.append("%s -%d (%s)" % (category["id"], lost, rules or "?"))
    return "; ".join(parts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("guide", nargs="?", default=DEFAULT_GUIDE, help="the guide text file")
    parser.add_argument("--bin", default=DEFAULT_BIN, help="the star-check binary")
    parser.add_argument("--pass-mark", type=int, default=65, help="the lowest passing score (good)")
    parser.add_argument("-v", "--verbose", action="store_true", help="show the findings that cost points for every example")
    args = parser.parse_args()

    try:
        with open(args.guide, encoding="utf-8") as f:
            guide = f.read()
    except OSError as e:
        print("check-guide: cannot read the guide: %s" % e, file=sys.stderr)
        return 2
    if not os.access(args.bin, os.X_OK):
        print("check-guide: no star-check binary at %s (cargo build --release, or --bin)" % args.bin, file=sys.stderr)
        return 2

    good, weak = examples(guide)
    ok = True
    if len(good) != EXPECTED_GOOD:
        print("check-guide: found %d example answers, expected %d" % (len(good), EXPECTED_GOOD), file=sys.stderr)
        ok = False
    passing = 0
    for number, answer in enumerate(good, 1):
        question = question_for(answer)
        if question is None:
            print("check-guide: no question for the example starting %r" % " ".join(answer.split()[:5]), file=sys.stderr)
            ok = False
            continue
        try:
            result = run(args.bin, question, answer)
        except (RuntimeError, ValueError, IndexError, KeyError) as e:
            print("check-guide: %s: %s" % (question, e), file=sys.stderr)
            return 2
        passed = result["score"] >= args.pass_mark
        passing += passed
        print("%2d. %-3s %3d %-10s %-11s %s" % (number, "ok" if passed else "LOW", result["score"], result["grade"], result["kind"], question))
        if not passed or args.verbose:
            print("        lost: %s" % (costs(result) or "nothing"))
    print("%d of %d score >= %d" % (passing, len(good), args.pass_mark))
    ok = ok and passing == len(good)

    if weak is None:
        print("check-guide: no \"Weak Example\" answer found", file=sys.stderr)
        return 1
    result = run(args.bin, WEAK_QUESTION, weak)
    weak_ok = result["score"] < args.pass_mark
    print(
        "weak example (%s): %d %s, %s"
        % (WEAK_QUESTION, result["score"], result["grade"], "below %d as it should be" % args.pass_mark if weak_ok else "NOT below %d" % args.pass_mark)
    )
    return 0 if ok and weak_ok else 1


if __name__ == "__main__":
    sys.exit(main())
