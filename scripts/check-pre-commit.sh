#!/usr/bin/env bash
# Checks the pre-commit hook as a user meets it: installs the real `pre-commit` from PyPI into a
# throwaway venv, makes a scratch git repository whose .pre-commit-config.yaml points at this
# repository (a local path works as a repo URL) at its HEAD commit, and asserts that committing a
# weak answer is refused with the findings shown while a strong answer goes through.
#
# Needs the network (PyPI, crates.io: pre-commit `cargo install`s star-check, which takes a few
# minutes) and commits only what is committed here: run it after committing .pre-commit-hooks.yaml.
#   scripts/check-pre-commit.sh
# Everything it creates lives in one temporary folder, removed on exit (KEEP=1 keeps it).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
rev="$(git -C "$repo" rev-parse HEAD)"
if ! git -C "$repo" diff --quiet HEAD -- .pre-commit-hooks.yaml Cargo.toml src rules; then
    echo "check-pre-commit: uncommitted changes in $repo; pre-commit would test $rev without them" >&2
    exit 2
fi

work="$(mktemp -d)"
cleanup() {
    if [[ "${KEEP:-}" == 1 ]]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
fail() {
    echo "check-pre-commit: FAIL: $*" >&2
    exit 1
}

# A private pre-commit cache and git configuration, so nothing of the user's is read or changed.
export PRE_COMMIT_HOME="$work/pre-commit-cache"
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1

echo "== installing pre-commit into $work/venv"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet pre-commit
pre_commit="$work/venv/bin/pre-commit"
"$pre_commit" --version

scratch="$work/answers-repo"
git init --quiet "$scratch"
cd "$scratch"
git config user.name "check-pre-commit"
git config user.email "check-pre-commit@example.invalid"
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $repo
    rev: $rev
    hooks:
      - id: star-check
        files: ^answers/
YAML
# The README snippet narrows the hook to answers/: this README must not be checked (it would fail).
echo "My interview practice answers." > README.md
git add .pre-commit-config.yaml README.md
"$pre_commit" install

echo "== installing the hook (cargo install of star-check at $rev; a few minutes)"
"$pre_commit" install-hooks
git commit -m "Use the star-check hook" > "$work/setup.log" 2>&1 || { cat "$work/setup.log"; fail "the first commit was refused"; }
cat "$work/setup.log"
grep -q '^star-check\.*(no files to check)Skipped$' "$work/setup.log" || fail "files: ^answers/ did not keep README.md out"

mkdir answers
cp "$repo/fixtures/intro/generic-likes-coding.txt" answers/about-me.txt
git add answers/about-me.txt
echo "== committing a weak answer (must be refused)"
if git commit -m "A weak intro" > "$work/weak.log" 2>&1; then
    cat "$work/weak.log"
    fail "the commit of a weak answer went through"
fi
cat "$work/weak.log"
grep -q '^star-check\.*Failed$' "$work/weak.log" || fail "the star-check hook did not report Failed"
grep -q '^warning\[specificity/no-technologies\]' "$work/weak.log" || fail "the findings are not shown"
grep -q 'answers/about-me.txt:10:1' "$work/weak.log" || fail "the findings do not point into the file"
[[ "$(git rev-list --count HEAD)" == 1 ]] || fail "a commit was made"

git rm --quiet --cached answers/about-me.txt
rm answers/about-me.txt
cp "$repo/fixtures/behavioral/slow-invoices-endpoint.md" answers/slow-endpoint.md
git add answers/slow-endpoint.md
echo "== committing a strong answer (must go through)"
if ! git commit -m "A strong story" > "$work/strong.log" 2>&1; then
    cat "$work/strong.log"
    fail "the commit of a strong answer was refused"
fi
cat "$work/strong.log"
grep -q '^star-check\.*Passed$' "$work/strong.log" || fail "the star-check hook did not report Passed"
[[ "$(git rev-list --count HEAD)" == 2 ]] || fail "the strong answer was not committed"

echo "check-pre-commit: OK: the weak answer was refused with its findings, the strong one committed"
