package io.ltvstream.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ltvstream.core.features.Dimensions;
import io.ltvstream.core.features.FeatureSpec;
import java.util.List;
import java.util.Map;

/**
 * The JSON half of a model bundle: everything needed to use the network besides its weights.
 *
 * @param format bundle format, {@value ModelBundle#FORMAT}
 * @param version model version ("lstm-" or "gru-", the cell, + 12 hex digits of the sha256 of weights and metadata)
 * @param createdAt ISO-8601 instant of training
 * @param featureSpecVersion {@code EventFeatures.FEATURE_SPEC_VERSION} trained on
 * @param stepSpecVersion {@code StepVectors.STEP_SPEC_VERSION} trained on
 * @param stepNames names of the raw step components
 * @param units recurrent units
 * @param horizonDays default prediction horizon
 * @param seed training seed
 * @param normalizationMean per-component mean of the raw steps
 * @param normalizationScale per-component 1/std of the raw steps
 * @param transactionScale aggregate calibration of expected transactions (latest window)
 * @param spendScale aggregate calibration of expected spend (latest window)
 * @param referenceHorizonDays longest horizon the network's own rate is used for; longer ones
 *     follow Pareto/NBD's shape
 * @param baseline Pareto/NBD and Gamma-Gamma parameters fit on the same data, may be empty
 * @param training training summary (data, epochs, losses, seconds, calibration end, ...)
 * @param weightsSha256 sha256 (hex) of the exported weights entry; loading verifies it
 * @param networkSha256 sha256 (hex) of the DL4J network entry; loading verifies it
 * @param featureSpec feature spec 2's dimensions (vocabularies, calendar) the network reads after
 *     its first {@link ModelInputs#SIZE} inputs; absent (null) in a feature-spec-1 bundle
 */
public record BundleMetadata(String format, String version, String createdAt,
    int featureSpecVersion, int stepSpecVersion, List<String> stepNames, int units,
    int horizonDays, long seed, float[] normalizationMean, float[] normalizationScale,
    double transactionScale, double spendScale, double referenceHorizonDays, Map<String, Double> baseline,
    Map<String, Object> training, String weightsSha256, String networkSha256,
    @JsonInclude(JsonInclude.Include.NON_NULL) FeatureSpec featureSpec) {

  BundleMetadata withVersion(String newFormat, String newVersion, String weightsSha, String networkSha) {
    return new BundleMetadata(newFormat, newVersion, createdAt, featureSpecVersion, stepSpecVersion,
        stepNames, units, horizonDays, seed, normalizationMean, normalizationScale,
        transactionScale, spendScale, referenceHorizonDays, baseline, training, weightsSha, networkSha,
        featureSpec);
  }

  /** The dimensions the network reads beyond the history ({@link Dimensions#NONE} for feature spec 1). */
  public Dimensions dimensions() {
    return Dimensions.of(featureSpec);
  }

  public StepNormalizer normalizer() {
    return new StepNormalizer(normalizationMean, normalizationScale);
  }
}
