package io.ltvstream.core.mapping;

/** A mapping or cleaning setting that cannot work; the message names the key and the value. */
public class MappingException extends IllegalArgumentException {
  public MappingException(String message) {
    super(message);
  }
}
