package io.ltvstream.core.prepare;

import java.io.Closeable;
import java.io.IOException;

/** Streams the records of a file, one at a time; a bad record is returned, never thrown. */
public interface SourceReader extends Closeable {
  /** The next record, or null at the end of the input. */
  SourceLine next() throws IOException;
}
