package com.athletebatch.cli;

import com.athletebatch.demo.DemoDataGenerator;
import com.athletebatch.demo.DemoOptions;
import com.athletebatch.demo.DomainSchema;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code demo}: create the upstream-compatible schema when missing and fill it with demo athletes.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Create the domain schema when missing and load reproducible demo data.")
public class DemoCommand implements Callable<Integer> {

  @Mixin DatabaseOptions database;

  @Option(
      names = "--users",
      defaultValue = "50",
      description = "athletes (default: ${DEFAULT-VALUE})")
  int users;

  @Option(
      names = "--workouts",
      defaultValue = "2000",
      description = "workouts (default: ${DEFAULT-VALUE})")
  int workouts;

  @Option(
      names = "--nutrition-days",
      defaultValue = "1000",
      description = "nutrition days (default: ${DEFAULT-VALUE})")
  int nutritionDays;

  @Option(
      names = "--events",
      defaultValue = "5000",
      description = "kura events (default: ${DEFAULT-VALUE})")
  int events;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "random seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Override
  public Integer call() {
    try (ConfigurableApplicationContext context = ApplicationContexts.start(database)) {
      DataSource dataSource = context.getBean(DataSource.class);
      DomainSchema.createIfMissing(dataSource);
      System.out.println(
          new DemoDataGenerator()
              .generate(dataSource, new DemoOptions(users, workouts, nutritionDays, events, seed)));
      return 0;
    }
  }
}
