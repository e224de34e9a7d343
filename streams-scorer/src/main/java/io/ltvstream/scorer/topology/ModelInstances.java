package io.ltvstream.scorer.topology;

import io.ltvstream.model.Engine;
import io.ltvstream.model.LtvModel;
import io.ltvstream.model.ModelBundle;
import java.util.function.Supplier;

/**
 * One thread's model instance for the bundle in service. Models hold scratch buffers and are not
 * thread-safe, so each processor (one stream thread) and the query path keep their own, and take a
 * new one when the bundle in service changes.
 */
public final class ModelInstances {
  private final Supplier<ModelBundle> bundles;
  private final Engine engine;
  private ModelBundle bundle;
  private LtvModel model;

  public ModelInstances(Supplier<ModelBundle> bundles, Engine engine) {
    this.bundles = bundles;
    this.engine = engine;
  }

  public LtvModel current() {
    ModelBundle inService = bundles.get();
    if (inService != bundle) {
      model = inService.newModel(engine);
      bundle = inService;
    }
    return model;
  }
}
