package com.athletebatch.web;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Prometheus scrape at {@code /metrics} when the schedule service serves the dashboard (its
 * registry exists only there): one process, one port.
 */
@RestController
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class MetricsController {

  private final ObjectProvider<PrometheusMeterRegistry> registry;

  public MetricsController(ObjectProvider<PrometheusMeterRegistry> registry) {
    this.registry = registry;
  }

  @GetMapping(value = "/metrics", produces = "text/plain; version=0.0.4; charset=utf-8")
  public ResponseEntity<String> metrics() {
    PrometheusMeterRegistry prometheus = registry.getIfAvailable();
    if (prometheus == null) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND)
          .body("metrics are served by jobs/athlete-batch schedule --http-port\n");
    }
    return ResponseEntity.ok(prometheus.scrape());
  }
}
