package io.ltvstream.scorer.http;

import java.util.Locale;

/** What a bearer token lets its holder do. */
public enum Role {
  /** Read users' scores: {@code GET /v1/users/{id}/ltv}. */
  READER,
  /** Read {@code /metrics}. */
  METRICS,
  /** Everything. */
  ADMIN;

  public static Role parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown role '" + name + "' (reader, metrics or admin)", e);
    }
  }

  boolean grants(Role required) {
    return this == ADMIN || this == required;
  }
}
