package io.ltvstream.scorer.topology;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.LtvScore;
import io.ltvstream.avro.UserProfile;
import io.ltvstream.core.features.EventFeatures;
import io.ltvstream.core.state.MonitoredWindow;
import io.ltvstream.core.state.StepVectors;
import io.ltvstream.core.state.UpdateOutcome;
import io.ltvstream.core.state.UserState;
import io.ltvstream.core.state.UserStateCodec;
import io.ltvstream.model.EventReplay;
import io.ltvstream.model.LtvModel;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.scorer.monitoring.WindowCalendar;
import io.ltvstream.scorer.monitoring.MonitoringSettings;
import io.ltvstream.scorer.monitoring.WindowRoller;
import io.ltvstream.scorer.monitoring.WindowScan;
import io.ltvstream.scorer.monitoring.WindowTally;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Scores every event of a user: load the user's state, apply the shared state update
 * ({@link UserState#update}), take one model step, store, emit one {@link LtvScore}. The event
 * comes with the user's profile from the profiles table (null when there is none), which fills the
 * profile dimensions of a feature-spec-2 bundle; profiles live in their own table, not the state.
 *
 * <p>The user's one store value holds everything: summary, windows, h/c, the replay steps and the
 * ids of the user's last events, as {@link UserStateCodec} bytes: each value is decoded into the
 * one state the task reuses and written back into the one array the store needs, so the state
 * allocates nothing else per event. An event seen before changes nothing, emits nothing and is
 * counted as a duplicate, so a re-sent event never reaches a user's value twice. A user whose
 * recurrent state was built by another model version is rebuilt first, by replaying their replay
 * steps through the model in service. An event of a feature spec this build does not know, one older than the grace
 * period allows, or one without a user, is refused with a {@link DeadLetterException} before any
 * state changes, and goes to the dead-letter topic. When idle re-scoring is on, a punctuator emits
 * a fresh score (no model step, only the value head with the elapsed time) for each user whose
 * idleness crossed another multiple of the idle period since the task's previous scan; that scan's time is
 * kept in the task's {@link TopologySettings#IDLE_SCAN_STORE} store, so a restart or a task moving to
 * another instance neither repeats nor skips a period. Scores are timestamped when they are made,
 * not with their (stream-time) event time: a replay of old history would otherwise be deleted by
 * the scores topic's retention as soon as it is written.
 *
 * <p>With monitoring on, each user's monitoring window is rolled ({@link WindowRoller}) before an
 * in-order event is applied, and idle users' by a scan spread over the window: each day of stream
 * time rolls the next slice of the task's users ({@link WindowScan}), so no punctuation rewrites
 * every user at once; a closed window's prediction and outcome go to the task's {@link WindowTally}
 * for that window and model version, in the {@value TopologySettings#MONITORING_STORE} store. When
 * a pass has rolled every user, the tallies of windows that ended before it started are closed:
 * those are what {@code GET /v1/monitoring} reports.
 */
public final class UserLtvProcessor<V> implements Processor<String, V, String, LtvScore> {
  /** The one key of the idle-scan store: each task has its own store, so its own scan time. */
  private static final String LAST_IDLE_SCAN = "last-scan";
  /** The one key of the monitoring-scan store: the task's pass ({@link WindowScan}). */
  private static final String WINDOW_SCAN = "pass";
  private final TopologySettings settings;
  private final Supplier<ModelBundle> bundles;
  private final ScorerMetrics metrics;
  private final Function<V, EngineeredEvent> eventOf;
  private final Function<V, UserProfile> profileOf;
  /** The one state this task decodes every stored value into (no state allocated per event). */
  private final UserState state = new UserState();
  private final UserStateCodec codec = new UserStateCodec();
  private float[] step = new float[StepVectors.SIZE];
  private ProcessorContext<String, LtvScore> context;
  /** Each user's state, {@link UserStateCodec} bytes. */
  private KeyValueStore<String, byte[]> states;
  /** The profiles table's store, or null when profiles are off. */
  private TimestampedKeyValueStore<String, UserProfile> profiles;
  private ModelInstances models;
  private KeyValueStore<String, Long> idleScans;
  private KeyValueStore<String, byte[]> windowTallies;
  private WindowRoller roller;
  private WindowCalendar calendar;
  /** This task's tallies as decoded, written through to the store. */
  private final Map<String, WindowTally> tallies = new HashMap<>();
  private final List<MonitoredWindow.Outcome> closedNow = new ArrayList<>();
  private final Consumer<MonitoredWindow.Outcome> addClosed = closedNow::add;
  private KeyValueStore<String, byte[]> windowScans;
  /** The stream-time day of this instance's last monitoring punctuation (pacing only, not kept). */
  private long lastMonitoringDay = Long.MIN_VALUE;

  /**
   * @param eventOf the event of an input value
   * @param profileOf the profile of an input value, null when the user has none (or profiles are off)
   */
  UserLtvProcessor(TopologySettings settings, Supplier<ModelBundle> bundles, ScorerMetrics metrics,
      Function<V, EngineeredEvent> eventOf, Function<V, UserProfile> profileOf) {
    this.settings = settings;
    this.bundles = bundles;
    this.metrics = metrics;
    this.eventOf = eventOf;
    this.profileOf = profileOf;
  }

  @Override
  public void init(ProcessorContext<String, LtvScore> context) {
    this.context = context;
    this.states = context.getStateStore(TopologySettings.USER_STATE_STORE);
    if (settings.profilesTopic() != null) {
      this.profiles = context.getStateStore(TopologySettings.USER_PROFILE_STORE);
    }
    this.models = new ModelInstances(bundles, settings.engine());
    if (settings.idleAfter() != null) {
      this.idleScans = context.getStateStore(TopologySettings.IDLE_SCAN_STORE);
      context.schedule(settings.idleScanInterval(),
          settings.idleClock() == TopologySettings.IdleClock.WALL
              ? PunctuationType.WALL_CLOCK_TIME : PunctuationType.STREAM_TIME,
          this::rescoreIdleUsers);
    }
    if (settings.monitoring().enabled()) {
      this.windowTallies = context.getStateStore(TopologySettings.MONITORING_STORE);
      this.windowScans = context.getStateStore(TopologySettings.MONITORING_SCAN_STORE);
      this.calendar = new WindowCalendar(settings.monitoring().windowDays());
      this.roller = new WindowRoller(calendar);
      context.schedule(Duration.ofDays(1), PunctuationType.STREAM_TIME, this::rollIdleUsers);
    }
  }

  @Override
  public void process(Record<String, V> record) {
    long started = System.nanoTime();
    EngineeredEvent event = record.value() == null ? null : eventOf.apply(record.value());
    UserProfile profile = record.value() == null ? null : profileOf.apply(record.value());
    String userId = record.key();
    if (event == null) {
      throw new DeadLetterException(DeadLetters.MISSING_USER_ID, "record without a value (tombstone)");
    }
    if (userId == null || userId.isEmpty()) {
      throw new DeadLetterException(DeadLetters.MISSING_USER_ID,
          "event " + event.getEventId() + " has no user id");
    }
    if (event.getFeatureSpecVersion() < 1 || event.getFeatureSpecVersion() > EventFeatures.FEATURE_SPEC_VERSION) {
      throw new DeadLetterException(DeadLetters.FEATURE_SPEC_MISMATCH, "event " + event.getEventId()
          + " has feature spec " + event.getFeatureSpecVersion() + "; this scorer reads 1 to "
          + EventFeatures.FEATURE_SPEC_VERSION);
    }
    // the machine's clock, as the extractor judges it and the broker checks changelog timestamps
    long now = System.currentTimeMillis();
    if (event.getEventTime().toEpochMilli() > now + EventTimeExtractor.MAX_FUTURE_MILLIS) {
      throw new DeadLetterException(DeadLetters.FUTURE_EVENT_TIME, "event " + event.getEventId() + " at "
          + event.getEventTime() + " is more than " + EventTimeExtractor.MAX_FUTURE_MILLIS / 60_000
          + " minutes after this machine's clock (" + Instant.ofEpochMilli(now) + ")");
    }
    LtvModel model = models.current();
    byte[] stored = states.get(userId);
    boolean rebuilt = false;
    if (stored == null) {
      state.clear();
      model.resetRecurrent(state);
    } else {
      codec.read(stored, state);
    }
    if (stored != null && !state.modelVersion().equals(model.version())) {
      EventReplay.rebuild(state, model);
      rebuilt = true;
    }
    if (step.length != model.stepSize()) {
      step = new float[model.stepSize()];
    }
    long eventMillis = event.getEventTime().toEpochMilli();
    closedNow.clear();
    if (roller != null && eventMillis > state.lastEventMillis()) {
      roller.roll(state, eventMillis, model, addClosed);
    }
    UpdateOutcome outcome = EventReplay.apply(event, profile, state, settings.grace(), model.dimensions(), step);
    switch (outcome.kind()) {
      case DUPLICATE -> {
        metrics.duplicate(); // the store keeps the value as it was, rebuilt or not
        return;
      }
      case TOO_LATE -> throw new DeadLetterException(DeadLetters.LATE_BEYOND_GRACE, "event "
          + event.getEventId() + " at " + event.getEventTime() + " is more than " + settings.grace()
          + " older than its user's latest event at " + Instant.ofEpochMilli(state.lastEventMillis()));
      case OUT_OF_ORDER -> metrics.lateWithinGrace();
      case IN_ORDER -> { }
    }
    if (rebuilt) {
      metrics.userRebuilt();
    }
    model.step(step, state);
    state.replaySteps().append(step, settings.recentSteps());
    states.put(userId, codec.write(state));
    if (!closedNow.isEmpty()) {
      long userHash = WindowRoller.userHash(userId);
      for (MonitoredWindow.Outcome closed : closedNow) {
        String key = WindowTally.key(closed.startDay(), closed.modelVersion());
        WindowTally tally = tally(key, closed);
        tally.add(userHash, closed);
        windowTallies.put(key, tally.encode());
      }
    }
    long at = Math.max(event.getEventTime().toEpochMilli(), state.lastEventMillis());
    LtvScore score = Scores.of(userId, event.getEventId(), at, state, profile, model, settings.segments());
    context.forward(record.withValue(score).withTimestamp(context.currentSystemTimeMs()));
    metrics.scored(System.nanoTime() - started);
  }

  /**
   * Each day of stream time: rolls the next slice of the task's users ({@link
   * MonitoringSettings#scanBudget}), resuming after the last user the pass rolled; a pass starts at
   * the first punctuation of each window. When a pass has rolled every user, the tallies of the
   * windows that ended before its window are closed. The pass's progress is in the {@value
   * TopologySettings#MONITORING_SCAN_STORE} store.
   */
  private void rollIdleUsers(long streamTime) {
    long day = Math.floorDiv(streamTime, 86_400_000L);
    long elapsedDays = lastMonitoringDay == Long.MIN_VALUE ? 1 : day - lastMonitoringDay;
    lastMonitoringDay = day;
    byte[] stored = windowScans.get(WINDOW_SCAN);
    WindowScan scan = stored == null ? null : WindowScan.decode(stored);
    if (scan == null || scan.complete()) {
      if (scan != null && !calendar.startsBetween(scan.startDay(), day)) {
        return; // this window's pass is done
      }
      scan = WindowScan.startingOn(day);
    }
    long budget = settings.monitoring().scanBudget(states.approximateNumEntries(), elapsedDays);
    LtvModel model = models.current();
    Map<String, WindowTally> touched = new HashMap<>();
    String last = scan.cursor();
    boolean complete;
    try (KeyValueIterator<String, byte[]> users = last == null ? states.all() : states.range(last, null)) {
      long rolled = 0;
      while (rolled < budget && users.hasNext()) {
        KeyValue<String, byte[]> entry = users.next();
        if (entry.key.equals(scan.cursor())) {
          continue; // rolled by the punctuation before
        }
        codec.read(entry.value, state);
        rollIdleUser(entry.key, state, streamTime, model, touched);
        last = entry.key;
        rolled++;
      }
      complete = !users.hasNext();
    }
    touched.forEach((key, tally) -> windowTallies.put(key, tally.encode()));
    if (!complete) {
      windowScans.put(WINDOW_SCAN, scan.after(last).encode());
      return;
    }
    windowScans.put(WINDOW_SCAN, scan.completed().encode());
    closeTalliesEndingBy(calendar.startOf(scan.startDay()));
  }

  private void rollIdleUser(String userId, UserState state, long streamTime, LtvModel model,
      Map<String, WindowTally> touched) {
    boolean rebuilt = false;
    if (!state.modelVersion().equals(model.version())) {
      EventReplay.rebuild(state, model);
      rebuilt = true;
    }
    long userHash = WindowRoller.userHash(userId);
    boolean rolled = roller.roll(state, streamTime, model, closed -> {
      String key = WindowTally.key(closed.startDay(), closed.modelVersion());
      WindowTally tally = tally(key, closed);
      tally.add(userHash, closed);
      touched.put(key, tally);
    });
    if (rebuilt || rolled) {
      states.put(userId, codec.write(state));
    }
    if (rebuilt) {
      metrics.userRebuilt();
    }
  }

  /** Closes the task's tallies of the windows that ended by {@code day}: all their users are in. */
  private void closeTalliesEndingBy(long day) {
    List<String> ended = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> stored = windowTallies.all()) {
      while (stored.hasNext()) {
        KeyValue<String, byte[]> entry = stored.next();
        WindowTally tally = tallies.computeIfAbsent(entry.key, k -> WindowTally.decode(entry.value));
        if (!tally.closed() && tally.endDay() <= day) {
          ended.add(entry.key);
        }
      }
    }
    for (String key : ended) {
      WindowTally tally = tallies.get(key);
      tally.close();
      windowTallies.put(key, tally.encode());
    }
  }

  /** This task's tally of {@code closed}'s window and model version, created when it has none. */
  private WindowTally tally(String key, MonitoredWindow.Outcome closed) {
    return tallies.computeIfAbsent(key, k -> {
      byte[] stored = windowTallies.get(k);
      return stored != null ? WindowTally.decode(stored)
          : new WindowTally(closed.startDay(), closed.horizonDays(), settings.monitoring().sampleSize());
    });
  }

  private UserProfile profileOf(String userId) {
    if (profiles == null) {
      return null;
    }
    ValueAndTimestamp<UserProfile> profile = profiles.get(userId);
    return profile == null ? null : profile.value();
  }

  private void rescoreIdleUsers(long now) {
    long idleMillis = settings.idleAfter().toMillis();
    Long lastScan = idleScans.get(LAST_IDLE_SCAN);
    // the task's first scan ever looks back one interval
    long previousScan = lastScan == null ? now - settings.idleScanInterval().toMillis() : lastScan;
    if (now <= previousScan) {
      return; // a restored stream time, or a wall clock behind the previous owner's: that scan is done
    }
    idleScans.put(LAST_IDLE_SCAN, now);
    LtvModel model = models.current();
    try (KeyValueIterator<String, byte[]> users = states.all()) {
      while (users.hasNext()) {
        KeyValue<String, byte[]> entry = users.next();
        codec.read(entry.value, state);
        long last = state.lastEventMillis();
        if (now - last < idleMillis || Math.floorDiv(now - last, idleMillis)
            == Math.floorDiv(previousScan - last, idleMillis)) {
          continue; // not idle, or already re-scored for this idle period
        }
        if (!state.modelVersion().equals(model.version())) {
          EventReplay.rebuild(state, model);
          states.put(entry.key, codec.write(state));
          metrics.userRebuilt();
        }
        LtvScore score = Scores.of(entry.key, null, now, state, profileOf(entry.key), model, settings.segments());
        context.forward(new Record<>(entry.key, score, context.currentSystemTimeMs()));
        metrics.idleRescored();
      }
    }
  }
}
