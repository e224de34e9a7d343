package io.ltvstream.core.state;

/**
 * The classic recency-frequency-monetary summary of a user at some time, in the conventions of
 * the probabilistic CLV models (same-day purchases are one transaction).
 *
 * @param frequency repeat purchase days (purchase days minus the first)
 * @param recencyDays days from the first to the last purchase day
 * @param tenureDays days from the first event to the time the summary refers to
 * @param monetaryMean mean spend per purchase day (0 without purchases)
 */
public record RfmSummary(int frequency, double recencyDays, double tenureDays, double monetaryMean) {}
