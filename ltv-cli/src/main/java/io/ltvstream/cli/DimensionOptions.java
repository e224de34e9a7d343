package io.ltvstream.cli;

import io.ltvstream.avro.UserProfile;
import io.ltvstream.core.features.DimensionSources;
import io.ltvstream.core.features.FeatureSpec;
import io.ltvstream.core.features.MarketCalendar;
import io.ltvstream.core.history.UserProfileFileReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The feature-spec options of the commands that train a network ({@code train}, and {@code
 * evaluate} for the networks it trains in the run): the calendar, the profiles, the product field
 * and the spec version.
 */
final class DimensionOptions {
  @Spec(Spec.Target.MIXEE) CommandSpec spec;

  @Option(names = "--calendar", description = "Market calendar CSV (date,holiday,promotion[,region]), stored in the bundle; implies --feature-spec 2.")
  Path calendar;

  @Option(names = "--profiles", description = "User profiles (the Avro file ./ltv prepare --profiles writes); implies --feature-spec 2.")
  Path profiles;

  @Option(names = "--product-field", defaultValue = FeatureSpec.DEFAULT_PRODUCT_FIELD,
      description = "Event attribute read as the product field under feature spec 2 (default ${DEFAULT-VALUE}).")
  String productField;

  @Option(names = "--feature-spec", description = "1 (history only) or 2 (with product, calendar and profile dimensions); default 2 with --calendar or --profiles, else 1.")
  Integer featureSpec;

  /** The spec version asked for; a usage error for a version that does not exist or options it cannot use. */
  int version() {
    int version = featureSpec != null ? featureSpec : calendar != null || profiles != null ? FeatureSpec.VERSION : 1;
    if (version != 1 && version != FeatureSpec.VERSION) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--feature-spec must be 1 or 2, got " + version);
    }
    if (version == 1 && (calendar != null || profiles != null)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--calendar and --profiles need --feature-spec 2");
    }
    return version;
  }

  /** Whether any option other than --profiles was given (they shape a network's training only). */
  boolean shapesTraining() {
    CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
    return parsed.hasMatchedOption("--calendar") || parsed.hasMatchedOption("--product-field")
        || parsed.hasMatchedOption("--feature-spec");
  }

  /** The profiles file's profiles by user id; empty without --profiles. */
  Map<String, UserProfile> profiles() throws IOException {
    return profiles == null ? Map.of() : UserProfileFileReader.read(profiles);
  }

  /** The sources of feature spec 2, or null for spec 1. */
  DimensionSources sources() throws IOException {
    if (version() != FeatureSpec.VERSION) {
      return null;
    }
    MarketCalendar days = calendar == null ? MarketCalendar.NONE : MarketCalendar.read(calendar);
    return new DimensionSources(profiles(), days, productField);
  }
}
