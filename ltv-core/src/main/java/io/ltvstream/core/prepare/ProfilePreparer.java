package io.ltvstream.core.prepare;

import io.ltvstream.avro.UserProfile;
import io.ltvstream.core.cleaning.ProfileCleaner;
import io.ltvstream.core.mapping.FieldMapping;
import io.ltvstream.core.mapping.SourceFormat;
import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * {@code ./ltv prepare --profiles}: the {@code CleanUserProfiles} logic on a file. Every record of
 * the input is valid (written to an Avro container of {@link UserProfile}) or invalid (counted by
 * reason and, with a rejects file, written there with its line). A user's later profile replaces an
 * earlier one downstream (as on the compacted topic), so nothing is a duplicate here.
 */
public final class ProfilePreparer {
  private final ProfileCleaner cleaner;
  private final SourceFormat format;
  private final char csvDelimiter;
  private final boolean csvHeader;

  private ProfilePreparer(ProfileCleaner cleaner, SourceFormat format, char csvDelimiter, boolean csvHeader) {
    this.cleaner = cleaner;
    this.format = format;
    this.csvDelimiter = csvDelimiter;
    this.csvHeader = csvHeader;
  }

  /**
   * From the settings of a profile mapping file: {@link ProfileCleaner}'s keys, {@code
   * pseudonymize.key}, and {@code format}, {@code csv.delimiter}, {@code csv.header} as for events.
   */
  public static ProfilePreparer of(Map<String, String> settings) {
    String formatText = settings.get(FieldMapping.FORMAT);
    String delimiter = settings.get(FieldMapping.CSV_DELIMITER);
    String header = settings.get(FieldMapping.CSV_HEADER);
    return new ProfilePreparer(ProfileCleaner.of(settings),
        formatText == null || formatText.isBlank() ? null : SourceFormat.parse(formatText),
        delimiter == null || delimiter.isEmpty() ? ',' : "\\t".equals(delimiter) ? '\t' : delimiter.charAt(0),
        header == null || header.isBlank() || Boolean.parseBoolean(header.strip()));
  }

  /** Prepares {@code input} into {@code out}; {@code rejects} (JSON lines) may be null. */
  public PrepareSummary run(Path input, Path out, Path rejects) throws IOException {
    PrepareSummary summary = new PrepareSummary(input.toString());
    if (!Files.isRegularFile(input)) {
      throw new UnreadableInputException("cannot read " + input + ": not a file", null);
    }
    try (InputStream raw = PreparePipeline.open(input);
         SourceReader reader = switch (SourceFormat.of(input, format, "profile mapping")) {
           case csv -> new CsvSourceReader(new BufferedInputStream(raw), csvDelimiter, csvHeader,
               PreparePipeline.MAX_RECORD_BYTES);
           case jsonl -> new JsonLinesSourceReader(new BufferedInputStream(raw), PreparePipeline.MAX_RECORD_BYTES, false);
         };
         DataFileWriter<UserProfile> profiles = new DataFileWriter<>(new SpecificDatumWriter<>(UserProfile.class))
             .setCodec(CodecFactory.deflateCodec(1));
         Writer rejected = rejects == null ? Writer.nullWriter()
             : new BufferedWriter(Files.newBufferedWriter(rejects, StandardCharsets.UTF_8))) {
      profiles.create(UserProfile.getClassSchema(), Files.newOutputStream(out));
      for (SourceLine line; (line = reader.next()) != null; ) {
        if (line.isMalformed()) {
          PreparePipeline.reject(rejected, summary, line, line.malformed());
          continue;
        }
        ProfileCleaner.Result result = cleaner.clean(line.record());
        if (result instanceof ProfileCleaner.Invalid invalid) {
          PreparePipeline.reject(rejected, summary, line, invalid.rejection());
        } else {
          profiles.append(((ProfileCleaner.Valid) result).profile());
          summary.countValid();
        }
      }
    }
    return summary;
  }
}
