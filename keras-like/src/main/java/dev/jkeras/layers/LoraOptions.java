package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Variable;
import dev.jkeras.saving.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.tensorflow.ndarray.NdArray;

/**
 * The LoRA of one layer's kernel (Dense's and EinsumDense's {@code kernel}, Embedding's {@code embeddings}),
 * as Keras's {@code lora_rank} / {@code lora_alpha} arguments and {@code enable_lora}: the options given
 * before build, the {@link LoraAdapter} once enabled (at build, or on the built layer), the config entries,
 * and the variables saved and loaded. Like {@link WeightOptions}, it keeps a layer's setters,
 * {@code getConfig}, {@code fromConfig}, {@code build} and saving from drifting apart.
 */
public final class LoraOptions {
  private final Layer owner;
  private final WeightOptions kernelOptions;
  private final Supplier<Variable> kernel;
  /** Whether the build enables LoRA with the given {@code lora_alpha} (EinsumDense) or the rank alone (Dense, Embedding). */
  private final boolean buildKeepsAlpha;
  private int rank;
  private Integer alpha;
  /** The alpha {@code enable_lora} set, kept when the layer is built again (as quantize does). */
  private Integer enabledAlpha;
  private LoraAdapter adapter;

  LoraOptions(Layer owner, WeightOptions kernelOptions, Supplier<Variable> kernel, boolean buildKeepsAlpha) {
    this.owner = owner;
    this.kernelOptions = kernelOptions;
    this.kernel = kernel;
    this.buildKeepsAlpha = buildKeepsAlpha;
  }

  /** Keras's {@code lora_rank} argument, for the build. */
  void rank(int rank) {
    owner.checkNotBuilt("loraRank");
    this.rank = LoraAdapter.checkRank(rank);
  }

  /** Keras's {@code lora_alpha} argument. */
  void alpha(int alpha) {
    owner.checkNotBuilt("loraAlpha");
    this.alpha = alpha;
  }

  /** Keras's {@code lora_enabled}. */
  public boolean enabled() {
    return adapter != null;
  }

  /** Keras's {@code lora_rank}, 0 without LoRA. */
  public int rank() {
    return adapter != null ? adapter.rank() : rank;
  }

  /** Keras's {@code lora_alpha}, null without LoRA. */
  public Integer alpha() {
    if (adapter != null) {
      return adapter.alpha();
    }
    return rank > 0 ? (alpha != null ? alpha : Integer.valueOf(rank)) : null;
  }

  /** The adapter, or null without LoRA. */
  LoraAdapter adapter() {
    return adapter;
  }

  /** Refuses a kernel constraint before the kernel is made, when the build will enable LoRA. */
  void checkBuild() {
    if (rank > 0) {
      LoraAdapter.checkNoConstraint(kernelOptions, weightName());
    }
  }

  /** Enables LoRA at the end of the build when a rank was given, as Keras's {@code build} calls {@code enable_lora}. */
  void build() {
    if (rank > 0) {
      int buildAlpha = enabledAlpha != null ? enabledAlpha : buildKeepsAlpha && alpha != null ? alpha : rank;
      adapter = create(rank, buildAlpha);
    }
  }

  /**
   * Keras's {@code enable_lora(rank, lora_alpha)} on the built layer, with its errors (a kernel constraint,
   * an unbuilt layer, LoRA enabled already); a rank below 1 is refused. The weights are added in the graph
   * holding the layer's, the kernel is frozen, and the models holding the layer trace their steps again.
   */
  void enable(int newRank, Integer newAlpha) {
    LoraAdapter.checkNoConstraint(kernelOptions, weightName());
    LoraAdapter.checkEnable(owner, adapter != null, newRank);
    int effective = newAlpha != null ? newAlpha : newRank;
    LoraAdapter checked = new LoraAdapter(newRank, effective);
    owner.extendBuild(() -> adapter = create(checked.rank(), checked.alpha()));
    rank = newRank;
    alpha = effective;
    enabledAlpha = effective;
  }

  private LoraAdapter create(int adapterRank, int adapterAlpha) {
    LoraAdapter created = new LoraAdapter(adapterRank, adapterAlpha);
    Variable base = kernel.get();
    created.build(owner, "lora_" + weightName(), base.shape(), kernelOptions.regularizer());
    owner.freezeWeight(base);
    return created;
  }

  private String weightName() {
    return kernelOptions.prefix();
  }

  /** Forgets the adapter with the build; the rank (and an enabled alpha) stay, so the next build enables it again. */
  void reset() {
    adapter = null;
  }

  /** {@code kernel + (alpha / rank) * (a @ b)} when enabled, else {@code kernel}, in the graph. */
  KerasTensor merged(KerasTensor kernelValue) {
    return adapter == null ? kernelValue : adapter.merged(kernelValue);
  }

  /** A kernel layer's saved parts in Keras's order, {@code kernel, bias, kernel_scale}, leaving out the absent (null) ones. */
  static <T> List<T> saved(T kernelPart, T biasPart, T scalePart) {
    return java.util.stream.Stream.of(kernelPart, biasPart, scalePart).filter(java.util.Objects::nonNull).toList();
  }

  /** The layer's own variables in saving order, then LoRA's {@code a} and {@code b} when enabled. */
  List<Variable> withAdapter(List<Variable> saved) {
    if (adapter == null) {
      return saved;
    }
    List<Variable> all = new ArrayList<>(saved);
    all.add(adapter.a());
    all.add(adapter.b());
    return all;
  }

  /** The current values of LoRA's {@code a} and {@code b}, after {@code values}, when enabled. */
  List<NdArray<?>> withAdapterValues(List<NdArray<?>> values) {
    if (adapter == null) {
      return values;
    }
    List<NdArray<?>> all = new ArrayList<>(values);
    all.add(adapter.a().read());
    all.add(adapter.b().read());
    return all;
  }

  /** Keras's {@code load_own_variables}: the loaded kernel holds the update, so LoRA's weights start again from zero. */
  void afterLoad() {
    if (adapter != null) {
      adapter.zero();
    }
  }

  /** Puts {@code lora_rank} and {@code lora_alpha}, only when a rank is set, as Keras. */
  void putConfig(Map<String, Object> config) {
    if (rank() > 0) {
      config.put("lora_rank", rank());
      config.put("lora_alpha", alpha());
    }
  }

  /** Reads {@code lora_rank} (absent or null: no LoRA) and {@code lora_alpha} (absent or null: the rank). */
  void readConfig(Config config) {
    int saved = config.get("lora_rank") == null ? 0 : config.getInt("lora_rank", 0);
    if (saved != 0) {
      rank(saved);
      alpha(config.get("lora_alpha") == null ? saved : config.getInt("lora_alpha", saved));
    }
  }
}
