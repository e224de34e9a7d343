package io.ltvstream.cli;

import io.ltvstream.core.prepare.PreparePipeline;
import io.ltvstream.core.prepare.ProgressListener;
import io.ltvstream.core.synthetic.BehaviourShift;
import io.ltvstream.core.synthetic.ShopConfig;
import io.ltvstream.core.synthetic.SyntheticShop;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/** Test inputs: a synthetic shop's history as {@code ./ltv prepare} writes it, and kept topics. */
final class SyntheticHistory {
  static final LocalDate START = LocalDate.of(2024, 1, 1);

  private SyntheticHistory() {}

  /** The shop's raw lines (with its dirt) through prepare's pipeline into an events file. */
  static Path eventsFile(Path dir, int users, int days, long seed) throws IOException {
    return eventsFile(dir, users, days, seed, BehaviourShift.NONE);
  }

  /** The same, with the shop's buying changed by {@code shift}. */
  static Path eventsFile(Path dir, int users, int days, long seed, BehaviourShift shift) throws IOException {
    Path raw = dir.resolve("shop-" + seed + ".jsonl");
    try (Writer writer = Files.newBufferedWriter(raw, StandardCharsets.UTF_8)) {
      new SyntheticShop(ShopConfig.defaults().withSeed(seed).withUsers(users).withDays(days).withStart(START), shift)
          .writeJsonLines(writer);
    }
    Path events = dir.resolve("events-" + seed + ".avro");
    PreparePipeline.of(SyntheticShop.mappingSettings()).run(raw, events, null, ProgressListener.NONE);
    return events;
  }

  /** Creates topics that keep records forever, as {@code ./ltv broker} does: history has old timestamps. */
  static void createKeptTopics(String bootstrapServers, int partitions, String... names)
      throws InterruptedException, ExecutionException {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
      admin.createTopics(List.of(names).stream()
          .map(n -> new NewTopic(n, partitions, (short) 1).configs(Map.of("retention.ms", "-1"))).toList())
          .all().get();
    }
  }
}
