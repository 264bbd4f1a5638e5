package com.athletebatch.schedule;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;

/**
 * The Prometheus scrape endpoint of the schedule service: the Prometheus client's own HTTP exporter
 * (JDK HTTP server, daemon threads) serving the registry that Micrometer's {@code
 * PrometheusMeterRegistry} writes to, at {@code /metrics}.
 */
public final class MetricsEndpoint implements AutoCloseable {

  public static final int DEFAULT_PORT = 9464;

  private final HTTPServer server;

  private MetricsEndpoint(HTTPServer server) {
    this.server = server;
  }

  /**
   * @param port the port to listen on, all interfaces; 0 picks a free one
   */
  public static MetricsEndpoint start(PrometheusRegistry registry, int port) throws IOException {
    return new MetricsEndpoint(HTTPServer.builder().port(port).registry(registry).buildAndStart());
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.close();
  }
}
