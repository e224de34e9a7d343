package io.ltvstream.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * What went wrong with a file, for a command's error line: the file and the reason. The JDK's file
 * exceptions carry only the path as their message ({@code NoSuchFileException: x.txt}) or only
 * the reason ({@code Is a directory}), which alone tell the user neither what nor why.
 */
final class FileProblems {
  private FileProblems() {}

  /** The file and the reason of a file-system failure; any other exception's own message. */
  static String describe(Exception e) {
    if (e instanceof NoSuchFileException missing) {
      return "no such file: " + missing.getFile();
    }
    if (e instanceof AccessDeniedException denied) {
      return "permission denied: " + denied.getFile();
    }
    if (e instanceof FileSystemException fs) {
      return fs.getFile() + (fs.getOtherFile() != null ? " -> " + fs.getOtherFile() : "") + ": "
          + (fs.getReason() != null ? fs.getReason() : fs.getClass().getSimpleName());
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
