package io.ltvstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.UserProfile;
import io.ltvstream.core.state.UserState;
import io.ltvstream.testkit.Events;
import io.ltvstream.testkit.TinyModel;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Explanations by occlusion on real tiny bundles (the ltv-model class, tested where the tiny bundles are). */
class ValueExplanationTest {
  private static final Instant T0 = Instant.parse("2025-02-03T10:00:00Z");
  private static final UserProfile PROFILE = UserProfile.newBuilder().setUserId("a").setAgeBand("25-34")
      .setRegion("uk").setAcquisitionChannel("app").setSignupDate(LocalDate.parse("2025-01-05"))
      .setAttributes(Map.of()).build();

  /** The user's state as the scorer's processor keeps it: stepped, with its replay steps. */
  private static UserState scored(LtvModel model) {
    UserState state = new UserState();
    model.resetRecurrent(state);
    float[] step = new float[model.stepSize()];
    for (EngineeredEvent event : history()) {
      EventReplay.apply(event, PROFILE, state, EventReplay.DEFAULT_GRACE, model.dimensions(), step);
      model.step(step, state);
      state.replaySteps().append(step, 4);
    }
    return state;
  }

  private static List<EngineeredEvent> history() {
    return List.of(Events.purchase("a", "a1", T0, 40), Events.view("a", "a2", T0.plusSeconds(86_400)),
        Events.purchase("a", "a3", T0.plusSeconds(9 * 86_400L), 75), Events.purchase("a", "a4",
            T0.plusSeconds(20 * 86_400L), 20));
  }

  @Test
  void sharesSplitTheValueByGroupAndAQueryHasNoProduct() {
    LtvModel model = TinyModel.withDimensions(7).newModel(Engine.KERNEL);
    UserState state = EventReplay.replay(history(), PROFILE, model);
    long at = T0.plusSeconds(25 * 86_400L).toEpochMilli();

    ValueExplanation explained = ValueExplanation.of(model, state, PROFILE, at);

    assertThat(explained.expectedValue()).isEqualTo(model.predict(state, at, PROFILE).expectedValue());
    assertThat(explained.shares().keySet()).containsExactly("history", "profile", "product", "calendar");
    assertThat(explained.shares().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1, within(1e-9));
    assertThat(explained.contributions().get("product")).isZero();
    assertThat(explained.contributions().get("profile")).isNotZero();
    assertThat(explained.contributions().get("history")).as("the value with every dimension neutral")
        .isNotEqualTo(explained.expectedValue());
  }

  @Test
  void theLastEventsChangesAddUpToTheirReplay() {
    LtvModel model = TinyModel.withDimensions(7).newModel(Engine.KERNEL);
    UserState state = scored(model);
    long at = T0.plusSeconds(25 * 86_400L).toEpochMilli();

    ValueExplanation explained = ValueExplanation.of(model, state, PROFILE, at);

    assertThat(explained.events()).hasSize(4)
        .extracting(ValueExplanation.EventEffect::type).containsExactly("purchase", "engagement", "purchase", "purchase");
    assertThat(explained.events().get(2).amount()).isCloseTo(75, within(0.1));
    assertThat(explained.events().get(2).daysSincePrevious()).isCloseTo(8, within(0.01));
    UserState fromZero = state.copy();
    model.resetRecurrent(fromZero);
    double before = model.predict(fromZero, at, PROFILE).expectedValue();
    UserState rebuilt = state.copy();
    EventReplay.rebuild(rebuilt, model);
    double sum = explained.events().stream().mapToDouble(ValueExplanation.EventEffect::valueChange).sum();
    assertThat(before + sum).isCloseTo(model.predict(rebuilt, at, PROFILE).expectedValue(), within(1e-6));
  }

  @Test
  void aSpecOneBundleOwesEverythingToTheHistory() {
    LtvModel model = TinyModel.bundle(7).newModel(Engine.KERNEL);
    UserState state = EventReplay.replay(history(), model);
    ValueExplanation explained = ValueExplanation.of(model, state, PROFILE, T0.plusSeconds(25 * 86_400L).toEpochMilli());
    assertThat(explained.shares()).containsEntry("history", 1.0).containsEntry("profile", 0.0)
        .containsEntry("calendar", 0.0);
  }
}
