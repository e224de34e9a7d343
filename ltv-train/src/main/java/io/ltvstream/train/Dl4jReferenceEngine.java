package io.ltvstream.train;

import io.ltvstream.model.LtvModel;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.model.ReferenceEngine;

/**
 * {@code scorer.engine=dl4j}: DL4J's own {@code rnnTimeStep} on the bundle's LSTM network, or the
 * GRU layer's own op as a one-step SameDiff graph.
 */
public final class Dl4jReferenceEngine implements ReferenceEngine {
  @Override
  public LtvModel newModel(ModelBundle bundle) {
    return new Dl4jLtvModel(bundle.metadata(), NetworkBundles.network(bundle));
  }
}
