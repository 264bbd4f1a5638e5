package com.athletebatch.scoring.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.scoring.llm.LlmSettings.Provider;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/** The scorer as job parameters: which identify the run, and that no key is ever stored. */
class LlmRunTest {

  private static final LlmRun HYBRID =
      new LlmRun(
          ScorerKind.HYBRID,
          Provider.GEMINI,
          null,
          "http://127.0.0.1:8089",
          32,
          600,
          1_000_000,
          Duration.ofSeconds(20),
          5_000_000,
          0.30,
          2.50);

  @Test
  void theDeterministicScorerAddsNoParameter() {
    assertThat(LlmRun.DETERMINISTIC.addTo(new JobParametersBuilder()).toJobParameters().isEmpty())
        .isTrue();
    assertThat(LlmRun.from(new JobParameters())).isEqualTo(LlmRun.DETERMINISTIC);
  }

  @Test
  void scorerProviderAndModelIdentifyTheRunTheLimitsDoNot() {
    JobParameters p = HYBRID.addTo(new JobParametersBuilder()).toJobParameters();
    Set<String> identifying =
        p.getIdentifyingParameters().stream().map(JobParameter::name).collect(Collectors.toSet());
    assertThat(identifying).containsExactlyInAnyOrder("scorer", "llm.provider", "llm.model");
    assertThat(p.getString("llm.model")).isEqualTo("gemini-2.5-flash");
    assertThat(LlmRun.from(p)).isEqualTo(HYBRID);
  }

  @Test
  void theApiKeyIsNeverAParameterAndNeverPrinted() {
    JobParameters p = HYBRID.addTo(new JobParametersBuilder()).toJobParameters();
    assertThat(p.toString()).doesNotContain("secret-key");
    var settings = HYBRID.settings(Map.of("GEMINI_API_KEY", "secret-key"));
    assertThat(settings.apiKey()).isEqualTo("secret-key");
    assertThat(settings.toString()).doesNotContain("secret-key").contains("apiKey=***");
    assertThat(HYBRID.contextArgs()).noneMatch(a -> a.contains("secret-key"));
  }

  @Test
  void theScheduleHandsTheRunToTheNightsThroughProperties() {
    Map<String, String> properties = new HashMap<>();
    List<String> args = HYBRID.contextArgs();
    for (String arg : args) {
      String[] kv = arg.substring(2).split("=", 2);
      properties.put(kv[0], kv[1]);
    }
    assertThat(LlmRun.fromProperties(properties::get)).isEqualTo(HYBRID);
    assertThat(LlmRun.fromProperties(k -> null)).isEqualTo(LlmRun.DETERMINISTIC);
  }

  @Test
  void costAtThePricesPerMillionTokens() {
    assertThat(HYBRID.cost(2_000_000, 400_000))
        .isEqualTo(0.60 + 1.00, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(LlmRun.DETERMINISTIC.cost(1, 1)).isNull();
  }
}
