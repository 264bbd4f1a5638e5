package com.athletebatch.web;

import com.athletebatch.operations.JobCatalog;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import tools.jackson.databind.json.JsonMapper;

/** What every page shows: the user and role, the read-only banner, the jobs for the menus. */
@ControllerAdvice(assignableTypes = PageController.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ConsoleModel {

  private static final Format FORMAT = new Format();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final WebUsers users;

  public ConsoleModel(WebUsers users) {
    this.users = users;
  }

  @ModelAttribute("readOnly")
  boolean readOnly() {
    return !users.configured();
  }

  @ModelAttribute("user")
  String user(Principal principal) {
    return principal == null ? null : principal.getName();
  }

  @ModelAttribute("operator")
  boolean operator(Principal principal) {
    return principal instanceof Authentication a
        && a.getAuthorities().stream().anyMatch(g -> "ROLE_OPERATOR".equals(g.getAuthority()));
  }

  @ModelAttribute("fmt")
  Format fmt() {
    return FORMAT;
  }

  /** The CSRF header htmx sends with every request (hx-headers on the body). */
  @ModelAttribute("csrfHeaders")
  String csrfHeaders(CsrfToken token) {
    return token == null
        ? null
        : JSON.writeValueAsString(Map.of(token.getHeaderName(), token.getToken()));
  }

  @ModelAttribute("jobs")
  List<String> jobs() {
    return JobCatalog.JOBS;
  }
}
