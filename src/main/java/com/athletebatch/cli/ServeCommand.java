package com.athletebatch.cli;

import com.athletebatch.web.WebConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code serve}: the dashboard and its JSON API, over the job repository, until Ctrl-C. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the dashboard (runs, steps, progress, skips, history, data) and its JSON API under "
          + "/api until Ctrl-C or SIGTERM. Users: viewer and operator, from "
          + "ATHLETE_BATCH_VIEWER_PASSWORD and ATHLETE_BATCH_OPERATOR_PASSWORD (or "
          + "athlete-batch.viewer.password / athlete-batch.operator.password, {bcrypt} accepted). "
          + "With no user configured it is read-only and listens on 127.0.0.1 only."
    })
public class ServeCommand implements Callable<Integer> {

  @Mixin DatabaseOptions database;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "8080",
      description = "port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      description =
          "address to listen on (default: all interfaces with users configured, else "
              + WebConfiguration.LOOPBACK
              + ", the only one allowed without users)")
  String bind;

  @Override
  public Integer call() throws Exception {
    try (ConfigurableApplicationContext context =
        ApplicationContexts.startWeb(database, Map.of(), serverArgs(port, bind))) {
      JobCommands.seedEmbeddedDefaultIfEmpty(context, database, System.out);
      awaitClose(context);
      return 0;
    }
  }

  static List<String> serverArgs(int port, String bind) {
    List<String> args = new ArrayList<>();
    args.add("--server.port=" + port);
    if (bind != null && !bind.isBlank()) {
      args.add("--server.address=" + bind.strip());
    }
    return args;
  }

  /** Waits until the context closes (the shutdown hook on SIGTERM or Ctrl-C). */
  static void awaitClose(ConfigurableApplicationContext context) throws InterruptedException {
    CountDownLatch closed = new CountDownLatch(1);
    context.addApplicationListener(
        event -> {
          if (event instanceof ContextClosedEvent) {
            closed.countDown();
          }
        });
    if (context.isActive()) {
      closed.await();
    }
  }
}
