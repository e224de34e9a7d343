package io.ltvstream.bench;

import io.ltvstream.cli.bench.BenchReport;
import io.ltvstream.core.synthetic.ShopConfig;
import io.ltvstream.core.synthetic.ShopRecord;
import io.ltvstream.core.synthetic.SyntheticShop;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Our Clean, Dedupe, Engineer chain against NiFi's ValidateRecord, DeduplicateRecord, UpdateRecord,
 * both in nifi-mock with NiFi's own JSON reader and Avro writer, on the same raw shop records
 * (duplicates, invalid timestamps and missing ids included; no garbage lines, which NiFi's JSON
 * reader cannot skip). Each chain runs a warm-up pass, then the best of three measured passes.
 * Only the processors' work is timed, not building the FlowFiles.
 */
final class NifiChainBench {
  static final int RECORDS = 200_000;
  static final int FLOWFILES = 20;
  private static final int WARMUP_RECORDS = 50_000;
  private static final int PASSES = 3;

  private final PrintStream out;

  NifiChainBench(PrintStream out) {
    this.out = out;
  }

  void run(long seed, BenchReport.Nifi figures, NifiChain ours) throws Exception {
    List<byte[]> warmup = flowFiles(WARMUP_RECORDS, seed + 1);
    List<byte[]> input = flowFiles(RECORDS, seed);
    out.printf("nifi: %,d raw shop records in %d FlowFiles (duplicates, invalid timestamps, missing ids)%n",
        RECORDS, input.size());
    NifiChain standard = new StandardNifiChain();
    figures.standardChainRecordsPerS = measure(standard, warmup, input);
    if (ours != null) {
      figures.ltvChainRecordsPerS = measure(ours, warmup, input);
    } else {
      out.println("  ltv chain: our NiFi processors are not in this build");
    }
    figures.ratio = BenchReport.ratio(figures.ltvChainRecordsPerS, figures.standardChainRecordsPerS);
  }

  private double measure(NifiChain chain, List<byte[]> warmup, List<byte[]> input) throws Exception {
    chain.run(warmup);
    double[] rates = new double[PASSES];
    NifiChain.Result last = null;
    for (int i = 0; i < PASSES; i++) {
      last = chain.run(input);
      rates[i] = RECORDS / (last.nanos() / 1e9);
    }
    double best = Arrays.stream(rates).max().orElseThrow();
    out.printf("  %-14s %,9.0f records/s (best of %d: %s); out: %s%n", chain.name(), best, PASSES,
        Arrays.toString(Arrays.stream(rates).mapToLong(Math::round).toArray()), last.counts());
    return best;
  }

  /** The shop's raw lines, garbage excluded, cut into FlowFiles of equal record counts. */
  static List<byte[]> flowFiles(int records, long seed) {
    ShopConfig config = ShopConfig.defaults().withSeed(seed).withUsers(Math.max(100, records / 14))
        .withDirt(0.02, 0.01, 0.01, 0);
    Iterator<ShopRecord> shop = new SyntheticShop(config).records();
    int perFile = records / FLOWFILES;
    List<byte[]> files = new ArrayList<>(FLOWFILES);
    for (int f = 0; f < FLOWFILES; f++) {
      StringBuilder content = new StringBuilder(perFile * 260);
      for (int i = 0; i < perFile; i++) {
        if (!shop.hasNext()) {
          throw new IllegalStateException("the synthetic shop ran out after " + (f * perFile + i) + " records");
        }
        content.append(shop.next().line()).append('\n');
      }
      files.add(content.toString().getBytes(StandardCharsets.UTF_8));
    }
    return files;
  }
}
