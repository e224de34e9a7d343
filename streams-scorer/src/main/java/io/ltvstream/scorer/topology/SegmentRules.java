package io.ltvstream.scorer.topology;

import io.ltvstream.avro.Segment;

/**
 * Turns a score into the segment marketing and retention act on. Thresholds are configuration:
 * <ul>
 *   <li>{@code NEW}: no repeat purchase yet and first seen at most {@code newDays} ago;</li>
 *   <li>{@code ACTIVE_HIGH} / {@code ACTIVE}: p_active at least {@code activeP}, split by
 *       expected value at {@code highValue};</li>
 *   <li>{@code AT_RISK_HIGH} / {@code AT_RISK}: p_active at least {@code dormantP}, split by
 *       spend so far at {@code highPastSpend} (whom a win-back campaign should call first);</li>
 *   <li>{@code DORMANT}: the rest.</li>
 * </ul>
 */
public record SegmentRules(double newDays, double activeP, double dormantP, double highValue,
    double highPastSpend) {

  public static final SegmentRules DEFAULT = new SegmentRules(30, 0.5, 0.15, 100, 200);

  public SegmentRules {
    if (!(0 <= dormantP && dormantP <= activeP && activeP <= 1)) {
      throw new IllegalArgumentException(
          "segment thresholds need 0 <= dormant p_active <= active p_active <= 1, got "
              + dormantP + " and " + activeP);
    }
  }

  public Segment segmentOf(int frequency, double tenureDays, double pActive, double expectedValue,
      double pastSpend) {
    if (frequency == 0 && tenureDays <= newDays) {
      return Segment.NEW;
    }
    if (pActive >= activeP) {
      return expectedValue >= highValue ? Segment.ACTIVE_HIGH : Segment.ACTIVE;
    }
    if (pActive >= dormantP) {
      return pastSpend >= highPastSpend ? Segment.AT_RISK_HIGH : Segment.AT_RISK;
    }
    return Segment.DORMANT;
  }
}
