#!/usr/bin/env bash
# Tries README's Neovim setup for `star-check lsp` as a new user would: the Lua snippet for the
# installed Neovim's version (`vim.lsp.config` for 0.11 and later, `vim.lsp.start_client` before),
# taken from README as written, is the whole config of a headless Neovim that opens a fixture
# answer, waits for the server's diagnostics and writes them out; the script prints them and checks
# that the score and the missing Result are there, on the lines the check command reports.
#
#   scripts/try-neovim.sh [ANSWER]     (default: fixtures/behavioral/flaky-ci-no-result.md)
#
# Needs nvim (Debian: `apt-get install neovim`, which is 0.7). Not part of `cargo test` or .ci/run.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
answer="$(realpath "${1:-$repo/fixtures/behavioral/flaky-ci-no-result.md}")"
command -v nvim > /dev/null || { echo "try-neovim: nvim is not installed (apt-get install neovim)"; exit 1; }

cargo build --quiet --manifest-path "$repo/Cargo.toml"
target="$(cargo metadata --format-version 1 --no-deps --manifest-path "$repo/Cargo.toml" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
export PATH="$target/debug:$PATH"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

version="$(nvim --version | head -1)"
minor="$(sed -E 's/^NVIM v0\.([0-9]+).*/\1/' <<< "$version")"
marker='vim.lsp.start_client'
if [[ "$minor" -ge 11 ]]; then marker="vim.lsp.config('star_check'"; fi
python3 - "$repo/README.md" "$marker" > "$scratch/init.lua" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
for block in re.findall(r"^```lua\n(.*?)^```", text, flags=re.S | re.M):
    if sys.argv[2] in block:
        sys.stdout.write(block)
        sys.exit(0)
sys.exit(f"no lua snippet containing {sys.argv[2]!r} in README")
PY
cat > "$scratch/read-back.lua" <<'LUA'
-- Waits up to 10 s for diagnostics from star-check, then writes one line each.
vim.wait(10000, function() return #vim.diagnostic.get(0) > 0 end, 100)
local lines = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or ''
  -- Neovim holds byte columns; star-check's short format counts characters.
  local text = vim.api.nvim_buf_get_lines(0, d.lnum, d.lnum + 1, false)[1] or ''
  local column = vim.str_utfindex(text, math.min(d.col, #text))
  table.insert(lines, string.format('%d:%d %s [%s] %s', d.lnum + 1, column + 1,
    vim.diagnostic.severity[d.severity], code, d.message))
end
vim.fn.writefile(lines, os.getenv('DIAGNOSTICS_OUT'))
LUA

echo "try-neovim: $version, README snippet with $marker"
cp "$answer" "$scratch/answer.md"
DIAGNOSTICS_OUT="$scratch/diagnostics.txt" timeout 60 nvim --headless -u "$scratch/init.lua" "$scratch/answer.md" \
  -c "luafile $scratch/read-back.lua" -c 'qa!' > "$scratch/nvim.log" 2>&1 || true
if [[ ! -s "$scratch/diagnostics.txt" ]]; then
  echo "try-neovim: FAIL: no diagnostics; Neovim said:"; cat "$scratch/nvim.log"; exit 1
fi
echo "Diagnostics Neovim holds for $(basename "$answer"):"
sed 's/^/  /' "$scratch/diagnostics.txt"

# The same findings, from the check command, as `line:col rule`, to compare with Neovim's.
expected="$(cd "$scratch" && star-check --format short answer.md | sed -E 's/^answer\.md:([0-9]+):([0-9]+): [a-z]+\[([^]]+)\].*/\1:\2 \3/' || true)"
failures=0
while read -r at rule; do
  if grep -Fq -- "$at " "$scratch/diagnostics.txt" && grep -F -- "$at " "$scratch/diagnostics.txt" | grep -Fq "[$rule]"; then
    echo "ok    $at $rule"
  else
    echo "FAIL  $at $rule: not among Neovim's diagnostics"; failures=$((failures + 1))
  fi
done <<< "$expected"
grep -Eq '\[score\] [0-9]+/100 [a-z-]+' "$scratch/diagnostics.txt" || { echo "FAIL  no score diagnostic"; failures=$((failures + 1)); }
if [[ "$failures" -gt 0 ]]; then echo "try-neovim: FAIL: $failures"; exit 1; fi
echo "try-neovim: OK: Neovim shows every finding star-check reports, where it reports it"
