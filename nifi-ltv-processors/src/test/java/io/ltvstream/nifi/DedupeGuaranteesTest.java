package io.ltvstream.nifi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DeduplicateUserEvents checks identities, not event times, and claims nothing for work that did not commit. */
class DedupeGuaranteesTest {
  private TestRunner runner;

  @BeforeEach
  void setUp() throws InitializationException {
    runner = TestRunners.newTestRunner(DeduplicateUserEvents.class);
    RecordServices.addAll(runner);
    runner.setProperty(DeduplicateUserEvents.RECORD_READER, RecordServices.JSON_READER);
    runner.setProperty(DeduplicateUserEvents.RECORD_WRITER, RecordServices.JSON_WRITER);
  }

  private static String events(String... idAndTime) {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < idAndTime.length; i += 2) {
      json.append(i == 0 ? "" : ",").append("{\"event_id\":\"").append(idAndTime[i])
          .append("\",\"user_id\":\"u\",\"event_time\":\"").append(idAndTime[i + 1]).append("\"}");
    }
    return json.append(']').toString();
  }

  private long count(org.apache.nifi.processor.Relationship relationship) {
    return runner.getFlowFilesForRelationship(relationship).stream()
        .mapToLong(f -> Long.parseLong(f.getAttribute("record.count"))).sum();
  }

  @Test
  void aReSentOldEventIsADuplicateWhateverItsEventTime() {
    runner.enqueue(events("a", "2024-01-01T10:00:00Z", "b", "2024-06-01T10:00:00Z"));
    runner.enqueue(events("c", "2024-06-02T10:00:00Z", "a", "2024-01-01T10:00:00Z"));
    runner.run(2);
    assertThat(count(DeduplicateUserEvents.REL_UNIQUE)).isEqualTo(3);
    assertThat(count(DeduplicateUserEvents.REL_DUPLICATE)).isEqualTo(1);
    assertThat(runner.getFlowFilesForRelationship(DeduplicateUserEvents.REL_DUPLICATE).getFirst().getContent())
        .contains("\"event_id\":\"a\"");
  }

  @Test
  void aFarFutureEventForgetsNothing() {
    runner.enqueue(events("a", "2024-03-01T10:00:00Z"));
    runner.enqueue(events("z", "2099-01-01T00:00:00Z"));
    runner.enqueue(events("a", "2024-03-01T10:00:00Z"));
    runner.run(3);
    assertThat(count(DeduplicateUserEvents.REL_UNIQUE)).isEqualTo(2);
    assertThat(count(DeduplicateUserEvents.REL_DUPLICATE)).isEqualTo(1);
  }

  @Test
  void aFlowFileThatFailsLeavesNoClaimInTheCacheNorInMemory() throws InitializationException {
    Map<ByteBuffer, byte[]> server = InMemoryMapCacheClient.newServer();
    InMemoryMapCacheClient client = new InMemoryMapCacheClient(server);
    runner.addControllerService("cache", client);
    runner.enableControllerService(client);
    runner.setProperty(DeduplicateUserEvents.CACHE_CLIENT, "cache");
    runner.enqueue("[{\"event_id\":\"a\",\"user_id\":\"u\",\"event_time\":\"2024-03-01T10:00:00Z\"},"
        + "{\"user_id\":\"u\",\"event_time\":\"2024-03-01T10:00:00Z\"}]");
    runner.run();
    runner.assertAllFlowFilesTransferred(DeduplicateUserEvents.REL_FAILURE, 1);
    assertThat(server).isEmpty();

    runner.clearTransferState();
    runner.enqueue(events("a", "2024-03-01T10:00:00Z"));
    runner.run();
    runner.assertAllFlowFilesTransferred(DeduplicateUserEvents.REL_UNIQUE, 1);
    assertThat(server).hasSize(1);
  }
}
