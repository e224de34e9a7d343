package io.ltvstream.cli;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.EventType;
import io.ltvstream.avro.UserEvent;
import io.ltvstream.avro.UserProfile;
import io.ltvstream.core.features.MarketCalendar;
import io.ltvstream.core.features.EventFeatures;
import io.ltvstream.core.synthetic.RecordKind;
import io.ltvstream.core.synthetic.ShopConfig;
import io.ltvstream.core.synthetic.ShopRecord;
import io.ltvstream.core.synthetic.SyntheticShop;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * Writes the synthetic shop's purchase history for {@code ./ltv evaluate} and {@code train}: its
 * clean purchases and refunds (no engagement events, no dirt), streamed day by day, so a million
 * customers and ten million events take one day's records of memory.
 */
@Command(name = "shop", mixinStandardHelpOptions = true,
    description = "Write the synthetic shop's purchase history (CDNOW lines or the events Avro file) for evaluate and train.")
final class ShopCommand implements Callable<Integer> {
  private static final DateTimeFormatter CDNOW_DAY = DateTimeFormatter.BASIC_ISO_DATE;

  @Spec CommandSpec spec;

  @Option(names = "--users", defaultValue = "1000000", description = "Customers (default ${DEFAULT-VALUE}).")
  int users;

  @Option(names = "--start", defaultValue = "1997-01-01", description = "First day of the history (default ${DEFAULT-VALUE}).")
  LocalDate start;

  @Option(names = "--days", defaultValue = "546",
      description = "Days of history (default ${DEFAULT-VALUE}: 1997-01-01 to 1998-06-30, CDNOW's span).")
  int days;

  @Option(names = "--seed", defaultValue = "42", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;

  /** What {@code --format} writes. */
  enum Format { cdnow, events }

  @Option(names = "--format", defaultValue = "cdnow",
      description = "cdnow: CDNOW master lines (customer_id date cds dollars); events: an Avro container of EngineeredEvent, as ./ltv prepare writes (default ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = "--out", required = true, description = "File to write.")
  Path out;

  @Option(names = "--dimensions",
      description = "The shop with dimensions: acquisition channel, age, favorite brand (the events' brand attribute) and its own calendar, each with a known effect on purchase rate or spend (docs/model.md); needs --format events.")
  boolean dimensions;

  @Option(names = "--retail-calendar",
      description = "A retail-like shop instead: a country per customer (70%% United Kingdom), and the UK customers buy more on this calendar's promotion days and in the week before its holidays (e.g. examples/uk-bank-holidays.csv with --start 2010-01-01); needs --format events.")
  Path retailCalendar;

  @Option(names = "--profiles", description = "Also write the customers' profiles here (the Avro file ./ltv prepare --profiles writes), for train/evaluate --profiles.")
  Path profiles;

  @Option(names = "--calendar", description = "Also write the shop's market calendar here (CSV), for train/evaluate --calendar.")
  Path calendar;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    OutputPaths.requireFile(spec, "--out", out);
    OutputPaths.requireFile(spec, "--profiles", profiles);
    OutputPaths.requireFile(spec, "--calendar", calendar);
    ShopConfig config;
    try {
      config = ShopConfig.defaults().withSeed(seed).withUsers(users).withDays(days).withStart(start)
          .withEngagementPerPurchase(0).withDirt(0, 0, 0, 0);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if ((dimensions || retailCalendar != null) && format != Format.events) {
      throw new CommandLine.ParameterException(spec.commandLine(), (dimensions ? "--dimensions" : "--retail-calendar")
          + " needs --format events (CDNOW lines carry no brand, and their ids drop the profiles' u- prefix)");
    }
    if (calendar != null && !dimensions && retailCalendar == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--calendar writes the calendar of a shop with"
          + " --dimensions or --retail-calendar; the classic shop has none");
    }
    if (dimensions && retailCalendar != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--dimensions and --retail-calendar are two different shops: choose one");
    }
    MarketCalendar retail;
    try {
      retail = retailCalendar == null ? null : MarketCalendar.read(retailCalendar);
    } catch (NoSuchFileException e) {
      err.println("ltv shop: no such file: " + e.getFile());
      return 1;
    } catch (IOException | IllegalArgumentException e) {
      err.println("ltv shop: " + retailCalendar + ": " + FileProblems.describe(e));
      return 1;
    }
    ProgressLine progress = new ProgressLine(err, ProgressLine.isTerminal(2));
    progress.update(String.format(Locale.ROOT, "shop: drawing %,d customers...", users));
    SyntheticShop shop = retail != null ? SyntheticShop.retail(config, retail)
        : dimensions ? SyntheticShop.withDimensions(config) : new SyntheticShop(config);
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    long written = 0;
    SyntheticShop.RecordStream records = shop.records();
    String source = out.getFileName().toString();
    try (BufferedWriter text = format == Format.cdnow
            ? Files.newBufferedWriter(out, StandardCharsets.US_ASCII) : null;
        DataFileWriter<EngineeredEvent> avro = format == Format.events
            ? new DataFileWriter<>(new SpecificDatumWriter<>(EngineeredEvent.class)) : null) {
      if (text != null) {
        text.write("customer_id date number_of_cds dollar_value\n");
      } else {
        avro.create(EngineeredEvent.getClassSchema(), out.toFile());
      }
      while (records.hasNext()) {
        ShopRecord record = records.next();
        if (record.kind() != RecordKind.CLEAN) {
          continue;
        }
        UserEvent event = record.event();
        written++;
        if (text != null) {
          text.write(cdnowLine(event));
        } else {
          avro.append(EventFeatures.engineer(event, source, written));
        }
        if (written % 100_000 == 0) {
          LocalDate day = event.getEventTime().atZone(ZoneOffset.UTC).toLocalDate();
          progress.update(ChronoUnit.DAYS.between(start, day), days, String.format(Locale.ROOT,
              "shop: %,d events, at %s", written, day));
        }
      }
    }
    progress.done(String.format(Locale.ROOT, "shop: wrote %,d events of %,d customers to %s (%s)",
        written, users, out, format));
    if (profiles != null) {
      try (DataFileWriter<UserProfile> writer = new DataFileWriter<>(new SpecificDatumWriter<>(UserProfile.class))) {
        writer.create(UserProfile.getClassSchema(), profiles.toFile());
        for (UserProfile profile : shop.profiles()) {
          writer.append(profile);
        }
      }
      err.printf(Locale.ROOT, "shop: wrote %,d profiles to %s%n", users, profiles);
    }
    if (calendar != null) {
      shop.calendar().write(calendar);
      err.printf(Locale.ROOT, "shop: wrote %,d calendar days to %s%n", shop.calendar().days().size(), calendar);
    }
    return 0;
  }

  /** {@code customer_id yyyyMMdd cds dollars}: the shop's id without its "u-", a refund negative. */
  private static String cdnowLine(UserEvent event) {
    String id = event.getUserId().substring(event.getUserId().indexOf('-') + 1);
    int cds = event.getQuantity() == null ? 1 : event.getQuantity();
    return String.format(Locale.ROOT, "%s %s %d %.2f%n", id,
        CDNOW_DAY.format(event.getEventTime().atZone(ZoneOffset.UTC).toLocalDate()), cds,
        event.getEventType() == EventType.REFUND ? -Math.abs(event.getAmount()) : event.getAmount());
  }
}
