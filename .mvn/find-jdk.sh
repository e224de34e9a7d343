# Sourced by ./mvnw, ./ltv and .ci/run: exports JAVA_HOME pointing at a JDK 21 or later.
# Order: JAVA_HOME if it is new enough, else the newest JDK >= 21 under the system's JVM directory.

ltv_java_major() { # $1 = a JDK home; prints its feature version, or nothing
  [ -x "$1/bin/java" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

ltv_find_jdk() {
  local required=21 best="" best_major=0 home major
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(ltv_java_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge "$required" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
      return 0
    fi
    echo "ltv: JAVA_HOME=$JAVA_HOME is Java ${major:-unknown}; looking for a JDK >= $required instead" >&2
  fi
  for home in ${LTV_JVM_DIR:-/usr/lib/jvm}/*; do
    [ -x "$home/bin/javac" ] || continue
    major=$(ltv_java_major "$home")
    if [ -n "$major" ] && [ "$major" -ge "$required" ] && [ "$major" -gt "$best_major" ]; then
      best=$home best_major=$major
    fi
  done
  if [ -z "$best" ]; then
    echo "ltv: no JDK $required or later found (JAVA_HOME unset or too old, nothing in ${LTV_JVM_DIR:-/usr/lib/jvm})." >&2
    echo "ltv: install one, e.g. 'apt-get install openjdk-21-jdk-headless' or Temurin 21+, or set JAVA_HOME." >&2
    return 1
  fi
  export JAVA_HOME="$best"
}
