package io.ltvstream.cli;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.Well19937c;

/**
 * Customers who never drop out, like a retail log's wholesale buyers: each buys on each day with
 * probability 1 - exp(-lambda/7) from a day of the first months to the end of the log, lambda ~
 * Gamma(0.5, 2) per week, so the heaviest buy on hundreds of days. Written as CDNOW lines or as
 * rows of the online-retail CSV of examples/retail-dirty.csv.
 */
final class NoDropoutShop {
  private static final DateTimeFormatter CDNOW_DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
  private static final DateTimeFormatter RETAIL_TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");

  private NoDropoutShop() {}

  /** CDNOW master lines from 1997-01-01 to 1998-06-30, first purchases in the first 180 days. */
  static String cdnowText(int users, long seed) {
    StringBuilder text = new StringBuilder();
    for (Purchase p : purchases(users, seed, LocalDate.of(1997, 1, 1), LocalDate.of(1998, 6, 30))) {
      text.append(String.format(Locale.ROOT, " %05d %s  1 %7.2f%n", p.user() + 1,
          CDNOW_DAY.format(p.day()), p.amount()));
    }
    return text.toString();
  }

  /** Retail CSV rows (no header) from 2010-12-02 to 2011-12-09, one invoice line per purchase. */
  static List<String> retailRows(int users, long seed) {
    List<String> rows = new ArrayList<>();
    int invoice = 600_000;
    for (Purchase p : purchases(users, seed, LocalDate.of(2010, 12, 2), LocalDate.of(2011, 12, 9))) {
      // quantity x unit price = the amount, in GBP
      rows.add(String.format(Locale.ROOT, "%d,22423,REGENCY CAKESTAND 3 TIER,4,%s,%.2f,%d,United Kingdom",
          invoice++, RETAIL_TIME.format(p.day().atTime(10, 30)), p.amount() / 4, 20_000 + p.user()));
    }
    return rows;
  }

  private record Purchase(int user, LocalDate day, double amount) {}

  private static List<Purchase> purchases(int users, long seed, LocalDate start, LocalDate end) {
    Well19937c random = new Well19937c(seed);
    GammaDistribution rates = new GammaDistribution(random, 0.5, 2.0);
    List<Purchase> purchases = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      double daily = -Math.expm1(-rates.sample() / 7);
      double meanAmount = 20 + 80 * random.nextDouble();
      LocalDate day = start.plusDays(random.nextInt(180));
      purchases.add(new Purchase(u, day, meanAmount));
      for (day = day.plusDays(1); !day.isAfter(end); day = day.plusDays(1)) {
        if (random.nextDouble() < daily) {
          purchases.add(new Purchase(u, day, meanAmount * (0.5 + random.nextDouble())));
        }
      }
    }
    return purchases;
  }
}
