package com.athletebatch.scoring.llm;

import com.athletebatch.scoring.ScoreTable;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * One provider behind Spring AI: its {@link ChatModel} (its own retries off), the options of each
 * prompt (the model and the answer's JSON schema), and how its SDK reports a failed call.
 */
final class ChatEndpoint implements AutoCloseable {

  /** The model's text and the tokens the provider counted for this call. */
  record Reply(String text, TokenUsage usage) {}

  private final String provider;
  private final String model;
  private final ChatModel chatModel;
  private final Map<ScorerKind, Map<ScoreTable, ChatOptions>> options =
      new EnumMap<>(ScorerKind.class);
  private final Function<RuntimeException, CallFailure> translate;
  private final AutoCloseable onClose;

  ChatEndpoint(
      String provider,
      String model,
      ChatModel chatModel,
      Function<String, ChatOptions> optionsForSchema,
      Function<RuntimeException, CallFailure> translate,
      AutoCloseable onClose) {
    this.provider = provider;
    this.model = model;
    this.chatModel = chatModel;
    this.translate = translate;
    this.onClose = onClose;
    for (ScorerKind kind : List.of(ScorerKind.LLM, ScorerKind.HYBRID)) {
      Map<ScoreTable, ChatOptions> byTable = new EnumMap<>(ScoreTable.class);
      for (ScoreTable table : ScoreTable.values()) {
        byTable.put(table, optionsForSchema.apply(LlmPrompts.outputSchema(kind, table)));
      }
      options.put(kind, byTable);
    }
  }

  String provider() {
    return provider;
  }

  String model() {
    return model;
  }

  /**
   * @throws CallFailure for every failure of the call (HTTP status, timeout, I/O)
   */
  Reply call(List<Message> messages, ScorerKind kind, ScoreTable table) {
    ChatResponse response;
    try {
      response = chatModel.call(new Prompt(messages, options.get(kind).get(table)));
    } catch (CallFailure e) {
      throw e;
    } catch (RuntimeException e) {
      throw translate.apply(e);
    }
    String text = null;
    if (response != null) {
      Generation result = response.getResult();
      if (result != null && result.getOutput() != null) {
        text = result.getOutput().getText();
      }
    }
    return new Reply(text, usage(response));
  }

  private static TokenUsage usage(ChatResponse response) {
    if (response == null || response.getMetadata() == null) {
      return TokenUsage.NONE;
    }
    Usage usage = response.getMetadata().getUsage();
    if (usage == null) {
      return TokenUsage.NONE;
    }
    Integer in = usage.getPromptTokens();
    Integer out = usage.getCompletionTokens();
    return new TokenUsage(in == null ? 0 : Math.max(0, in), out == null ? 0 : Math.max(0, out));
  }

  @Override
  public void close() throws Exception {
    if (onClose != null) {
      onClose.close();
    }
  }
}
