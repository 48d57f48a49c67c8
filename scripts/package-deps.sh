#!/usr/bin/env bash
# Prints which dev.gatehouse packages each package uses and fails (exit 1) naming any package cycle.
#   scripts/package-deps.sh                 the application (src/main/java)
#   scripts/package-deps.sh src/test/java   the tests, or any other source roots
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$#" -eq 0 ]; then
    set -- src/main/java
fi
exec java scripts/PackageDependencies.java "$@"
