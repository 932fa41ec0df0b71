#!/usr/bin/env bash
# Tries the editor and CI snippets of README ("Editors and CI") as a new user would: each snippet is
# taken from the Markdown as written, put where the editor looks for it, and run on real answers in
# a scratch repository; the script checks where each finding lands.
#
#   scripts/try-integrations.sh [MARKDOWN]      (default: README.md)
#
# Needs what each snippet needs, and skips (saying so) what is not installed: vim, nvim, emacs
# (`apt-get install vim-nox neovim emacs-nox`), node (the VS Code problem matcher's regex is
# JavaScript), and check-jsonschema from PyPI (the workflow against GitHub's workflow schema, the
# SARIF file against tests/sarif-schema-2.1.0.json). Not part of `cargo test`: it needs those tools.
# The curly quotes in the expected text are the point of the test answer, not typos:
# shellcheck disable=SC1112
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
doc="${1:-}"
if [[ -z "$doc" ]]; then
  doc="$repo/README.md"
  grep -q '^## Editors and CI' "$doc" || doc="$repo/docs/readme-formats.md"
fi
doc="$(cd "$(dirname "$doc")" && pwd)/$(basename "$doc")"

cargo build --quiet --manifest-path "$repo/Cargo.toml"
export PATH="$repo/target/debug:$PATH"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
failures=0
pass() { echo "ok    $*"; }
fail() { echo "FAIL  $*"; failures=$((failures + 1)); }
skip() { echo "skip  $* (not installed)"; }
# expect NAME FILE PATTERN: FILE has a line matching the extended regex PATTERN.
expect() { if grep -Eq -- "$3" "$2"; then pass "$1"; else fail "$1: no line matching /$3/ in:"; cat "$2"; fi; }

# snippet MARKER: the fenced block of $doc whose text contains MARKER.
snippet() {
  python3 - "$doc" "$1" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
for block in re.findall(r"^```[^\n]*\n(.*?)^```", text, flags=re.S | re.M):
    if sys.argv[2] in block:
        sys.stdout.write(block)
        sys.exit(0)
sys.exit(f"no snippet containing {sys.argv[2]!r} in {sys.argv[1]}")
PY
}

# A repository of answers: a fixture, and an answer with curly quotes before its findings, where a
# byte column and a character column differ.
git init --quiet .
mkdir answers
cp "$repo/fixtures/behavioral/flaky-ci-no-result.md" answers/
cat > answers/curly.md <<'EOF'
+++
question = "Tell me about a time you shipped under pressure."
+++
We’re a team of five — “always” late. Honestly, I don’t write tests when we’re rushed.
EOF
printf '\n' > empty.md
# Where the findings must land: (line:col) severity, then the text at that column.
#   curly.md 4:39 info  "Honestly" (wording/filler)   4:49 error "I don’t" (red-flag/no-tests)
#   flaky-ci-no-result.md 14:386 error "I'm honestly" (red-flag/dislikes-code-review)

# --- Vim and Neovim ---------------------------------------------------------------------------
mkdir -p vimfiles/compiler
snippet 'let current_compiler = "star-check"' > vimfiles/compiler/star-check.vim
cat > qf.vim <<'EOF'
" Writes each quickfix entry and the text where :cc puts the cursor.
let s:out = []
for s:i in range(len(getqflist()))
  let s:e = getqflist()[s:i]
  if !s:e.valid | call add(s:out, 'unlocated ' . s:e.text) | continue | endif
  execute 'silent cc ' . (s:i + 1)
  call add(s:out, printf('%s:%d:%d %s at "%s" %s', fnamemodify(bufname(s:e.bufnr), ':t'), s:e.lnum, s:e.col,
        \ s:e.type, strcharpart(getline('.'), charcol('.') - 1, 8), s:e.text))
endfor
call writefile(s:out, $QF_OUT)
qall!
EOF
for vim in vim nvim; do
  if ! command -v "$vim" >/dev/null; then skip "$vim"; continue; fi
  flags=(-es); [[ $vim == nvim ]] && flags=(--headless)
  run_vim() { QF_OUT="$scratch/qf.txt" "$vim" -N -u NONE -i NONE "${flags[@]}" --cmd "set rtp^=$scratch/vimfiles" "$@" \
    -c 'source qf.vim' >/dev/null 2>&1 || true; }
  run_vim -c 'compiler star-check' -c 'silent make' answers/curly.md
  expect "$vim :make, score line" qf.txt '^curly.md:4:1 i at "We’re a " \[score\] [0-9]+/100 '
  expect "$vim :make, info finding after curly quotes" qf.txt '^curly.md:4:39 i at "Honestly" \[wording/filler\]'
  expect "$vim :make, error finding after curly quotes" qf.txt '^curly.md:4:49 e at "I don’t " \[red-flag/no-tests\]'
  run_vim -c 'compiler star-check' -c 'silent make' empty.md
  expect "$vim :make, a file that cannot be checked" qf.txt '^empty.md:1:1 e at "" \[io\] empty answer'
  if grep -q unlocated qf.txt; then fail "$vim: the stderr line was not hidden"; cat qf.txt; fi
  run_vim -c 'compiler! star-check' -c "cexpr system('star-check --format short answers/')"
  expect "$vim :cexpr on a folder" qf.txt '^flaky-ci-no-result.md:14:386 e at "I.m hone" \[red-flag/dislikes-code-review\]'
done

# --- VS Code ----------------------------------------------------------------------------------
if command -v node >/dev/null; then
  mkdir -p .vscode
  snippet '"problemMatcher"' > .vscode/tasks.json
  node - > vscode.txt <<'EOF'
// Runs the task's command with its args, then applies its problem matcher as VS Code does: the
// regexp on each line, the groups to fields, the column as a UTF-16 offset into the file's line.
const { execFileSync } = require("child_process");
const fs = require("fs");
const task = JSON.parse(fs.readFileSync(".vscode/tasks.json", "utf8")).tasks[0];
const m = task.problemMatcher, p = m.pattern, re = new RegExp(p.regexp);
let out;
try { out = execFileSync(task.command, task.args, { encoding: "utf8" }); } catch (e) { out = e.stdout; }
for (const line of out.split("\n").filter(Boolean)) {
  const g = line.match(re);
  if (!g) { console.log("unmatched " + line); continue; }
  const file = g[p.file], row = +g[p.line], col = +g[p.column];
  const text = fs.readFileSync(file, "utf8").split("\n")[row - 1].slice(col - 1, col + 7);
  console.log(`${file.split("/").pop()}:${row}:${col} ${g[p.severity]} at "${text}" ${g[p.code]}`);
}
EOF
  if grep -q unmatched vscode.txt; then fail "VS Code: lines the problem matcher misses"; grep unmatched vscode.txt; fi
  expect "VS Code problem matcher, info after curly quotes" vscode.txt '^curly.md:4:39 info at "Honestly" wording/filler$'
  expect "VS Code problem matcher, error" vscode.txt '^curly.md:4:49 error at "I don’t " red-flag/no-tests$'
  expect "VS Code problem matcher, score" vscode.txt '^flaky-ci-no-result.md:10:1 info at "At my pr" score$'
  expect "VS Code problem matcher, red flag" vscode.txt '^flaky-ci-no-result.md:14:386 error at "I.m hone" red-flag/dislikes-code-review$'
else
  skip node
fi

# --- Emacs ------------------------------------------------------------------------------------
if command -v emacs >/dev/null; then
  snippet ';; .dir-locals.el' > .dir-locals.el
  cat > visit.el <<'EOF'
;; Opens an answer, runs C-x p c (project-compile) with the .dir-locals.el command, then visits every
;; message with next-error's machinery and prints where it lands.
(require 'compile)
(require 'project)
(setq compilation-skip-threshold 0 compilation-read-command nil enable-local-variables :all
      project-list-file (expand-file-name "emacs-projects"))
(find-file "answers/curly.md")
(project-compile)
(let ((buf (get-buffer "*compilation*")))
  (while (get-buffer-process buf) (accept-process-output nil 0.1))
  (with-current-buffer buf
    (goto-char (point-min))
    (condition-case nil
        (while t
          (compilation-next-error 1)
          (let* ((msg (get-text-property (point) 'compilation-message))
                 (type (aref ["info" "warning" "error"] (compilation--message->type msg)))
                 (rule (and (looking-at ".*?\\[\\([^]]+\\)\\]") (match-string 1))))
            (save-window-excursion
              (compile-goto-error)
              (princ (format "%s:%d:%d %s at \"%s\" %s\n" (file-name-nondirectory (buffer-file-name))
                             (line-number-at-pos) (1+ (current-column)) type
                             (buffer-substring (point) (min (line-end-position) (+ (point) 8))) rule)))))
      (error nil))))
EOF
  emacs --batch -Q -l visit.el > emacs.txt 2>/dev/null || true
  expect "Emacs project-compile, score is info" emacs.txt '^curly.md:4:1 info at "We’re a " score$'
  expect "Emacs, info after curly quotes" emacs.txt '^curly.md:4:39 info at "Honestly" wording/filler$'
  expect "Emacs, error after curly quotes" emacs.txt '^curly.md:4:49 error at "I don’t " red-flag/no-tests$'
  expect "Emacs, warning" emacs.txt '^flaky-ci-no-result.md:12:65 warning at "a lot of" wording/vague$'
  expect "Emacs, red flag" emacs.txt '^flaky-ci-no-result.md:14:386 error at "I.m hone" red-flag/dislikes-code-review$'
else
  skip emacs
fi

# --- GitHub Actions ---------------------------------------------------------------------------
snippet 'upload-sarif' > workflow.yml
if command -v check-jsonschema >/dev/null; then
  if check-jsonschema --builtin-schema vendor.github-workflows workflow.yml >/dev/null; then
    pass "workflow is valid against GitHub's workflow schema"
  else
    fail "workflow schema"; check-jsonschema --builtin-schema vendor.github-workflows workflow.yml || true
  fi
else
  skip "check-jsonschema (workflow schema)"
fi
# The `run:` steps after the install, as the runner runs them (bash -e), then the runner's parsing
# of the workflow commands, re-implemented from its documented escaping.
python3 - workflow.yml > steps.sh <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
for command in re.findall(r"^\s+run: (.*)$", text, flags=re.M):
    if not command.startswith("cargo install"):
        print(command)
PY
step=0
while IFS= read -r command; do
  step=$((step + 1))
  set +e; bash -e -c "$command" > "step$step.out" 2>&1; code=$?; set -e
  echo "$code" > "step$step.code"
done < steps.sh
if [[ $(cat step1.code) == 1 ]]; then pass "Check answers step fails the job on a failing answer"; else fail "step 1 exit $(cat step1.code)"; fi
if [[ $(cat step2.code) == 0 ]]; then pass "Write SARIF step passes with failing answers"; else fail "step 2 exit $(cat step2.code)"; fi
python3 - step1.out <<'PY' > github.txt
import sys
def unescape(s, prop):
    for a, b in ([("%3A", ":"), ("%2C", ",")] if prop else []) + [("%0D", "\r"), ("%0A", "\n"), ("%25", "%")]:
        s = s.replace(a, b)
    return s
for line in open(sys.argv[1], encoding="utf-8"):
    if not line.startswith("::"):
        print("not a command: " + line.rstrip()); continue
    head, message = line[2:].rstrip("\n").split("::", 1)
    name, _, props = head.partition(" ")
    props = dict((k, unescape(v, True)) for k, v in (p.split("=", 1) for p in props.split(",")))
    first = unescape(message, False).split("\n")
    print(f"{name} {props['file'].split('/')[-1]}:{props['line']}:{props['col']} {props['title']}: {first[0]} | {' | '.join(first[1:])}")
PY
if grep -q "not a command" github.txt; then fail "github: lines that are not workflow commands"; fi
expect "github annotation, red flag with its advice" github.txt \
  '^error flaky-ci-no-result.md:14:386 red-flag/dislikes-code-review: Saying you dislike code reviews.* \| help: Describe how code review'
expect "github annotation, score notice" github.txt '^notice curly.md:4:1 score: [0-9]+/100 '
if command -v check-jsonschema >/dev/null; then
  if check-jsonschema --schemafile "$repo/tests/sarif-schema-2.1.0.json" star-check.sarif >/dev/null; then
    pass "star-check.sarif is valid SARIF 2.1.0"
  else
    fail "SARIF schema"; check-jsonschema --schemafile "$repo/tests/sarif-schema-2.1.0.json" star-check.sarif || true
  fi
else
  skip "check-jsonschema (SARIF schema)"
fi

echo
if ((failures)); then echo "$failures failed"; exit 1; fi
echo "every snippet behaved as README says"
