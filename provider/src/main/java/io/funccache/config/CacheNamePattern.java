package io.funccache.config;

/**
 * Cache-name patterns of the config file's {@code caches:} section: {@code *} stands for any run
 * of characters (dots included, none at all too), everything else for itself. So
 * {@code com.acme.model.*} matches Hibernate's region {@code com.acme.model.Order} and the
 * collection region {@code com.acme.model.Order.lines}.
 */
final class CacheNamePattern {
  private CacheNamePattern() {}

  /** Whether a {@code caches:} key is a pattern rather than one cache's name. */
  static boolean isPattern(String key) {
    return key.indexOf('*') >= 0;
  }

  /** Glob matching with backtracking to the last {@code *} only: linear in practice, no regex. */
  static boolean matches(String pattern, String name) {
    int p = 0;
    int n = 0;
    int star = -1;
    int resume = 0;
    while (n < name.length()) {
      if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        resume = n;
      } else if (p < pattern.length() && pattern.charAt(p) == name.charAt(n)) {
        p++;
        n++;
      } else if (star >= 0) {
        p = star + 1;
        n = ++resume;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }
}
