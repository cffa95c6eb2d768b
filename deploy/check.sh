#!/usr/bin/env bash
# Checks the deployment files without a Docker engine (CI runs this): docker-compose.yml resolves,
# and the Prometheus config it mounts passes promtool with the alert rules laid out as the
# container sees them (/etc/prometheus/prometheus.yml next to /etc/prometheus/alerts.yml).
# The Helm chart (deploy/helm/junction) needs no tool here: HelmChartTest renders it with Helm's own
# code (helm-java) and validates every manifest during `mvn verify`; this script only makes sure
# the chart's links to the single-source alert rules and dashboard resolve.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v docker-compose >/dev/null || { echo "docker-compose not found: apt-get install docker-compose" >&2; exit 1; }
command -v promtool >/dev/null || { echo "promtool not found: apt-get install prometheus" >&2; exit 1; }

docker-compose -f docker-compose.yml config -q
echo "docker-compose.yml: valid"

etc_prometheus="$(mktemp -d)"
trap 'rm -rf "$etc_prometheus"' EXIT
cp deploy/prometheus/prometheus.yml "$etc_prometheus/prometheus.yml"
cp metrics/prometheus/alerts.yml "$etc_prometheus/alerts.yml"
promtool check config "$etc_prometheus/prometheus.yml"

for link in deploy/helm/junction/files/*; do
  [ -e "$link" ] || { echo "$link: broken link (the chart reads the alert rules and dashboard through it)" >&2; exit 1; }
done
echo "deploy/helm/junction: links to the alert rules and dashboard resolve"
