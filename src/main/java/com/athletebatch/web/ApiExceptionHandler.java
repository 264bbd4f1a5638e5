package com.athletebatch.web;

import com.athletebatch.operations.JobControl.RefusedException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The API's errors as problem details ({@code application/problem+json}), mapped from the CLI's
 * exit codes: a refusal NOT_FOUND (exit 4) is 404; NOT_ALLOWED (exit 5) and RUNNING (exit 3 or 5)
 * are 409; a bad parameter is 400. The detail is the CLI's message.
 */
@RestControllerAdvice(assignableTypes = ApiController.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ApiExceptionHandler {

  @ExceptionHandler(RefusedException.class)
  ProblemDetail refused(RefusedException e) {
    HttpStatus status =
        switch (e.refusal()) {
          case NOT_FOUND -> HttpStatus.NOT_FOUND;
          case NOT_ALLOWED, RUNNING -> HttpStatus.CONFLICT;
        };
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
    problem.setProperty("refusal", e.refusal().name());
    return problem;
  }

  @ExceptionHandler({IllegalArgumentException.class, MethodArgumentTypeMismatchException.class})
  ProblemDetail badRequest(Exception e) {
    String detail =
        e instanceof MethodArgumentTypeMismatchException m
            ? "parameter '" + m.getName() + "' is not valid: " + m.getValue()
            : e.getMessage();
    return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
  }
}
