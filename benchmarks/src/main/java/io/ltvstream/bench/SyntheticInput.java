package io.ltvstream.bench;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.UserProfile;
import io.ltvstream.core.features.EventFeatures;
import io.ltvstream.core.synthetic.RecordKind;
import io.ltvstream.core.synthetic.ShopConfig;
import io.ltvstream.core.synthetic.ShopRecord;
import io.ltvstream.core.synthetic.SyntheticShop;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Clean synthetic shop events, engineered, in time order, streamed (a million events never sit in
 * memory at once): the input every throughput part shares.
 */
final class SyntheticInput {
  /** The default shop yields about 23 clean events per user-year; 20 leaves a margin. */
  private static final int EVENTS_PER_USER_YEAR = 20;

  private SyntheticInput() {}

  static ShopConfig shopFor(int count, long seed, LocalDate start) {
    return ShopConfig.defaults().withSeed(seed).withDays(365).withStart(start)
        .withUsers(Math.max(100, count / EVENTS_PER_USER_YEAR + 1)).withDirt(0, 0, 0, 0);
  }

  /** The profiles of the users of {@link #events} with the same arguments. */
  static List<UserProfile> profiles(int count, long seed, LocalDate start) {
    return new SyntheticShop(shopFor(count, seed, start)).profiles();
  }

  /** The first {@code count} clean events of a one-year shop starting on {@code start}. */
  static Iterator<EngineeredEvent> events(int count, long seed, LocalDate start) {
    Iterator<ShopRecord> records = new SyntheticShop(shopFor(count, seed, start)).records();
    return new Iterator<>() {
      private int produced;

      @Override
      public boolean hasNext() {
        return produced < count && records.hasNext();
      }

      @Override
      public EngineeredEvent next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        ShopRecord record = records.next();
        while (record.kind() != RecordKind.CLEAN) {
          record = records.next();
        }
        return EventFeatures.engineer(record.event(), "bench", (long) produced++);
      }
    };
  }
}
