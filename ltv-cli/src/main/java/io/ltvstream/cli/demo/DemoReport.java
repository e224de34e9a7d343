package io.ltvstream.cli.demo;

import io.ltvstream.avro.LtvScore;
import io.ltvstream.avro.Segment;
import io.ltvstream.evaluate.Html;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The demo's terminal summary and its self-contained HTML report (inline CSS and SVG, no scripts). */
final class DemoReport {
  private final DemoRun.Outcome outcome;
  private final int top;

  DemoReport(DemoRun.Outcome outcome, int top) {
    this.outcome = outcome;
    this.top = top;
  }

  /** The most valuable users now (HTTP API, decayed to today); by their latest score if HTTP said nothing. */
  List<LtvScore> topUsers() {
    Map<String, Double> now = outcome.http().valueNow();
    Comparator<LtvScore> byValue = now.isEmpty()
        ? Comparator.comparingDouble(LtvScore::getExpectedValue)
        : Comparator.comparingDouble(score -> now.getOrDefault(score.getUserId(), -1.0));
    return outcome.latest().values().stream()
        .sorted(byValue.reversed().thenComparing(LtvScore::getUserId))
        .limit(top).toList();
  }

  Map<Segment, long[]> segments() {
    Map<Segment, long[]> bySegment = new EnumMap<>(Segment.class);
    for (LtvScore score : outcome.latest().values()) {
      long[] cell = bySegment.computeIfAbsent(score.getSegment(), s -> new long[2]);
      cell[0]++;
      cell[1] += Math.round(score.getExpectedValue() * 100);
    }
    return bySegment;
  }

  void print(PrintStream out) {
    DemoSummary s = outcome.summary();
    out.println();
    out.println("== ltv demo: summary");
    out.printf("raw records      %,10d  = valid %,d + invalid %,d + duplicates %,d%s%n", s.rawRecords(), s.valid(),
        s.invalid(), s.duplicates(), s.rawRecords() == s.valid() + s.invalid() + s.duplicates() ? "  (ok)" : "  (MISMATCH)");
    out.printf("invalid reasons  %s%n", outcome.rejectReasons());
    out.printf("events published %,10d  = scores %,d + dead letters %,d%s%n", s.eventsPublished(), s.scores(), s.dlq(),
        s.eventsPublished() == s.scores() + s.dlq() ? "  (ok)" : "  (MISMATCH)");
    out.printf("users scored     %,10d  by model %s, horizon %d days%n", s.users(), outcome.model().version(),
        outcome.model().metadata().horizonDays());
    out.println();
    out.println("segments (latest score per user):");
    segments().forEach((segment, cell) -> out.printf("  %-13s %,6d users  expected value %,12.2f%n",
        segment, cell[0], cell[1] / 100.0));
    out.println();
    out.printf("top %d users by expected value now, over the next %d days:%n", top, outcome.model().metadata().horizonDays());
    out.println("  ('now' is the scorer's HTTP answer today, decayed by the days since the user's last event;");
    out.println("   expected, p_active, p10, p90 are the score at that event, as published on ltv-scores)");
    out.printf("  %-10s %-10s %10s %8s %8s %8s %6s %9s %10s  %s%n", "user", "last event", "expected", "p_active",
        "p10", "p90", "freq", "mean", "now", "segment");
    for (LtvScore score : topUsers()) {
      out.printf(Locale.ROOT, "  %-10s %-10s %10.2f %8.3f %8.2f %8.2f %6d %9.2f %10s  %s%n", score.getUserId(),
          score.getEventTime().toString().substring(0, 10), score.getExpectedValue(), score.getPActive(),
          score.getValueP10(), score.getValueP90(), score.getFrequency(), score.getMonetaryMean(),
          now(score), score.getSegment());
    }
    String example = topAnswer();
    if (example != null) {
      out.println();
      out.println("the first of those, as the HTTP API answered:");
      out.println("  " + example);
    }
  }

  /** The HTTP answer for the most valuable user, or null. */
  private String topAnswer() {
    List<LtvScore> top = topUsers();
    return top.isEmpty() ? null : outcome.http().answers().get(top.getFirst().getUserId());
  }

  private String now(LtvScore score) {
    Double now = outcome.http().valueNow().get(score.getUserId());
    return now == null ? "-" : String.format(Locale.ROOT, "%.2f", now);
  }

  void writeHtml(Path file) throws IOException {
    DemoSummary s = outcome.summary();
    StringBuilder html = new StringBuilder(32_000);
    html.append("<!doctype html><html lang=en><head><meta charset=utf-8><title>ltv-stream demo</title><style>")
        .append("body{font-family:system-ui,sans-serif;margin:2em auto;max-width:960px;color:#222}")
        .append("table{border-collapse:collapse;margin:1em 0}td,th{padding:4px 10px;border-bottom:1px solid #ddd;")
        .append("text-align:right}th:first-child,td:first-child{text-align:left}.ok{color:#070}.bad{color:#b00}")
        .append("</style></head><body><h1>ltv-stream demo</h1>");
    html.append("<p>A synthetic shop's raw records went through the NiFi flow's cleaning, dedupe and feature logic")
        .append(" to <code>ltv-events</code> on an embedded Kafka broker; the scorer (Kafka Streams, exactly_once_v2)")
        .append(" scored every event with model <code>").append(Html.escape(outcome.model().version()))
        .append("</code>, and <code>ltv-scores</code> and <code>ltv-dlq</code> were read back with read_committed.</p>");
    html.append("<h2>Every record accounted for</h2><table>");
    row(html, "raw records", s.rawRecords());
    row(html, "valid (unique)", s.valid());
    row(html, "invalid", s.invalid());
    row(html, "duplicates", s.duplicates());
    check(html, "raw = valid + invalid + duplicates", s.rawRecords() == s.valid() + s.invalid() + s.duplicates());
    row(html, "events published to ltv-events", s.eventsPublished());
    row(html, "scores on ltv-scores", s.scores());
    row(html, "dead letters on ltv-dlq", s.dlq());
    check(html, "published = scores + dead letters", s.eventsPublished() == s.scores() + s.dlq());
    row(html, "users scored", s.users());
    html.append("<tr><td>wall time</td><td>").append(String.format(Locale.ROOT, "%.1f s", s.seconds()))
        .append("</td></tr></table>");
    html.append("<h3>Why records were invalid</h3><table><tr><th>reason</th><th>records</th></tr>");
    outcome.rejectReasons().forEach((reason, n) -> row(html, reason, n));
    html.append("</table>");

    html.append("<h2>Segments</h2>").append(segmentChart());
    html.append("<h2>Top ").append(top).append(" users by expected value now, over ")
        .append(outcome.model().metadata().horizonDays())
        .append(" days</h2><p><em>now</em> is the scorer's HTTP answer at the end of the demo, decayed by the days")
        .append(" since the user's latest event; the other columns are the score at that event (ltv-scores).</p>")
        .append("<table><tr><th>user</th><th>last event</th><th>expected value</th><th>now</th><th>p_active</th><th>p10</th><th>p50</th><th>p90</th>")
        .append("<th>expected purchases</th><th>frequency</th><th>monetary mean</th><th>segment</th></tr>");
    for (LtvScore score : topUsers()) {
      html.append("<tr><td>").append(Html.escape(score.getUserId())).append("</td><td>")
          .append(score.getEventTime().toString(), 0, 10).append("</td>")
          .append(cell(score.getExpectedValue())).append("<td>").append(now(score)).append("</td>")
          .append(cell(score.getPActive()))
          .append(cell(score.getValueP10())).append(cell(score.getValueP50())).append(cell(score.getValueP90()))
          .append(cell(score.getExpectedTransactions())).append("<td>").append(score.getFrequency()).append("</td>")
          .append(cell(score.getMonetaryMean())).append("<td>").append(score.getSegment()).append("</td></tr>");
    }
    html.append("</table>");
    String example = topAnswer();
    if (example != null) {
      html.append("<h2>Over HTTP</h2><pre>").append(Html.escape(example)).append("</pre>");
    }
    html.append("</body></html>\n");
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, html);
  }

  private String segmentChart() {
    Map<Segment, long[]> segments = segments();
    long max = segments.values().stream().mapToLong(c -> c[0]).max().orElse(1);
    int rowHeight = 26;
    StringBuilder svg = new StringBuilder();
    svg.append("<svg width=720 height=").append(segments.size() * rowHeight + 10)
        .append(" role=img aria-label='users per segment'>");
    int y = 5;
    for (Map.Entry<Segment, long[]> entry : segments.entrySet()) {
      long users = entry.getValue()[0];
      int width = (int) Math.max(1, 420.0 * users / max);
      svg.append("<text x=0 y=").append(y + 17).append(" font-size=13>").append(entry.getKey()).append("</text>")
          .append("<rect x=130 y=").append(y + 3).append(" width=").append(width).append(" height=18 fill='#4a7ab7'/>")
          .append("<text x=").append(136 + width).append(" y=").append(y + 17).append(" font-size=12>")
          .append(String.format(Locale.ROOT, "%,d users, expected %,.0f", users, entry.getValue()[1] / 100.0))
          .append("</text>");
      y += rowHeight;
    }
    return svg.append("</svg>").toString();
  }

  private static void row(StringBuilder html, String label, long value) {
    html.append("<tr><td>").append(Html.escape(label)).append("</td><td>")
        .append(String.format(Locale.ROOT, "%,d", value)).append("</td></tr>");
  }

  private static void check(StringBuilder html, String label, boolean ok) {
    html.append("<tr><td>").append(Html.escape(label)).append("</td><td class=").append(ok ? "ok>holds" : "bad>does not hold")
        .append("</td></tr>");
  }

  private static String cell(double value) {
    return String.format(Locale.ROOT, "<td>%,.2f</td>", value);
  }

}
