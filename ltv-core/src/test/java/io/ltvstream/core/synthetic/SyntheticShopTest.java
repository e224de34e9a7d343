package io.ltvstream.core.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltvstream.avro.EventType;
import io.ltvstream.avro.UserEvent;
import java.io.StringWriter;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticShopTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ShopConfig SMALL = ShopConfig.defaults().withUsers(1_500).withDays(120);

  private static List<ShopRecord> all(ShopConfig config) {
    return new SyntheticShop(config).stream().toList();
  }

  private static List<UserEvent> clean(List<ShopRecord> records) {
    return records.stream().filter(r -> r.kind() == RecordKind.CLEAN).map(ShopRecord::event).toList();
  }

  @Test
  void oneSeedGivesTheSameShopEveryTimeAndAnotherSeedAnotherShop() {
    List<String> first = all(SMALL).stream().map(ShopRecord::line).toList();
    List<String> again = all(SMALL).stream().map(ShopRecord::line).toList();
    List<String> other = all(SMALL.withSeed(7)).stream().map(ShopRecord::line).toList();

    assertThat(first).hasSizeGreaterThan(5_000).isEqualTo(again);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void everyRawRecordIsCleanDuplicateOrDirtyAndTheTallySaysSo() {
    SyntheticShop shop = new SyntheticShop(SMALL);
    StringWriter out = new StringWriter();
    ShopTally tally = shop.writeJsonLines(out);
    List<ShopRecord> records = shop.stream().toList();
    Map<RecordKind, Long> counted = new HashMap<>();
    records.forEach(r -> counted.merge(r.kind(), 1L, Long::sum));

    assertThat(out.toString().split("\n", -1)).hasSize(records.size() + 1);
    assertThat(tally.raw()).isEqualTo(records.size())
        .isEqualTo(tally.clean() + tally.duplicates() + tally.dirty());
    assertThat(tally.byKind()).isEqualTo(counted);
    assertThat(tally.clean()).isEqualTo(tally.purchases() + tally.refunds() + tally.engagements());
  }

  @Test
  void dirtArrivesAtTheConfiguredRates() {
    ShopTally tally = tally(SMALL.withDirt(0.05, 0.02, 0.03, 0.01));
    double clean = tally.clean();

    assertThat(tally.duplicates() / clean).isCloseTo(0.05, within(0.006));
    assertThat(tally.count(RecordKind.INVALID_TIMESTAMP) / clean).isCloseTo(0.02, within(0.004));
    assertThat(tally.count(RecordKind.MISSING_ID) / clean).isCloseTo(0.03, within(0.005));
    assertThat(tally.count(RecordKind.GARBAGE) / clean).isCloseTo(0.01, within(0.003));
    assertThat(tally(SMALL.withDirt(0, 0, 0, 0)).raw()).isEqualTo(tally.clean());
  }

  @Test
  void cleanEventsDoNotMoveWhenDirtRatesChange() {
    assertThat(clean(all(SMALL.withDirt(0, 0, 0, 0))))
        .isEqualTo(clean(all(SMALL.withDirt(0.1, 0.05, 0.05, 0.05))));
  }

  @Test
  void cleanLinesSayExactlyWhatTheirEventSays() throws Exception {
    for (ShopRecord record : all(SMALL.withUsers(300))) {
      if (record.kind() != RecordKind.CLEAN) {
        continue;
      }
      JsonNode json = JSON.readTree(record.line());
      UserEvent event = record.event();
      assertThat(json.get("event_id").asText()).isEqualTo(event.getEventId());
      assertThat(json.get("user_id").asText()).isEqualTo(event.getUserId());
      assertThat(Instant.parse(json.get("event_time").asText())).isEqualTo(event.getEventTime());
      assertThat(EventType.valueOf(json.get("event_type").asText().toUpperCase())).isEqualTo(event.getEventType());
      assertThat(json.get("amount").asDouble()).isEqualTo(event.getAmount());
      assertThat(json.get("category").asText().toLowerCase()).isEqualTo(event.getCategory());
    }
  }

  @Test
  void dirtyLinesAreDirtyInTheWayTheyClaim() throws Exception {
    List<ShopRecord> records = all(SMALL.withUsers(500).withDirt(0, 0.05, 0.05, 0.05));
    int invalidTimes = 0;
    int missingIds = 0;
    int garbage = 0;
    for (ShopRecord record : records) {
      switch (record.kind()) {
        case INVALID_TIMESTAMP -> {
          String time = JSON.readTree(record.line()).get("event_time").asText();
          assertThatThrownBy(() -> Instant.parse(time)).isInstanceOf(DateTimeParseException.class);
          invalidTimes++;
        }
        case MISSING_ID -> {
          JsonNode userId = JSON.readTree(record.line()).get("user_id");
          assertThat(userId == null || userId.isNull() || userId.asText().isBlank()).as(record.line()).isTrue();
          missingIds++;
        }
        case GARBAGE -> {
          assertThatThrownBy(() -> JSON.readTree(record.line())).as(record.line()).isNotNull();
          assertThat(record.line()).doesNotContain("\n");
          garbage++;
        }
        default -> assertThat(record.event()).isNotNull();
      }
    }
    assertThat(invalidTimes).isPositive();
    assertThat(missingIds).isPositive();
    assertThat(garbage).isPositive();
  }

  @Test
  void aDuplicateRepeatsAnEarlierCleanLine() {
    List<ShopRecord> records = all(SMALL.withDirt(0.05, 0, 0, 0));
    Set<String> seen = new HashSet<>();
    int duplicates = 0;
    for (ShopRecord record : records) {
      if (record.kind() == RecordKind.DUPLICATE) {
        assertThat(seen).contains(record.line());
        duplicates++;
      } else {
        assertThat(seen.add(record.line())).as("clean lines are unique").isTrue();
      }
    }
    assertThat(duplicates).isPositive();
  }

  @Test
  void cleanEventsComeInTimeOrderAndStayInTheHistory() {
    SyntheticShop shop = new SyntheticShop(SMALL);
    List<UserEvent> events = clean(shop.stream().toList());
    Instant start = SMALL.start().atStartOfDay().toInstant(ZoneOffset.UTC);
    Instant end = SMALL.end().atStartOfDay().toInstant(ZoneOffset.UTC);
    for (int i = 1; i < events.size(); i++) {
      assertThat(events.get(i).getEventTime()).isAfterOrEqualTo(events.get(i - 1).getEventTime());
    }
    assertThat(events.getFirst().getEventTime()).isAfterOrEqualTo(start);
    assertThat(events.getLast().getEventTime()).isBefore(end);
  }

  @Test
  void usersDifferWidelyInHowOftenAndHowMuchTheyBuy() {
    Map<String, Double> spendByUser = new HashMap<>();
    Map<String, Integer> purchasesByUser = new HashMap<>();
    for (UserEvent event : clean(all(SMALL))) {
      if (event.getEventType() == EventType.PURCHASE) {
        purchasesByUser.merge(event.getUserId(), 1, Integer::sum);
        spendByUser.merge(event.getUserId(), event.getAmount(), Double::sum);
      }
    }
    double[] counts = purchasesByUser.values().stream().mapToDouble(Integer::doubleValue).toArray();
    double mean = Arrays.stream(counts).average().orElseThrow();
    double sd = Math.sqrt(Arrays.stream(counts).map(c -> (c - mean) * (c - mean)).average().orElseThrow());
    double[] spend = spendByUser.values().stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double total = Arrays.stream(spend).sum();
    double topDecile = Arrays.stream(spend, spend.length - spend.length / 10, spend.length).sum();
    long oneTimeBuyers = purchasesByUser.values().stream().filter(c -> c == 1).count();

    assertThat(purchasesByUser).hasSize(SMALL.users());
    assertThat(sd / mean).as("coefficient of variation of purchases per user").isGreaterThan(1.0);
    assertThat(topDecile / total).as("top decile's share of spend").isGreaterThan(0.35);
    assertThat(oneTimeBuyers).as("users who never came back").isGreaterThan(SMALL.users() / 5);
  }

  @Test
  void churnedUsersStopBuying() {
    SyntheticShop shop = new SyntheticShop(SMALL);
    Map<String, ShopUser> truth = new HashMap<>();
    shop.users().forEach(u -> truth.put(u.id(), u));
    for (UserEvent event : clean(shop.stream().toList())) {
      if (event.getEventType() == EventType.REFUND) {
        continue; // a refund may come after the buyer has gone
      }
      ShopUser user = truth.get(event.getUserId());
      long day = (event.getEventTime().toEpochMilli()
          - SMALL.start().atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli()) / 86_400_000L;
      assertThat(user.activeOn((int) day)).as(event.toString()).isTrue();
    }
    long churnedInHistory = shop.users().stream().filter(u -> u.lastActiveDay() < SMALL.days()).count();
    assertThat(churnedInHistory).isBetween(SMALL.users() / 5L, SMALL.users() * 4L / 5);
  }

  @Test
  void weekendsBuyMoreThanEarlyWeekdays() {
    Map<DayOfWeek, Integer> byDay = new HashMap<>();
    for (UserEvent event : clean(all(SMALL.withUsers(4_000)))) {
      if (event.getEventType() == EventType.PURCHASE) {
        byDay.merge(event.getEventTime().atZone(ZoneOffset.UTC).getDayOfWeek(), 1, Integer::sum);
      }
    }
    assertThat(byDay.get(DayOfWeek.SATURDAY)).isGreaterThan((int) (byDay.get(DayOfWeek.MONDAY) * 1.2));
    assertThat(byDay.get(DayOfWeek.SATURDAY)).isGreaterThan((int) (byDay.get(DayOfWeek.TUESDAY) * 1.2));
  }

  @Test
  void aRefundReturnsAnEarlierPurchaseOfTheSameUser() {
    List<UserEvent> events = clean(all(SMALL.withRefundRate(0.1)));
    Map<String, List<UserEvent>> purchasesByUserProduct = new HashMap<>();
    long purchases = 0;
    long refunds = 0;
    for (UserEvent event : events) {
      String key = event.getUserId() + "/" + event.getProductId();
      if (event.getEventType() == EventType.PURCHASE) {
        purchases++;
        purchasesByUserProduct.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(event);
      } else if (event.getEventType() == EventType.REFUND) {
        refunds++;
        assertThat(event.getAmount()).isNegative();
        assertThat(purchasesByUserProduct.getOrDefault(key, List.of()))
            .as("an earlier purchase refunded by " + event)
            .anySatisfy(p -> {
              assertThat(p.getAmount()).isEqualTo(-event.getAmount());
              assertThat(p.getEventTime()).isBefore(event.getEventTime());
            });
      }
    }
    assertThat((double) refunds / purchases).isCloseTo(0.1, within(0.02));
  }

  @Test
  void aConfigThatMakesNoSenseIsRefusedWithItsName() {
    assertThatThrownBy(() -> ShopConfig.defaults().withDirt(1.5, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicateRate");
    assertThatThrownBy(() -> ShopConfig.defaults().withUsers(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("users=0");
  }

  private static ShopTally tally(ShopConfig config) {
    SyntheticShop.RecordStream stream = new SyntheticShop(config).records();
    stream.forEachRemaining(r -> { });
    return stream.tally();
  }

  @Test
  void aShiftCutsTheSegmentsPurchasesFromItsDayAndLeavesEveryoneElseAlone() {
    ShopConfig config = SMALL.withDirt(0, 0, 0, 0);
    BehaviourShift shift = new BehaviourShift(60, "web", 0.2);
    Map<String, String> channelOf = new HashMap<>();
    new SyntheticShop(config).users().forEach(u -> channelOf.put(u.id(), u.channel()));
    long[] before = purchasesByPeriodAndSegment(new SyntheticShop(config), config, channelOf);
    long[] after = purchasesByPeriodAndSegment(new SyntheticShop(config, shift), config, channelOf);
    // {web before day 60, web from day 60, others before, others from}
    assertThat(after[0]).as("web users before the shift").isEqualTo(before[0]);
    assertThat(after[1] / (double) before[1]).as("web users' purchases after it, first purchases aside")
        .isBetween(0.15, 0.45);
    assertThat(after[3] / (double) before[3]).as("the other segments after it").isCloseTo(1.0, within(0.08));
  }

  private static long[] purchasesByPeriodAndSegment(SyntheticShop shop, ShopConfig config, Map<String, String> channelOf) {
    long[] counts = new long[4];
    long shiftMillis = config.start().plusDays(60).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    for (UserEvent e : clean(shop.stream().toList())) {
      if (e.getEventType() == EventType.PURCHASE) {
        boolean web = channelOf.get(e.getUserId()).equals("web");
        boolean late = e.getEventTime().toEpochMilli() >= shiftMillis;
        counts[(web ? 0 : 2) + (late ? 1 : 0)]++;
      }
    }
    return counts;
  }
}
