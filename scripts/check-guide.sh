#!/bin/sh
# Scores the guide's example answers with star-check (see scripts/check-guide.py).
# Usage: scripts/check-guide.sh [GUIDE] [--bin PATH] [--pass-mark N] [-v]
# With no --bin, uses $CARGO_TARGET_DIR/release/star-check if set, else target/release/star-check;
# build it first with `cargo build --release`.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
case " $* " in
  *" --bin "*|*" --bin="*) exec python3 "$here/check-guide.py" "$@" ;;
esac
bin="$here/../target/release/star-check"
if [ -n "${CARGO_TARGET_DIR:-}" ]; then bin="$CARGO_TARGET_DIR/release/star-check"; fi
exec python3 "$here/check-guide.py" --bin "$bin" "$@"
