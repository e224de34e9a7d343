package io.ltvstream.core.clv;

/** A maximum-likelihood fit that did not converge; the message says what was tried. */
public final class ModelFitException extends RuntimeException {
  public ModelFitException(String message) {
    super(message);
  }
}
