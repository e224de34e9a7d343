package io.ltvstream.evaluate;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.core.eval.CalibrationSet;
import io.ltvstream.core.eval.LtvPredictor;
import io.ltvstream.core.eval.Prediction;
import io.ltvstream.core.eval.UserHistory;
import io.ltvstream.core.state.UserState;
import io.ltvstream.model.Engine;
import io.ltvstream.model.EventReplay;
import io.ltvstream.model.LtvModel;
import io.ltvstream.model.LtvPrediction;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.train.LtvTrainer;
import java.io.PrintStream;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The network's entry of {@code ./ltv evaluate}, named after its cell ({@code lstm} or {@code
 * gru}): trains the network on the calibration set
 * (or uses a given bundle), then replays every user's calibration events through the scorer's
 * own path ({@link UserState#update}, {@link StepVectors}, the kernel's step) and scores them at
 * the calibration cutoff over the holdout horizon.
 */
public final class LstmPredictor implements LtvPredictor {
  private final LtvTrainer.Settings settings;
  private final ModelBundle given;
  private final PrintStream progress;
  private ModelBundle bundle;

  /** Trains in {@link #predict}. */
  public LstmPredictor(LtvTrainer.Settings settings, PrintStream progress) {
    this.settings = settings;
    this.given = null;
    this.progress = progress;
  }

  /** Uses a bundle trained elsewhere (on data that ends no later than the calibration end). */
  public LstmPredictor(ModelBundle bundle) {
    this.settings = null;
    this.given = bundle;
    this.progress = null;
  }

  @Override
  public String name() {
    return (given != null ? given.cell() : settings.cell()).label();
  }

  /** The bundle used by the last {@link #predict}. */
  public ModelBundle bundle() {
    return bundle;
  }

  @Override
  public Prediction predict(CalibrationSet calibration) {
    long started = System.nanoTime();
    int horizonDays = (int) ChronoUnit.DAYS.between(calibration.calibrationEnd(), calibration.holdoutEnd());
    bundle = given;
    if (bundle == null) {
      List<List<EngineeredEvent>> histories = new ArrayList<>();
      for (UserHistory user : calibration.users()) {
        histories.add(user.events());
      }
      bundle = new LtvTrainer(settings.withHorizonDays(horizonDays), progress)
          .train(histories, calibration.calibrationEnd());
    }
    double trainSeconds = given == null ? (System.nanoTime() - started) / 1e9 : 0;
    LtvModel model = bundle.newModel(Engine.KERNEL);
    long at = calibration.calibrationCutoff().toEpochMilli();
    int n = calibration.size();
    double[] transactions = new double[n];
    double[] spend = new double[n];
    for (int i = 0; i < n; i++) {
      UserState state = EventReplay.replay(calibration.users().get(i).events(), model);
      LtvPrediction p = model.predict(state, at, horizonDays);
      transactions[i] = p.expectedTransactions();
      spend[i] = p.expectedValue();
    }
    Map<String, Double> params = new LinkedHashMap<>();
    params.put("units", (double) model.units());
    params.put("transaction_scale", bundle.metadata().transactionScale());
    params.put("spend_scale", bundle.metadata().spendScale());
    if (bundle.metadata().training().get("members") instanceof List<?> members) {
      params.put("members", (double) members.size());
    }
    return Prediction.of(transactions, spend).withParams(params).withTrainSeconds(trainSeconds);
  }

}
