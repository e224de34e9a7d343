package io.ltvstream.evaluate;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.core.clv.ParetoNbd;
import io.ltvstream.avro.UserProfile;
import io.ltvstream.core.eval.CalibrationSet;
import io.ltvstream.core.eval.CustomerBasePredictor;
import io.ltvstream.core.eval.LtvPredictor;
import io.ltvstream.core.eval.Prediction;
import io.ltvstream.core.eval.UserHistory;
import io.ltvstream.core.features.DimensionSources;
import io.ltvstream.core.features.FeatureSpec;
import io.ltvstream.core.state.UserState;
import io.ltvstream.model.ActivityCalibration;
import io.ltvstream.model.Baseline;
import io.ltvstream.model.BundleMetadata;
import io.ltvstream.model.Engine;
import io.ltvstream.model.EventReplay;
import io.ltvstream.model.LtvModel;
import io.ltvstream.model.LtvPrediction;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.model.ValueHead;
import io.ltvstream.train.LtvTrainer;
import java.io.PrintStream;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The network's entry of {@code ./ltv evaluate}, named after its cell ({@code lstm} or {@code
 * gru}): trains the network on the calibration set
 * (or uses a given bundle), then replays every user's calibration events through the scorer's
 * own path ({@link UserState#update}, {@link StepVectors}, the kernel's step) and scores them at
 * the calibration cutoff over the holdout horizon. {@link #networkAlone()} gives the
 * {@code network} entry from the same bundle.
 */
public final class LstmPredictor implements LtvPredictor {
  private final LtvTrainer.Settings settings;
  private final DimensionSources dimensions;
  private final Map<String, UserProfile> profiles;
  private final ModelBundle given;
  private final PrintStream progress;
  private ModelBundle bundle;
  private ScoringProgress scoring = ScoringProgress.NONE;

  /** Told how many users are scored, every {@link #SCORING_PROGRESS_EVERY} and at the end. */
  @FunctionalInterface
  public interface ScoringProgress {
    ScoringProgress NONE = (scored, total) -> { };

    void scored(int users, int total);
  }

  /** Users between two calls of a {@link ScoringProgress}. */
  public static final int SCORING_PROGRESS_EVERY = 10_000;

  /** Trains a feature-spec-1 network (the history only) in {@link #predict}. */
  public LstmPredictor(LtvTrainer.Settings settings, PrintStream progress) {
    this(settings, null, progress);
  }

  /**
   * Trains in {@link #predict}, on feature spec 2 when {@code dimensions} is given (null: spec 1):
   * its spec is built from the calibration set alone, and the users' profiles feed training and
   * scoring.
   */
  public LstmPredictor(LtvTrainer.Settings settings, DimensionSources dimensions, PrintStream progress) {
    this.settings = settings;
    this.dimensions = dimensions;
    this.profiles = dimensions == null ? Map.of() : dimensions.profiles();
    this.given = null;
    this.progress = progress;
  }

  /** Uses a bundle trained elsewhere (on data that ends no later than the calibration end). */
  public LstmPredictor(ModelBundle bundle) {
    this(bundle, Map.of());
  }

  /**
   * Uses a bundle trained elsewhere, scoring its users with their {@code profiles} by user id (a
   * feature-spec-2 bundle reads them; a user without one has neutral profile dimensions).
   */
  public LstmPredictor(ModelBundle bundle, Map<String, UserProfile> profiles) {
    this.settings = null;
    this.dimensions = null;
    this.profiles = profiles;
    this.given = bundle;
    this.progress = null;
  }

  @Override
  public String name() {
    return (given != null ? given.cell() : settings.cell()).label();
  }

  /**
   * Reports the scoring of every user (a replay of their events through the network), this
   * entry's and {@link #networkAlone()}'s, to {@code progress}: a million users take minutes.
   */
  public LstmPredictor onScoring(ScoringProgress progress) {
    this.scoring = progress;
    return this;
  }

  /** The bundle used by the last {@link #predict}. */
  public ModelBundle bundle() {
    return bundle;
  }

  /**
   * The {@code network} entry: the same trained bundle scored with blend weight 0, the network
   * without its share of Pareto/NBD x Gamma-Gamma (see {@link ValueHead}), with the network's own
   * aggregate calibration. It trains nothing; the runner runs it after this predictor, and it
   * fails, saying why, when this one produced no bundle.
   */
  public LtvPredictor networkAlone() {
    return new LtvPredictor() {
      @Override
      public String name() {
        return "network";
      }

      @Override
      public Prediction predict(CalibrationSet calibration) {
        if (bundle == null) {
          throw new IllegalStateException("the network entry scores the lstm entry's bundle, and"
              + " lstm produced none (it failed or has not run)");
        }
        return score(withoutBlend(bundle), calibration, profiles, scoring);
      }
    };
  }

  /**
   * The bundle with its baseline's blend weight set to 0: the network's prediction alone, with the
   * network's own calibration of p_active (fit on the same validation window) when the bundle has one.
   */
  static ModelBundle withoutBlend(ModelBundle blended) {
    BundleMetadata m = blended.metadata();
    Map<String, Double> baseline = new TreeMap<>(m.baseline() == null ? Map.of() : m.baseline());
    baseline.put(Baseline.BLEND_WEIGHT, 0.0);
    Double networkShape = baseline.remove(ActivityCalibration.NETWORK_SHAPE);
    if (networkShape != null) {
      baseline.put(ActivityCalibration.SHAPE, networkShape);
    } else {
      baseline.remove(ActivityCalibration.SHAPE);
    }
    BundleMetadata alone = new BundleMetadata(m.format(), m.version(), m.createdAt(),
        m.featureSpecVersion(), m.stepSpecVersion(), m.stepNames(), m.units(), m.horizonDays(),
        m.seed(), m.normalizationMean(), m.normalizationScale(), m.transactionScale(),
        m.spendScale(), m.referenceHorizonDays(), baseline, m.training(), m.weightsSha256(),
        m.networkSha256(), m.featureSpec());
    return ModelBundle.create(alone, blended.weights(), blended.networkBytes());
  }

  @Override
  public Prediction predict(CalibrationSet calibration) {
    long started = System.nanoTime();
    int horizonDays = horizonDays(calibration);
    bundle = given;
    if (bundle == null) {
      List<List<EngineeredEvent>> histories = new ArrayList<>();
      for (UserHistory user : calibration.users()) {
        histories.add(user.events());
      }
      // the calibration set holds no event after the calibration end: the spec's vocabularies see none
      FeatureSpec spec = dimensions == null ? null : dimensions.spec(histories);
      bundle = new LtvTrainer(settings.withHorizonDays(horizonDays), progress)
          .train(histories, profiles, spec, calibration.calibrationEnd(), () -> baseline(calibration));
    }
    double trainSeconds = given == null ? (System.nanoTime() - started) / 1e9 : 0;
    return score(bundle, calibration, profiles, scoring).withTrainSeconds(trainSeconds);
  }

  /**
   * The network's Pareto/NBD x Gamma-Gamma baseline: the {@code paretonbd} entry's fits on the
   * same summaries, shared ({@link CustomerBasePredictor#paretoNbdFit}), not fitted again.
   *
   * @throws io.ltvstream.core.clv.ModelFitException when the data do not identify them
   */
  static Baseline baseline(CalibrationSet calibration) {
    ParetoNbd transactions = ParetoNbd.withoutLimit(CustomerBasePredictor.paretoNbdFit(calibration))
        .model();
    return new Baseline(transactions, CustomerBasePredictor.gammaGammaFit(calibration).model());
  }

  private static int horizonDays(CalibrationSet calibration) {
    return (int) ChronoUnit.DAYS.between(calibration.calibrationEnd(), calibration.holdoutEnd());
  }

  /**
   * Every user's prediction at the calibration cutoff over the holdout: expected transactions
   * and spend, {@code p_active} as the probability of any purchase, and the spend quantiles.
   */
  private static Prediction score(ModelBundle bundle, CalibrationSet calibration,
      Map<String, UserProfile> profiles, ScoringProgress scoring) {
    int horizonDays = horizonDays(calibration);
    LtvModel model = bundle.newModel(Engine.KERNEL);
    long at = calibration.calibrationCutoff().toEpochMilli();
    int n = calibration.size();
    double[] transactions = new double[n];
    double[] spend = new double[n];
    double[] active = new double[n];
    double[] p10 = new double[n];
    double[] p50 = new double[n];
    double[] p90 = new double[n];
    for (int i = 0; i < n; i++) {
      UserHistory user = calibration.users().get(i);
      UserProfile profile = profiles.get(user.userId());
      UserState state = EventReplay.replay(user.events(), profile, model);
      LtvPrediction p = model.predict(state, at, horizonDays, profile);
      transactions[i] = p.expectedTransactions();
      spend[i] = p.expectedValue();
      active[i] = p.pActive();
      p10[i] = p.p10();
      p50[i] = p.p50();
      p90[i] = p.p90();
      if ((i + 1) % SCORING_PROGRESS_EVERY == 0 || i + 1 == n) {
        scoring.scored(i + 1, n);
      }
    }
    Map<String, Double> params = new LinkedHashMap<>();
    params.put("units", (double) model.units());
    params.put("transaction_scale", bundle.metadata().transactionScale());
    params.put("spend_scale", bundle.metadata().spendScale());
    if (bundle.metadata().training().get("members") instanceof List<?> members) {
      params.put("members", (double) members.size());
    }
    return Prediction.of(transactions, spend).withParams(params)
        .withPurchaseProbability(active)
        .withSpendQuantiles(new Prediction.SpendQuantiles(p10, p50, p90));
  }
}
