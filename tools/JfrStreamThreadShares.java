import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a Kafka Streams thread's time and allocations go, from a JFR recording (settings=profile):
 * java tools/JfrStreamThreadShares.java bench.jfr [thread-name-part, default "bench-scorer"]
 * [method to leave out, e.g. "rollIdleUsers": samples with it on the stack are not counted]
 *
 * <p>CPU: jdk.ExecutionSample of the threads whose name holds the part and "StreamThread", each
 * sample named by the first frame from the leaf up that is ours, Avro, the store or the producer,
 * else Kafka Streams (the categories of docs/demo-and-bench.md). Allocation: jdk.ObjectAllocationSample
 * of the same threads, by weight (bytes), by category and by allocation site (the leaf frame and
 * the allocated class).
 */
public class JfrStreamThreadShares {
  static String category(List<RecordedFrame> frames) {
    for (RecordedFrame frame : frames) {
      String c = frame.getMethod().getType().getName();
      if (c.startsWith("io.ltvstream.core.clv.") || c.contains(".Baseline")) {
        return "baseline (Pareto/NBD, Gamma-Gamma)";
      }
      if (c.startsWith("io.ltvstream.core.state.UserStateCodec") || c.startsWith("io.ltvstream.core.state.ByteCursor")
          || c.startsWith("io.ltvstream.core.state.ReplaySteps") || c.startsWith("io.ltvstream.core.state.RecentEventIds")) {
        return "state codec";
      }
      if (c.startsWith("io.ltvstream.model.")) {
        return c.contains("EventReplay") ? "processor and scoring" : "model (kernel steps, head)";
      }
      if (c.startsWith("io.ltvstream.schemas.") || c.startsWith("org.apache.avro.")) {
        return "serde (Avro)";
      }
      if (c.startsWith("io.ltvstream.")) {
        return "processor and scoring";
      }
      if (c.startsWith("org.apache.kafka.streams.state.") || c.startsWith("org.rocksdb.")
          || c.startsWith("org.apache.kafka.streams.processor.internals.ProcessorStateManager")) {
        return "store (cache, RocksDB, changelog)";
      }
      if (c.startsWith("org.apache.kafka.clients.producer.") || c.contains("RecordCollector")) {
        return "sends (producer, record collector)";
      }
    }
    return "the rest of Kafka Streams, consumer";
  }

  public static void main(String[] args) throws Exception {
    String part = args.length > 1 ? args[1] : "bench-scorer";
    String leftOut = args.length > 2 ? args[2] : null;
    Map<String, Long> cpu = new HashMap<>();
    Map<String, Long> allocByCategory = new HashMap<>();
    Map<String, Long> allocBySite = new HashMap<>();
    long cpuTotal = 0;
    long allocTotal = 0;
    try (RecordingFile file = new RecordingFile(Path.of(args[0]))) {
      while (file.hasMoreEvents()) {
        RecordedEvent e = file.readEvent();
        String type = e.getEventType().getName();
        boolean sample = type.equals("jdk.ExecutionSample");
        boolean alloc = type.equals("jdk.ObjectAllocationSample");
        if (!sample && !alloc) {
          continue;
        }
        var thread = sample ? e.getThread("sampledThread") : e.getThread("eventThread");
        if (thread == null || thread.getJavaName() == null || !thread.getJavaName().contains(part)
            || !thread.getJavaName().contains("StreamThread") || e.getStackTrace() == null) {
          continue;
        }
        List<RecordedFrame> frames = e.getStackTrace().getFrames();
        if (leftOut != null && frames.stream().anyMatch(f -> f.getMethod().getName().equals(leftOut))) {
          continue;
        }
        String category = category(frames);
        if (sample) {
          cpu.merge(category, 1L, Long::sum);
          cpuTotal++;
        } else {
          long weight = e.getLong("weight");
          allocByCategory.merge(category, weight, Long::sum);
          RecordedFrame leaf = frames.isEmpty() ? null : frames.getFirst();
          String site = (leaf == null ? "?" : leaf.getMethod().getType().getName() + "." + leaf.getMethod().getName())
              + " -> " + e.getClass("objectClass").getName();
          // the first frame of ours above a library leaf says who asked for it
          for (RecordedFrame f : frames) {
            String c = f.getMethod().getType().getName();
            if (c.startsWith("io.ltvstream.")) {
              if (f != leaf) {
                site += "  (from " + c.substring(c.lastIndexOf('.') + 1) + "." + f.getMethod().getName() + ")";
              }
              break;
            }
          }
          allocBySite.merge(site, weight, Long::sum);
          allocTotal += weight;
        }
      }
    }
    System.out.printf("CPU samples of %s stream threads: %,d%n", part, cpuTotal);
    print(cpu, cpuTotal, 20);
    System.out.printf("%nAllocation samples of %s stream threads, by category (%,d MB sampled weight)%n", part, allocTotal >> 20);
    print(allocByCategory, allocTotal, 20);
    System.out.printf("%nTop allocation sites (leaf frame -> class)%n");
    print(allocBySite, allocTotal, 15);
  }

  static void print(Map<String, Long> counts, long total, int top) {
    counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
        .forEach(en -> System.out.printf("  %5.1f%%  %s%n", 100.0 * en.getValue() / Math.max(1, total), en.getKey()));
  }
}
