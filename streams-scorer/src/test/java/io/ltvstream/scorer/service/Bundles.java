package io.ltvstream.scorer.service;

import io.ltvstream.model.BundleMetadata;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.testkit.TinyModel;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/** Real trained bundles with a chosen creation time and training end, to test deployment order. */
final class Bundles {
  private Bundles() {}

  /** {@link TinyModel}'s bundle for {@code seed}, as if trained at {@code createdAt} on data up to {@code trainingEnd}. */
  static ModelBundle trained(long seed, String createdAt, String trainingEnd) {
    ModelBundle bundle = TinyModel.bundle(seed);
    BundleMetadata m = bundle.metadata();
    Map<String, Object> training = new LinkedHashMap<>(m.training());
    training.put("calibration_end", LocalDate.parse(trainingEnd).toString());
    BundleMetadata restamped = new BundleMetadata(m.format(), "", Instant.parse(createdAt).toString(),
        m.featureSpecVersion(), m.stepSpecVersion(), m.stepNames(), m.units(), m.horizonDays(), m.seed(),
        m.normalizationMean(), m.normalizationScale(), m.transactionScale(), m.spendScale(),
        m.referenceHorizonDays(), m.baseline(), training, m.weightsSha256(), m.networkSha256(),
        m.featureSpec());
    return ModelBundle.create(restamped, bundle.weights(), bundle.networkBytes());
  }
}
