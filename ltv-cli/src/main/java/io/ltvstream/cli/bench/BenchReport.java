package io.ltvstream.cli.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of one {@code ./ltv bench} run, in the JSON shape of the contract. A figure that could
 * not be measured is null (the terminal says why). Ratios are computed from figures of the same run.
 */
public final class BenchReport {
  /**
   * The full scorer against a pass-through topology and a stateful reference (decode, one per-user
   * read-modify-write, encode; no model), same broker and input, exactly_once_v2. Latency is send to
   * read_committed receipt at a paced rate, at the default and at a longer commit interval.
   */
  public static final class Scorer {
    @JsonProperty("events_per_s") public Double eventsPerS;
    @JsonProperty("passthrough_events_per_s") public Double passthroughEventsPerS;
    @JsonProperty("ratio") public Double ratio;
    @JsonProperty("stateful_reference_events_per_s") public Double statefulReferenceEventsPerS;
    @JsonProperty("ratio_vs_stateful") public Double ratioVsStateful;
    @JsonProperty("profile_join_events_per_s") public Double profileJoinEventsPerS;
    @JsonProperty("ratio_profile_join") public Double ratioProfileJoin;
    @JsonProperty("latency_events_per_s") public Integer latencyEventsPerS;
    @JsonProperty("commit_interval_ms") public Integer commitIntervalMs;
    @JsonProperty("latency_ms_p50") public Double latencyMsP50;
    @JsonProperty("latency_ms_p99") public Double latencyMsP99;
    @JsonProperty("passthrough_latency_ms_p50") public Double passthroughLatencyMsP50;
    @JsonProperty("passthrough_latency_ms_p99") public Double passthroughLatencyMsP99;
    @JsonProperty("long_commit_interval_ms") public Integer longCommitIntervalMs;
    @JsonProperty("long_commit_latency_ms_p50") public Double longCommitLatencyMsP50;
    @JsonProperty("long_commit_latency_ms_p99") public Double longCommitLatencyMsP99;
  }

  /** One model step per event: our kernel, DL4J rnnTimeStep, and re-running the last window. */
  public static final class ModelStep {
    @JsonProperty("kernel_us") public Double kernelUs;
    @JsonProperty("gru_kernel_us") public Double gruKernelUs;
    @JsonProperty("dl4j_rnn_time_step_us") public Double dl4jRnnTimeStepUs;
    @JsonProperty("full_window_us") public Double fullWindowUs;
    @JsonProperty("window") public Integer window = 50;
    @JsonProperty("speedup_vs_dl4j") public Double speedupVsDl4j;
    @JsonProperty("speedup_vs_full_window") public Double speedupVsFullWindow;
  }

  /** Our Clean, Dedupe, Engineer chain against ValidateRecord, DeduplicateRecord, UpdateRecord. */
  public static final class Nifi {
    @JsonProperty("ltv_chain_records_per_s") public Double ltvChainRecordsPerS;
    @JsonProperty("standard_chain_records_per_s") public Double standardChainRecordsPerS;
    @JsonProperty("ratio") public Double ratio;
  }

  public static final class Training {
    @JsonProperty("cdnow_master_seconds") public Double cdnowMasterSeconds;
  }

  /** What the scorer keeps per user: key plus value of every store, as in the changelogs. */
  public static final class State {
    @JsonProperty("bytes_per_user") public Double bytesPerUser;
    @JsonProperty("by_store") public final Map<String, Double> byStore = new LinkedHashMap<>();
  }

  /** Pareto/NBD's P(alive), computed once per query by the scorer's baseline. */
  public static final class Baseline {
    @JsonProperty("grid_points") public Integer gridPoints;
    @JsonProperty("p_alive_scan_p50_us") public Double scanP50Us;
    @JsonProperty("p_alive_scan_p99_us") public Double scanP99Us;
    @JsonProperty("p_alive_worst_us") public Double worstUs;
    @JsonProperty("p_alive_worst_p99_us") public Double worstP99Us;
    @JsonProperty("p_alive_worst_point") public String worstPoint;
  }

  /**
   * The HTTP API of one scorer instance: {@code clients} closed-loop clients asking for random
   * scored users' values on the loopback interface, and the lines of {@code /metrics} there.
   */
  public static final class Http {
    @JsonProperty("clients") public Integer clients;
    @JsonProperty("users") public Integer users;
    @JsonProperty("seconds") public Double seconds;
    @JsonProperty("requests_per_s") public Double requestsPerS;
    @JsonProperty("latency_ms_p50") public Double latencyMsP50;
    @JsonProperty("latency_ms_p99") public Double latencyMsP99;
    @JsonProperty("errors") public Long errors;
    @JsonProperty("metrics_lines") public Integer metricsLines;
    @JsonProperty("paced_requests_per_s") public Double pacedRequestsPerS;
    @JsonProperty("paced_latency_ms_p99") public Double pacedLatencyMsP99;
  }

  @JsonProperty("scorer") public final Scorer scorer = new Scorer();
  @JsonProperty("model_step") public final ModelStep modelStep = new ModelStep();
  @JsonProperty("nifi") public final Nifi nifi = new Nifi();
  @JsonProperty("training") public final Training training = new Training();
  @JsonProperty("state") public final State state = new State();
  @JsonProperty("baseline") public final Baseline baseline = new Baseline();
  @JsonProperty("http") public final Http http = new Http();

  /** a / b, or null when either is missing. */
  public static Double ratio(Double a, Double b) {
    return a == null || b == null || b == 0 ? null : a / b;
  }

  public String toJson() {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the bench report as JSON", e);
    }
  }

  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, toJson() + "\n");
  }
}
