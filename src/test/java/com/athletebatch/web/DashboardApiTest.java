package com.athletebatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.athletebatch.demo.DemoDataGenerator;
import com.athletebatch.demo.DemoOptions;
import com.athletebatch.demo.DomainSchema;
import com.athletebatch.step.SkipLog;
import com.athletebatch.support.Cli;
import com.athletebatch.support.EligibleWorkouts;
import com.athletebatch.support.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.batch.core.BatchStatus;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON API and the pages' controls through the real security configuration (MockMvc on the
 * serve command's context, H2): every route with each role, wrong and missing credentials, CSRF,
 * and the status codes the CLI's exit codes map to (404, 409, 202), as problem details.
 */
class DashboardApiTest {

  private static final String VIEWER_PW = "viewer-secret-1";
  private static final String OPERATOR_PW = "operator-secret-2";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static TestDatabase db;
  private static ConfigurableApplicationContext context;
  private static MockMvc mvc;
  private static long failed;
  private static String poison;

  @BeforeAll
  static void start() {
    db = TestDatabase.h2();
    DomainSchema.createIfMissing(db.dataSource());
    new DemoDataGenerator().generate(db.dataSource(), new DemoOptions(4, 120, 30, 0, 7));
    JdbcTemplate jdbc = db.jdbc();
    // A real run that fails midway: from the 40th eligible workout on, every write fails.
    poison = EligibleWorkouts.ids(jdbc).get(40);
    jdbc.update("UPDATE \"Workout\" SET \"aiAnalysisJson\" = NULL WHERE id = ?", poison);
    jdbc.execute(
        "ALTER TABLE \"Workout\" ADD CONSTRAINT poison CHECK (id <> '"
            + poison
            + "' OR \"aiAnalysisJson\" IS NULL)");
    Cli.Result run =
        Cli.run("run", "scoreBackfill", "--database-url", db.jdbcUrl(), "--chunk-size", "10");
    assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
    failed =
        jdbc.queryForObject(
            "SELECT max(JOB_EXECUTION_ID) FROM batch.BATCH_JOB_EXECUTION", Long.class);
    // Whether the run's own skips were committed before it failed depends on timing: add some.
    new SkipLog(jdbc, "batch.ATHLETE_SKIP_LOG")
        .record(
            failed,
            "scoreWorkouts",
            List.of(
                new SkipLog.Entry("Workout", "w-1", "invalid_data", "\"averageHr\" is 300"),
                new SkipLog.Entry("Workout", "w-2", "invalid_data", "\"averageHr\" is 310"),
                new SkipLog.Entry("Workout", "w-3", "unknown_user", "no \"User\" row u-9"),
                new SkipLog.Entry("Workout", "w-4", "invalid_data", "=1+1, a formula")));
    // The operator's password hashed, as a configuration file would hold it.
    context =
        WebTestSupport.serve(
            db.jdbcUrl(),
            Map.of(
                WebUsers.VIEWER_PASSWORD,
                VIEWER_PW,
                WebUsers.OPERATOR_PASSWORD,
                "{bcrypt}" + new BCryptPasswordEncoder().encode(OPERATOR_PW)));
    mvc =
        MockMvcBuilders.webAppContextSetup((WebApplicationContext) context)
            .apply(springSecurity())
            .build();
  }

  @AfterAll
  static void stop() {
    if (context != null) {
      context.close();
    }
    db.close();
  }

  private static RequestPostProcessor viewer() {
    return httpBasic(WebUsers.VIEWER, VIEWER_PW);
  }

  private static RequestPostProcessor operator() {
    return httpBasic(WebUsers.OPERATOR, OPERATOR_PW);
  }

  private static RequestPostProcessor from(String address) {
    return (MockHttpServletRequest request) -> {
      request.setRemoteAddr(address);
      return request;
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/executions", "/api/executions/{id}", "/api/executions/{id}/skips"})
  void everyReadRouteNeedsAViewerOrOperator(String route) throws Exception {
    String uri = route.replace("{id}", String.valueOf(failed));
    mvc.perform(get(uri))
        .andExpect(status().isUnauthorized())
        .andExpect(header().string("WWW-Authenticate", "Basic realm=\"athlete-batch\""))
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    mvc.perform(
            get(uri).with(httpBasic(WebUsers.VIEWER, "not-the-password-7")).with(from("10.1.0.1")))
        .andExpect(status().isUnauthorized())
        .andExpect(jsonPath("$.status").value(401))
        .andExpect(
            jsonPath("$.detail")
                .value(
                    org.hamcrest.Matchers.not(
                        org.hamcrest.Matchers.containsString("not-the-password-7"))));
    mvc.perform(get(uri).with(viewer())).andExpect(status().isOk());
    mvc.perform(get(uri).with(operator())).andExpect(status().isOk());
    // No session for scripts.
    MvcResult result = mvc.perform(get(uri).with(viewer())).andReturn();
    assertThat(result.getResponse().getHeader("Set-Cookie")).isNull();
  }

  @Test
  void readRoutesReturnTheRunsStepsAndSkips() throws Exception {
    JsonNode list =
        json(
            mvc.perform(
                get("/api/executions?job=scoreBackfill&status=FAILED&limit=100").with(viewer())));
    List<Long> ids = new java.util.ArrayList<>();
    list.forEach(
        e -> {
          assertThat(e.path("status").asString()).isEqualTo("FAILED");
          ids.add(e.path("id").asLong());
        });
    assertThat(ids).contains(failed);
    JsonNode one = json(mvc.perform(get("/api/executions/" + failed).with(viewer())));
    assertThat(one.path("job").asString()).isEqualTo("scoreBackfill");
    assertThat(one.path("steps").size()).isGreaterThanOrEqualTo(2);
    JsonNode workouts = null;
    for (JsonNode step : one.path("steps")) {
      if (step.path("name").asString().equals("scoreWorkouts")) {
        workouts = step;
      }
    }
    assertThat(workouts).isNotNull();
    assertThat(workouts.path("status").asString()).isEqualTo("FAILED");
    // The total counted when the step started; the run failed before reaching it.
    assertThat(workouts.path("total").asLong()).isGreaterThan(workouts.path("read").asLong());
    assertThat(workouts.path("read").asLong()).isPositive();
    assertThat(one.path("exitMessage").asString()).isNotBlank();
    assertThat(one.path("outcome").path("scored").asLong()).isPositive();
    assertThat(actions(one)).containsEntry("stop", false).containsEntry("recover", false);
    JsonNode skips =
        json(mvc.perform(get("/api/executions/" + failed + "/skips?limit=3").with(viewer())));
    assertThat(skips.path("counts").size()).isPositive();
    assertThat(skips.path("rows").size()).isBetween(1, 3);
    String reason = skips.path("rows").get(0).path("reason_code").asString();
    JsonNode filtered =
        json(
            mvc.perform(
                get("/api/executions/" + failed + "/skips?reason=" + reason + "&offset=0")
                    .with(viewer())));
    for (JsonNode row : filtered.path("rows")) {
      assertThat(row.path("reason_code").asString()).isEqualTo(reason);
    }
    mvc.perform(get("/api/executions?status=NOPE").with(viewer()))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
  }

  @Test
  void unknownExecutionsAre404ForEveryRoute() throws Exception {
    for (String route : List.of("", "/skips")) {
      mvc.perform(get("/api/executions/987654" + route).with(viewer()))
          .andExpect(status().isNotFound())
          .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
          .andExpect(
              jsonPath("$.detail")
                  .value(org.hamcrest.Matchers.startsWith("no such execution: 987654")));
    }
    for (String action : List.of("stop", "restart", "abandon", "recover")) {
      mvc.perform(post("/api/executions/987654/" + action).with(operator()))
          .andExpect(status().isNotFound())
          .andExpect(jsonPath("$.refusal").value("NOT_FOUND"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"stop", "restart", "abandon", "recover"})
  void everyControlNeedsTheOperator(String action) throws Exception {
    long id = WebTestSupport.recorded(context, BatchStatus.FAILED);
    String uri = "/api/executions/" + id + "/" + action;
    mvc.perform(post(uri)).andExpect(status().isUnauthorized());
    mvc.perform(post(uri).with(httpBasic(WebUsers.OPERATOR, VIEWER_PW)).with(from("10.1.0.2")))
        .andExpect(status().isUnauthorized());
    mvc.perform(post(uri).with(viewer()))
        .andExpect(status().isForbidden())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.detail").value("this needs the operator role"));
    assertThat(executionStatus(id)).isEqualTo("FAILED");
  }

  @Test
  void controlsFollowTheCliRules() throws Exception {
    JdbcTemplate jdbc = db.jdbc();
    // stop: a run going in a JVM elsewhere (fresh heartbeat) is asked to stop; again: 409.
    long running = WebTestSupport.recorded(context, BatchStatus.STARTED);
    WebTestSupport.heartbeat(jdbc, running, "another-host.example", 4242);
    mvc.perform(post("/api/executions/" + running + "/recover").with(operator()))
        .andExpect(status().isConflict())
        .andExpect(
            jsonPath("$.detail")
                .value(org.hamcrest.Matchers.containsString("may still be running")));
    mvc.perform(post("/api/executions/" + running + "/stop").with(operator()))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("STOPPING"));
    // No JVM runs this recorded execution, so Spring Batch may end it STOPPED at once.
    assertThat(executionStatus(running)).isIn("STOPPING", "STOPPED");
    mvc.perform(post("/api/executions/" + running + "/stop").with(operator()))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.refusal").value("NOT_ALLOWED"));
    long going = WebTestSupport.recorded(context, BatchStatus.STARTED);
    WebTestSupport.heartbeat(jdbc, going, "another-host.example", 4243);
    mvc.perform(post("/api/executions/" + going + "/abandon").with(operator()))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.refusal").value("RUNNING"));
    mvc.perform(post("/api/executions/" + going + "/restart").with(operator()))
        .andExpect(status().isConflict());

    // recover: a run left STARTED by a process of this host that is gone.
    long crashed = WebTestSupport.recorded(context, BatchStatus.STARTED);
    WebTestSupport.heartbeat(jdbc, crashed, WebTestSupport.localHost(), WebTestSupport.deadPid());
    assertThat(actions(json(mvc.perform(get("/api/executions/" + crashed).with(viewer())))))
        .containsEntry("recover", true)
        .containsEntry("stop", false);
    mvc.perform(post("/api/executions/" + crashed + "/recover").with(operator()))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("FAILED"));
    assertThat(executionStatus(crashed)).isEqualTo("FAILED");

    // abandon: FAILED → ABANDONED, then nothing more.
    mvc.perform(post("/api/executions/" + crashed + "/abandon").with(operator()))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("ABANDONED"));
    mvc.perform(post("/api/executions/" + crashed + "/abandon").with(operator()))
        .andExpect(status().isConflict());
    mvc.perform(post("/api/executions/" + crashed + "/restart").with(operator()))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("abandoned")));

    // restart: the failed real run, its fault removed, restarts in this process: 202, then it
    // completes; restarting the superseded execution again is refused.
    assertThat(actions(json(mvc.perform(get("/api/executions/" + failed).with(viewer())))))
        .containsEntry("restart", true)
        .containsEntry("abandon", true);
    jdbc.execute("ALTER TABLE \"Workout\" DROP CONSTRAINT poison");
    // While another run of the job is going, nothing starts (the CLI's exit 3).
    mvc.perform(post("/api/executions/" + failed + "/restart").with(operator()))
        .andExpect(status().isConflict())
        .andExpect(
            jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("already running")));
    jdbc.update(
        "UPDATE batch.BATCH_JOB_EXECUTION SET STATUS = 'STOPPED', END_TIME = LOCALTIMESTAMP"
            + " WHERE STATUS IN ('STARTED', 'STOPPING')");
    MvcResult accepted =
        mvc.perform(post("/api/executions/" + failed + "/restart").with(operator()))
            .andExpect(status().isAccepted())
            .andReturn();
    long restarted =
        JSON.readTree(accepted.getResponse().getContentAsString()).path("executionId").asLong();
    assertThat(restarted).isGreaterThan(failed);
    assertThat(accepted.getResponse().getHeader("Location"))
        .isEqualTo("/api/executions/" + restarted);
    awaitStatus(restarted, "COMPLETED");
    mvc.perform(post("/api/executions/" + failed + "/restart").with(operator()))
        .andExpect(status().isConflict())
        .andExpect(
            jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("already restarted")));
    for (String action : List.of("stop", "restart", "abandon", "recover")) {
      mvc.perform(post("/api/executions/" + restarted + "/" + action).with(operator()))
          .andExpect(status().isConflict())
          .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }
  }

  @Test
  void browserFormsNeedASessionAndACsrfToken() throws Exception {
    mvc.perform(get("/runs"))
        .andExpect(status().is3xxRedirection())
        .andExpect(redirectedUrl("/login"));
    mvc.perform(get("/login"))
        .andExpect(status().isOk())
        .andExpect(header().string("Content-Security-Policy", SecurityConfiguration.CSP))
        .andExpect(header().string("X-Frame-Options", "DENY"));
    // Form login: without the CSRF token refused; with it, signed in.
    mvc.perform(post("/login").param("username", "operator").param("password", OPERATOR_PW))
        .andExpect(status().isForbidden());
    mvc.perform(
            post("/login")
                .param("username", "operator")
                .param("password", OPERATOR_PW)
                .with(csrf()))
        .andExpect(status().is3xxRedirection())
        .andExpect(redirectedUrl("/"));
    mvc.perform(
            post("/login")
                .param("username", "operator")
                .param("password", "nope")
                .with(csrf())
                .with(from("10.1.0.3")))
        .andExpect(redirectedUrl("/login?error"));

    long id = WebTestSupport.recorded(context, BatchStatus.FAILED);
    String page =
        mvc.perform(get("/runs/" + id).with(user("viewer").roles("VIEWER")))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(page).contains("FAILED").contains("jobs/athlete-batch restart " + id);
    assertThat(page)
        .doesNotContain("id=\"action-restart\"")
        .doesNotContain("<script>")
        .doesNotContain(" onclick");
    String operatorPage =
        mvc.perform(get("/runs/" + id).with(user("operator").roles("VIEWER", "OPERATOR")))
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(operatorPage)
        .contains("id=\"action-restart\"")
        .contains("id=\"action-abandon\"")
        .contains("name=\"_csrf\"");

    // A control without the token, with a viewer, then done right (as a form and as htmx).
    mvc.perform(post("/runs/" + id + "/abandon").with(user("operator").roles("VIEWER", "OPERATOR")))
        .andExpect(status().isForbidden());
    mvc.perform(post("/runs/" + id + "/abandon").with(user("viewer").roles("VIEWER")).with(csrf()))
        .andExpect(status().isForbidden());
    mvc.perform(
            post("/runs/" + id + "/abandon")
                .header("HX-Request", "true")
                .with(user("operator").roles("VIEWER", "OPERATOR"))
                .with(csrf().asHeader()))
        .andExpect(status().isOk())
        .andExpect(content().string(org.hamcrest.Matchers.containsString("is ABANDONED")));
    assertThat(executionStatus(id)).isEqualTo("ABANDONED");
    long other = WebTestSupport.recorded(context, BatchStatus.STOPPED);
    mvc.perform(
            post("/runs/" + other + "/abandon")
                .with(user("operator").roles("VIEWER", "OPERATOR"))
                .with(csrf()))
        .andExpect(status().is3xxRedirection())
        .andExpect(redirectedUrl("/runs/" + other));
    assertThat(executionStatus(other)).isEqualTo("ABANDONED");
    // Every page renders.
    for (String path :
        List.of(
            "/runs",
            "/runs?job=scoreBackfill&status=FAILED&since=2020-01-01",
            "/runs/" + failed + "/skips",
            "/runs/" + failed + "/skips.csv",
            "/history",
            "/history?job=capabilityEstimation",
            "/data",
            "/schedule")) {
      mvc.perform(get(path).with(user("viewer").roles("VIEWER"))).andExpect(status().isOk());
    }
    String csv =
        mvc.perform(
                get("/runs/" + failed + "/skips.csv?reason=invalid_data")
                    .with(user("viewer").roles("VIEWER")))
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(csv)
        .startsWith("step,table,row_id,reason_code,reason")
        .contains("scoreWorkouts,Workout,w-1,invalid_data,\"\"\"averageHr\"\" is 300\"")
        .contains("\"'=1+1, a formula\"")
        .doesNotContain("unknown_user");
    mvc.perform(get("/runs/987654").with(user("viewer").roles("VIEWER")))
        .andExpect(status().isNotFound());
  }

  @Test
  void repeatedFailedLoginsFromOneAddressAreRefusedForAWhile() throws Exception {
    for (int i = 0; i < 5; i++) {
      mvc.perform(
              get("/api/executions")
                  .with(httpBasic("operator", "guess" + i))
                  .with(from("10.9.9.9")))
          .andExpect(status().isUnauthorized());
    }
    // Even the right password is refused from that address now; other addresses are not.
    mvc.perform(get("/api/executions").with(operator()).with(from("10.9.9.9")))
        .andExpect(status().isTooManyRequests())
        .andExpect(header().exists("Retry-After"));
    mvc.perform(get("/api/executions").with(operator()).with(from("10.9.9.10")))
        .andExpect(status().isOk());
  }

  @Test
  void withoutUsersItIsReadOnlyAndLocalOnly() throws Exception {
    try (ConfigurableApplicationContext open = WebTestSupport.serve(db.jdbcUrl(), Map.of())) {
      MockMvc anonymous =
          MockMvcBuilders.webAppContextSetup((WebApplicationContext) open)
              .apply(springSecurity())
              .build();
      anonymous.perform(get("/api/executions")).andExpect(status().isOk());
      anonymous
          .perform(post("/api/executions/" + failed + "/restart"))
          .andExpect(status().isForbidden())
          .andExpect(jsonPath("$.detail").value(SecurityConfiguration.READ_ONLY));
      String page =
          anonymous
              .perform(get("/runs"))
              .andExpect(status().isOk())
              .andReturn()
              .getResponse()
              .getContentAsString();
      assertThat(page).contains("id=\"read-only-banner\"");
      anonymous
          .perform(post("/runs/" + failed + "/restart").with(csrf()))
          .andExpect(status().isForbidden());
      // Bound to the loopback address only.
      org.springframework.boot.tomcat.TomcatWebServer server =
          (org.springframework.boot.tomcat.TomcatWebServer)
              ((org.springframework.boot.web.server.context.WebServerApplicationContext) open)
                  .getWebServer();
      Object address = server.getTomcat().getConnector().getProperty("address");
      assertThat(address).isInstanceOf(java.net.InetAddress.class);
      assertThat(((java.net.InetAddress) address).isLoopbackAddress()).isTrue();
    }
    assertThatThrownBy(
            () ->
                WebTestSupport.serve(
                    db.jdbcUrl(), Map.of(), List.of("--server.port=0", "--server.address=0.0.0.0")))
        .hasStackTraceContaining("no dashboard user is configured");
  }

  private static String executionStatus(long id) {
    return db.jdbc()
        .queryForObject(
            "SELECT STATUS FROM batch.BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?",
            String.class,
            id);
  }

  private static void awaitStatus(long id, String wanted) throws InterruptedException {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < deadline && !wanted.equals(executionStatus(id))) {
      Thread.sleep(100);
    }
    assertThat(executionStatus(id)).isEqualTo(wanted);
  }

  private static Map<String, Boolean> actions(JsonNode execution) {
    Map<String, Boolean> allowed = new java.util.HashMap<>();
    execution
        .path("actions")
        .forEach(a -> allowed.put(a.path("name").asString(), a.path("allowed").asBoolean()));
    return allowed;
  }

  private static JsonNode json(org.springframework.test.web.servlet.ResultActions actions)
      throws Exception {
    return JSON.readTree(
        actions.andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
  }
}
