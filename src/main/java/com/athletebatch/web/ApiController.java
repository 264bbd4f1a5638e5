package com.athletebatch.web;

import com.athletebatch.web.ConsoleActions.Outcome;
import com.athletebatch.web.Dashboard.ExecutionDetail;
import com.athletebatch.web.Dashboard.ExecutionSummary;
import java.net.URI;
import java.security.Principal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The JSON API, for scripts: the pages' data and controls. Status codes follow the CLI's exit
 * codes: 404 an unknown execution (exit 4), 409 a state that does not allow the control (exit 5) or
 * a run of the job already going (exit 3), 202 a restart accepted; errors are problem details
 * ({@link ApiExceptionHandler}).
 */
@RestController
@RequestMapping("/api")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ApiController {

  static final int MAX_LIMIT = 1000;

  private final Dashboard dashboard;
  private final ConsoleActions actions;

  public ApiController(Dashboard dashboard, ConsoleActions actions) {
    this.dashboard = dashboard;
    this.actions = actions;
  }

  @GetMapping("/executions")
  public List<ExecutionSummary> executions(
      @RequestParam(required = false) String job,
      @RequestParam(required = false) List<String> status,
      @RequestParam(required = false) LocalDate since,
      @RequestParam(required = false) LocalDate until,
      @RequestParam(defaultValue = "20") int limit) {
    return dashboard.executions(
        new Dashboard.Filter(
            blankToNull(job),
            Filters.statuses(status),
            since,
            until,
            Filters.limit(limit, MAX_LIMIT)));
  }

  @GetMapping("/executions/{id}")
  public ExecutionDetail execution(@PathVariable long id) {
    return dashboard.execution(id);
  }

  public record Skips(
      long executionId,
      List<Map<String, Object>> counts,
      String reason,
      int limit,
      long offset,
      List<Map<String, Object>> rows) {}

  @GetMapping("/executions/{id}/skips")
  public Skips skips(
      @PathVariable long id,
      @RequestParam(required = false) String reason,
      @RequestParam(defaultValue = "100") int limit,
      @RequestParam(defaultValue = "0") long offset) {
    dashboard.execution(id);
    int bounded = Filters.limit(limit, MAX_LIMIT);
    long from = Math.max(0, offset);
    return new Skips(
        id,
        dashboard.skipCounts(id),
        blankToNull(reason),
        bounded,
        from,
        dashboard.skipRows(id, blankToNull(reason), bounded, from));
  }

  @PostMapping("/executions/{id}/stop")
  public Outcome stop(@PathVariable long id, Principal user) {
    return actions.stop(id, user.getName());
  }

  @PostMapping("/executions/{id}/abandon")
  public Outcome abandon(@PathVariable long id, Principal user) {
    return actions.abandon(id, user.getName());
  }

  @PostMapping("/executions/{id}/recover")
  public Outcome recover(@PathVariable long id, Principal user) {
    return actions.recover(id, user.getName());
  }

  @PostMapping("/executions/{id}/restart")
  public ResponseEntity<Outcome> restart(@PathVariable long id, Principal user)
      throws InterruptedException {
    Outcome outcome = actions.restart(id, user.getName());
    return ResponseEntity.accepted()
        .location(URI.create("/api/executions/" + outcome.executionId()))
        .body(outcome);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
