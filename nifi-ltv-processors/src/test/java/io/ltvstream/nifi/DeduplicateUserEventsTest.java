package io.ltvstream.nifi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.PropertyMigrationResult;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeduplicateUserEventsTest {
  private TestRunner runner;

  @BeforeEach
  void setUp() throws InitializationException {
    runner = newRunner();
  }

  private static TestRunner newRunner() throws InitializationException {
    TestRunner runner = TestRunners.newTestRunner(DeduplicateUserEvents.class);
    RecordServices.addAll(runner);
    runner.setProperty(DeduplicateUserEvents.RECORD_READER, RecordServices.JSON_READER);
    runner.setProperty(DeduplicateUserEvents.RECORD_WRITER, RecordServices.JSON_WRITER);
    return runner;
  }

  private static String events(String... idAndTime) {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < idAndTime.length; i += 2) {
      json.append(i == 0 ? "" : ",").append("{\"event_id\":\"").append(idAndTime[i])
          .append("\",\"user_id\":\"u\",\"event_time\":\"").append(idAndTime[i + 1]).append("\"}");
    }
    return json.append(']').toString();
  }

  @Test
  void catchesDuplicatesInTheSameAndInLaterFlowFiles() {
    runner.enqueue(events("a", "2024-03-01T10:00:00Z", "b", "2024-03-01T11:00:00Z", "a", "2024-03-01T10:00:00Z"));
    runner.enqueue(events("c", "2024-03-01T12:00:00Z", "b", "2024-03-01T11:00:00Z"));
    runner.run(2);

    runner.assertTransferCount(DeduplicateUserEvents.REL_UNIQUE, 2);
    runner.assertTransferCount(DeduplicateUserEvents.REL_DUPLICATE, 2);
    MockFlowFile laterDuplicate = runner.getFlowFilesForRelationship(DeduplicateUserEvents.REL_DUPLICATE).get(1);
    laterDuplicate.assertAttributeEquals("record.count", "1");
    assertThat(laterDuplicate.getContent()).contains("\"event_id\":\"b\"");
    runner.getFlowFilesForRelationship(DeduplicateUserEvents.REL_UNIQUE).getFirst()
        .assertAttributeEquals(DeduplicateUserEvents.UNIQUE_COUNT_ATTRIBUTE, "2");
    assertThat(runner.getCounterValue("Records Unique")).isEqualTo(3);
    assertThat(runner.getCounterValue("Records Duplicate")).isEqualTo(2);
  }

  @Test
  void theWindowSurvivesStopAndStart() {
    runner.enqueue(events("a", "2024-03-01T10:00:00Z"));
    runner.run();
    runner.enqueue(events("a", "2024-03-01T10:00:00Z"));
    runner.run();
    runner.assertTransferCount(DeduplicateUserEvents.REL_DUPLICATE, 1);
  }

  @Test
  void theMemoryBoundForgetsTheOldestArrivalsAndSaysSo() {
    runner.setProperty(DeduplicateUserEvents.MAX_EVENTS, "2");
    runner.enqueue(events("a", "2024-03-01T10:00:00Z", "b", "2024-03-01T11:00:00Z", "c", "2024-03-01T12:00:00Z"));
    runner.enqueue(events("a", "2024-03-01T10:00:00Z", "c", "2024-03-01T12:00:00Z"));
    runner.run(2);
    runner.assertTransferCount(DeduplicateUserEvents.REL_DUPLICATE, 1);
    assertThat(runner.getFlowFilesForRelationship(DeduplicateUserEvents.REL_DUPLICATE).getFirst().getContent())
        .contains("\"event_id\":\"c\"").doesNotContain("\"event_id\":\"a\"");
    runner.getFlowFilesForRelationship(DeduplicateUserEvents.REL_UNIQUE).get(1)
        .assertAttributeEquals(DeduplicateUserEvents.EVICTIONS_ATTRIBUTE, "1");
    assertThat(runner.getCounterValue("Dedupe Evictions")).isEqualTo(1);
    assertThat(runner.getLogger().getWarnMessages()).anySatisfy(m -> assertThat(m.getMsg()).contains("Forgot"));
  }

  @Test
  void clusterModeSharesIdsBetweenNodesThroughTheCache() throws InitializationException {
    Map<ByteBuffer, byte[]> server = InMemoryMapCacheClient.newServer();
    TestRunner nodeB = newRunner();
    for (TestRunner node : new TestRunner[] {runner, nodeB}) {
      InMemoryMapCacheClient client = new InMemoryMapCacheClient(server);
      node.addControllerService("cache", client);
      node.enableControllerService(client);
      node.setProperty(DeduplicateUserEvents.CACHE_CLIENT, "cache");
    }
    runner.enqueue(events("a", "2024-03-01T10:00:00Z"));
    runner.run();
    nodeB.enqueue(events("a", "2024-03-01T10:00:00Z", "z", "2024-03-01T10:00:00Z"));
    nodeB.run();

    runner.assertAllFlowFilesTransferred(DeduplicateUserEvents.REL_UNIQUE, 1);
    nodeB.assertTransferCount(DeduplicateUserEvents.REL_DUPLICATE, 1);
    assertThat(nodeB.getFlowFilesForRelationship(DeduplicateUserEvents.REL_DUPLICATE).getFirst().getContent())
        .contains("\"event_id\":\"a\"");
    assertThat(server).hasSize(2);
  }

  @Test
  void aRecordWithoutAnEventIdSendsTheFlowFileToFailure() {
    runner.enqueue("[{\"user_id\":\"u\",\"event_time\":\"2024-03-01T10:00:00Z\"}]");
    runner.run();
    runner.assertAllFlowFilesTransferred(DeduplicateUserEvents.REL_FAILURE, 1);
    assertThat(runner.getLogger().getErrorMessages()).anySatisfy(m -> assertThat(m.getMsg()).contains("event_id"));
  }

  @Test
  void customFieldNamesAndTypedTimestamps() {
    runner.setProperty(DeduplicateUserEvents.EVENT_ID_FIELD, "id");
    runner.enqueue("[{\"id\":\"x\",\"at\":1709287200000},{\"id\":\"x\",\"at\":1709287200000}]");
    runner.run();
    runner.assertTransferCount(DeduplicateUserEvents.REL_UNIQUE, 1);
    runner.assertTransferCount(DeduplicateUserEvents.REL_DUPLICATE, 1);
  }

  @Test
  void migratesEarlierNamesAndDropsTheEventTimeWindow() {
    TestRunner old = TestRunners.newTestRunner(DeduplicateUserEvents.class);
    old.setProperty("record-reader", "r");
    old.setProperty("dedupe.window", "2 days");
    old.setProperty("Deduplication Window", "2 days");
    old.setProperty("Event Time Record Field", "event_time");
    old.setProperty("dedupe.max_events", "10");
    PropertyMigrationResult result = old.migrateProperties();
    assertThat(result.getPropertiesRenamed()).containsAllEntriesOf(Map.of("record-reader", "Record Reader",
        "dedupe.max_events", "Maximum Remembered Events"));
    assertThat(result.getPropertiesRemoved())
        .contains("dedupe.window", "Deduplication Window", "Event Time Record Field");
    assertThat(old.getProcessContext().getProperty(DeduplicateUserEvents.MAX_EVENTS).getValue()).isEqualTo("10");
  }
}
