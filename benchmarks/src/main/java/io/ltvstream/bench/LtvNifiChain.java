package io.ltvstream.bench;

import io.ltvstream.core.synthetic.SyntheticShop;
import io.ltvstream.testkit.nifi.LtvIngestChain;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Our chain ({@link LtvIngestChain}) in the benchmark, mapped with the shop's own settings. */
final class LtvNifiChain implements NifiChain {
  @Override
  public String name() {
    return "ltv chain";
  }

  @Override
  public Result run(List<byte[]> flowFiles) throws Exception {
    LtvIngestChain.Outcome outcome = LtvIngestChain.mappedBy(SyntheticShop.mappingSettings()).run(flowFiles);
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("valid", outcome.cleaned());
    counts.put("invalid", outcome.invalid());
    counts.put("unique", outcome.unique());
    counts.put("duplicate", outcome.duplicates());
    counts.put("engineered", outcome.engineered());
    return new Result(outcome.nanos(), counts);
  }
}
