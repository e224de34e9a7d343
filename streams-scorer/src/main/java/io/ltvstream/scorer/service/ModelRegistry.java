package io.ltvstream.scorer.service;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model in service, and the one gate every new bundle passes: signature (when a signing key is
 * configured), then the bundle's own checksum and decoding. A bundle that fails any check is
 * refused and logged, and the model in service stays. Stream threads read the current model
 * without locking; a swap is one reference write.
 *
 * @param <M> the loaded model type
 */
public final class ModelRegistry<M> implements Supplier<M> {
  private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

  /** Decodes and checks a bundle; throws with a clear message when it is corrupt. */
  public interface Loader<M> {
    /** @param origin where the bundle came from, for messages */
    M load(byte[] bundle, String origin) throws Exception;
  }

  /** What happened to an offered bundle. */
  public enum Outcome { LOADED, SAME_VERSION, REFUSED_UNSIGNED, REFUSED_CORRUPT }

  private final Loader<M> loader;
  private final Function<M, String> version;
  private final BundleSignature signature;
  private final AtomicReference<M> current = new AtomicReference<>();

  /** @param signature null when no signing key is configured */
  public ModelRegistry(Loader<M> loader, Function<M, String> version, BundleSignature signature) {
    this.loader = loader;
    this.version = version;
    this.signature = signature;
  }

  /**
   * Checks and, when it passes, puts a bundle into service.
   *
   * @param origin where it came from, for the log (file name, topic-partition@offset)
   * @param signatureHex its HMAC, or null when none came with it
   */
  public Outcome offer(String origin, byte[] bundle, String signatureHex) {
    if (signature != null && !signature.verify(bundle, signatureHex)) {
      LOG.error("refused model bundle from {}: {}; keeping model {}", origin,
          signatureHex == null ? "unsigned, and a signing key is configured" : "signature does not match",
          currentVersion().orElse("(none)"));
      return Outcome.REFUSED_UNSIGNED;
    }
    M model;
    try {
      model = Objects.requireNonNull(loader.load(bundle, origin), "loader returned no model");
    } catch (Exception e) {
      LOG.error("refused model bundle: {}; keeping model {}", e.getMessage(),
          currentVersion().orElse("(none)"));
      return Outcome.REFUSED_CORRUPT;
    }
    String newVersion = version.apply(model);
    M previous = current.get();
    if (previous != null && version.apply(previous).equals(newVersion)) {
      LOG.debug("model bundle from {} is version {}, already in service", origin, newVersion);
      return Outcome.SAME_VERSION;
    }
    current.set(model);
    LOG.info("model {} in service (from {}), replacing {}", newVersion, origin,
        previous == null ? "(none)" : version.apply(previous));
    return Outcome.LOADED;
  }

  /** The model in service; throws before the first bundle was loaded. */
  @Override
  public M get() {
    M model = current.get();
    if (model == null) {
      throw new IllegalStateException("no model bundle loaded yet");
    }
    return model;
  }

  public Optional<String> currentVersion() {
    return Optional.ofNullable(current.get()).map(version);
  }
}
