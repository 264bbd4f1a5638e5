package com.athletebatch.support;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

/**
 * A real AMQP 0-9-1 broker for the remote-partitioning tests: the one named by {@value #ENV}, else
 * the RabbitMQ at 127.0.0.1:5672 (guest/guest) when it answers, else an Apache Qpid Broker-J
 * started in this JVM (memory store, a free port). Never none: the tests do not skip.
 */
public final class AmqpTestBroker {

  public static final String ENV = "ATHLETE_BATCH_TEST_AMQP_URL";

  /** Forces the in-JVM broker (to test that path on a machine that has RabbitMQ). */
  public static final String FORCE_EMBEDDED = "athlete-batch.test.amqp.embedded";

  private static String url;
  private static String kind;

  private AmqpTestBroker() {}

  public static synchronized String url() {
    if (url == null) {
      String env = System.getenv(ENV);
      if (env != null && !env.isBlank()) {
        url = env;
        kind = ENV;
      } else if (!Boolean.getBoolean(FORCE_EMBEDDED) && answers("127.0.0.1", 5672)) {
        url = "amqp://guest:guest@127.0.0.1:5672/%2F";
        kind = "local RabbitMQ";
      } else {
        url = startQpid();
        kind = "in-JVM Qpid Broker-J";
      }
      System.out.println("AMQP broker for the tests: " + kind);
    }
    return url;
  }

  public static String kind() {
    url();
    return kind;
  }

  /** Deletes a queue the test created. */
  public static void deleteQueue(String queue) {
    CachingConnectionFactory factory = new CachingConnectionFactory(URI.create(url()));
    try {
      new RabbitAdmin(factory).deleteQueue(queue);
    } finally {
      factory.destroy();
    }
  }

  private static boolean answers(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 1_000);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private static String startQpid() {
    try {
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      Path work = Files.createTempDirectory("athlete-batch-qpid");
      Path config = work.resolve("initial-config.json");
      Files.writeString(
          config,
          """
          {
            "name": "athlete-batch-test",
            "modelVersion": "9.0",
            "authenticationproviders": [{
              "name": "plain", "type": "Plain", "secureOnlyMechanisms": [],
              "users": [{"name": "guest", "password": "guest", "type": "managed"}]
            }],
            "ports": [{
              "name": "AMQP", "port": "%d", "authenticationProvider": "plain",
              "protocols": ["AMQP_0_9_1"],
              "virtualhostaliases": [
                {"name": "nameAlias", "type": "nameAlias"},
                {"name": "defaultAlias", "type": "defaultAlias"}
              ]
            }],
            "virtualhostnodes": [{
              "name": "default", "type": "Memory", "defaultVirtualHostNode": "true",
              "virtualHostInitialConfiguration": "{\\"type\\": \\"Memory\\"}"
            }]
          }
          """
              .formatted(port),
          StandardCharsets.UTF_8);
      Map<String, Object> attributes = new HashMap<>();
      attributes.put("type", "Memory");
      attributes.put("initialConfigurationLocation", config.toUri().toString());
      attributes.put("startupLoggedToSystemOut", false);
      attributes.put("qpid.work_dir", work.toString());
      System.setProperty("qpid.work_dir", work.toString());
      new org.apache.qpid.server.SystemLauncher().startup(attributes);
      return "amqp://guest:guest@127.0.0.1:" + port + "/default";
    } catch (Exception e) {
      throw new IllegalStateException(
          "no AMQP broker for the tests: set "
              + ENV
              + ", start RabbitMQ on 127.0.0.1:5672, or fix the in-JVM Qpid broker",
          e);
    }
  }
}
