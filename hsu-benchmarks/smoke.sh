#!/usr/bin/env bash
# Smoke-runs every JMH benchmark once with tiny iterations so they cannot rot; asserts nothing
# about speed. Exits non-zero when the jar is missing or any benchmark fails (-foe true).
# Usage: hsu-benchmarks/smoke.sh [extra JMH args]   (build first: mvn -B -pl hsu-benchmarks -am package -DskipTests)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/target/benchmarks.jar"
if [[ ! -f "$jar" ]]; then
  echo "smoke.sh: $jar not found; build it with: mvn -B -pl hsu-benchmarks -am package -DskipTests" >&2
  exit 2
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$java" -jar "$jar" -f 1 -wi 1 -i 1 -w 100ms -r 100ms -foe true "$@"
