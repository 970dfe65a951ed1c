# Sourced by bench/soak/run.sh and bench/load/run.sh: builds bin/exemux's jar and mcp-server's test
# classes (the harnesses live there, next to the end-to-end tests) in one reactor build, so sibling
# modules come from this tree and not from whatever ~/.m2 holds; sets $cp and $java, and moves to
# mcp-server/ (the harnesses find bin/exemux and the node drivers from there).
if [ "${EXEMUX_BENCH_NO_BUILD:-}" != 1 ]; then
  mvn -q -f "$root/pom.xml" -pl mcp-server -am package dependency:build-classpath -DskipTests \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt >&2
fi
cp="$root/mcp-server/target/test-classes:$root/mcp-server/target/classes:$(cat "$root/mcp-server/target/test-classpath.txt")"
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java="$JAVA_HOME/bin/java"; else java=java; fi
export SHLVL=1
cd "$root/mcp-server"
