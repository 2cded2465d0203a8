package io.wirelake.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on a terminal; nothing when output goes to a file or a pipe. */
final class Progress implements AutoCloseable {
  private final ProgressBar bar;

  Progress(String task, long total, String unit) {
    bar = System.console() == null ? null : new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII)
        .setUnit(" " + unit, 1)
        .showSpeed()
        .continuousUpdate()
        .build();
  }

  void update(long done) {
    if (bar != null) {
      bar.stepTo(done);
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
