package io.ltvstream.core.state;

import java.util.Objects;

/**
 * A user's open monitoring window: the prediction made when it opened (expected value and
 * transactions over the model's horizon, p_active, the model version) and what the user has done
 * in it so far (spend net of refunds, purchase days). {@link UserState#update} adds each applied
 * event whose day falls in {@code [startDay, startDay + horizonDays)}; the scorer opens and closes
 * the window ({@link #open}, {@link #close}). 23 bytes in a stored state while open, 4 while closed.
 */
public final class MonitoredWindow {
  /** The prediction of a window and its outcome, as it closed. */
  public record Outcome(long startDay, int horizonDays, String modelVersion, double predictedValue,
      double predictedTransactions, double pActive, double realisedValue, int realisedTransactions) {
    /** Whether the user bought anything in the window: the event p_active predicts. */
    public boolean active() {
      return realisedTransactions > 0;
    }
  }

  long startDay = UserState.NONE;
  int horizonDays;
  String modelVersion = "";
  float predictedValue;
  float predictedTransactions;
  /** Kept in IEEE half precision, as stored: its Brier term moves by at most 2^-11. */
  short pActiveHalf;
  float realisedValue;
  /** Purchase days in the window, saturating at 65,535 (stored as unsigned 16 bits). */
  char realisedTransactions;

  public boolean isOpen() {
    return startDay != UserState.NONE;
  }

  /** First epoch day of the open window ({@link Long#MIN_VALUE} when none is open). */
  public long startDay() {
    return startDay;
  }

  /** The first epoch day after the open window. */
  public long endDay() {
    return startDay + horizonDays;
  }

  /** The version of the model whose prediction the open window holds. */
  public String modelVersion() {
    return modelVersion;
  }

  /**
   * Opens a window of {@code horizonDays} from {@code startDay} with the prediction made at its
   * start by {@code modelVersion}.
   */
  public void open(long startDay, int horizonDays, String modelVersion, double predictedValue,
      double predictedTransactions, double pActive) {
    if (horizonDays < 1 || horizonDays > Character.MAX_VALUE) {
      throw new IllegalArgumentException("a window's horizon must be in [1, 65535] days, got " + horizonDays);
    }
    this.startDay = startDay;
    this.horizonDays = horizonDays;
    this.modelVersion = Objects.requireNonNull(modelVersion, "modelVersion");
    this.predictedValue = (float) predictedValue;
    this.predictedTransactions = (float) predictedTransactions;
    this.pActiveHalf = Float.floatToFloat16((float) pActive);
    this.realisedValue = 0;
    this.realisedTransactions = 0;
  }

  /** The window's prediction and outcome; the window is closed afterwards. */
  public Outcome close() {
    if (!isOpen()) {
      throw new IllegalStateException("no monitoring window is open");
    }
    Outcome outcome = new Outcome(startDay, horizonDays, modelVersion, predictedValue, predictedTransactions,
        Float.float16ToFloat(pActiveHalf), realisedValue, realisedTransactions);
    clear();
    return outcome;
  }

  /** No window open. */
  void clear() {
    startDay = UserState.NONE;
    horizonDays = 0;
    modelVersion = "";
    predictedValue = 0;
    predictedTransactions = 0;
    pActiveHalf = 0;
    realisedValue = 0;
    realisedTransactions = 0;
  }

  /** Counts an applied event of {@code day}: spend net of refunds, and a new purchase day. */
  void record(long day, double netSpend, boolean newPurchaseDay) {
    if (!isOpen() || day < startDay || day >= endDay()) {
      return;
    }
    realisedValue += (float) netSpend;
    if (newPurchaseDay && realisedTransactions < Character.MAX_VALUE) {
      realisedTransactions++;
    }
  }

  void copyFrom(MonitoredWindow other) {
    startDay = other.startDay;
    horizonDays = other.horizonDays;
    modelVersion = other.modelVersion;
    predictedValue = other.predictedValue;
    predictedTransactions = other.predictedTransactions;
    pActiveHalf = other.pActiveHalf;
    realisedValue = other.realisedValue;
    realisedTransactions = other.realisedTransactions;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MonitoredWindow w && startDay == w.startDay && horizonDays == w.horizonDays
        && modelVersion.equals(w.modelVersion) && predictedValue == w.predictedValue
        && predictedTransactions == w.predictedTransactions && pActiveHalf == w.pActiveHalf
        && realisedValue == w.realisedValue && realisedTransactions == w.realisedTransactions;
  }

  @Override
  public int hashCode() {
    return Objects.hash(startDay, horizonDays, modelVersion, predictedValue, realisedValue);
  }
}
