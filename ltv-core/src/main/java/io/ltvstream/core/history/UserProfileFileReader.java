package io.ltvstream.core.history;

import io.ltvstream.avro.UserProfile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * Reads the Avro container file of {@link UserProfile} records that {@code ./ltv prepare
 * --profiles} writes: the latest profile of each user (a later record replaces an earlier one, as
 * on the compacted topic).
 */
public final class UserProfileFileReader {
  private UserProfileFileReader() {}

  /**
   * @return profiles by user id, in the order users first appear
   * @throws HistoryFormatException when the file is not an Avro container of UserProfile
   */
  public static Map<String, UserProfile> read(Path file) throws IOException {
    String source = file.getFileName().toString();
    Map<String, UserProfile> profiles = new LinkedHashMap<>();
    try (DataFileReader<UserProfile> in = new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(UserProfile.class))) {
      while (in.hasNext()) {
        UserProfile profile = in.next(null);
        profiles.put(profile.getUserId(), profile);
      }
    } catch (AvroRuntimeException e) {
      throw new HistoryFormatException(source + " is not a readable Avro container of UserProfile records after "
          + profiles.size() + " profiles: " + e.getMessage(), e);
    } catch (IOException e) {
      if (profiles.isEmpty() && e.getMessage() != null && e.getMessage().contains("Not an Avro")) {
        throw new HistoryFormatException(source + " is not an Avro container file (--profiles reads what"
            + " ./ltv prepare --profiles writes)", e);
      }
      throw e;
    }
    return profiles;
  }
}
