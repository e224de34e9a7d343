package io.ltvstream.scorer.service;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model in service, and the one gate every new bundle passes: signature (when a signing key is
 * configured), then the bundle's own checksum and decoding, then deployment order: only a bundle
 * {@linkplain BundleIdentity newer} than the one in service replaces it, so replays of a topic and
 * several sources (directory, topic) can never move the service backwards. An operator who must
 * roll back pins a version ({@code scorer.model.pin}); then that version alone is accepted. A
 * bundle that fails any check is refused and logged, and the model in service stays. Stream threads
 * read the current model without locking; a swap is one reference write.
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
  public enum Outcome { LOADED, SAME_VERSION, REFUSED_OLDER, REFUSED_NOT_PINNED, REFUSED_UNSIGNED, REFUSED_CORRUPT }

  private record InService<M>(M model, BundleIdentity identity) {}

  private final Loader<M> loader;
  private final Function<M, BundleIdentity> identity;
  private final BundleSignature signature;
  private final String pinnedVersion;
  private volatile InService<M> current;

  /**
   * @param signature null when no signing key is configured
   * @param pinnedVersion the only version accepted, or null to accept every newer one
   */
  public ModelRegistry(Loader<M> loader, Function<M, BundleIdentity> identity, BundleSignature signature,
      String pinnedVersion) {
    this.loader = loader;
    this.identity = identity;
    this.signature = signature;
    this.pinnedVersion = pinnedVersion;
  }

  /**
   * Checks and, when it passes, puts a bundle into service. Synchronized: two sources offering at
   * once must not both compare against the same model in service.
   *
   * @param origin where it came from, for the log (file name, topic-partition@offset)
   * @param signatureHex its HMAC, or null when none came with it
   */
  public synchronized Outcome offer(String origin, byte[] bundle, String signatureHex) {
    if (signature != null && !signature.verify(bundle, signatureHex)) {
      LOG.error("refused model bundle from {}: {}; keeping model {}", origin,
          signatureHex == null ? "unsigned, and a signing key is configured" : "signature does not match",
          currentVersion().orElse("(none)"));
      return Outcome.REFUSED_UNSIGNED;
    }
    InService<M> offered;
    try {
      M model = Objects.requireNonNull(loader.load(bundle, origin), "loader returned no model");
      offered = new InService<>(model, identity.apply(model));
    } catch (Exception e) {
      LOG.error("refused model bundle from {}: {}; keeping model {}", origin, e.getMessage(),
          currentVersion().orElse("(none)"));
      return Outcome.REFUSED_CORRUPT;
    }
    InService<M> previous = current;
    BundleIdentity candidate = offered.identity();
    if (previous != null && previous.identity().version().equals(candidate.version())) {
      LOG.debug("model bundle from {} is version {}, already in service", origin, candidate.version());
      return Outcome.SAME_VERSION;
    }
    if (pinnedVersion != null && !pinnedVersion.equals(candidate.version())) {
      LOG.warn("ignored model {} from {}: scorer.model.pin={} is the only version accepted", candidate,
          origin, pinnedVersion);
      return Outcome.REFUSED_NOT_PINNED;
    }
    if (pinnedVersion == null && previous != null && !candidate.isNewerThan(previous.identity())) {
      LOG.warn("ignored model {} from {}: not newer than {} in service (set scorer.model.pin to roll back)",
          candidate, origin, previous.identity());
      return Outcome.REFUSED_OLDER;
    }
    current = offered;
    LOG.info("model {} in service (from {}), replacing {}", candidate, origin,
        previous == null ? "(none)" : previous.identity());
    return Outcome.LOADED;
  }

  /** The model in service; throws before the first bundle was loaded. */
  @Override
  public M get() {
    InService<M> inService = current;
    if (inService == null) {
      throw new IllegalStateException("no model bundle loaded yet");
    }
    return inService.model();
  }

  public Optional<String> currentVersion() {
    return Optional.ofNullable(current).map(m -> m.identity().version());
  }
}
