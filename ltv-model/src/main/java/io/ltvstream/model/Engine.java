package io.ltvstream.model;


/** Which implementation steps the network. */
public enum Engine {
  /** The allocation-free float-array kernel with weights exported from the DL4J network (default). */
  KERNEL,
  /** DL4J's own {@code rnnTimeStep}: the reference; about 300 us per step, one instance per thread. */
  DL4J
}
