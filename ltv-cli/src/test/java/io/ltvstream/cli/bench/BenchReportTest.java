package io.ltvstream.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void writesExactlyTheContractsKeysWithNullForWhatWasNotMeasured() throws Exception {
    BenchReport report = new BenchReport();
    report.scorer.eventsPerS = 60_000.0;
    report.scorer.passthroughEventsPerS = 120_000.0;
    report.scorer.ratio = BenchReport.ratio(report.scorer.eventsPerS, report.scorer.passthroughEventsPerS);
    report.state.byStore.put("user-state", 1015.0);

    JsonNode json = JSON.readTree(report.toJson());

    assertThat(fieldNames(json)).containsExactly("scorer", "model_step", "nifi", "training", "state", "baseline", "http");
    assertThat(fieldNames(json.get("scorer"))).containsExactly("events_per_s", "passthrough_events_per_s", "ratio",
        "stateful_reference_events_per_s", "ratio_vs_stateful", "profile_join_events_per_s", "ratio_profile_join",
        "latency_events_per_s", "commit_interval_ms",
        "latency_ms_p50", "latency_ms_p99", "passthrough_latency_ms_p50", "passthrough_latency_ms_p99",
        "long_commit_interval_ms", "long_commit_latency_ms_p50",
        "long_commit_latency_ms_p99");
    assertThat(fieldNames(json.get("model_step"))).containsExactly("kernel_us", "gru_kernel_us", "dl4j_rnn_time_step_us",
        "full_window_us", "window", "speedup_vs_dl4j", "speedup_vs_full_window");
    assertThat(fieldNames(json.get("nifi"))).containsExactly("ltv_chain_records_per_s",
        "standard_chain_records_per_s", "ratio");
    assertThat(fieldNames(json.get("training"))).containsExactly("cdnow_master_seconds");
    assertThat(fieldNames(json.get("state"))).containsExactly("bytes_per_user", "by_store");
    assertThat(fieldNames(json.get("baseline"))).containsExactly("grid_points", "p_alive_scan_p50_us",
        "p_alive_scan_p99_us", "p_alive_worst_us", "p_alive_worst_p99_us", "p_alive_worst_point");
    assertThat(fieldNames(json.get("http"))).containsExactly("clients", "users", "seconds", "requests_per_s",
        "latency_ms_p50", "latency_ms_p99", "errors", "metrics_lines", "paced_requests_per_s", "paced_latency_ms_p99");
    assertThat(json.get("state").get("by_store").get("user-state").asDouble()).isEqualTo(1015.0);
    assertThat(json.get("scorer").get("ratio").asDouble()).isEqualTo(0.5);
    assertThat(json.get("scorer").get("latency_ms_p50").isNull()).isTrue();
    assertThat(json.get("model_step").get("window").asInt()).isEqualTo(50);
  }

  @Test
  void aRatioNeedsBothFigures() {
    assertThat(BenchReport.ratio(null, 2.0)).isNull();
    assertThat(BenchReport.ratio(2.0, null)).isNull();
    assertThat(BenchReport.ratio(3.0, 1.5)).isEqualTo(2.0);
  }

  @Test
  void anUnknownPartIsRefusedByName() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new BenchOptions(1, 1, null, java.util.Set.of("scorer", "gpu"), 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gpu");
  }
}
