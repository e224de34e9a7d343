package io.ltvstream.core.prepare;

/** Told now and then how far a run has come; the CLI draws it on a terminal. */
@FunctionalInterface
public interface ProgressListener {
  ProgressListener NONE = (bytesRead, totalBytes, records) -> { };

  /** @param totalBytes file size, or -1 when unknown (compressed input) */
  void progress(long bytesRead, long totalBytes, long records);
}
