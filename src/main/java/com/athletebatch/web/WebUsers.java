package com.athletebatch.web;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.core.env.Environment;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The dashboard's two users, {@code viewer} (reads everything) and {@code operator} (may also stop,
 * restart, abandon and recover), each present when its password is configured: {@value
 * #VIEWER_PASSWORD} / {@value #OPERATOR_PASSWORD} in the configuration, or the environment
 * variables {@code ATHLETE_BATCH_VIEWER_PASSWORD} / {@code ATHLETE_BATCH_OPERATOR_PASSWORD}. A
 * value that starts with an encoder id such as {@code {bcrypt}} is taken as already hashed; any
 * other is hashed with bcrypt at start-up, so that no plain password stays in memory past it.
 */
public final class WebUsers {

  public static final String VIEWER = "viewer";
  public static final String OPERATOR = "operator";
  public static final String VIEWER_PASSWORD = "athlete-batch.viewer.password";
  public static final String OPERATOR_PASSWORD = "athlete-batch.operator.password";

  private static final Pattern ENCODED = Pattern.compile("^\\{[A-Za-z0-9_-]+}.+");

  private final InMemoryUserDetailsManager users;
  private final boolean configured;

  private WebUsers(List<UserDetails> users) {
    this.users = new InMemoryUserDetailsManager(users);
    this.configured = !users.isEmpty();
  }

  public static WebUsers from(Environment environment, PasswordEncoder encoder) {
    List<UserDetails> users = new ArrayList<>();
    String viewer = environment.getProperty(VIEWER_PASSWORD);
    if (viewer != null && !viewer.isBlank()) {
      users.add(user(VIEWER, viewer, encoder, "VIEWER"));
    }
    String operator = environment.getProperty(OPERATOR_PASSWORD);
    if (operator != null && !operator.isBlank()) {
      users.add(user(OPERATOR, operator, encoder, "VIEWER", "OPERATOR"));
    }
    return new WebUsers(users);
  }

  private static UserDetails user(
      String name, String password, PasswordEncoder encoder, String... roles) {
    String encoded = ENCODED.matcher(password).matches() ? password : encoder.encode(password);
    return User.withUsername(name).password(encoded).roles(roles).build();
  }

  /** Whether any user is configured; without one the dashboard is local and read-only. */
  public boolean configured() {
    return configured;
  }

  InMemoryUserDetailsManager manager() {
    return users;
  }
}
