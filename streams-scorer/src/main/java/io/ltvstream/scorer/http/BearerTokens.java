package io.ltvstream.scorer.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The bearer tokens the HTTP server accepts, each with its roles. Entries are {@code role:token},
 * separated by commas or new lines ({@code #} starts a comment); a token listed under several roles
 * has them all. Only SHA-256 digests of the tokens are kept, and they are compared in constant time.
 */
public final class BearerTokens {
  private record Entry(byte[] digest, Set<Role> roles) {}

  private final List<Entry> entries;

  private BearerTokens(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  public static BearerTokens parse(String spec) {
    List<Entry> entries = new ArrayList<>();
    for (String line : spec.split("[,\\n]")) {
      String entry = line.strip();
      if (entry.isEmpty() || entry.startsWith("#")) {
        continue;
      }
      int colon = entry.indexOf(':');
      if (colon <= 0 || colon == entry.length() - 1) {
        throw new IllegalArgumentException("token entry must be role:token, got an entry of "
            + entry.length() + " characters without one");
      }
      Role role = Role.parse(entry.substring(0, colon));
      add(entries, sha256(entry.substring(colon + 1).strip()), Set.of(role));
    }
    return new BearerTokens(entries);
  }

  public static BearerTokens read(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8));
  }

  /** Both sources' tokens; a token in both has the roles of both. */
  public static BearerTokens combine(BearerTokens a, BearerTokens b) {
    List<Entry> all = new ArrayList<>();
    a.entries.forEach(e -> add(all, e.digest, e.roles));
    b.entries.forEach(e -> add(all, e.digest, e.roles));
    return new BearerTokens(all);
  }

  /** Adds {@code roles} to the token's entry, or a new entry: one entry per token. */
  private static void add(List<Entry> entries, byte[] digest, Set<Role> roles) {
    for (Entry existing : entries) {
      if (MessageDigest.isEqual(existing.digest, digest)) {
        existing.roles.addAll(roles);
        return;
      }
    }
    entries.add(new Entry(digest, EnumSet.copyOf(roles)));
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** The roles of {@code token}, or empty when the token is unknown. */
  public Optional<Set<Role>> rolesOf(String token) {
    byte[] digest = sha256(token);
    Set<Role> found = null;
    for (Entry entry : entries) { // every entry is compared, so the time does not tell which matched
      if (MessageDigest.isEqual(entry.digest, digest)) {
        found = entry.roles;
      }
    }
    return Optional.ofNullable(found).map(Set::copyOf);
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }
}
