package io.ltvstream.core.history;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * The one way the project reads an Avro container file of specific records: every record in file
 * order, and a {@link HistoryFormatException} naming the file when it is not a container, is
 * corrupt, or is truncated.
 *
 * <p>Why not a bare {@link DataFileReader} loop: Avro's {@code DataFileStream.hasNext()} takes an
 * end of file inside a data block for the end of the container (its own source notes this is
 * wrong for a truncated file), so a file cut short by an interrupted write or copy would read as
 * complete with fewer records and no error. Every block of a complete container is followed by
 * the file's sync marker, and {@link DataFileReader#previousSync()} is the position right after the
 * last marker read (the end of the header before the first block): when reading stops short of
 * the file's length, the file ends inside a block.
 */
final class AvroContainerFile {
  private AvroContainerFile() {}

  /**
   * Passes each record of {@code file} to {@code each}.
   *
   * @param type the specific record class; older writer schemas resolve to it
   * @param writtenBy what writes such a file, for the message when the file is no container
   * @throws HistoryFormatException when the file is not an Avro container, is corrupt, or is
   *     truncated
   */
  static <T> void read(Path file, Class<T> type, String writtenBy, Consumer<? super T> each)
      throws IOException {
    String source = file.getFileName().toString();
    long records = 0;
    try (DataFileReader<T> in = new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(type))) {
      while (in.hasNext()) {
        each.accept(in.next(null));
        records++;
      }
      long length = Files.size(file);
      if (in.previousSync() != length) {
        throw new HistoryFormatException(source + " is truncated: it ends inside a data block after "
            + records + " records (the last complete block ends at byte " + in.previousSync() + " of "
            + length + "); the file is incomplete");
      }
    } catch (EOFException e) { // only the header read lets one through: hasNext() takes it for the end
      throw new HistoryFormatException(source + " is truncated: it ends inside the Avro header;"
          + " the file is incomplete", e);
    } catch (AvroRuntimeException e) {
      throw new HistoryFormatException(source + " is not a readable Avro container of "
          + type.getSimpleName() + " records after " + records + " records: " + e.getMessage(), e);
    } catch (IOException e) {
      if (records == 0 && e.getMessage() != null && e.getMessage().contains("Not an Avro")) {
        throw new HistoryFormatException(source + " is not an Avro container file (" + writtenBy + ")", e);
      }
      throw e;
    }
  }
}
