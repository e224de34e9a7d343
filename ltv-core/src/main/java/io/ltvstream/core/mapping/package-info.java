/**
 * How a source record (a CSV row, a JSON line, a NiFi record) maps onto a {@code UserEvent}: which
 * source field holds the user id, the event time and its pattern, the amount or quantity times unit
 * price, the currency, the refund rule and the event id. The same keys configure the NiFi
 * processors and {@code ./ltv prepare --mapping}.
 */
package io.ltvstream.core.mapping;
