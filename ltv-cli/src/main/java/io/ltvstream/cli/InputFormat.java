package io.ltvstream.cli;


/** History formats that {@code train} and {@code evaluate} read. */
enum InputFormat {
  /** The CDNOW master or sample text file. */
  cdnow,
  /** The Avro container of EngineeredEvent records that {@code prepare} writes. */
  events
}
