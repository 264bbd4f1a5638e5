package com.athletebatch.benchmark;

import com.athletebatch.json.JsonMappers;
import com.athletebatch.scoring.ScoreTable;
import com.athletebatch.scoring.llm.LlmPrompts;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * An in-JVM stand-in for the LLM providers, on the JDK's HttpServer at 127.0.0.1: OpenAI's {@code
 * POST …/chat/completions} (base URL {@link #openAiBaseUrl()}) and Gemini's {@code POST
 * …/models/{model}:generateContent} (base URL {@link #geminiBaseUrl()}). It reads the row's data
 * block ({@link LlmPrompts#DATA_OPEN}) from the prompt and answers valid structured JSON: for the
 * llm scorer five scores derived from the row id's hash with explanations and an analysis, for
 * hybrid an analysis quoting the deterministic overall score; with usage token counts (characters /
 * 4). Scriptable with a {@link Behaviour} (429s, 500s, malformed JSON, out-of-range scores, slow
 * answers, a daily-quota refusal), and counts what it saw: requests in all and per row, the most in
 * flight at once, and when each request came. Used by the tests, the benchmark's P7 and hand trials
 * ({@code benchmark} never calls a real provider).
 */
public final class LlmStubServer implements AutoCloseable {

  /** One request as the behaviour sees it. */
  public record Call(
      long sequence,
      String dialect,
      String rowId,
      int rowRequest,
      String task,
      String table,
      Duration sinceFirstRequest) {}

  /** What to answer. Build with the static factories. */
  public static final class Reply {
    enum Kind {
      ANSWER,
      STATUS,
      CONTENT,
      OUT_OF_RANGE
    }

    final Kind kind;
    final int status;
    final String retryAfter;
    final String body;
    final Duration delay;

    private Reply(Kind kind, int status, String retryAfter, String body, Duration delay) {
      this.kind = kind;
      this.status = status;
      this.retryAfter = retryAfter;
      this.body = body;
      this.delay = delay;
    }

    /** A valid answer for the row. */
    public static Reply answer() {
      return new Reply(Kind.ANSWER, 200, null, null, Duration.ZERO);
    }

    /** A valid answer after {@code delay} more than the server's latency. */
    public static Reply slow(Duration delay) {
      return new Reply(Kind.ANSWER, 200, null, null, delay);
    }

    /** 429 without Retry-After. */
    public static Reply tooManyRequests() {
      return tooManyRequests(null);
    }

    /** 429 with this Retry-After value (seconds or an HTTP date), or none when null. */
    public static Reply tooManyRequests(String retryAfter) {
      return new Reply(
          Kind.STATUS,
          429,
          retryAfter,
          error(429, "RESOURCE_EXHAUSTED", "Rate limit reached for requests per minute."),
          Duration.ZERO);
    }

    /** 429 saying the daily quota is spent (OpenAI's wording and Gemini's quota id). */
    public static Reply dailyQuota() {
      return new Reply(
          Kind.STATUS,
          429,
          null,
          "{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\",\"type\":\"requests\","
              + "\"message\":\"You exceeded your current quota: requests per day (RPD) limit"
              + " reached.\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\","
              + "\"violations\":[{\"quotaId\":\"GenerateRequestsPerDayPerProjectPerModel\"}]}]}}",
          Duration.ZERO);
    }

    public static Reply serverError() {
      return status(500, error(500, "INTERNAL", "The server had an error."));
    }

    public static Reply unavailable(String retryAfter) {
      return new Reply(
          Kind.STATUS,
          503,
          retryAfter,
          error(503, "UNAVAILABLE", "The model is overloaded."),
          Duration.ZERO);
    }

    public static Reply status(int status, String body) {
      return new Reply(Kind.STATUS, status, null, body, Duration.ZERO);
    }

    /** A 200 whose message content is not JSON. */
    public static Reply malformedJson() {
      return content("{\"overall\": {\"score\": 7, \"explanation\": \"unterminated");
    }

    /** A 200 with this message content. */
    public static Reply content(String content) {
      return new Reply(Kind.CONTENT, 200, null, content, Duration.ZERO);
    }

    /** A 200 whose scores are 0 and 11 (llm) — outside 1..10. */
    public static Reply outOfRangeScores() {
      return new Reply(Kind.OUT_OF_RANGE, 200, null, null, Duration.ZERO);
    }

    private static String error(int code, String status, String message) {
      return "{\"error\":{\"code\":"
          + code
          + ",\"status\":\""
          + status
          + "\",\"message\":\""
          + message
          + "\",\"type\":\""
          + status.toLowerCase(Locale.ROOT)
          + "\"}}";
    }
  }

  /** Chooses the reply to each request; the default answers every request validly. */
  @FunctionalInterface
  public interface Behaviour {
    Reply reply(Call call);

    static Behaviour valid() {
      return call -> Reply.answer();
    }

    static Behaviour always(Reply reply) {
      return call -> reply;
    }

    /** The first {@code k} requests (whatever their row) get {@code reply}, then valid answers. */
    static Behaviour firstRequests(int k, Reply reply) {
      return call -> call.sequence() <= k ? reply : Reply.answer();
    }

    /** The first {@code k} requests of each row get {@code reply}, then valid answers. */
    static Behaviour firstRequestsPerRow(int k, Reply reply) {
      return call -> call.rowRequest() <= k ? reply : Reply.answer();
    }

    /** Requests within {@code window} of the first request get {@code reply}. */
    static Behaviour during(Duration window, Reply reply) {
      return call -> call.sinceFirstRequest().compareTo(window) < 0 ? reply : Reply.answer();
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final Duration latency;
  private final Behaviour behaviour;
  private final AtomicLong sequence = new AtomicLong();
  private final ThreadLocal<Boolean> counted = new ThreadLocal<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final Map<String, AtomicInteger> perRow = new ConcurrentHashMap<>();
  private final List<Instant> requestTimes = Collections.synchronizedList(new ArrayList<>());
  private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
  private volatile long firstRequestNanos = -1;

  private LlmStubServer(int port, Duration latency, Behaviour behaviour) throws IOException {
    this.latency = latency;
    this.behaviour = behaviour;
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "llm-stub");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code LlmStubServer.builder().latency(Duration.ofSeconds(1)).behaviour(…).start()}. */
  public static final class Builder {
    private int port;
    private Duration latency = Duration.ZERO;
    private Behaviour behaviour = Behaviour.valid();

    /** 0 (the default) for a free port. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Added to every answer (P7 uses 1 s). */
    public Builder latency(Duration latency) {
      this.latency = Objects.requireNonNull(latency);
      return this;
    }

    public Builder behaviour(Behaviour behaviour) {
      this.behaviour = Objects.requireNonNull(behaviour);
      return this;
    }

    public LlmStubServer start() {
      try {
        return new LlmStubServer(port, latency, behaviour);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot start the LLM stub server", e);
      }
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:PORT} */
  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** For {@code --llm-provider openai --llm-base-url}: {@code http://127.0.0.1:PORT/v1}. */
  public String openAiBaseUrl() {
    return baseUrl() + "/v1";
  }

  /** For {@code --llm-provider gemini --llm-base-url}: the SDK appends {@code v1beta/models/…}. */
  public String geminiBaseUrl() {
    return baseUrl() + "/";
  }

  // ---- counters ----

  public long totalRequests() {
    return sequence.get();
  }

  /** Requests whose data block named this row id (re-asks and retries included). */
  public int requestsFor(String rowId) {
    AtomicInteger n = perRow.get(rowId);
    return n == null ? 0 : n.get();
  }

  public Map<String, Integer> requestsPerRow() {
    Map<String, Integer> copy = new LinkedHashMap<>();
    perRow.forEach((k, v) -> copy.put(k, v.get()));
    return copy;
  }

  public int maxInFlight() {
    return maxInFlight.get();
  }

  /** When each request arrived, in arrival order. */
  public List<Instant> requestTimes() {
    synchronized (requestTimes) {
      List<Instant> copy = new ArrayList<>(requestTimes);
      Collections.sort(copy);
      return copy;
    }
  }

  /** The most requests that arrived within any window of this length (60 s: per minute). */
  public int maxRequestsWithin(Duration window) {
    List<Instant> times = requestTimes();
    int max = 0;
    int from = 0;
    for (int to = 0; to < times.size(); to++) {
      while (Duration.between(times.get(from), times.get(to)).compareTo(window) >= 0) {
        from++;
      }
      max = Math.max(max, to - from + 1);
    }
    return max;
  }

  /** The Authorization / x-goog-api-key values received (for checks on how keys are sent). */
  public List<String> credentialsSeen() {
    synchronized (authorizations) {
      return List.copyOf(authorizations);
    }
  }

  // ---- handling ----

  private void handle(HttpExchange exchange) throws IOException {
    long now = System.nanoTime();
    synchronized (this) {
      if (firstRequestNanos < 0) {
        firstRequestNanos = now;
      }
    }
    int current = inFlight.incrementAndGet();
    counted.set(Boolean.TRUE);
    maxInFlight.accumulateAndGet(current, Math::max);
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      boolean openAi = path.endsWith("/chat/completions");
      boolean gemini = path.endsWith(":generateContent");
      if (!"POST".equals(exchange.getRequestMethod()) || !(openAi || gemini)) {
        send(exchange, 404, null, "{\"error\":{\"code\":404,\"message\":\"no such endpoint\"}}");
        return;
      }
      long seq = sequence.incrementAndGet();
      requestTimes.add(Instant.now());
      String credential =
          exchange.getRequestHeaders().getFirst(gemini ? "x-goog-api-key" : "Authorization");
      authorizations.add(credential == null ? "" : credential);
      String requestBody = read(exchange.getRequestBody());
      JsonNode request;
      try {
        request = JsonMappers.MAPPER.readTree(requestBody);
      } catch (RuntimeException e) {
        send(exchange, 400, null, "{\"error\":{\"code\":400,\"message\":\"request is not JSON\"}}");
        return;
      }
      Map<String, Object> data = dataBlock(request, gemini);
      String rowId = data == null ? "(none)" : String.valueOf(data.get("rowId"));
      int rowRequest = perRow.computeIfAbsent(rowId, k -> new AtomicInteger()).incrementAndGet();
      String task = data == null ? "llm" : String.valueOf(data.get("task"));
      String table = data == null ? "workout" : String.valueOf(data.get("table"));
      Call call =
          new Call(
              seq,
              gemini ? "gemini" : "openai",
              rowId,
              rowRequest,
              task,
              table,
              Duration.ofNanos(now - firstRequestNanos));
      Reply reply = behaviour.reply(call);
      sleep(latency.plus(reply.delay));
      if (reply.kind == Reply.Kind.STATUS) {
        send(exchange, reply.status, reply.retryAfter, reply.body);
        return;
      }
      if (data == null) {
        send(exchange, 400, null, "{\"error\":{\"code\":400,\"message\":\"no row-data block\"}}");
        return;
      }
      String content =
          switch (reply.kind) {
            case CONTENT -> reply.body;
            case OUT_OF_RANGE -> answerJson(data, task, table, true);
            default -> answerJson(data, task, table, false);
          };
      long promptTokens = Math.max(1, requestBody.length() / 4);
      long outputTokens = Math.max(1, content.length() / 4);
      send(
          exchange,
          200,
          null,
          gemini
              ? geminiEnvelope(content, promptTokens, outputTokens)
              : openAiEnvelope(seq, content, promptTokens, outputTokens));
    } catch (IOException clientGone) {
      // the client timed out and closed the connection while we slept
    } finally {
      leave();
    }
  }

  /**
   * Counts this thread's exchange out of the in-flight requests, once. (Not an exchange attribute:
   * the JDK's server keeps those in the context, shared by every exchange.)
   */
  private void leave() {
    if (Boolean.TRUE.equals(counted.get())) {
      counted.remove();
      inFlight.decrementAndGet();
    }
  }

  private static void sleep(Duration d) {
    if (d.isZero() || d.isNegative()) {
      return;
    }
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String read(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  private void send(HttpExchange exchange, int status, String retryAfter, String body)
      throws IOException {
    // No longer in flight once the answer starts: the client may read it and send its next request
    // before this handler's finally runs, which would count one request twice.
    leave();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    if (retryAfter != null) {
      exchange.getResponseHeaders().set("Retry-After", retryAfter);
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** The JSON between the data tags of the first message that has them; null when none does. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> dataBlock(JsonNode request, boolean gemini) {
    List<String> texts = new ArrayList<>();
    if (gemini) {
      for (JsonNode content : request.path("contents")) {
        for (JsonNode part : content.path("parts")) {
          texts.add(part.path("text").asString(""));
        }
      }
    } else {
      for (JsonNode message : request.path("messages")) {
        JsonNode content = message.path("content");
        if (content.isString()) {
          texts.add(content.asString());
        } else {
          for (JsonNode part : content) {
            texts.add(part.path("text").asString(""));
          }
        }
      }
    }
    for (String text : texts) {
      // The system prompt names the tags too: take the first block that is a JSON object.
      int open = text.indexOf(LlmPrompts.DATA_OPEN);
      while (open >= 0) {
        int close = text.indexOf(LlmPrompts.DATA_CLOSE, open);
        if (close < 0) {
          break;
        }
        String json = text.substring(open + LlmPrompts.DATA_OPEN.length(), close).strip();
        if (json.startsWith("{")) {
          try {
            return JsonMappers.MAPPER.readValue(json, Map.class);
          } catch (RuntimeException notJson) {
            // keep looking
          }
        }
        open = text.indexOf(LlmPrompts.DATA_OPEN, open + 1);
      }
    }
    return null;
  }

  /** The model's answer: for llm scores from the row id's hash; for hybrid an analysis. */
  @SuppressWarnings("unchecked")
  static String answerJson(
      Map<String, Object> data, String task, String table, boolean outOfRange) {
    String rowId = String.valueOf(data.get("rowId"));
    Map<String, Object> answer = new LinkedHashMap<>();
    if ("llm".equals(task)) {
      ScoreTable scoreTable = ScoreTable.valueOf(table.toUpperCase(Locale.ROOT));
      int i = 0;
      for (ScoreTable.Column column : scoreTable.columns()) {
        int score = 4 + Math.floorMod((rowId + "/" + column.part()).hashCode(), 6);
        if (outOfRange) {
          score = i % 2 == 0 ? 11 : 0;
        }
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("score", score);
        part.put(
            "explanation",
            "Stub: " + column.part() + " " + score + "/10 for row " + rowId + ", from its data.");
        answer.put(column.part(), part);
        i++;
      }
      answer.put(
          "analysis",
          "### Stub analysis\n\n- Row "
              + rowId
              + " scored by the stub from the row id.\n- Suggestion: keep logging.\n");
    } else {
      Object overall = null;
      if (data.get("scores") instanceof Map<?, ?> scores) {
        overall = ((Map<String, Object>) scores).get("overall");
      }
      answer.put(
          "analysis",
          "### Analysis\n\n- Overall "
              + overall
              + "/10, as scored.\n- Row "
              + rowId
              + ".\n- Suggestion: keep logging.\n");
    }
    return JsonMappers.writePlain(answer);
  }

  private static String openAiEnvelope(long seq, String content, long in, long out) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("role", "assistant");
    message.put("content", content);
    message.put("refusal", null);
    Map<String, Object> choice = new LinkedHashMap<>();
    choice.put("index", 0);
    choice.put("message", message);
    choice.put("logprobs", null);
    choice.put("finish_reason", "stop");
    Map<String, Object> usage = new LinkedHashMap<>();
    usage.put("prompt_tokens", in);
    usage.put("completion_tokens", out);
    usage.put("total_tokens", in + out);
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("id", "chatcmpl-stub-" + seq);
    envelope.put("object", "chat.completion");
    envelope.put("created", Instant.now().getEpochSecond());
    envelope.put("model", "stub");
    envelope.put("choices", List.of(choice));
    envelope.put("usage", usage);
    return JsonMappers.writePlain(envelope);
  }

  private static String geminiEnvelope(String content, long in, long out) {
    Map<String, Object> part = new LinkedHashMap<>();
    part.put("text", content);
    Map<String, Object> contentNode = new LinkedHashMap<>();
    contentNode.put("parts", List.of(part));
    contentNode.put("role", "model");
    Map<String, Object> candidate = new LinkedHashMap<>();
    candidate.put("content", contentNode);
    candidate.put("finishReason", "STOP");
    candidate.put("index", 0);
    Map<String, Object> usage = new LinkedHashMap<>();
    usage.put("promptTokenCount", in);
    usage.put("candidatesTokenCount", out);
    usage.put("totalTokenCount", in + out);
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("candidates", List.of(candidate));
    envelope.put("usageMetadata", usage);
    envelope.put("modelVersion", "stub");
    return JsonMappers.writePlain(envelope);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
