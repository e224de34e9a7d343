package io.ltvstream.core.cleaning;

import io.ltvstream.avro.UserEvent;

/** The outcome of cleaning one source record: a valid event or a rejection, never neither. */
public sealed interface CleanResult {
  record Valid(UserEvent event) implements CleanResult {}

  record Invalid(Rejection rejection) implements CleanResult {}

  static CleanResult reject(RejectReason reason, String detail) {
    return new Invalid(new Rejection(reason, detail));
  }
}
