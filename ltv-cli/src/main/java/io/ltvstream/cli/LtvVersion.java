package io.ltvstream.cli;

import picocli.CommandLine.IVersionProvider;

/** The version of the running build, from the jar manifest when there is one. */
final class LtvVersion implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Ltv.class.getPackage().getImplementationVersion();
    return new String[] {"ltv-stream " + (version == null ? "(development build)" : version)};
  }
}
