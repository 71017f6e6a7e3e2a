#!/bin/sh
# The integrated example's worker: a tiny grpc.health.v1 server from the hsu jar. HSU appends
# `--port N`; this passes it on. Needs `java` on PATH and a built hsu-cli/target/hsu.jar.
here="$(cd "$(dirname "$0")" && pwd)"
exec java -Xmx64m -jar "$here/../../hsu-cli/target/hsu.jar" example-health-server "$@"
