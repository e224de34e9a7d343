package io.ltvstream.model;

import io.ltvstream.avro.UserProfile;
import io.ltvstream.core.features.Dimensions;
import io.ltvstream.core.state.ReplaySteps;
import io.ltvstream.core.state.StepVectors;
import io.ltvstream.core.state.UserState;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a user's expected value comes from, by occlusion: each dimension group's contribution is
 * the value minus the value with that group's inputs neutral at the query step; the history's is
 * the value with every dimension neutral (what the user's own events and Pareto/NBD's view give).
 * Shares are the contributions' magnitudes over their sum. The user's last events (their replay
 * steps, oldest first) each carry the change in expected value their step caused: the value, scored
 * at the same time, after replaying the steps up to it from zero, minus the value before it. The
 * replay keeps the user's last {@code scorer.recent.steps} steps only, so those changes explain the
 * recent steps, not the whole history.
 *
 * @param expectedValue the value being explained
 * @param contributions per group ({@code history}, {@code profile}, {@code product}, {@code
 *     calendar}): value it adds, in the value's currency
 * @param shares per group: its share of the contributions' magnitudes (summing to 1; all 0 when the
 *     value is 0)
 * @param events the last events, oldest first
 */
public record ValueExplanation(double expectedValue, Map<String, Double> contributions, Map<String, Double> shares,
    List<EventEffect> events) {

  /**
   * One recent event as its replay step records it.
   *
   * @param type purchase, refund, engagement (or other)
   * @param amount the event's amount (half precision)
   * @param daysSincePrevious days since the user's event before it
   * @param valueChange the change in expected value its step caused
   */
  public record EventEffect(String type, double amount, double daysSincePrevious, double valueChange) {}

  public static ValueExplanation of(LtvModel model, UserState state, UserProfile profile, long atMillis) {
    double value = model.predict(state, atMillis, profile).expectedValue();
    Map<String, Double> contributions = new LinkedHashMap<>();
    contributions.put("history", model.predictOccluded(state, atMillis, profile,
        EnumSet.allOf(Dimensions.Group.class)).expectedValue());
    for (Dimensions.Group group : List.of(Dimensions.Group.PROFILE, Dimensions.Group.PRODUCT,
        Dimensions.Group.CALENDAR)) {
      contributions.put(group.name().toLowerCase(java.util.Locale.ROOT),
          value - model.predictOccluded(state, atMillis, profile, EnumSet.of(group)).expectedValue());
    }
    double total = contributions.values().stream().mapToDouble(Math::abs).sum();
    Map<String, Double> shares = new LinkedHashMap<>();
    contributions.forEach((group, c) -> shares.put(group, total == 0 ? 0 : Math.abs(c) / total));
    return new ValueExplanation(value, contributions, shares, events(model, state, profile, atMillis));
  }

  private static List<EventEffect> events(LtvModel model, UserState state, UserProfile profile, long atMillis) {
    UserState replayed = state.copy();
    model.resetRecurrent(replayed);
    ReplaySteps steps = state.replaySteps();
    float[] step = new float[model.stepSize()];
    List<EventEffect> effects = new ArrayList<>();
    double before = model.predict(replayed, atMillis, profile).expectedValue();
    for (int i = 0; i < steps.size(); i++) {
      steps.copyTo(i, step);
      model.step(step, replayed);
      double after = model.predict(replayed, atMillis, profile).expectedValue();
      String type = step[StepVectors.IS_PURCHASE] > 0 ? "purchase" : step[StepVectors.IS_REFUND] > 0 ? "refund"
          : step[StepVectors.IS_ENGAGEMENT] > 0 ? "engagement" : "other";
      double amount = Math.copySign(Math.expm1(Math.abs(step[StepVectors.LOG_AMOUNT])), step[StepVectors.LOG_AMOUNT]);
      double days = Math.expm1(step[StepVectors.LOG_DAYS_SINCE_PREVIOUS]);
      effects.add(new EventEffect(type, amount, days, after - before));
      before = after;
    }
    return effects;
  }
}
