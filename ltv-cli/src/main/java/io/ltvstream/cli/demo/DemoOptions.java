package io.ltvstream.cli.demo;

import java.nio.file.Path;

/**
 * @param users synthetic shop users
 * @param days days of shop history, ending today
 * @param trainingShare leading share of the days the model is trained on
 * @param seed seed of the shop and the training
 * @param report where the HTML report goes
 * @param top how many top users to print and report
 */
public record DemoOptions(int users, int days, double trainingShare, long seed, Path report, int top) {
  public DemoOptions {
    if (users < 10) {
      throw new IllegalArgumentException("the demo needs at least 10 users, got " + users);
    }
    if (!(trainingShare > 0 && trainingShare < 1)) {
      throw new IllegalArgumentException("the training share is the leading share of the days the model trains on,"
          + " between 0 and 1 (both excluded), got " + trainingShare);
    }
    if (days < 60) {
      throw new IllegalArgumentException("the demo needs at least 60 days of history (to train on its first"
          + " months and stream the rest), got " + days);
    }
  }
}
