package com.athletebatch.web;

import com.athletebatch.operations.JobCatalog;
import com.athletebatch.operations.JobControl.RefusedException;
import com.athletebatch.operations.MonitoringQueries;
import com.athletebatch.scoring.ScoreTable;
import com.athletebatch.web.Dashboard.ExecutionSummary;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The server-rendered pages. Parts that change (a running execution, the runs list while one runs)
 * are refreshed by htmx from the same templates' fragments; the controls post forms (CSRF token
 * included) and answer an htmx request with the refreshed fragment, a plain one with a redirect.
 */
@Controller
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class PageController {

  static final int SKIPS_PAGE = 50;
  static final String SCHEDULE_CRON = "athlete-batch.web.schedule.cron";
  static final String SCHEDULE_ZONE = "athlete-batch.web.schedule.zone";

  private final Dashboard dashboard;
  private final ConsoleActions actions;
  private final DashboardQueries data;
  private final MonitoringQueries monitoring;
  private final Environment environment;

  public PageController(
      Dashboard dashboard,
      ConsoleActions actions,
      DashboardQueries data,
      MonitoringQueries monitoring,
      Environment environment) {
    this.dashboard = dashboard;
    this.actions = actions;
    this.data = data;
    this.monitoring = monitoring;
    this.environment = environment;
  }

  @GetMapping("/")
  String home() {
    return "redirect:/runs";
  }

  @GetMapping("/login")
  String login() {
    return "login";
  }

  @GetMapping("/runs")
  String runs(
      @RequestParam(required = false) String job,
      @RequestParam(required = false) List<String> status,
      @RequestParam(required = false) LocalDate since,
      @RequestParam(required = false) LocalDate until,
      @RequestParam(defaultValue = "50") int limit,
      @RequestHeader(name = "HX-Request", required = false) String htmx,
      jakarta.servlet.http.HttpServletRequest request,
      Model model) {
    List<String> statuses = Filters.statuses(status);
    model.addAttribute(
        "refreshUrl",
        "/runs" + (request.getQueryString() == null ? "" : "?" + request.getQueryString()));
    List<ExecutionSummary> executions =
        dashboard.executions(
            new Dashboard.Filter(
                job == null || job.isBlank() ? null : job,
                statuses,
                since,
                until,
                Filters.limit(limit, ApiController.MAX_LIMIT)));
    model.addAttribute("executions", executions);
    model.addAttribute("anyRunning", executions.stream().anyMatch(ExecutionSummary::running));
    model.addAttribute("job", job == null ? "" : job);
    model.addAttribute("status", statuses.isEmpty() ? "" : statuses.get(0));
    model.addAttribute("since", since);
    model.addAttribute("until", until);
    model.addAttribute("limit", limit);
    model.addAttribute("statuses", STATUSES);
    return htmx != null ? "runs :: table" : "runs";
  }

  static final List<String> STATUSES =
      java.util.Arrays.stream(org.springframework.batch.core.BatchStatus.values())
          .map(Enum::name)
          .toList();

  /** The capability output statuses, as the projections' JSON writes them. */
  static final List<String> PROJECTION_STATUSES =
      java.util.Arrays.stream(com.athletebatch.capability.estimators.Status.values())
          .map(com.athletebatch.capability.estimators.Status::json)
          .toList();

  @GetMapping("/runs/{id}")
  String run(
      @PathVariable long id,
      @RequestParam(required = false) Long restartedFrom,
      @RequestHeader(name = "HX-Request", required = false) String htmx,
      Model model) {
    model.addAttribute("run", dashboard.execution(id));
    if (restartedFrom != null && !model.containsAttribute("message")) {
      model.addAttribute(
          "message",
          "Restarted execution "
              + restartedFrom
              + " as execution "
              + id
              + ", in this server process.");
    }
    return htmx != null ? "run :: live" : "run";
  }

  @PostMapping("/runs/{id}/{action:stop|restart|abandon|recover}")
  String act(
      @PathVariable long id,
      @PathVariable String action,
      @RequestHeader(name = "HX-Request", required = false) String htmx,
      Principal user,
      Model model,
      HttpServletResponse response,
      RedirectAttributes redirect)
      throws InterruptedException {
    String message;
    String error = null;
    long show = id;
    try {
      ConsoleActions.Outcome outcome =
          switch (action) {
            case "stop" -> actions.stop(id, user.getName());
            case "abandon" -> actions.abandon(id, user.getName());
            case "recover" -> actions.recover(id, user.getName());
            default -> actions.restart(id, user.getName());
          };
      message = outcome.message();
      show = outcome.executionId();
    } catch (RefusedException e) {
      message = null;
      error = e.getMessage();
    }
    if (htmx != null && show != id) {
      // The restart's new execution: the browser goes to its page, which follows its progress.
      response.setHeader("HX-Redirect", "/runs/" + show + "?restartedFrom=" + id);
      return null;
    }
    if (htmx == null) {
      redirect.addFlashAttribute("message", message);
      redirect.addFlashAttribute("error", error);
      return "redirect:/runs/" + show;
    }
    model.addAttribute("message", message);
    model.addAttribute("error", error);
    model.addAttribute("run", dashboard.execution(id));
    return "run :: live";
  }

  @GetMapping("/runs/{id}/skips")
  String skips(
      @PathVariable long id,
      @RequestParam(required = false) String reason,
      @RequestParam(defaultValue = "0") int page,
      Model model) {
    model.addAttribute("run", dashboard.execution(id));
    String r = reason == null || reason.isBlank() ? null : reason;
    int p = Math.max(0, page);
    List<Map<String, Object>> rows =
        dashboard.skipRows(id, r, SKIPS_PAGE + 1, (long) p * SKIPS_PAGE);
    model.addAttribute("counts", dashboard.skipCounts(id));
    model.addAttribute("rows", rows.subList(0, Math.min(SKIPS_PAGE, rows.size())));
    model.addAttribute("hasNext", rows.size() > SKIPS_PAGE);
    model.addAttribute("page", p);
    model.addAttribute("reason", r == null ? "" : r);
    return "skips";
  }

  @GetMapping("/runs/{id}/skips.csv")
  void skipsCsv(
      @PathVariable long id,
      @RequestParam(required = false) String reason,
      HttpServletResponse response)
      throws IOException {
    dashboard.execution(id);
    response.setContentType("text/csv;charset=UTF-8");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setHeader("Content-Disposition", "attachment; filename=\"skips-" + id + ".csv\"");
    PrintWriter out = response.getWriter();
    out.println("step,table,row_id,reason_code,reason");
    String r = reason == null || reason.isBlank() ? null : reason;
    int batch = 5000;
    for (long offset = 0; ; offset += batch) {
      List<Map<String, Object>> rows = dashboard.skipRows(id, r, batch, offset);
      for (Map<String, Object> row : rows) {
        out.println(
            String.join(
                ",",
                Csv.field(row.get("step_name")),
                Csv.field(row.get("table_name")),
                Csv.field(row.get("item_id")),
                Csv.field(row.get("reason_code")),
                Csv.field(row.get("reason"))));
      }
      if (rows.size() < batch) {
        break;
      }
    }
  }

  @GetMapping("/history")
  String history(@RequestParam(required = false) String job, Model model) {
    String name = job == null || job.isBlank() ? JobCatalog.JOBS.get(0) : job;
    List<Dashboard.HistoryPoint> points = dashboard.history(name, 30);
    model.addAttribute("job", name);
    model.addAttribute("points", points);
    model.addAttribute("durationChart", SvgChart.bars(points, "duration (s)", true));
    model.addAttribute("rateChart", SvgChart.bars(points, "items/s", false));
    return "history";
  }

  @GetMapping("/data")
  String data(Model model) {
    List<Object> scores = new ArrayList<>();
    Map<String, String> unavailable = new LinkedHashMap<>();
    for (ScoreTable table : ScoreTable.values()) {
      try {
        scores.add(data.scores(table));
      } catch (DataAccessException e) {
        unavailable.put(table.quotedName(), rootMessage(e));
      }
    }
    model.addAttribute("scores", scores);
    model.addAttribute(
        "coverage",
        section(() -> first(monitoring.run(MonitoringQueries.CAPABILITY_COVERAGE, Map.of()))));
    model.addAttribute(
        "lag", section(() -> first(monitoring.run(MonitoringQueries.CAPABILITY_LAG, Map.of()))));
    model.addAttribute("projections", section(data::projectionStatuses));
    model.addAttribute("projectionStatuses", PROJECTION_STATUSES);
    model.addAttribute("unavailable", unavailable);
    return "data";
  }

  @GetMapping("/schedule")
  String schedule(Model model) {
    String cron = environment.getProperty(SCHEDULE_CRON);
    model.addAttribute("scheduled", cron != null);
    if (cron != null) {
      String zoneName = environment.getProperty(SCHEDULE_ZONE);
      ZoneId zone = zoneName == null ? ZoneId.systemDefault() : ZoneId.of(zoneName);
      model.addAttribute("cron", cron);
      model.addAttribute("zone", zone);
      model.addAttribute("next", CronExpression.parse(cron).next(ZonedDateTime.now(zone)));
    }
    List<ExecutionSummary> nights = new ArrayList<>();
    for (ExecutionSummary e :
        dashboard.executions(new Dashboard.Filter(null, List.of(), null, null, 60))) {
      if (e.parameters() != null && e.parameters().contains("nightly.date=")) {
        nights.add(e);
      }
    }
    model.addAttribute("nights", nights);
    return "schedule";
  }

  /** A section of the data page: its value, or why it is not available on this database. */
  public record Section(Object value, String unavailable) {}

  private static Section section(java.util.function.Supplier<Object> read) {
    try {
      return new Section(read.get(), null);
    } catch (DataAccessException e) {
      return new Section(null, rootMessage(e));
    }
  }

  private static Object first(List<Map<String, Object>> rows) {
    return rows.isEmpty() ? Map.of() : rows.get(0);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return m.lines().findFirst().orElse(m);
  }

  @ExceptionHandler(RefusedException.class)
  @ResponseStatus(org.springframework.http.HttpStatus.NOT_FOUND)
  String notFound(RefusedException e, Model model) {
    model.addAttribute("error", e.getMessage());
    return "notfound";
  }

  @ExceptionHandler(IllegalArgumentException.class)
  @ResponseStatus(org.springframework.http.HttpStatus.BAD_REQUEST)
  String badRequest(IllegalArgumentException e, Model model) {
    model.addAttribute("error", e.getMessage());
    return "notfound";
  }
}
