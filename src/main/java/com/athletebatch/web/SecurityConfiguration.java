package com.athletebatch.web;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Who may do what. Browsers: form login, a session cookie and CSRF tokens on every form and htmx
 * request. Scripts ({@code /api/**}): HTTP Basic, no session; 401 for missing or wrong credentials,
 * 403 for a viewer's POST, as problem details. A viewer reads everything; an operator may also act.
 * Without any user configured, everything is readable and nothing can be changed (the server then
 * listens on 127.0.0.1 only). The default security headers stay on, with a Content Security Policy
 * that allows no inline script (htmx is served from the jar, its configuration is a meta tag).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableWebSecurity
public class SecurityConfiguration {

  static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self';"
          + " object-src 'none'";

  static final String READ_ONLY =
      "this dashboard is read-only: no user is configured (set ATHLETE_BATCH_OPERATOR_PASSWORD)";

  @Bean
  @Order(1)
  SecurityFilterChain api(HttpSecurity http, WebUsers users, LoginThrottle throttle)
      throws Exception {
    AuthenticationEntryPoint unauthorized =
        (request, response, e) -> {
          if (!users.configured()) {
            Problems.write(response, 403, "Forbidden", READ_ONLY);
            return;
          }
          response.setHeader("WWW-Authenticate", "Basic realm=\"athlete-batch\"");
          Problems.write(
              response,
              401,
              "Unauthorized",
              "credentials missing or wrong: use HTTP Basic as viewer or operator");
        };
    AccessDeniedHandler forbidden =
        (request, response, e) ->
            Problems.write(
                response,
                403,
                "Forbidden",
                users.configured() ? "this needs the operator role" : READ_ONLY);
    http.securityMatcher("/api/**")
        .authorizeHttpRequests(
            authorize -> {
              if (users.configured()) {
                authorize
                    .requestMatchers(HttpMethod.GET, "/api/**")
                    .hasRole("VIEWER")
                    .anyRequest()
                    .hasRole("OPERATOR");
              } else {
                authorize
                    .requestMatchers(HttpMethod.GET, "/api/**")
                    .permitAll()
                    .anyRequest()
                    .denyAll();
              }
            })
        .httpBasic(basic -> basic.realmName("athlete-batch").authenticationEntryPoint(unauthorized))
        .sessionManagement(
            session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        // Stateless HTTP Basic: no cookie a browser would send on its own, so no CSRF token.
        .csrf(csrf -> csrf.disable())
        .exceptionHandling(
            exceptions ->
                exceptions.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
        .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CSP)))
        .addFilterBefore(throttle.filter(), BasicAuthenticationFilter.class);
    return http.build();
  }

  /** The Prometheus scrape of the schedule service, open as the former metrics port was. */
  @Bean
  @Order(2)
  SecurityFilterChain metrics(HttpSecurity http) throws Exception {
    http.securityMatcher("/metrics")
        .authorizeHttpRequests(authorize -> authorize.anyRequest().permitAll())
        .sessionManagement(
            session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(csrf -> csrf.disable());
    return http.build();
  }

  @Bean
  @Order(3)
  SecurityFilterChain browser(HttpSecurity http, WebUsers users, LoginThrottle throttle)
      throws Exception {
    http.authorizeHttpRequests(
            authorize -> {
              authorize
                  .requestMatchers(
                      "/login", "/css/**", "/js/**", "/webjars/**", "/favicon.svg", "/error")
                  .permitAll();
              if (users.configured()) {
                authorize
                    .requestMatchers(HttpMethod.GET, "/**")
                    .hasRole("VIEWER")
                    .anyRequest()
                    .hasRole("OPERATOR");
              } else {
                authorize.requestMatchers(HttpMethod.GET, "/**").permitAll().anyRequest().denyAll();
              }
            })
        .headers(
            headers ->
                headers
                    .contentSecurityPolicy(csp -> csp.policyDirectives(CSP))
                    .frameOptions(frame -> frame.deny())
                    .referrerPolicy(
                        referrer ->
                            referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
        .addFilterBefore(throttle.filter(), UsernamePasswordAuthenticationFilter.class);
    if (users.configured()) {
      http.formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", false).permitAll())
          .logout(logout -> logout.logoutSuccessUrl("/login?logout"));
    } else {
      AccessDeniedHandler readOnly = (request, response, e) -> response.sendError(403, READ_ONLY);
      http.exceptionHandling(
          exceptions ->
              exceptions
                  .accessDeniedHandler(readOnly)
                  .authenticationEntryPoint(
                      (request, response, e) -> response.sendError(403, READ_ONLY)));
    }
    return http.build();
  }
}
