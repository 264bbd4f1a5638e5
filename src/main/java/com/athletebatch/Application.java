package com.athletebatch;

import com.athletebatch.cli.AthleteBatchCommand;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The Spring Boot application. {@link #main} hands the command line to picocli; each command then
 * starts the application context it needs against the chosen database.
 */
@SpringBootApplication
public class Application {

  public static void main(String[] args) {
    System.exit(AthleteBatchCommand.execute(args));
  }
}
