package io.ltvstream.model;


/**
 * The DL4J reference engine ({@link Engine#DL4J}), found through {@link java.util.ServiceLoader}
 * where ltv-train is on the class path, so that the scorer service itself carries no DL4J.
 */
public interface ReferenceEngine {
  /** A new engine over {@code bundle}'s serialized network; one per thread. */
  LtvModel newModel(ModelBundle bundle);
}
