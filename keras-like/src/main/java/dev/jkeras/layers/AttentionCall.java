package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One call of {@link MultiHeadAttention} or {@link GroupedQueryAttention}, read from its tensors and
 * {@link CallArguments} as Keras reads {@code call(query, value, key=None, query_mask=None,
 * value_mask=None, key_mask=None, attention_mask=None, return_attention_scores=False,
 * use_causal_mask=False)}: the masks default to those the tensors carry, the key to the value; the
 * tensors come without their masks.
 */
record AttentionCall(KerasTensor query, KerasTensor value, KerasTensor key, boolean keyGiven, KerasTensor attentionMask,
    KerasTensor queryMask, KerasTensor valueMask, KerasTensor keyMask, boolean useCausalMask, boolean returnScores) {
  private static final List<String> KEYWORDS = List.of("key", "attention_mask", "query_mask", "value_mask", "key_mask");

  static AttentionCall parse(Layer layer, List<KerasTensor> inputs, CallArguments arguments) {
    String type = layer.getClass().getSimpleName();
    int positional = arguments.positional();
    if (positional < 2 || positional > 3) {
      throw new IllegalArgumentException("Layer \"" + layer.name() + "\" (" + type + ") is called as layer(query, "
          + "value) or layer(query, value, key), got " + positional + " positional tensor(s)");
    }
    for (String keyword : arguments.tensorKeywords()) {
      if (!KEYWORDS.contains(keyword)) {
        throw new IllegalArgumentException("Layer \"" + layer.name() + "\" (" + type + ") got an unexpected keyword "
            + "tensor '" + keyword + "'; it takes " + String.join(", ", KEYWORDS));
      }
    }
    KerasTensor query = inputs.get(0);
    KerasTensor value = inputs.get(1);
    KerasTensor key = positional == 3 ? inputs.get(2) : tensor(inputs, arguments, "key");
    KerasTensor valueMask = orElse(tensor(inputs, arguments, "value_mask"), value.mask());
    KerasTensor keyMask = key == null ? null : orElse(tensor(inputs, arguments, "key_mask"), key.mask());
    KerasTensor plainValue = value.withMask(null);
    return new AttentionCall(query.withMask(null), plainValue, key == null ? plainValue : key.withMask(null),
        key != null, tensor(inputs, arguments, "attention_mask"), query.mask(), valueMask, keyMask,
        arguments.flag("use_causal_mask", false), arguments.flag("return_attention_scores", false));
  }

  /** Whether the causal mask is the only mask: Keras then runs the fused causal kernel. */
  boolean causalOnly(Integer slidingWindow) {
    return useCausalMask && queryMask == null && valueMask == null && keyMask == null && attentionMask == null
        && slidingWindow == null;
  }

  /** Keras's {@code _compute_attention_mask} for this call. */
  KerasTensor combinedMask(Integer slidingWindow) {
    return AttentionMasks.combined(query, value, queryMask, valueMask, keyMask, attentionMask, useCausalMask,
        slidingWindow);
  }

  /** Calls {@code layer} as {@code layer(query, value, **options)}. */
  static List<KerasTensor> apply(Layer layer, KerasTensor query, KerasTensor value,
      MultiHeadAttention.CallOptions options) {
    List<KerasTensor> tensors = new ArrayList<>(List.of(query, value));
    List<String> keywords = new ArrayList<>();
    if (options.key() != null) {
      tensors.add(options.key());
      keywords.add("key");
    }
    if (options.attentionMask() != null) {
      tensors.add(options.attentionMask());
      keywords.add("attention_mask");
    }
    Map<String, Object> flags = new LinkedHashMap<>();
    if (options.returnAttentionScores()) {
      flags.put("return_attention_scores", true);
    }
    if (options.useCausalMask()) {
      flags.put("use_causal_mask", true);
    }
    return layer.applyAll(tensors, Layer.currentTraining(), new CallArguments(2, true, keywords, flags));
  }

  private static KerasTensor tensor(List<KerasTensor> inputs, CallArguments arguments, String keyword) {
    int i = arguments.indexOf(keyword);
    return i < 0 ? null : inputs.get(i);
  }

  private static KerasTensor orElse(KerasTensor first, KerasTensor second) {
    return first != null ? first : second;
  }
}
