package io.ltvstream.train;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.core.clv.GammaGamma;
import io.ltvstream.core.clv.ModelFitException;
import io.ltvstream.core.clv.ParetoNbd;
import io.ltvstream.core.clv.RfmSummary;
import io.ltvstream.core.clv.RfmTable;
import io.ltvstream.avro.UserProfile;
import io.ltvstream.core.features.Dimensions;
import io.ltvstream.core.features.FeatureSpec;
import io.ltvstream.core.state.StepVectors;
import io.ltvstream.model.ActivityCalibration;
import io.ltvstream.model.Baseline;
import io.ltvstream.model.BundleMetadata;
import io.ltvstream.model.Cell;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.model.ModelInputs;
import io.ltvstream.model.StepNormalizer;
import io.ltvstream.model.ValueHead;
import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains the network (LSTM or GRU, {@link Settings#cell()}) on calibration history and returns a {@link ModelBundle}. Deterministic for a
 * fixed seed (fixed example order, seeded batch shuffling, single-threaded nd4j). Each ensemble
 * member stops early on the validation loss of the latest {@code validationDays} of calibration,
 * keeping its best epoch, and is refit for that many epochs on cutoffs up to the calibration end;
 * the members are then {@link PackedEnsemble packed} into one network, and the count slope and the
 * aggregate calibration factors are fit for the ensemble as a whole.
 */
public final class LtvTrainer {
  private static final long DAY_MILLIS = 86_400_000L;
  /**
   * Users whose latest window the aggregate calibration is fit on: every user up to this many,
   * else an evenly spaced selection (its scales are ratios of sums, already precise at tens of
   * thousands of users; a million users' examples would not fit in memory).
   */
  static final int MAX_CALIBRATION_USERS = 50_000;
  /**
   * Training settings; {@link #defaults()} are the ones {@code ./ltv train} and {@code evaluate} use.
   * {@code units} is the packed network's LSTM width, the h/c a user's state keeps: each of the
   * {@code members} (trained with seeds {@code seed}, {@code seed + 1}, ...) gets an equal share.
   * {@code denseUnits} is each member's dense width, which costs no state. {@code cell} is the
   * recurrent cell, the LSTM unless asked. {@code maxSteps}, when positive, caps the event steps
   * of every training and validation example at its most recent {@code maxSteps} (the query step
   * comes on top): a bound on the training time on long histories, where an example is otherwise
   * the user's whole sequence up to its cutoff; 0 keeps every step. The aggregate calibration
   * still scores every user's whole sequence, as the scorer does.
   */
  public record Settings(long seed, int members, int units, int denseUnits, int maxEpochs, int patience,
      int batchSize, double learningRate, double l2, int validationDays, int cutoffStepDays,
      int horizonDays, int maxTrainingUsers, int averageFromEpoch, double baselineBlend,
      boolean refit, Cell cell, int maxSteps) {
    public Settings {
      if (maxSteps < 0) {
        throw new IllegalArgumentException("the step cap must be 0 (every step) or positive, not "
            + maxSteps);
      }
      if (members < 1 || units % members != 0) {
        throw new IllegalArgumentException("the " + units + " recurrent units must split evenly among "
            + members + " members");
      }
      if (maxTrainingUsers < 1) {
        throw new IllegalArgumentException("at least one user must train the network, not " + maxTrainingUsers);
      }
      if (maxEpochs < 1) {
        throw new IllegalArgumentException("at least one epoch must train the network, not " + maxEpochs);
      }
      if (horizonDays < 1) {
        throw new IllegalArgumentException("the prediction horizon must be at least one day, not " + horizonDays);
      }
    }

    public static Settings defaults() {
      return new Settings(42, 1, 32, 16, 16, 4, 128, 3e-3, 1e-5, 91, 14, 273, 3000, 3, 0.5, true, Cell.LSTM, 0);
    }

    public Settings withSeed(long newSeed) {
      return toBuilder().seed(newSeed).build();
    }

    public Settings withEpochs(int epochs) {
      return toBuilder().maxEpochs(epochs).build();
    }

    public Settings withSize(int newUnits, int newDense) {
      return toBuilder().units(newUnits).denseUnits(newDense).build();
    }

    public Settings withHorizonDays(int days) {
      return toBuilder().horizonDays(days).build();
    }

    /** A builder starting from these settings, so callers name only what they change. */
    public Builder toBuilder() {
      return new Builder(this);
    }

    /** Changes some settings by name; {@link #build()} gives the new {@link Settings}. */
    public static final class Builder {
      private long seed;
      private int members;
      private int units;
      private int denseUnits;
      private int maxEpochs;
      private int patience;
      private int batchSize;
      private double learningRate;
      private double l2;
      private int validationDays;
      private int cutoffStepDays;
      private int horizonDays;
      private int maxTrainingUsers;
      private int averageFromEpoch;
      private double baselineBlend;
      private boolean refit;
      private Cell cell;
      private int maxSteps;

      private Builder(Settings from) {
        seed = from.seed();
        members = from.members();
        units = from.units();
        denseUnits = from.denseUnits();
        maxEpochs = from.maxEpochs();
        patience = from.patience();
        batchSize = from.batchSize();
        learningRate = from.learningRate();
        l2 = from.l2();
        validationDays = from.validationDays();
        cutoffStepDays = from.cutoffStepDays();
        horizonDays = from.horizonDays();
        maxTrainingUsers = from.maxTrainingUsers();
        averageFromEpoch = from.averageFromEpoch();
        baselineBlend = from.baselineBlend();
        refit = from.refit();
        cell = from.cell();
        maxSteps = from.maxSteps();
      }

      public Builder seed(long value) {
        seed = value;
        return this;
      }

      public Builder members(int value) {
        members = value;
        return this;
      }

      public Builder units(int value) {
        units = value;
        return this;
      }

      public Builder denseUnits(int value) {
        denseUnits = value;
        return this;
      }

      public Builder maxEpochs(int value) {
        maxEpochs = value;
        return this;
      }

      public Builder patience(int value) {
        patience = value;
        return this;
      }

      public Builder batchSize(int value) {
        batchSize = value;
        return this;
      }

      public Builder learningRate(double value) {
        learningRate = value;
        return this;
      }

      public Builder l2(double value) {
        l2 = value;
        return this;
      }

      public Builder validationDays(int value) {
        validationDays = value;
        return this;
      }

      public Builder cutoffStepDays(int value) {
        cutoffStepDays = value;
        return this;
      }

      public Builder horizonDays(int value) {
        horizonDays = value;
        return this;
      }

      public Builder maxTrainingUsers(int value) {
        maxTrainingUsers = value;
        return this;
      }

      public Builder averageFromEpoch(int value) {
        averageFromEpoch = value;
        return this;
      }

      public Builder baselineBlend(double value) {
        baselineBlend = value;
        return this;
      }

      public Builder refit(boolean value) {
        refit = value;
        return this;
      }

      public Builder cell(Cell value) {
        cell = value;
        return this;
      }

      /** The most recent event steps kept per training example; 0 keeps every step. */
      public Builder maxSteps(int value) {
        maxSteps = value;
        return this;
      }

      public Settings build() {
        return new Settings(seed, members, units, denseUnits, maxEpochs, patience, batchSize, learningRate,
            l2, validationDays, cutoffStepDays, horizonDays, maxTrainingUsers, averageFromEpoch,
            baselineBlend, refit, cell, maxSteps);
      }
    }
  }

  private final Settings settings;
  private final PrintStream progress;

  /** @param progress where epoch lines go (a terminal), or null for silence */
  public LtvTrainer(Settings settings, PrintStream progress) {
    this.settings = settings;
    this.progress = progress;
  }

  /**
   * @param histories each user's events before the calibration cutoff, sorted by time
   * @param calibrationEnd last day (inclusive) of data the model may see
   */
  public ModelBundle train(List<List<EngineeredEvent>> histories, LocalDate calibrationEnd) {
    return train(histories, Map.of(), null, calibrationEnd);
  }

  /**
   * Trains like {@link #train(List, LocalDate)}, on feature spec 2 when {@code featureSpec} is given:
   * the network then also reads its dimensions (product, calendar, and the users' {@code profiles}
   * by user id; a user without one has neutral profile dimensions), and the bundle stores the spec.
   */
  public ModelBundle train(List<List<EngineeredEvent>> histories, Map<String, UserProfile> profiles,
      FeatureSpec featureSpec, LocalDate calibrationEnd) {
    Instant cutoff = calibrationEnd.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    return train(histories, profiles, featureSpec, calibrationEnd, () -> fitBaselineOrThrow(histories, cutoff));
  }

  /**
   * Trains like {@link #train(List, Map, FeatureSpec, LocalDate)} with the Pareto/NBD x Gamma-Gamma
   * baseline fitted elsewhere on the same users' summaries at the calibration cutoff (evaluate's own
   * {@code paretonbd} fit, instead of a second one over a million users).
   *
   * @param baselineFit gives the baseline, or throws {@link ModelFitException} when the data do
   *     not identify it (the network then trains without it)
   */
  public ModelBundle train(List<List<EngineeredEvent>> histories, Map<String, UserProfile> profiles,
      FeatureSpec featureSpec, LocalDate calibrationEnd, Supplier<Baseline> baselineFit) {
    long started = System.nanoTime();
    Dimensions dimensions = Dimensions.of(featureSpec);
    int inputs = ModelInputs.size(dimensions);
    Instant cutoff = calibrationEnd.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    List<List<EngineeredEvent>> trainingHistories = subsample(histories);
    Baseline baseline = fitBaseline(baselineFit);
    TrainingExamples examples = TrainingExamples.build(trainingHistories, cutoff, settings.validationDays(),
        settings.cutoffStepDays(), baseline, dimensions, profiles);
    if (examples.training.isEmpty() || examples.validation.isEmpty()) {
      throw new IllegalArgumentException("Too little history to train: " + examples.training.size()
          + " training and " + examples.validation.size() + " validation examples from "
          + histories.size() + " users before " + calibrationEnd + " (validation window "
          + settings.validationDays() + " days)");
    }
    Nd4j.getRandom().setSeed(settings.seed());
    StepNormalizer normalizer = StepNormalizer.fit(examples.normalizationSample, ModelInputs.SIZE, inputs);
    List<Batch> trainBatches = batches(examples.training, normalizer, settings.maxSteps());
    List<Batch> validationBatches = batches(examples.validation, normalizer, settings.maxSteps());
    report("training on %d of %d users: %d examples in %d batches, %d validation examples; %s%n",
        trainingHistories.size(), histories.size(), examples.training.size(), trainBatches.size(), examples.validation.size(),
        (settings.members() == 1 ? settings.units() + " units"
            : settings.members() + " members of " + settings.units() / settings.members() + " units")
            + " (" + settings.cell().label() + ")");
    if (settings.maxSteps() > 0) {
      report("examples keep their most recent %d event steps (the longest has %d)%n",
          settings.maxSteps(), examples.training.stream()
              .mapToInt(TrainingExamples.Example::events).max().orElse(0));
    }
    float[] initialOutputs = InitialOutputs.of(examples.training);
    List<Fit> fits = new ArrayList<>();
    for (int k = 0; k < settings.members(); k++) {
      report("member %d/%d (seed %d):%n", k + 1, settings.members(), memberSeed(k));
      fits.add(fit(k, inputs, initialOutputs, trainBatches, examples.training.size(), validationBatches,
          examples.validation.size(), settings.maxEpochs()));
    }
    MultiLayerNetwork network = pack(fits);
    List<Scored> validation = scored(network, validationBatches);
    double[] validationScales = aggregateScales(validation, null, 1, 0, 0);
    report("validation window: actual / predicted transactions %.4f, spend %.4f%n",
        validationScales[0], validationScales[1]);
    double earlyStoppedSlope = fitCountSlope(validation, "early-stopped");
    double countSlope = earlyStoppedSlope;
    ActivityFit activity = fitActivity(validation, baseline, earlyStoppedSlope,
        cutoff.toEpochMilli() - settings.validationDays() * DAY_MILLIS);
    int refitExamples = 0;
    if (settings.refit()) {
      // The epochs validation chose, again on cutoffs up to the calibration end: the network then
      // learns from users as long-lived as the ones it scores there, instead of extrapolating.
      TrainingExamples all = TrainingExamples.build(trainingHistories, cutoff, 0, settings.cutoffStepDays(),
          baseline, dimensions, profiles);
      refitExamples = all.training.size();
      normalizer = StepNormalizer.fit(all.normalizationSample, ModelInputs.SIZE, inputs);
      List<Batch> refitBatches = batches(all.training, normalizer, settings.maxSteps());
      float[] refitInitialOutputs = InitialOutputs.of(all.training);
      List<Fit> refits = new ArrayList<>();
      for (int k = 0; k < settings.members(); k++) {
        report("member %d/%d: refit on cutoffs up to the calibration end: %d examples, %d epochs%n", k + 1,
            settings.members(), refitExamples, fits.get(k).bestEpoch());
        refits.add(fit(k, inputs, refitInitialOutputs, refitBatches, refitExamples, null, 0, fits.get(k).bestEpoch()));
      }
      network = pack(refits);
      // The slope recalibrates the spread of the network it is applied to: the refit one's own,
      // on the same window (within calibration; the refit trained on it, so in-sample there).
      countSlope = fitCountSlope(
          scored(network, batches(examples.validation, normalizer, settings.maxSteps())), "refit");
    }

    // The aggregate calibration assumes the cohort's next window matches its latest one.
    List<TrainingExamples.Example> latest = TrainingExamples.latest(
        evenlySpaced(histories, MAX_CALIBRATION_USERS), cutoff, settings.validationDays(), baseline, dimensions, profiles);
    double[] scales = aggregateScales(scored(network, batches(latest, normalizer, 0)), baseline, countSlope,
        settings.horizonDays(), cutoff.toEpochMilli());
    Map<String, Double> baselineParams = baseline == null ? new java.util.TreeMap<>() : baseline.params();
    baselineParams.put(ValueHead.COUNT_SLOPE, countSlope);
    putShape(baselineParams, ActivityCalibration.SHAPE, activity.served());
    putShape(baselineParams, ActivityCalibration.NETWORK_SHAPE, activity.network());
    if (baseline != null && settings.baselineBlend() > 0) {
      double[] blendScales = baselineScales(baseline, latest, settings.horizonDays(), cutoff.toEpochMilli());
      baselineParams.put(Baseline.BLEND_WEIGHT, settings.baselineBlend());
      baselineParams.put(Baseline.BLEND_TRANSACTION_SCALE, blendScales[0]);
      baselineParams.put(Baseline.BLEND_SPEND_SCALE, blendScales[1]);
      report("ensemble: %.2f of Pareto/NBD x Gamma-Gamma, calibrated on the same window: transactions x%.4f, spend x%.4f%n",
          settings.baselineBlend(), blendScales[0], blendScales[1]);
    }
    report("aggregate calibration (the next %d days at the calibration end match the last %d): transactions x%.4f, spend x%.4f%n",
        settings.validationDays(), settings.validationDays(), scales[0], scales[1]);
    double seconds = (System.nanoTime() - started) / 1e9;
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("calibration_end", calibrationEnd.toString());
    summary.put("users", histories.size());
    summary.put("training_examples", examples.training.size());
    summary.put("validation_examples", examples.validation.size());
    summary.put("validation_days", settings.validationDays());
    summary.put("cutoff_step_days", settings.cutoffStepDays());
    summary.put("max_steps", settings.maxSteps());
    List<Map<String, Object>> members = new ArrayList<>();
    for (int k = 0; k < fits.size(); k++) {
      Map<String, Object> member = new LinkedHashMap<>();
      member.put("seed", memberSeed(k));
      member.put("epochs_run", fits.get(k).epochsRun());
      member.put("best_epoch", fits.get(k).bestEpoch());
      member.put("best_validation_loss", fits.get(k).bestLoss());
      member.put("epochs", fits.get(k).history());
      members.add(member);
    }
    summary.put("members", members);
    summary.put("refit_examples", refitExamples);
    summary.put("count_slope", countSlope);
    summary.put("early_stopped_count_slope", earlyStoppedSlope);
    summary.put("validation_brier", activity.brier());
    summary.put("validation_brier_poisson", activity.poissonBrier());
    summary.put("learning_rate", settings.learningRate());
    summary.put("batch_size", settings.batchSize());
    summary.put("dense_units", settings.denseUnits());
    summary.put("cell", settings.cell().label());
    summary.put("training_users", trainingHistories.size());
    summary.put("validation_transaction_ratio", validationScales[0]);
    summary.put("validation_spend_ratio", validationScales[1]);
    summary.put("train_seconds", seconds);
    BundleMetadata draft = new BundleMetadata(ModelBundle.FORMAT, "", Instant.now().toString(),
        featureSpec == null ? 1 : featureSpec.version(), StepVectors.STEP_SPEC_VERSION, ModelInputs.names(dimensions),
        settings.units(), settings.horizonDays(), settings.seed(), normalizer.mean(), normalizer.scale(),
        scales[0], scales[1], settings.validationDays(), baselineParams, summary, "", "", featureSpec);
    return NetworkBundles.of(network, draft);
  }

  /**
   * The count slope (Cox calibration slope): the validation window's purchase days regressed, as a
   * Poisson GLM with log link, on the log of the members' mean prediction ({@code validation}
   * scored by the network the slope is for: the early-stopped one, or the refit one the bundle
   * serves). Below 1 the
   * network spreads its predictions too far (its heaviest users get too many purchase days, once
   * the aggregate calibration scales everyone up); the model then takes predictions to that power.
   * A network whose order the window contradicts gets 0 ({@link PoissonSlope}), not its order reversed.
   */
  private double fitCountSlope(List<Scored> validation, String network) {
    List<double[]> rows = new ArrayList<>();
    for (Scored s : validation) {
      // the network's own purchase days over the window: no horizon extension, slope or scale yet
      double predicted = ValueHead.expected(s.outputs(), null, s.example().horizonDays(),
          s.example().horizonDays(), 1).transactions();
      if (predicted > 0) {
        rows.add(new double[] {Math.log(predicted), s.example().count()});
      }
    }
    double slope = PoissonSlope.fit(rows);
    report("count slope of the %s network on the validation window: %.3f%s%n", network, slope,
        slope == 0 ? " (bounded at 0: its predictions do not rank the window's purchases, so its purchase days are served flat)" : "");
    return slope;
  }

  /**
   * The calibration of p_active ({@link ActivityCalibration}) on the validation window, for the
   * served prediction and for the network alone: the early-stopped network's purchase days over
   * the window (count slope applied) and Pareto/NBD's at the window's start, each scaled so that
   * its sum is the window's actual, blended as the bundle serves them, against whether each
   * user bought in the window. Nothing after the calibration end is read.
   */
  private ActivityFit fitActivity(List<Scored> validation, Baseline baseline, double countSlope,
      long windowStart) {
    int n = validation.size();
    double[] network = new double[n];
    double[] pnbd = new double[n];
    boolean[] bought = new boolean[n];
    double networkSum = 0;
    double pnbdSum = 0;
    double actual = 0;
    for (int i = 0; i < n; i++) {
      Scored s = validation.get(i);
      Baseline.At at = Baseline.atOrNull(baseline, s.example().state(), windowStart);
      network[i] = ValueHead.expected(s.outputs(), at, s.example().horizonDays(), settings.validationDays(),
          countSlope).transactions();
      pnbd[i] = at == null ? 0 : at.expectedTransactions(s.example().horizonDays());
      bought[i] = s.example().count() > 0;
      networkSum += network[i];
      pnbdSum += pnbd[i];
      actual += s.example().count();
    }
    double networkScale = networkSum > 0 ? actual / networkSum : 1;
    double pnbdScale = pnbdSum > 0 ? actual / pnbdSum : 1;
    double weight = baseline != null ? settings.baselineBlend() : 0;
    double[] served = new double[n];
    for (int i = 0; i < n; i++) {
      network[i] *= networkScale;
      served[i] = (1 - weight) * network[i] + weight * pnbdScale * pnbd[i];
    }
    ActivityCalibration forServed = ActivityCalibration.fit(served, bought);
    ActivityCalibration forNetwork = ActivityCalibration.fit(network, bought);
    report("p_active on the validation window: gamma-Poisson shape %.4g, Brier %.4f (Poisson %.4f);"
        + " network alone: shape %.4g, Brier %.4f (Poisson %.4f)%n",
        forServed.shape(), forServed.brier(served, bought), ActivityCalibration.POISSON.brier(served, bought),
        forNetwork.shape(), forNetwork.brier(network, bought), ActivityCalibration.POISSON.brier(network, bought));
    return new ActivityFit(forServed, forNetwork, forServed.brier(served, bought),
        ActivityCalibration.POISSON.brier(served, bought));
  }

  /** The calibrations of p_active, and the served one's Brier score on the validation window with and without it. */
  private record ActivityFit(ActivityCalibration served, ActivityCalibration network, double brier,
      double poissonBrier) {}

  /** Stores a fitted shape; the Poisson form is the absence of one. */
  private static void putShape(Map<String, Double> params, String key, ActivityCalibration calibration) {
    if (calibration.shape() != Double.POSITIVE_INFINITY) {
      params.put(key, calibration.shape());
    }
  }

  private long memberSeed(int member) {
    return settings.seed() + member;
  }

  private MultiLayerNetwork pack(List<Fit> fits) {
    List<MultiLayerNetwork> members = new ArrayList<>();
    for (Fit fit : fits) {
      members.add(fit.network());
    }
    return PackedEnsemble.pack(members, settings.learningRate(), settings.l2(), settings.seed());
  }

  /** A trained network with the weights of its best epoch, and how it got there. */
  private record Fit(MultiLayerNetwork network, int bestEpoch, double bestLoss, int epochsRun,
      List<Map<String, Object>> history) {}

  /**
   * Trains a new network for at most {@code epochs}. The weights an epoch ends with are the running
   * average since {@code averageFromEpoch}. With validation batches it stops early and keeps the
   * best epoch's; without, it keeps the last epoch's. The head's biases start at {@code bias}, the
   * training labels' ({@link InitialOutputs}).
   */
  private Fit fit(int member, int inputs, float[] bias, List<Batch> trainBatches, int trainCount,
      List<Batch> validationBatches, int validationCount, int epochs) {
    MultiLayerNetwork network = LtvNetwork.create(settings.cell(), inputs,
        settings.units() / settings.members(),
        settings.denseUnits(), settings.learningRate(), settings.l2(), memberSeed(member));
    network.getLayer(LtvNetwork.OUTPUT_LAYER).getParam("b").assign(Nd4j.createFromArray(bias).reshape(1, bias.length));
    boolean validating = validationBatches != null;
    Random random = new Random(memberSeed(member));
    double best = Double.POSITIVE_INFINITY;
    INDArray bestParams = network.params().dup();
    INDArray averageSum = null;
    int averaged = 0;
    int bestEpoch = 0;
    int epochsRun = 0;
    List<Map<String, Object>> history = new ArrayList<>();
    for (int epoch = 1; epoch <= epochs; epoch++) {
      epochsRun = epoch;
      long epochStart = System.nanoTime();
      List<Batch> order = new ArrayList<>(trainBatches);
      Collections.shuffle(order, random);
      double trainLoss = 0;
      for (Batch batch : order) {
        network.fit(batch.data);
        trainLoss += network.score() * batch.size;
      }
      trainLoss /= trainCount;
      // Early stopping judges the running average of the weights since the averaging start
      // (stochastic weight averaging): single epochs of this small, heavy-tailed data are noisy.
      INDArray current = network.params().dup();
      INDArray judged = current;
      if (epoch >= settings.averageFromEpoch()) {
        averageSum = averageSum == null ? current.dup() : averageSum.addi(current);
        averaged++;
        judged = averageSum.div(averaged);
      }
      double validationLoss = Double.NaN;
      if (validating) {
        network.setParams(judged);
        validationLoss = meanLoss(network, validationBatches, validationCount);
        network.setParams(current);
      }
      boolean improved = !validating || validationLoss < best - 1e-5;
      if (improved) {
        best = validating ? validationLoss : best;
        bestParams = judged.dup();
        bestEpoch = epoch;
      }
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("epoch", epoch);
      line.put("train_loss", trainLoss);
      if (validating) {
        line.put("validation_loss", validationLoss);
      }
      history.add(line);
      report("epoch %2d/%d  train %.5f%s  %.1f s%n", epoch, epochs, trainLoss,
          validating ? String.format("  validation %.5f%s", validationLoss, improved ? " *" : "") : "",
          (System.nanoTime() - epochStart) / 1e9);
      if (validating && epoch - bestEpoch >= settings.patience()) {
        report("early stop: no validation improvement for %d epochs; keeping epoch %d%n",
            settings.patience(), bestEpoch);
        break;
      }
    }
    network.setParams(bestParams);
    return new Fit(network, bestEpoch, best, epochsRun, history);
  }

  /** The same window calibration for Pareto/NBD x Gamma-Gamma, the ensemble's other member. */
  private double[] baselineScales(Baseline baseline, List<TrainingExamples.Example> latest, int horizonDays,
      long atMillis) {
    double window = 0;
    double horizon = 0;
    double horizonSpend = 0;
    double actualCount = 0;
    double actualSpend = 0;
    for (TrainingExamples.Example e : latest) {
      Baseline.At pnbd = baseline.at(e.state(), atMillis);
      window += pnbd.expectedTransactions(settings.validationDays());
      double n = pnbd.expectedTransactions(horizonDays);
      horizon += n;
      horizonSpend += n * pnbd.meanSpend();
      actualCount += e.count();
      actualSpend += e.spend();
    }
    double transactionScale = window > 0 ? actualCount / window : 1;
    double spendPerTransaction = actualCount > 0 ? actualSpend / actualCount : 0;
    double spendScale = horizonSpend > 0 && spendPerTransaction > 0 ? spendPerTransaction * horizon / horizonSpend : 1;
    return new double[] {transactionScale, spendScale};
  }

  /** At most {@code maxTrainingUsers} users, an evenly spaced (deterministic) selection. */
  private List<List<EngineeredEvent>> subsample(List<List<EngineeredEvent>> histories) {
    return evenlySpaced(histories, settings.maxTrainingUsers());
  }

  /** At most {@code max} of {@code histories}, an evenly spaced (deterministic) selection. */
  private static List<List<EngineeredEvent>> evenlySpaced(List<List<EngineeredEvent>> histories,
      int max) {
    if (histories.size() <= max) {
      return histories;
    }
    List<List<EngineeredEvent>> selected = new ArrayList<>(max);
    for (int i = 0; i < max; i++) {
      selected.add(histories.get((int) ((long) i * histories.size() / max)));
    }
    return selected;
  }

  /**
   * Pareto/NBD and Gamma-Gamma fit on every user's summary at the calibration cutoff (weeks), or
   * null when the data do not identify them: the network then trains without their inputs, horizon
   * shape and ensemble share.
   */
  private Baseline fitBaseline(Supplier<Baseline> baselineFit) {
    try {
      Baseline baseline = baselineFit.get();
      report("Pareto/NBD x Gamma-Gamma on the same data: %s%n", baseline.params());
      return baseline;
    } catch (ModelFitException e) {
      report("no Pareto/NBD x Gamma-Gamma baseline (%s): the network goes without it%n", e.getMessage());
      return null;
    }
  }

  static Baseline fitBaselineOrThrow(List<List<EngineeredEvent>> histories, Instant cutoff) {
    int n = histories.size();
    int[] frequency = new int[n];
    double[] recency = new double[n];
    double[] age = new double[n];
    double[] repeatMean = new double[n];
    int users = 0;
    for (List<EngineeredEvent> events : histories) {
      TreeMap<Long, Double> days = new TreeMap<>();
      for (EngineeredEvent e : events) {
        if (e.getIsPurchase()) {
          days.merge(Math.floorDiv(e.getEventTime().toEpochMilli(), DAY_MILLIS), e.getAmountBase(), Double::sum);
        }
      }
      if (days.isEmpty()) {
        continue;
      }
      RfmSummary rfm = RfmSummary.of(days, RfmSummary.observationDay(cutoff.toEpochMilli(), days.lastKey()), 0);
      frequency[users] = rfm.frequency();
      recency[users] = rfm.recency();
      age[users] = rfm.age();
      repeatMean[users] = rfm.monetaryValue();
      users++;
    }
    ParetoNbd pnbd = ParetoNbd.fit(RfmTable.of(Arrays.copyOf(frequency, users), Arrays.copyOf(recency, users),
        Arrays.copyOf(age, users))).model();
    GammaGamma gg = GammaGamma.fit(Arrays.copyOf(frequency, users), Arrays.copyOf(repeatMean, users)).model();
    return new Baseline(pnbd, gg);
  }

  private void report(String format, Object... args) {
    if (progress != null) {
      progress.printf(format, args);
      progress.flush();
    }
  }

  /** A padded minibatch; {@code examples} in batch order. */
  /** {@code querySteps}: each example's query step, its kept event steps after the cap. */
  private record Batch(DataSet data, List<TrainingExamples.Example> examples, int size,
      int[] querySteps) {}

  /** Minibatches of examples of similar length; {@code maxSteps} as in {@link Settings}. */
  private List<Batch> batches(List<TrainingExamples.Example> all, StepNormalizer normalizer,
      int maxSteps) {
    List<TrainingExamples.Example> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparingInt(e -> keptSteps(e, maxSteps)));
    List<Batch> batches = new ArrayList<>();
    for (int from = 0; from < sorted.size(); from += settings.batchSize()) {
      List<TrainingExamples.Example> chunk = sorted.subList(from, Math.min(sorted.size(), from + settings.batchSize()));
      batches.add(batch(chunk, normalizer, maxSteps));
    }
    return batches;
  }

  /** The event steps of an example that {@code maxSteps} keeps: its most recent ones. */
  private static int keptSteps(TrainingExamples.Example e, int maxSteps) {
    return maxSteps == 0 ? e.events() : Math.min(e.events(), maxSteps);
  }

  private static Batch batch(List<TrainingExamples.Example> chunk, StepNormalizer normalizer,
      int maxSteps) {
    int size = chunk.size();
    int length = keptSteps(chunk.get(size - 1), maxSteps) + 1;
    int inputs = normalizer.mean().length;
    float[] features = new float[size * inputs * length];
    float[] labels = new float[size * DecayingRateLoss.LABELS * length];
    float[] featureMask = new float[size * length];
    float[] labelMask = new float[size * length];
    float[] normalized = new float[inputs];
    int[] querySteps = new int[size];
    for (int b = 0; b < size; b++) {
      TrainingExamples.Example e = chunk.get(b);
      int kept = keptSteps(e, maxSteps);
      querySteps[b] = kept;
      int skipped = e.events() - kept;
      for (int t = 0; t <= kept; t++) {
        normalizer.apply(t < kept ? e.steps().get(skipped + t) : e.query(), normalized);
        for (int i = 0; i < inputs; i++) {
          features[(b * inputs + i) * length + t] = normalized[i];
        }
        featureMask[b * length + t] = 1f;
      }
      int q = kept;
      float[] label = {e.count(), e.spend(), e.horizonDays(), 1f};
      for (int i = 0; i < label.length; i++) {
        labels[(b * DecayingRateLoss.LABELS + i) * length + q] = label[i];
      }
      labelMask[b * length + q] = 1f;
    }
    DataSet data = new DataSet(
        Nd4j.create(features, new long[] {size, inputs, length}, 'c'),
        Nd4j.create(labels, new long[] {size, DecayingRateLoss.LABELS, length}, 'c'),
        Nd4j.create(featureMask, new long[] {size, length}, 'c'),
        Nd4j.create(labelMask, new long[] {size, length}, 'c'));
    return new Batch(data, List.copyOf(chunk), size, querySteps);
  }

  /** An example and the network's head outputs at its query step. */
  private record Scored(TrainingExamples.Example example, float[] outputs) {}

  /** Every example of {@code batches}, in order, with the network's outputs at its query step. */
  private static List<Scored> scored(MultiLayerNetwork network, List<Batch> batches) {
    List<Scored> scored = new ArrayList<>();
    for (Batch batch : batches) {
      float[][] outputs = queryOutputs(network, batch);
      for (int b = 0; b < batch.size; b++) {
        scored.add(new Scored(batch.examples.get(b), outputs[b]));
      }
    }
    return scored;
  }

  /** Head outputs at each example's query step, in batch order. */
  private static float[][] queryOutputs(MultiLayerNetwork network, Batch batch) {
    INDArray out = network.output(batch.data.getFeatures(), false, batch.data.getFeaturesMaskArray(),
        batch.data.getLabelsMaskArray()).castTo(DataType.FLOAT);
    int outputs = (int) out.size(1);
    float[][] result = new float[batch.size][outputs];
    for (int b = 0; b < batch.size; b++) {
      int q = batch.querySteps[b];
      for (int o = 0; o < outputs; o++) {
        result[b][o] = out.getFloat(b, o, q);
      }
    }
    return result;
  }

  private static double meanLoss(MultiLayerNetwork network, List<Batch> batches, int count) {
    DecayingRateLoss loss = new DecayingRateLoss();
    double sum = 0;
    for (Batch batch : batches) {
      float[][] outputs = queryOutputs(network, batch);
      float[][] labels = new float[batch.size][];
      for (int b = 0; b < batch.size; b++) {
        TrainingExamples.Example e = batch.examples.get(b);
        labels[b] = new float[] {e.count(), e.spend(), e.horizonDays(), 1f};
      }
      for (double r : loss.rowScores(Nd4j.create(labels), Nd4j.create(outputs), null, null)) {
        sum += r;
      }
    }
    return sum / Math.max(1, count);
  }

  /**
   * Calibration factors: transactions so that the predicted sum over each example's window equals
   * the actual one; spend so that, over {@code horizonDays} (when a baseline extends the horizon),
   * spend per predicted purchase day equals the window's actual spend per purchase day.
   */
  private double[] aggregateScales(List<Scored> scored, Baseline baseline, double countSlope, int horizonDays,
      long atMillis) {
    double predictedCount = 0;
    double predictedLong = 0;
    double predictedLongSpend = 0;
    double actualCount = 0;
    double actualSpend = 0;
    for (Scored s : scored) {
      TrainingExamples.Example e = s.example();
      Baseline.At pnbd = Baseline.atOrNull(baseline, e.state(), atMillis);
      ValueHead.Expected window = ValueHead.expected(s.outputs(), pnbd, e.horizonDays(),
          settings.validationDays(), countSlope);
      ValueHead.Expected horizon = pnbd == null ? window : ValueHead.expected(s.outputs(), pnbd, horizonDays,
          settings.validationDays(), countSlope);
      predictedCount += window.transactions();
      predictedLong += horizon.transactions();
      predictedLongSpend += horizon.spend();
      actualCount += e.count();
      actualSpend += e.spend();
    }
    double transactionScale = predictedCount > 0 ? actualCount / predictedCount : 1;
    double spendPerTransaction = actualCount > 0 ? actualSpend / actualCount : 0;
    double spendScale = predictedLongSpend > 0 && spendPerTransaction > 0
        ? spendPerTransaction * predictedLong / predictedLongSpend : 1;
    return new double[] {transactionScale, spendScale};
  }

}
