/**
 * Validation and normalization of mapped source records into {@code UserEvent}s: required fields,
 * time parsing, categorical trimming and case, currency conversion to the base currency, refunds,
 * outliers, future times, non-finite numbers, unknown types and HMAC-SHA256 pseudonymization.
 * Every record ends either as a valid event or as a rejection with a {@link
 * io.ltvstream.core.cleaning.RejectReason reason}; none is lost.
 */
package io.ltvstream.core.cleaning;
