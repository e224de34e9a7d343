/**
 * The scoring side of ltv-stream: the Kafka Streams service ({@code topology}, {@code http},
 * {@code service}), the recurrent model ({@code model}: DL4J trainer, bundle, float-array step
 * kernel), the offline evaluator ({@code evaluate}) and the {@code ltv} command line ({@code cli}).
 */
package io.ltvstream.scorer;
