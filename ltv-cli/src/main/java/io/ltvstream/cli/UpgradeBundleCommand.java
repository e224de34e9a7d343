package io.ltvstream.cli;

import io.ltvstream.model.InvalidModelBundleException;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.train.NetworkBundles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "upgrade-bundle", mixinStandardHelpOptions = true,
    description = "Re-export a model bundle of the previous format (" + ModelBundle.LEGACY_FORMAT + ", DL4J"
        + " network only) into the current one, with the weights exported for the DL4J-free scorer."
        + " The network is unchanged; the version changes, since it is derived from the exported weights.")
final class UpgradeBundleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--in", required = true, description = "Bundle of the previous format.")
  Path in;

  @Option(names = "--out", required = true, description = "Bundle file to write.")
  Path out;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      ModelBundle upgraded = NetworkBundles.upgrade(Files.readAllBytes(in), in.toString());
      upgraded.save(out);
      err.printf("upgrade-bundle: wrote %s (format %s, version %s)%n", out, ModelBundle.FORMAT, upgraded.version());
      return 0;
    } catch (InvalidModelBundleException e) {
      err.println("ltv upgrade-bundle: " + FileProblems.describe(e));
      return 1;
    } catch (IOException e) {
      err.println("ltv upgrade-bundle: cannot read " + in + " or write " + out + ": " + FileProblems.describe(e));
      return 1;
    }
  }
}
