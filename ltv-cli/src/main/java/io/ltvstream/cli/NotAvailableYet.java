package io.ltvstream.cli;


/** What a command whose capability is not built yet answers: it never pretends to work. */
final class NotAvailableYet {
  static final int EXIT_CODE = 3;

  private NotAvailableYet() {}

  static int report(String command) {
    System.err.println("ltv " + command + ": not available yet in this build.");
    return EXIT_CODE;
  }
}
