package io.ltvstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BrokerCommandTest {
  @TempDir Path data;

  @Test
  void printsItsAddressCreatesTheKeptTopicsStopsOnRequestAndKeepsItsDataForTheNextStart() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    String bootstrap = "localhost:" + port;
    runUntilReady(port, bootstrap, admin -> {
      assertThat(admin.listTopics().names().get()).containsAll(Set.of("ltv-events", "ltv-scores", "ltv-dlq", "ltv-models", "ltv-user-profiles"));
      ConfigResource events = new ConfigResource(ConfigResource.Type.TOPIC, "ltv-events");
      ConfigResource models = new ConfigResource(ConfigResource.Type.TOPIC, "ltv-models");
      Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(events, models)).all().get();
      assertThat(configs.get(events).get("retention.ms").value()).isEqualTo("-1");
      assertThat(configs.get(models).get("cleanup.policy").value()).isEqualTo("compact");
      admin.deleteTopics(List.of("ltv-dlq")).all().get();
    });
    // the second start finds the first one's metadata (ltv-dlq deleted) and creates what is missing
    runUntilReady(port, bootstrap, admin ->
        assertThat(admin.listTopics().names().get()).contains("ltv-events", "ltv-dlq"));
  }

  @Test
  void aPortOutOfRangeIsAUsageError() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new BrokerCommand());
    cli.setErr(new PrintWriter(err, true));
    assertThat(cli.execute("--port", "70000", "--data-dir", data.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--port 70000 is not between 0 and 65535");
  }

  interface AdminCheck {
    void check(Admin admin) throws Exception;
  }

  private void runUntilReady(int port, String bootstrap, AdminCheck check) throws Exception {
    BrokerCommand command = new BrokerCommand();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
        () -> cli.execute("--port", Integer.toString(port), "--data-dir", data.toString()));
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (!out.toString().contains("\n") && !exit.isDone() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(out.toString()).as(() -> err + " / exit " + (exit.isDone() ? exit.handle((v, e) -> v + " " + e).join() : "running")).isEqualTo("bootstrap.servers=" + bootstrap + System.lineSeparator());
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      check.check(admin);
    } finally {
      command.stopRequested.countDown();
    }
    assertThat(exit.get()).isZero();
    assertThat(err.toString()).contains("ltv broker: stopping");
  }
}
