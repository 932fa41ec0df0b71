#!/usr/bin/env bash
# Runs each cargo-fuzz target for a fixed time, one after the other, and reports any crash.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     SECONDS per target, default 600; targets: analyze rules
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and a nightly compiler for libFuzzer's sanitizer
# flags: `rustup toolchain install nightly`, or, with stable only, RUSTC_BOOTSTRAP=1 (used
# automatically when no nightly toolchain is installed). The fuzzers are built without a sanitizer by
# default: star-check has no `unsafe`, panics and hangs are what we look for, and AddressSanitizer
# would make each run two to three times slower. FUZZ_SANITIZER=address turns it on.
#
# The corpus grows in fuzz/corpus/TARGET (git-ignored), seeded read-only from fixtures/, rules/ and
# tests/regressions/TARGET. A crash is left in fuzz/artifacts/TARGET/; copy it into
# tests/regressions/TARGET/ once fixed, and `cargo test` keeps it fixed. Exits 1 if any target crashed.

set -euo pipefail

cd "$(dirname "$0")/.."
seconds="${1:-600}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(analyze rules)
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz.sh: cargo-fuzz is not installed: cargo install cargo-fuzz" >&2
    exit 2
fi
if rustup run nightly rustc --version >/dev/null 2>&1; then
    fuzz=(cargo +nightly fuzz)
else
    echo "fuzz.sh: no nightly toolchain; using the default one with RUSTC_BOOTSTRAP=1" >&2
    export RUSTC_BOOTSTRAP=1
    fuzz=(cargo fuzz)
fi
sanitizer=(--sanitizer "${FUZZ_SANITIZER:-none}")

# The rules target starts from every built-in rule cut out on its own (and each `[star]`, `[scoring]`
# or `[lexicon]` table): small inputs that load, which mutations then break in every way.
rule_seeds=fuzz/corpus/rules-seeds
rm -rf "$rule_seeds"
mkdir -p "$rule_seeds"
for file in rules/*.toml; do
    awk -v out="$rule_seeds/$(basename "$file" .toml)" '/^\[/ { n++ } n > 0 { print > (out "-" n ".toml") }' "$file"
done

seeds_for() {
    case "$1" in
        analyze) echo "fixtures tests/regressions/analyze" ;;
        rules) echo "$rule_seeds tests/regressions/rules" ;;
    esac
}

# Longest input tried: answers as long as the longest fixture grow on their own; rule files are
# kept to a few rules so that each run stays fast.
max_len_for() {
    case "$1" in
        rules) echo "-max_len=4096" ;;
        *) echo "-max_len=16384" ;;
    esac
}

status=0
for target in "${targets[@]}"; do
    corpus="fuzz/corpus/$target"
    artifacts="fuzz/artifacts/$target"
    log="fuzz/artifacts/$target.log"
    mkdir -p "$corpus" "$artifacts"
    before=$(find "$artifacts" -type f | sort)
    seeds=()
    for dir in $(seeds_for "$target"); do
        [ -d "$dir" ] && seeds+=("$dir")
    done
    echo "== $target: ${seconds}s (log: $log)"
    # libFuzzer writes new inputs only into the first corpus folder; the seed folders are read.
    # -timeout: an input taking over 10 s is reported as a hang; -rss_limit_mb: a memory blow-up.
    failed=0
    if ! "${fuzz[@]}" run "${sanitizer[@]}" "$target" "$corpus" "${seeds[@]}" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 "$(max_len_for "$target")" \
        -dict="fuzz/$target.dict" -print_final_stats=1 >"$log" 2>&1; then
        failed=1
        status=1
    fi
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|Done [0-9]+ runs)' "$log" || true
    after=$(find "$artifacts" -type f | sort)
    new=$(comm -13 <(echo "$before") <(echo "$after") | sed '/^$/d')
    if [ -n "$new" ]; then
        status=1
        echo "   crashes:"
        echo "$new" | sed 's/^/     /'
        grep -m1 -A3 -E 'panicked|ERROR: libFuzzer|SUMMARY' "$log" | sed 's/^/     /' || true
    elif [ "$failed" -ne 0 ]; then
        echo "   the fuzzer failed; see $log"
        tail -5 "$log" | sed 's/^/     /'
    else
        echo "   no crash"
    fi
done
exit "$status"
