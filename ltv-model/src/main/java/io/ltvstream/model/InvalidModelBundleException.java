package io.ltvstream.model;

import java.io.IOException;

/** A model bundle that cannot be used: unreadable, incomplete, corrupt (checksum) or incompatible. */
public final class InvalidModelBundleException extends IOException {
  public InvalidModelBundleException(String message) {
    super(message);
  }

  public InvalidModelBundleException(String message, Throwable cause) {
    super(message, cause);
  }
}
