package com.athletebatch.web;

import com.athletebatch.database.Dialect;
import com.athletebatch.operations.Heartbeat;
import com.athletebatch.operations.JobControl;
import com.athletebatch.operations.JobRunner;
import com.athletebatch.operations.MonitoringQueries;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The dashboard's beans, present only when a command starts the web server ({@code serve}, {@code
 * schedule --http-port}); every other command runs without a web application.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class WebConfiguration {

  /** The address {@code serve} listens on without users: this machine only. */
  public static final String LOOPBACK = "127.0.0.1";

  private static final Logger log = LoggerFactory.getLogger(WebConfiguration.class);

  @Bean
  PasswordEncoder passwordEncoder() {
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }

  @Bean
  WebUsers webUsers(Environment environment, PasswordEncoder encoder) {
    return WebUsers.from(environment, encoder);
  }

  @Bean
  UserDetailsService userDetailsService(WebUsers users) {
    return users.manager();
  }

  /**
   * Without a user the server listens on 127.0.0.1 only, and refuses to start on another address:
   * anyone who can reach it could read everything.
   */
  @Bean
  WebServerFactoryCustomizer<ConfigurableWebServerFactory> localOnlyWithoutUsers(
      WebUsers users, Environment environment) {
    return factory -> {
      String bind = environment.getProperty("server.address");
      if (users.configured()) {
        return;
      }
      if (bind != null && !bind.isBlank() && !isLoopback(bind)) {
        throw new IllegalStateException(
            "no dashboard user is configured, so it listens on "
                + LOOPBACK
                + " only; set ATHLETE_BATCH_VIEWER_PASSWORD and/or"
                + " ATHLETE_BATCH_OPERATOR_PASSWORD to serve on "
                + bind);
      }
      try {
        factory.setAddress(InetAddress.getByName(bind == null || bind.isBlank() ? LOOPBACK : bind));
      } catch (UnknownHostException e) {
        throw new IllegalStateException("cannot resolve " + bind, e);
      }
    };
  }

  static boolean isLoopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  @Bean
  ApplicationListener<WebServerInitializedEvent> announceDashboard(WebUsers users) {
    return event -> {
      int port = event.getWebServer().getPort();
      log.info("Dashboard at http://localhost:{}/ (API at /api/executions)", port);
      if (!users.configured()) {
        log.warn(
            "No dashboard user is configured: read-only, listening on {} only. Set"
                + " ATHLETE_BATCH_VIEWER_PASSWORD and ATHLETE_BATCH_OPERATOR_PASSWORD to sign in and act.",
            LOOPBACK);
      }
    };
  }

  @Bean
  LoginThrottle loginThrottle(
      @Value("${athlete-batch.web.login.max-failures:5}") int maxFailures,
      @Value("${athlete-batch.web.login.window:60s}") Duration window) {
    return new LoginThrottle(maxFailures, window);
  }

  @Bean
  Dashboard dashboard(
      MonitoringQueries queries,
      JobControl control,
      JobRepository jobRepository,
      Heartbeat heartbeat) {
    return new Dashboard(queries, control, jobRepository, heartbeat);
  }

  @Bean
  DashboardQueries dashboardQueries(DataSource dataSource, Dialect dialect) {
    return new DashboardQueries(dataSource, dialect);
  }

  @Bean
  ConsoleActions consoleActions(
      JobControl control,
      JobRunner runner,
      JobRepository jobRepository,
      Heartbeat heartbeat,
      BeanFactory beans) {
    return new ConsoleActions(control, runner, jobRepository, heartbeat, beans);
  }
}
