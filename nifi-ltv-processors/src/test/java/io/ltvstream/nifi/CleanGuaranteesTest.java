package io.ltvstream.nifi;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.avro.UserEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CleanUserEvents keeps one bad line to one bad record, and refuses a currency setup that rejects everything. */
class CleanGuaranteesTest {
  private TestRunner runner;

  @BeforeEach
  void setUp() throws InitializationException {
    runner = TestRunners.newTestRunner(CleanUserEvents.class);
    RecordServices.addAll(runner);
    runner.setProperty(CleanUserEvents.RECORD_READER, RecordServices.JSON_READER);
    runner.setProperty(CleanUserEvents.RECORD_WRITER, RecordServices.AVRO_WRITER);
    runner.setProperty(CleanUserEvents.INVALID_RECORD_WRITER, RecordServices.JSON_WRITER);
    runner.setProperty(CleanUserEvents.USER_ID_FIELD, "user");
    runner.setProperty(CleanUserEvents.EVENT_TIME_FIELD, "ts");
    runner.setProperty(CleanUserEvents.AMOUNT_FIELD, "amount");
    runner.setProperty(CleanUserEvents.EVENT_ID_FIELD, "id");
  }

  private static String line(int i) {
    return "{\"id\":\"e" + i + "\",\"user\":\"u" + i + "\",\"ts\":\"2024-03-01T10:00:00Z\",\"amount\":" + (i + 1) + "}";
  }

  private long records(org.apache.nifi.processor.Relationship relationship) {
    return runner.getFlowFilesForRelationship(relationship).stream()
        .mapToLong(f -> Long.parseLong(f.getAttribute("record.count"))).sum();
  }

  @Test
  void oneMalformedJsonLineIsOneInvalidRecordAndTheRestGoOn() throws IOException {
    runner.enqueue(String.join("\n", line(1), line(2), "{\"id\":\"e3\",\"user\":\"u3\",\"ts\":", line(4), line(5)));
    runner.run();

    runner.assertTransferCount(CleanUserEvents.REL_FAILURE, 0);
    assertThat(records(CleanUserEvents.REL_VALID)).isEqualTo(4);
    assertThat(records(CleanUserEvents.REL_INVALID)).isEqualTo(1);
    List<UserEvent> events = RecordServices.readAvro(
        runner.getFlowFilesForRelationship(CleanUserEvents.REL_VALID).getFirst(), UserEvent.class);
    assertThat(events).extracting(UserEvent::getEventId).containsExactly("e1", "e2", "e4", "e5");
    MockFlowFile invalid = runner.getFlowFilesForRelationship(CleanUserEvents.REL_INVALID).getFirst();
    invalid.assertAttributeEquals("ltv.invalid.reason.malformed_record", "1");
    assertThat(invalid.getContent()).contains("\"ltv_reject_line\":\"3\"", "line 3 is not valid JSON");
  }

  @Test
  void aLineThatIsNotUtf8IsRejectedWithItsOwnReason() throws IOException {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    content.writeBytes((line(1) + "\n").getBytes(StandardCharsets.UTF_8));
    content.writeBytes("{\"id\":\"e2\",\"user\":\"u".getBytes(StandardCharsets.UTF_8));
    content.write(0xff);
    content.writeBytes(("\",\"ts\":\"2024-03-01T10:00:00Z\",\"amount\":1}\n" + line(3)).getBytes(StandardCharsets.UTF_8));
    runner.enqueue(content.toByteArray());
    runner.run();

    runner.assertTransferCount(CleanUserEvents.REL_FAILURE, 0);
    assertThat(records(CleanUserEvents.REL_VALID)).isEqualTo(2);
    runner.getFlowFilesForRelationship(CleanUserEvents.REL_INVALID).getFirst()
        .assertAttributeEquals("ltv.invalid.reason.invalid_encoding", "1");
  }

  @Test
  void aDefaultCurrencyWithoutARateIntoTheBaseMakesTheProcessorInvalid() {
    runner.setProperty(CleanUserEvents.DEFAULT_CURRENCY, "GBP");
    runner.setProperty(CleanUserEvents.BASE_CURRENCY, "USD");
    runner.setProperty(CleanUserEvents.CURRENCY_RATES, "EUR=1.08");
    runner.assertNotValid();
    runner.setProperty(CleanUserEvents.CURRENCY_RATES, "EUR=1.08, GBP=1.27");
    runner.assertValid();
  }

  @Test
  void withoutABaseCurrencyAmountsStayInTheDefaultCurrency() throws IOException {
    runner.setProperty(CleanUserEvents.DEFAULT_CURRENCY, "GBP");
    runner.removeProperty(CleanUserEvents.BASE_CURRENCY);
    runner.enqueue(line(1));
    runner.run();
    List<UserEvent> events = RecordServices.readAvro(
        runner.getFlowFilesForRelationship(CleanUserEvents.REL_VALID).getFirst(), UserEvent.class);
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.getCurrency()).isEqualTo("GBP");
      assertThat(e.getAmount()).isEqualTo(2.0);
    });
  }
}
