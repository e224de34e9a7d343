/**
 * The served model, with no DL4J on the class path: {@link io.ltvstream.model.ModelBundle} reads a
 * bundle's exported float weights, and {@link io.ltvstream.model.LtvModel} steps a user's recurrent
 * state once per event (the allocation-free {@code KernelLtvModel}) and scores it at any time
 * through the {@code ValueHead}, beside the Pareto/NBD x Gamma-Gamma {@code Baseline}. The DL4J
 * reference engine plugs in as a {@link io.ltvstream.model.ReferenceEngine} from ltv-train.
 */
package io.ltvstream.model;
