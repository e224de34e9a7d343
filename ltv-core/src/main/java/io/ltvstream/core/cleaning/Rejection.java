package io.ltvstream.core.cleaning;

import java.util.Objects;

/** A rejected record's reason and a human-readable detail naming the field and value. */
public record Rejection(RejectReason reason, String detail) {
  public Rejection {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
  }
}
