package io.ltvstream.core.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.avro.UserEvent;
import io.ltvstream.core.cleaning.CleanResult;
import io.ltvstream.core.cleaning.CleaningPolicy;
import io.ltvstream.core.cleaning.EventCleaner;
import io.ltvstream.core.dedupe.EventDeduplicator;
import io.ltvstream.core.mapping.FieldMapping;
import io.ltvstream.core.prepare.JsonLinesSourceReader;
import io.ltvstream.core.prepare.SourceLine;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shop's own mapping through the core cleaning and dedupe: each record lands where its kind says. */
class ShopThroughCoreCleaningTest {
  @Test
  void everyRecordKindMeetsItsFateAndCleanEventsSurviveUnchanged() throws Exception {
    SyntheticShop shop = new SyntheticShop(ShopConfig.defaults().withUsers(400).withDirt(0.05, 0.03, 0.03, 0.02));
    List<ShopRecord> records = shop.stream().toList();
    StringWriter lines = new StringWriter();
    shop.writeJsonLines(lines);
    Map<String, String> settings = SyntheticShop.mappingSettings();
    EventCleaner cleaner = new EventCleaner(FieldMapping.of(settings), CleaningPolicy.of(settings));
    EventDeduplicator dedupe = new EventDeduplicator(1_000_000);

    try (JsonLinesSourceReader reader = new JsonLinesSourceReader(
        new ByteArrayInputStream(lines.toString().getBytes(StandardCharsets.UTF_8)), 1 << 20, false)) {
      for (ShopRecord record : records) {
        SourceLine line = reader.next();
        assertThat(line.original()).isEqualTo(record.line());
        String fate;
        if (line.isMalformed()) {
          fate = "invalid";
        } else {
          CleanResult result = cleaner.clean(line.record());
          if (result instanceof CleanResult.Valid valid) {
            UserEvent event = valid.event();
            boolean duplicate = dedupe.check(event.getEventId()) == EventDeduplicator.Verdict.DUPLICATE;
            fate = duplicate ? "duplicate" : "valid";
            if (!duplicate) {
              assertThat(event.getUserId()).isEqualTo(record.event().getUserId());
              assertThat(event.getEventTime()).isEqualTo(record.event().getEventTime());
              assertThat(event.getEventType()).isEqualTo(record.event().getEventType());
              assertThat(event.getAmount()).isEqualTo(record.event().getAmount());
              assertThat(event.getCategory()).isEqualTo(record.event().getCategory());
            }
          } else {
            fate = "invalid";
          }
        }
        String expected = switch (record.kind()) {
          case CLEAN -> "valid";
          case DUPLICATE -> "duplicate";
          default -> "invalid";
        };
        assertThat(fate).as(record.kind() + ": " + record.line()).isEqualTo(expected);
      }
      assertThat(reader.next()).isNull();
    }
  }
}
