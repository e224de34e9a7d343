package io.ltvstream.schemas;

/** The writer-schema fingerprint is not in the schema store. */
public final class UnknownSchemaException extends MessageCodecException {
  private final long fingerprint;

  public UnknownSchemaException(long fingerprint) {
    super(String.format("unknown writer schema fingerprint 0x%016x", fingerprint), null);
    this.fingerprint = fingerprint;
  }

  public long fingerprint() {
    return fingerprint;
  }

  @Override
  public String reason() {
    return UNKNOWN_SCHEMA;
  }
}
