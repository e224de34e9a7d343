/**
 * Per-record features: what one event says on its own, without the user's history. The same
 * code runs in the NiFi processor {@code EngineerEventFeatures}, in {@code ./ltv prepare}, in the
 * readers of history files and in tests, so every path agrees.
 */
package io.ltvstream.core.features;
