package com.athletebatch.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.benchmark.LlmStubServer.Behaviour;
import com.athletebatch.benchmark.LlmStubServer.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The stub's own answers and counters, over plain HTTP. */
class LlmStubServerTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static String openAiBody(String rowId) {
    String data =
        "{\\\"rowId\\\":\\\""
            + rowId
            + "\\\",\\\"table\\\":\\\"nutrition\\\",\\\"task\\\":\\\"llm\\\"}";
    return "{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"between <row-data> and"
        + " </row-data>\"},{\"role\":\"user\",\"content\":\"<row-data>\\n"
        + data
        + "\\n</row-data>\"}]}";
  }

  private static HttpResponse<String> post(String url, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void answersFromTheDataBlockAndCountsPerRow() throws Exception {
    try (LlmStubServer stub =
        LlmStubServer.builder()
            .behaviour(Behaviour.firstRequests(1, Reply.tooManyRequests("2")))
            .start()) {
      HttpResponse<String> first =
          post(stub.openAiBaseUrl() + "/chat/completions", openAiBody("n-1"));
      HttpResponse<String> second =
          post(stub.openAiBaseUrl() + "/chat/completions", openAiBody("n-1"));
      HttpResponse<String> third = post(stub.baseUrl() + "/chat/completions", openAiBody("n-2"));

      assertThat(first.statusCode()).isEqualTo(429);
      assertThat(first.headers().firstValue("Retry-After")).hasValue("2");
      assertThat(second.statusCode()).isEqualTo(200);
      assertThat(second.body())
          .contains("macroBalance")
          .contains("\"prompt_tokens\"")
          .contains("\"finish_reason\":\"stop\"");
      assertThat(third.statusCode()).isEqualTo(200);
      assertThat(stub.totalRequests()).isEqualTo(3);
      assertThat(stub.requestsFor("n-1")).isEqualTo(2);
      assertThat(stub.requestsFor("n-2")).isEqualTo(1);
      assertThat(stub.maxRequestsWithin(Duration.ofMinutes(1))).isEqualTo(3);
      assertThat(stub.maxRequestsWithin(Duration.ofNanos(1))).isEqualTo(1);
      assertThat(stub.maxInFlight()).isEqualTo(1);
    }
  }

  @Test
  void unknownPathsAreNotFoundAndNotCounted() throws Exception {
    try (LlmStubServer stub = LlmStubServer.builder().start()) {
      assertThat(post(stub.baseUrl() + "/v1/embeddings", "{}").statusCode()).isEqualTo(404);
      assertThat(stub.totalRequests()).isZero();
    }
  }
}
