package io.ltvstream.core.synthetic;

import io.ltvstream.avro.EventType;
import io.ltvstream.avro.UserEvent;
import io.ltvstream.avro.UserProfile;
import io.ltvstream.core.features.CalendarDay;
import io.ltvstream.core.features.MarketCalendar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A seeded synthetic shop. Users are drawn once, at construction; {@link #records()} then streams
 * the shop's raw records day by day (memory holds one day plus pending refunds and duplicates), so
 * it scales to millions of records. The clean events are the same whatever the dirt rates: dirt
 * and duplicates come from their own random stream and are only added around the clean records.
 */
public final class SyntheticShop {
  static final String[] CATEGORIES = {
    "Books", "Music", "Electronics", "Home", "Toys", "Fashion", "Garden", "Sports"
  };
  static final String[] CHANNELS = {"web", "app", "store", "email"};
  static final String[] REGIONS = {"EU", "US", "UK", "APAC", "LATAM"};
  /** Purchase intensity by ISO weekday, Monday first: weekends buy more. */
  static final double[] WEEKDAY_SEASONALITY = {0.85, 0.85, 0.9, 0.95, 1.1, 1.25, 1.1};
  /** Relative activity by UTC hour: quiet nights, a lunch bump, busy evenings. */
  private static final double[] HOUR_WEIGHTS = RandomDraws.cumulative(new double[] {
    0.3, 0.2, 0.15, 0.1, 0.1, 0.15, 0.3, 0.6, 0.8, 0.9, 1.0, 1.1,
    1.3, 1.2, 1.0, 1.0, 1.1, 1.3, 1.6, 1.9, 2.0, 1.7, 1.1, 0.6
  });
  private static final int REFUND_MAX_DELAY_DAYS = 14;
  /** A duplicate is re-sent within this much event time of its original, as redeliveries are. */
  private static final int DUPLICATE_MAX_DELAY_MILLIS = 6 * 3_600_000;

  /**
   * Brands of a shop with dimensions, each user's favorite drawn uniformly (and carried by 85% of
   * their purchases): acme is premium (purchase rate x1.5, basket x1.6), basic is budget (rate x0.7,
   * basket x0.6), zenith neither.
   */
  static final String[] BRANDS = {"acme", "zenith", "basic"};
  private static final double[] BRAND_RATE = {1.5, 1.0, 0.7};
  private static final double[] BRAND_SPEND = {1.6, 1.0, 0.6};
  /** Acquisition channel's effect on the purchase rate (order of {@link #CHANNELS}): app users buy most, email least. */
  private static final double[] CHANNEL_RATE = {1.0, 1.8, 1.0, 0.5};
  /**
   * Acquisition channel's effect on the dropout rate (order of {@link #CHANNELS}): app users stay
   * twice as long, users won by an email campaign half as long (what a user's first purchases
   * cannot tell, their profile does).
   */
  private static final double[] CHANNEL_DROPOUT = {1.0, 0.5, 1.0, 2.0};
  /** Users aged 55 or more spend this many times more per basket. */
  static final double SENIOR_SPEND = 1.8;
  /** A promotion day multiplies its region's purchase intensity by this; the week before a holiday by {@link #PRE_HOLIDAY}. */
  static final double PROMOTION = 3.0;
  static final double PRE_HOLIDAY = 1.5;
  /** The region whose users get the shop's promotions. */
  static final String PROMOTION_REGION = "UK";
  /** Countries of the retail-like shop ({@link #retail}), with their shares: mostly the UK, as in the Online Retail data. */
  static final String[] COUNTRIES = {"United Kingdom", "Germany", "France", "EIRE", "Spain", "Netherlands"};
  private static final double[] COUNTRY_WEIGHTS = RandomDraws.cumulative(new double[] {0.7, 0.08, 0.08, 0.06, 0.04, 0.04});
  /** The country whose customers follow the retail shop's calendar. */
  static final String HOLIDAY_COUNTRY = "United Kingdom";

  /** Which effects the users, products and calendar have. */
  private enum Kind {
    /** none: the classic shop */
    PLAIN,
    /** channel, age, brand and the shop's own calendar ({@link #withDimensions}) */
    DIMENSIONS,
    /** a country per customer, and a given calendar for the UK's ({@link #retail}) */
    RETAIL
  }

  private final ShopConfig config;
  private final List<ShopUser> users;
  private final Kind kind;
  private final MarketCalendar retailCalendar;
  private final BehaviourShift shift;

  /** The pattern (java.time and NiFi alike) of every valid event_time in the raw lines, always UTC. */
  public static final String TIME_PATTERN = JsonLines.TIME_PATTERN;

  /**
   * The field mapping of the shop's raw lines, as {@code ./ltv prepare --mapping} keys (the NiFi
   * processors take the same settings as properties): field names as in UserEvent, event ids mapped,
   * times in {@link #TIME_PATTERN}, UTC.
   */
  public static Map<String, String> mappingSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("format", "jsonl");
    settings.put("field.event_id", "event_id");
    settings.put("field.user_id", "user_id");
    settings.put("field.event_time", "event_time");
    settings.put("time.pattern", TIME_PATTERN);
    settings.put("time.zone", "UTC");
    settings.put("field.event_type", "event_type");
    settings.put("field.amount", "amount");
    settings.put("field.currency", "currency");
    settings.put("field.quantity", "quantity");
    settings.put("field.product_id", "product_id");
    settings.put("field.category", "category");
    settings.put("field.channel", "channel");
    settings.put("field.region", "region");
    settings.put("field.age", "age");
    return settings;
  }

  public SyntheticShop(ShopConfig config) {
    this(config, Kind.PLAIN, null, BehaviourShift.NONE);
  }

  /** The shop of {@code config} whose users' purchases change as {@code shift} says. */
  public SyntheticShop(ShopConfig config, BehaviourShift shift) {
    this(config, Kind.PLAIN, null, shift);
  }

  private SyntheticShop(ShopConfig config, Kind kind, MarketCalendar retailCalendar, BehaviourShift shift) {
    this.config = config;
    this.kind = kind;
    this.retailCalendar = retailCalendar;
    this.shift = shift;
    this.users = Collections.unmodifiableList(drawUsers(config, kind));
  }

  /**
   * A shop whose users, products and calendar matter, each with a known effect: the acquisition
   * channel scales the purchase rate ({@link #CHANNEL_RATE}) and the dropout rate ({@link
   * #CHANNEL_DROPOUT}), age 55+ the basket ({@link
   * #SENIOR_SPEND}), the user's favorite brand both (in the events' {@code brand} attribute, {@link
   * #BRANDS}), and {@link #calendar()}'s days the purchase intensity: promotions for region UK
   * ({@link #PROMOTION}) and the week before a holiday for everyone ({@link #PRE_HOLIDAY}). The
   * users' profiles ({@link #profiles()}) carry channel, age band and region.
   */
  public static SyntheticShop withDimensions(ShopConfig config) {
    return new SyntheticShop(config, Kind.DIMENSIONS, null, BehaviourShift.NONE);
  }

  /**
   * A retail-like shop: each customer has a country ({@link #COUNTRIES}, 70% the UK; the
   * profiles' region), and the customers in the UK follow {@code calendar} (for example {@code
   * examples/uk-bank-holidays.csv}): x{@value #PROMOTION} purchase intensity on its promotion days
   * and x{@value #PRE_HOLIDAY} in the week before each of its holidays; the other countries ignore
   * it. No brand, channel or age effect. {@link #calendar()} is {@code calendar}.
   */
  public static SyntheticShop retail(ShopConfig config, MarketCalendar calendar) {
    return new SyntheticShop(config, Kind.RETAIL, calendar, BehaviourShift.NONE);
  }

  /**
   * The shop's market calendar: a holiday every 61st day from the start, and a promotion for region
   * UK on every fourth Saturday and the Sunday after it, over the shop's days and a year beyond.
   */
  public MarketCalendar calendar() {
    if (kind == Kind.RETAIL) {
      return retailCalendar;
    }
    List<CalendarDay> days = new ArrayList<>();
    for (int d = 0; d < config.days() + 366; d++) {
      java.time.LocalDate date = config.start().plusDays(d);
      if (isHoliday(d)) {
        days.add(new CalendarDay(date.toString(), "holiday " + d / 61, false, null));
      }
      if (isPromotion(d)) {
        days.add(new CalendarDay(date.toString(), null, true, PROMOTION_REGION.toLowerCase(Locale.ROOT)));
      }
    }
    return new MarketCalendar(days);
  }

  private static boolean isHoliday(int day) {
    return day > 0 && day % 61 == 0;
  }

  private boolean isPromotion(int day) {
    java.time.LocalDate date = config.start().plusDays(day);
    java.time.LocalDate saturday = date.getDayOfWeek() == DayOfWeek.SUNDAY ? date.minusDays(1) : date;
    return saturday.getDayOfWeek() == DayOfWeek.SATURDAY && (saturday.toEpochDay() / 7) % 4 == 0;
  }

  /** The calendar's effect on a user's purchase intensity on a day (1 without dimensions). */
  private double calendarEffect(ShopUser user, int day) {
    if (kind == Kind.PLAIN) {
      return 1;
    }
    if (kind == Kind.RETAIL) {
      if (!user.region().equals(HOLIDAY_COUNTRY)) {
        return 1;
      }
      java.time.LocalDate date = config.start().plusDays(day);
      int toHoliday = retailCalendar.daysToNextHoliday(date, null);
      return (retailCalendar.inPromotion(date, null) ? PROMOTION : 1)
          * (toHoliday >= 1 && toHoliday <= 7 ? PRE_HOLIDAY : 1);
    }
    double effect = 1;
    if (isPromotion(day) && user.region().equals(PROMOTION_REGION)) {
      effect *= PROMOTION;
    }
    for (int ahead = 1; ahead <= 7; ahead++) {
      if (isHoliday(day + ahead)) {
        effect *= PRE_HOLIDAY;
        break;
      }
    }
    return effect;
  }

  public ShopConfig config() {
    return config;
  }

  /** The latent truth about every user, in id order. */
  public List<ShopUser> users() {
    return users;
  }

  /**
   * Every user's profile as the shop's CRM would hold it: age band, region and acquisition channel
   * (the user's channel), and the signup date (the day of the first purchase); no gender.
   */
  public List<UserProfile> profiles() {
    List<UserProfile> profiles = new ArrayList<>(users.size());
    for (ShopUser user : users) {
      profiles.add(UserProfile.newBuilder().setUserId(user.id()).setAgeBand(ageBand(user.age()))
          .setRegion(user.region().toLowerCase(Locale.ROOT)).setAcquisitionChannel(user.channel())
          .setSignupDate(config.start().plusDays(user.firstDay())).setAttributes(Map.of()).build());
    }
    return profiles;
  }

  /** The band of an age: 18-24, 25-34, 35-44, 45-54, 55-64 or 65+. */
  static String ageBand(int age) {
    if (age < 25) {
      return "18-24";
    }
    if (age >= 65) {
      return "65+";
    }
    int low = 25 + (age - 25) / 10 * 10;
    return low + "-" + (low + 9);
  }

  /** A fresh pass over the shop's raw records; every pass yields the same records. */
  public RecordStream records() {
    return new RecordStream();
  }

  /** The raw records as a sequential stream (a fresh pass). */
  public Stream<ShopRecord> stream() {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(records(), Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  /** Writes every raw line followed by a newline, and returns what was written. */
  public ShopTally writeJsonLines(Writer out) {
    RecordStream stream = records();
    try {
      while (stream.hasNext()) {
        out.write(stream.next().line());
        out.write('\n');
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the synthetic shop's records", e);
    }
    return stream.tally();
  }

  private static List<ShopUser> drawUsers(ShopConfig config, Kind kind) {
    RandomDraws draws = new RandomDraws(new SplittableRandom(config.seed()));
    // the dimensions' own stream: the users' other draws stay as in a shop without them
    RandomDraws brandDraws = new RandomDraws(new SplittableRandom(config.seed() ^ 0x6272616e64L));
    int width = Math.max(6, String.valueOf(config.users()).length());
    int acquisitionDays = Math.max(1, (int) Math.round(config.days() * config.acquisitionShare()));
    List<ShopUser> out = new ArrayList<>(config.users());
    for (int i = 0; i < config.users(); i++) {
      int firstDay = draws.uniformInt(acquisitionDays);
      double lambda = draws.gamma(config.purchaseRateShape(), config.purchaseRateRate());
      double mu = draws.gamma(config.dropoutShape(), config.dropoutRate());
      double lifetime = draws.exponential(mu);
      double nu = draws.gamma(config.spendScaleShape(), config.spendScaleRate());
      double meanSpend = config.spendShape() / nu;
      String category = CATEGORIES[draws.uniformInt(CATEGORIES.length)];
      String channel = CHANNELS[draws.uniformInt(CHANNELS.length)];
      int channelIndex = java.util.Arrays.asList(CHANNELS).indexOf(channel);
      if (kind == Kind.DIMENSIONS) {
        // an exponential lifetime at dropout rate mu x f is the same draw divided by f
        lifetime /= CHANNEL_DROPOUT[channelIndex];
      }
      int lastActiveDay = (int) Math.min(Integer.MAX_VALUE, firstDay + 1 + (long) Math.ceil(lifetime));
      String region = REGIONS[draws.uniformInt(REGIONS.length)];
      int age = 18 + draws.uniformInt(60);
      String id = "u-" + String.format("%0" + width + "d", i + 1);
      String brand = null;
      if (kind == Kind.RETAIL) {
        region = COUNTRIES[brandDraws.weighted(COUNTRY_WEIGHTS)];
      }
      if (kind == Kind.DIMENSIONS) {
        int b = brandDraws.uniformInt(BRANDS.length);
        brand = BRANDS[b];
        lambda *= BRAND_RATE[b] * CHANNEL_RATE[channelIndex];
        meanSpend *= age >= 55 ? SENIOR_SPEND : 1;
      }
      out.add(new ShopUser(id, firstDay, lastActiveDay, lambda, meanSpend, category, channel, region, age, brand));
    }
    return out;
  }

  /** The iterator over one pass; {@link #tally()} counts what it has yielded so far. */
  public final class RecordStream implements Iterator<ShopRecord> {
    private final SplittableRandom root = new SplittableRandom(config.seed());
    // Two independent streams: events do not move when dirt rates change.
    private final RandomDraws eventDraws;
    private final RandomDraws dirtDraws;
    private final ArrayDeque<ShopRecord> ready = new ArrayDeque<>();
    private final PriorityQueue<Scheduled> refunds = new PriorityQueue<>(Comparator.comparingLong(Scheduled::time));
    private final PriorityQueue<Pending> duplicates = new PriorityQueue<>(Comparator.comparingLong(Pending::releaseAt));
    private final ShopTally tally = new ShopTally();
    private int day;
    private long eventSequence;
    private long dirtSequence;

    private RecordStream() {
      root.split(); // the users' stream, drawn in the constructor
      this.eventDraws = new RandomDraws(root.split());
      this.dirtDraws = new RandomDraws(root.split());
    }

    public ShopTally tally() {
      return tally;
    }

    @Override
    public boolean hasNext() {
      while (ready.isEmpty()) {
        if (day < config.days()) {
          generateDay(day++);
        } else if (!duplicates.isEmpty()) {
          ready.add(duplicates.poll().record());
        } else {
          return false;
        }
      }
      return true;
    }

    @Override
    public ShopRecord next() {
      if (!hasNext()) {
        throw new NoSuchElementException("the shop's history has ended");
      }
      ShopRecord record = ready.poll();
      tally.count(record);
      return record;
    }

    @Override
    public void forEachRemaining(Consumer<? super ShopRecord> action) {
      while (hasNext()) {
        action.accept(next());
      }
    }

    private void generateDay(int dayIndex) {
      long dayStart = config.start().plusDays(dayIndex).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      DayOfWeek weekday = config.start().plusDays(dayIndex).getDayOfWeek();
      double season = WEEKDAY_SEASONALITY[weekday.getValue() - 1];
      List<Draft> today = new ArrayList<>();
      for (ShopUser user : users) {
        if (!user.activeOn(dayIndex)) {
          continue;
        }
        int purchases = dayIndex == user.firstDay() ? 1
            : eventDraws.poisson(user.purchasesPerDay() * shift.factor(user, dayIndex) * season
                * calendarEffect(user, dayIndex));
        for (int i = 0; i < purchases; i++) {
          Draft purchase = purchase(user, dayStart);
          today.add(purchase);
          if (eventDraws.chance(config.refundRate())) {
            long refundTime = purchase.time + (1 + eventDraws.uniformInt(REFUND_MAX_DELAY_DAYS)) * 86_400_000L
                + eventDraws.uniformInt(3_600_000);
            refunds.add(new Scheduled(refundTime, new Draft(user, refundTime, EventType.REFUND,
                -purchase.amount, purchase.quantity, purchase.productId, purchase.category, purchase.brand)));
          }
        }
        int engagements = eventDraws.poisson(config.engagementPerPurchase() * user.purchasesPerDay() * season);
        for (int i = 0; i < engagements; i++) {
          today.add(engagement(user, dayStart));
        }
      }
      long dayEnd = dayStart + 86_400_000L;
      while (!refunds.isEmpty() && refunds.peek().time() < dayEnd) {
        today.add(refunds.poll().draft());
      }
      today.sort(Comparator.comparingLong((Draft d) -> d.time).thenComparing(d -> d.user.id()));
      for (Draft draft : today) {
        emit(draft);
      }
    }

    private Draft purchase(ShopUser user, long dayStart) {
      long time = timeOfDay(dayStart);
      double spendRate = config.spendShape() / user.meanSpend();
      double amount = Math.max(0.01, cents(eventDraws.gamma(config.spendShape(), spendRate)));
      int quantity = 1 + eventDraws.poisson(0.4);
      String category = eventDraws.chance(0.6) ? user.favoriteCategory()
          : CATEGORIES[eventDraws.uniformInt(CATEGORIES.length)];
      String product = "p-" + category.toLowerCase() + "-" + String.format("%03d", eventDraws.uniformInt(200));
      String brand = null;
      if (user.brand() != null) {
        int b = eventDraws.chance(0.85) ? java.util.Arrays.asList(BRANDS).indexOf(user.brand())
            : eventDraws.uniformInt(BRANDS.length);
        brand = BRANDS[b];
        amount = cents(amount * BRAND_SPEND[b]);
      }
      return new Draft(user, time, EventType.PURCHASE, amount, quantity, product, category, brand);
    }

    private Draft engagement(ShopUser user, long dayStart) {
      long time = timeOfDay(dayStart);
      double pick = eventDraws.uniform();
      EventType type = pick < 0.6 ? EventType.VIEW : pick < 0.85 ? EventType.ADD_TO_CART : EventType.SEARCH;
      String category = eventDraws.chance(0.5) ? user.favoriteCategory()
          : CATEGORIES[eventDraws.uniformInt(CATEGORIES.length)];
      String product = type == EventType.SEARCH ? null
          : "p-" + category.toLowerCase() + "-" + String.format("%03d", eventDraws.uniformInt(200));
      return new Draft(user, time, type, 0.0, null, product, category, null);
    }

    private long timeOfDay(long dayStart) {
      int hour = eventDraws.weighted(HOUR_WEIGHTS);
      return dayStart + hour * 3_600_000L + eventDraws.uniformInt(3_600_000);
    }

    private void emit(Draft draft) {
      String eventId = String.format("ev-%010d", ++eventSequence);
      UserEvent event = draft.toEvent(eventId);
      String line = JsonLines.event(event, draft.category, draft.user);
      ShopRecord clean = new ShopRecord(RecordKind.CLEAN, line, event);
      releaseDuplicatesDueBy(draft.time);
      ready.add(clean);
      if (dirtDraws.chance(config.duplicateRate())) {
        long releaseAt = draft.time + 1 + dirtDraws.uniformInt(DUPLICATE_MAX_DELAY_MILLIS);
        duplicates.add(new Pending(releaseAt, new ShopRecord(RecordKind.DUPLICATE, line, event)));
      }
      if (dirtDraws.chance(config.invalidTimestampRate())) {
        ready.add(new ShopRecord(RecordKind.INVALID_TIMESTAMP,
            JsonLines.invalidTimestamp(event, draft.category, draft.user, nextDirtId(), dirtDraws), null));
      }
      if (dirtDraws.chance(config.missingIdRate())) {
        ready.add(new ShopRecord(RecordKind.MISSING_ID,
            JsonLines.missingUserId(event, draft.category, draft.user, nextDirtId(), dirtDraws), null));
      }
      if (dirtDraws.chance(config.garbageRate())) {
        ready.add(new ShopRecord(RecordKind.GARBAGE, JsonLines.garbage(line, dirtDraws), null));
      }
    }

    private void releaseDuplicatesDueBy(long eventTime) {
      while (!duplicates.isEmpty() && duplicates.peek().releaseAt() <= eventTime) {
        ready.add(duplicates.poll().record());
      }
    }

    private String nextDirtId() {
      return String.format("bad-%010d", ++dirtSequence);
    }
  }

  private static double cents(double amount) {
    return Math.round(amount * 100) / 100.0;
  }

  /** An event before it has an id. */
  private record Draft(ShopUser user, long time, EventType type, double amount, Integer quantity,
                       String productId, String category, String brand) {
    UserEvent toEvent(String eventId) {
      return UserEvent.newBuilder()
          .setEventId(eventId)
          .setUserId(user.id())
          .setEventTime(Instant.ofEpochMilli(time))
          .setEventType(type)
          .setAmount(amount)
          .setCurrency("USD")
          .setQuantity(quantity)
          .setProductId(productId)
          .setCategory(category == null ? null : category.toLowerCase())
          .setChannel(user.channel())
          .setAge(user.age())
          .setRegion(user.region())
          .setAttributes(brand == null ? Map.of() : Map.of("brand", brand))
          .build();
    }
  }

  private record Scheduled(long time, Draft draft) {}

  /** A duplicate waiting to be re-sent once the stream reaches {@code releaseAt} (event time). */
  private record Pending(long releaseAt, ShopRecord record) {}
}
