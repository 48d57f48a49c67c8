#!/usr/bin/env bash
# The cost of one password hash at Gatehouse's Argon2id parameters, on this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d target/classes ] || mvn -B -q compile
BCPROV=$(mvn -B -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeArtifactIds=bcprov-jdk18on)
java -cp "target/classes:$BCPROV" bench/HashCost.java
