/** The {@code ltv} command line: one picocli subcommand class per verb of ARCHITECTURE.md. */
package io.ltvstream.cli;
