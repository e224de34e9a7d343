package io.ltvstream.core.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.avro.EventType;
import io.ltvstream.avro.UserEvent;
import io.ltvstream.avro.UserProfile;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The shop with dimensions: each dimension has the effect it is documented to have, and none without them. */
class SyntheticShopDimensionsTest {
  private static final ShopConfig CONFIG = ShopConfig.defaults().withSeed(5).withUsers(3000).withDays(240)
      .withStart(LocalDate.of(2024, 1, 1)).withDirt(0, 0, 0, 0);

  private static List<UserEvent> purchases(SyntheticShop shop) {
    return shop.stream().filter(r -> r.kind() == RecordKind.CLEAN && r.event().getEventType() == EventType.PURCHASE)
        .map(ShopRecord::event).toList();
  }

  /** Purchases per user of the users {@code which} selects. */
  private static double rate(SyntheticShop shop, List<UserEvent> purchases, Predicate<ShopUser> which) {
    Map<String, ShopUser> users = new HashMap<>();
    shop.users().forEach(u -> users.put(u.id(), u));
    long selected = shop.users().stream().filter(which).count();
    return purchases.stream().filter(p -> which.test(users.get(p.getUserId()))).count() / (double) selected;
  }

  private static double meanBasket(List<UserEvent> purchases, Function<UserEvent, Boolean> which) {
    return purchases.stream().filter(which::apply).mapToDouble(UserEvent::getAmount).average().orElseThrow();
  }

  /** The median days from a user's first day to their last active one, over the users of {@code channel}. */
  private static double medianLifetime(SyntheticShop shop, String channel) {
    double[] days = shop.users().stream().filter(u -> u.channel().equals(channel))
        .mapToDouble(u -> (double) u.lastActiveDay() - u.firstDay()).sorted().toArray();
    return days[days.length / 2];
  }

  @Test
  void channelBrandAgeAndCalendarEachHaveTheirEffect() {
    SyntheticShop shop = SyntheticShop.withDimensions(CONFIG);
    List<UserEvent> purchases = purchases(shop);
    assertThat(rate(shop, purchases, u -> u.channel().equals("app")))
        .isGreaterThan(2 * rate(shop, purchases, u -> u.channel().equals("email")));
    assertThat(medianLifetime(shop, "app")).as("app users stay twice as long as web ones, email ones half as long")
        .isGreaterThan(1.6 * medianLifetime(shop, "web")).isGreaterThan(3 * medianLifetime(shop, "email"));
    assertThat(meanBasket(purchases, p -> "acme".equals(p.getAttributes().get("brand"))))
        .isGreaterThan(2 * meanBasket(purchases, p -> "basic".equals(p.getAttributes().get("brand"))));
    assertThat(meanBasket(purchases, p -> p.getAge() >= 55)).isGreaterThan(1.4 * meanBasket(purchases, p -> p.getAge() < 55));
    // UK users buy more on the calendar's UK promotion days than on the other weekend days
    var calendar = shop.calendar();
    Function<UserEvent, LocalDate> day = p -> p.getEventTime().atZone(ZoneOffset.UTC).toLocalDate();
    Predicate<UserEvent> weekend = p -> day.apply(p).getDayOfWeek().getValue() >= 6;
    long ukPromo = purchases.stream().filter(p -> p.getRegion().equals("UK") && weekend.test(p)
        && calendar.inPromotion(day.apply(p), "uk")).count();
    long ukOther = purchases.stream().filter(p -> p.getRegion().equals("UK") && weekend.test(p)
        && !calendar.inPromotion(day.apply(p), "uk")).count();
    assertThat(ukPromo / 1.0).as("a quarter of the weekends, three times the intensity").isGreaterThan(0.6 * ukOther);
    List<UserProfile> profiles = shop.profiles();
    assertThat(profiles).hasSize(3000);
    assertThat(profiles.get(0).getAcquisitionChannel()).isEqualTo(shop.users().get(0).channel());
  }

  @Test
  void withoutDimensionsTheShopIsAsBefore() {
    List<UserEvent> plain = purchases(new SyntheticShop(CONFIG.withUsers(300)));
    assertThat(plain).allSatisfy(p -> assertThat(p.getAttributes()).isEmpty());
    assertThat(new SyntheticShop(CONFIG.withUsers(300)).users()).allSatisfy(u -> assertThat(u.brand()).isNull());
  }
}
