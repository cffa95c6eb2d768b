#!/usr/bin/env bash
# Checks the Prometheus config, the alert rules and their unit tests with promtool (CI runs this).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
command -v promtool >/dev/null || { echo "promtool not found: apt-get install prometheus" >&2; exit 1; }
promtool check config prometheus.yml
promtool check rules alerts.yml
promtool test rules alerts_test.yml
