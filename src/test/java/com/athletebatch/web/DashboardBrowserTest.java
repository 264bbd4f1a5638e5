package com.athletebatch.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.database.Dialect;
import com.athletebatch.database.JobRepositorySchema;
import com.athletebatch.demo.DemoDataGenerator;
import com.athletebatch.demo.DemoOptions;
import com.athletebatch.demo.DomainSchema;
import com.athletebatch.support.ChildRuns;
import com.athletebatch.support.TestDatabase;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The dashboard in a real browser (Debian's chromium through its chromedriver, headless), on
 * PostgreSQL: the operator signs in, watches a real run in another JVM move its progress bar,
 * presses Stop and sees it STOPPED, presses Restart and sees the restart (run in the server
 * process) COMPLETED, then opens its skips. Screenshots go to {@code target/screenshots/}; the
 * browser's console must show no Content Security Policy violation.
 */
class DashboardBrowserTest {

  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  private static final String PASSWORD = "operator-browser-pw";
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  @Test
  void operatorWatchesStopsRestartsAndReadsTheSkips() throws Exception {
    assertThat(new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute())
        .as(
            "the browser test needs Debian's chromium and chromium-driver"
                + " (apt-get install -y chromium chromium-driver; .ci/run installs them)")
        .isTrue();
    try (TestDatabase db = TestDatabase.postgres()) {
      DomainSchema.createIfMissing(db.dataSource());
      new DemoDataGenerator().generate(db.dataSource(), new DemoOptions(6, 300, 40, 0, 23));
      new JobRepositorySchema(db.dataSource(), Dialect.POSTGRESQL, "batch").createIfMissing();
      JdbcTemplate jdbc = db.jdbc();
      ChildRuns.slowDown(jdbc, 0.2);
      Process child =
          ChildRuns.start(
              "run", "scoreBackfill", "--database-url", db.jdbcUrl(), "--chunk-size", "5");
      WebDriver driver = null;
      try (ConfigurableApplicationContext server =
          WebTestSupport.serve(
              db.jdbcUrl(),
              Map.of(
                  WebUsers.OPERATOR_PASSWORD, PASSWORD, WebUsers.VIEWER_PASSWORD, "viewer-pw"))) {
        String base = "http://localhost:" + WebTestSupport.port(server);
        long id = ChildRuns.awaitCommits(jdbc, child, 1);
        driver = chrome();
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(90));

        driver.get(base + "/runs/" + id);
        assertThat(driver.getCurrentUrl()).endsWith("/login");
        driver.findElement(By.id("username")).sendKeys("operator");
        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        driver.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.urlContains("/runs/" + id));

        // The progress bar moves by itself (htmx refreshes the running execution).
        By bar = By.id("progress-scoreWorkouts");
        wait.until(ExpectedConditions.presenceOfElementLocated(bar));
        double first = progress(driver, bar);
        wait.until(d -> progress(d, bar) > first);
        assertThat(driver.findElement(By.id("run-status")).getText()).isEqualTo("STARTED");
        assertThat(driver.findElement(By.id("heartbeat")).getText()).contains("alive");
        screenshot(driver, "run-in-progress.png");
        driver.get(base + "/runs");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("run-" + id)));
        screenshot(driver, "runs.png");
        driver.get(base + "/runs/" + id);

        // Stop: confirmed, then STOPPED after the current chunk; the run's JVM exits 1.
        wait.until(ExpectedConditions.elementToBeClickable(By.id("action-stop"))).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(ExpectedConditions.textToBe(By.id("run-status"), "STOPPED"));
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(1);

        // Restart: runs in the server process; the page follows the new execution to COMPLETED.
        ChildRuns.slowDown(jdbc, 0.005);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("action-restart"))).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(ExpectedConditions.not(ExpectedConditions.urlMatches(".*/runs/" + id + "$")));
        long restarted =
            Long.parseLong(driver.getCurrentUrl().replaceAll(".*/runs/([0-9]+).*", "$1"));
        assertThat(restarted).isGreaterThan(id);
        assertThat(driver.findElement(By.id("message")).getText())
            .contains("Restarted execution " + id + " as execution " + restarted);
        wait.until(ExpectedConditions.textToBe(By.id("run-status"), "COMPLETED"));
        assertThat(
                jdbc.queryForObject(
                    "SELECT STATUS FROM batch.BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?",
                    String.class,
                    restarted))
            .isEqualTo("COMPLETED");
        assertThat(driver.findElement(By.id("progress-scoreWorkouts")).getAttribute("value"))
            .isEqualTo(driver.findElement(By.id("progress-scoreWorkouts")).getAttribute("max"));
        screenshot(driver, "run-completed.png");

        // The skips of the completed restart: counts by reason, then the rows.
        driver.findElement(By.id("skips-link")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("skip-counts")));
        assertThat(driver.findElements(By.cssSelector("#skip-rows tbody tr"))).isNotEmpty();
        screenshot(driver, "skips.png");

        List<LogEntry> console = driver.manage().logs().get(LogType.BROWSER).getAll();
        assertThat(console)
            .as("browser console")
            .noneMatch(e -> e.getMessage().contains("Content Security Policy"));
      } finally {
        if (driver != null) {
          driver.quit();
        }
        child.destroyForcibly();
      }
    }
  }

  private static double progress(WebDriver driver, By bar) {
    try {
      return Double.parseDouble(driver.findElement(bar).getAttribute("value"));
    } catch (org.openqa.selenium.StaleElementReferenceException e) {
      return -1;
    }
  }

  /**
   * Debian's chromium and chromedriver, named explicitly so that Selenium Manager never looks for
   * (or downloads) a browser or driver; headless, sandbox off (containers), a fresh profile.
   */
  static WebDriver chrome() throws Exception {
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
    Path profile = Files.createTempDirectory("athlete-batch-chromium");
    profile.toFile().deleteOnExit();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--window-size=1360,900",
        "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  static void screenshot(WebDriver driver, String name) throws Exception {
    Files.createDirectories(SCREENSHOTS);
    File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }
}
