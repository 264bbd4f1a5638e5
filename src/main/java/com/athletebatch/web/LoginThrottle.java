package com.athletebatch.web;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Slows down password guessing: each client address may fail {@code maxFailures} logins (form or
 * HTTP Basic) per {@code window}; after that its login attempts are refused with 429 and a {@code
 * Retry-After} until the window has passed. Every failure and every refusal is logged with the
 * address and the user name, never the password. One Resilience4j rate limiter per address, whose
 * permits are the failures still allowed.
 */
public class LoginThrottle implements ApplicationListener<AbstractAuthenticationFailureEvent> {

  private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

  /** Addresses remembered at most; limiters back at their full allowance are dropped first. */
  private static final int MAX_ADDRESSES = 10_000;

  private final RateLimiterRegistry registry;
  private final int maxFailures;
  private final Duration window;

  public LoginThrottle(int maxFailures, Duration window) {
    this.maxFailures = maxFailures;
    this.window = window;
    this.registry =
        RateLimiterRegistry.of(
            RateLimiterConfig.custom()
                .limitForPeriod(maxFailures)
                .limitRefreshPeriod(window)
                .timeoutDuration(Duration.ZERO)
                .build());
  }

  @Override
  public void onApplicationEvent(AbstractAuthenticationFailureEvent event) {
    String address =
        event.getAuthentication().getDetails() instanceof WebAuthenticationDetails details
            ? details.getRemoteAddress()
            : "unknown";
    prune();
    RateLimiter limiter = registry.rateLimiter(address);
    limiter.acquirePermission();
    log.warn(
        "Failed login for user '{}' from {} ({}); {} more allowed within {}",
        event.getAuthentication().getName(),
        address,
        event.getException().getClass().getSimpleName(),
        Math.max(0, limiter.getMetrics().getAvailablePermissions()),
        window);
  }

  /** Whether login attempts from this address are refused for now. */
  public boolean blocked(String address) {
    return registry
        .find(address)
        .map(l -> l.getMetrics().getAvailablePermissions() <= 0)
        .orElse(false);
  }

  private void prune() {
    if (registry.getAllRateLimiters().size() < MAX_ADDRESSES) {
      return;
    }
    registry.getAllRateLimiters().stream()
        .filter(l -> l.getMetrics().getAvailablePermissions() >= maxFailures)
        .map(RateLimiter::getName)
        .toList()
        .forEach(registry::remove);
  }

  /**
   * Refuses login attempts (a form login POST or HTTP Basic credentials) from a blocked address.
   */
  public OncePerRequestFilter filter() {
    return new OncePerRequestFilter() {
      @Override
      protected void doFilterInternal(
          HttpServletRequest request, HttpServletResponse response, FilterChain chain)
          throws ServletException, IOException {
        boolean attempt =
            ("POST".equals(request.getMethod()) && "/login".equals(request.getServletPath()))
                || request.getHeader(HttpHeaders.AUTHORIZATION) != null;
        if (attempt && blocked(request.getRemoteAddr())) {
          log.warn(
              "Login attempt from {} refused: more than {} failed logins within {}",
              request.getRemoteAddr(),
              maxFailures,
              window);
          response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(window.toSeconds()));
          Problems.write(
              response,
              429,
              "Too many failed logins",
              "Too many failed logins from this address; try again in "
                  + window.toSeconds()
                  + " s.");
          return;
        }
        chain.doFilter(request, response);
      }
    };
  }
}
