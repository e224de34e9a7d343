package io.ltvstream.bench;

import java.util.List;
import java.util.Map;

/** A chain of NiFi processors over FlowFiles of raw JSON lines. */
interface NifiChain {
  String name();

  /** Runs fresh processors over the FlowFiles; times only the processors' work. */
  Result run(List<byte[]> flowFiles) throws Exception;

  /**
   * @param nanos time spent in the processors
   * @param counts records (or FlowFiles) per outcome, to show both chains did the work
   */
  record Result(long nanos, Map<String, Long> counts) {}
}
