package com.athletebatch;

import com.athletebatch.cli.AthleteBatchCommand;

/**
 * The program's entry point: {@link #main} hands the command line to picocli; each command then
 * starts the application context it needs ({@code operations.AthleteBatchApplication}) against the
 * chosen database.
 */
public final class Application {

  private Application() {}

  public static void main(String[] args) {
    System.exit(AthleteBatchCommand.execute(args));
  }
}
