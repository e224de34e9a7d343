package io.ltvstream.core.history;

import io.ltvstream.avro.UserProfile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the Avro container file of {@link UserProfile} records that {@code ./ltv prepare
 * --profiles} writes: the latest profile of each user (a later record replaces an earlier one, as
 * on the compacted topic).
 */
public final class UserProfileFileReader {
  private UserProfileFileReader() {}

  /**
   * @return profiles by user id, in the order users first appear
   * @throws HistoryFormatException when the file is not an Avro container of UserProfile, or is
   *     truncated
   */
  public static Map<String, UserProfile> read(Path file) throws IOException {
    Map<String, UserProfile> profiles = new LinkedHashMap<>();
    AvroContainerFile.read(file, UserProfile.class,
        "--profiles reads what ./ltv prepare --profiles writes",
        profile -> profiles.put(profile.getUserId(), profile));
    return profiles;
  }
}
