#!/usr/bin/env bash
# Measures the render layer in release mode: ms per cover sheet (one thread and in parallel)
# and ms per packet page. Prints the figures; nothing is asserted. Slow the first time: the
# release build of typst takes several minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
date -u +"%Y-%m-%dT%H:%MZ $(nproc) cores"
cargo test --release --quiet --test render -- --ignored --exact measure_render_speed --nocapture 2>&1 \
    | grep -E '^(cover sheet|packet)'
