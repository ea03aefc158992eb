package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.activations.ActivationFunction;
import dev.jkeras.activations.Activations;
import dev.jkeras.backend.Variable;
import dev.jkeras.constraints.Constraint;
import dev.jkeras.initializers.Initializer;
import dev.jkeras.initializers.Initializers;
import dev.jkeras.initializers.VarianceScaling;
import dev.jkeras.ops.Ops;
import dev.jkeras.regularizers.Regularizer;
import dev.jkeras.saving.Config;
import dev.jkeras.saving.Serialization;
import org.tensorflow.ndarray.NdArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dense layer of any rank, as Keras's {@code EinsumDense}: {@code activation(einsum(equation,
 * inputs, kernel) + bias)}. The equation has the form {@code "ab,bc->ac"}, {@code "...b,bc->...c"}
 * or {@code "abc...,cd->abd..."}; {@code outputShape} gives the output's sizes after the batch axis
 * (and outside the {@code ...}), {@link Shape#UNKNOWN} for a size taken from the input; {@code
 * biasAxes} names the output letters the bias spans (null: no bias).
 *
 * <pre>{@code
 * new EinsumDense("abc,cde->abde", Shape.UNKNOWN, 4, 16).biasAxes("de")   // (batch, seq, 4, 16)
 * }</pre>
 */
public class EinsumDense extends Layer implements LoraLayer {
  private static final Pattern PLAIN = Pattern.compile("([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)");
  private static final Pattern LEFT = Pattern.compile("0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)");
  private static final Pattern RIGHT = Pattern.compile("([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0");

  private final String equation;
  private final long[] partialOutputShape;
  private String biasAxes;
  private String activationName = "linear";
  private ActivationFunction activation = Activations::linear;
  private final WeightOptions kernelOptions = new WeightOptions(this, "kernel", Initializers.get("glorot_uniform"));
  private final WeightOptions biasOptions = new WeightOptions(this, "bias", Initializers.zeros());

  private Variable kernel;
  private final LoraOptions lora = new LoraOptions(this, kernelOptions, () -> kernel, true);
  private Variable bias;
  private Variable kernelScale;
  private EinsumQuantization quantization;
  private QuantizedPolicies.InputQuantizer inputsQuantizer = QuantizedPolicies.InputQuantizer.DEFAULT;

  /** The layer for {@code equation} with the output sizes after the batch axis ({@link Shape#UNKNOWN}: None). */
  public EinsumDense(String equation, long... outputShape) {
    this(null, equation, outputShape);
  }

  /** As {@link #EinsumDense(String, long...)} named {@code name} from the start (null: an automatic name). */
  EinsumDense(String name, String equation, long... outputShape) {
    super(name);
    if (equation == null || equation.isBlank()) {
      throw new IllegalArgumentException("EinsumDense needs an equation such as \"ab,bc->ac\", got " + equation);
    }
    for (long d : outputShape) {
      if (d <= 0 && d != Shape.UNKNOWN) {
        throw new IllegalArgumentException("EinsumDense output_shape entries must be positive or Shape.UNKNOWN "
            + "(None), got " + Arrays.toString(outputShape));
      }
    }
    this.equation = equation;
    this.partialOutputShape = outputShape.clone();
  }

  public String equation() {
    return equation;
  }

  /** The output sizes after the batch axis, as given ({@link Shape#UNKNOWN} for None). */
  public long[] partialOutputShape() {
    return partialOutputShape.clone();
  }

  /** The output letters the bias spans, e.g. {@code "de"}; null for no bias. */
  public EinsumDense biasAxes(String axes) {
    checkNotBuilt("biasAxes");
    this.biasAxes = axes;
    return this;
  }

  public String biasAxes() {
    return biasAxes;
  }

  public EinsumDense activation(String name) {
    checkNotBuilt("activation");
    this.activation = Activations.get(name);
    this.activationName = name == null ? "linear" : name;
    return this;
  }

  public EinsumDense activation(ActivationFunction function) {
    checkNotBuilt("activation");
    this.activation = function;
    this.activationName = "custom";
    return this;
  }

  public EinsumDense kernelInitializer(String name) {
    kernelOptions.initializer(name);
    return this;
  }

  public EinsumDense kernelInitializer(Initializer initializer) {
    kernelOptions.initializer(initializer);
    return this;
  }

  public EinsumDense biasInitializer(String name) {
    biasOptions.initializer(name);
    return this;
  }

  public EinsumDense biasInitializer(Initializer initializer) {
    biasOptions.initializer(initializer);
    return this;
  }

  public EinsumDense kernelRegularizer(Regularizer regularizer) {
    kernelOptions.regularizer(regularizer);
    return this;
  }

  public EinsumDense biasRegularizer(Regularizer regularizer) {
    biasOptions.regularizer(regularizer);
    return this;
  }

  public EinsumDense kernelConstraint(Constraint constraint) {
    kernelOptions.constraint(constraint);
    return this;
  }

  public EinsumDense kernelConstraint(String name) {
    kernelOptions.constraint(name);
    return this;
  }

  public EinsumDense biasConstraint(Constraint constraint) {
    biasOptions.constraint(constraint);
    return this;
  }

  public EinsumDense biasConstraint(String name) {
    biasOptions.constraint(name);
    return this;
  }

  @Override
  public EinsumDense name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public EinsumDense inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  /**
   * Keras's {@code lora_rank}: when built, the kernel is frozen and LoRA's trainable {@code lora_kernel_a}
   * {@code (kernel.shape[:-1] + (rank,))} and {@code lora_kernel_b} {@code (rank, kernel.shape[-1])} are added,
   * the kernel used being {@code kernel + (lora_alpha / rank) * (a @ b)}. On a built layer, {@link #enableLora(int)}.
   */
  public EinsumDense loraRank(int rank) {
    lora.rank(rank);
    return this;
  }

  /** Keras's {@code lora_alpha}, the update's scale numerator; the rank by default. */
  public EinsumDense loraAlpha(int alpha) {
    lora.alpha(alpha);
    return this;
  }

  @Override
  public LoraOptions loraOptions() {
    return lora;
  }

  /** The kernel, once built. */
  public Variable kernel() {
    return kernel;
  }

  /** The bias, once built; null without bias axes. */
  public Variable bias() {
    return bias;
  }

  /** The output's shape for inputs of {@code inputShape}, as Keras's {@code compute_output_shape}. */
  public Shape computeOutputShape(Shape inputShape) {
    return analyze(inputShape).outputShape;
  }

  @Override
  protected void build(Shape inputShape) {
    Analysis a = analyze(inputShape);
    for (long d : a.kernelShape) {
      if (d == Shape.UNKNOWN) {
        throw new IllegalArgumentException("Layer \"" + name() + "\" (EinsumDense) needs every kernel size known; "
            + "equation \"" + equation + "\" on input shape " + inputShape + " with output_shape "
            + shapeText(partialOutputShape) + " leaves the kernel shape " + shapeText(a.kernelShape));
      }
    }
    if ("int8".equals(quantizationMode())) {
      quantization = EinsumQuantization.of(equation, inputShape.rank());
      kernel = addWeight("kernel", Shape.of(a.kernelShape), DType.INT8, Int8Layers.ZEROS, false);
      kernelScale = addWeight("kernel_scale", kernelScaleShape(a.kernelShape), DType.FLOAT32, Initializers.ones(),
          false);
    } else {
      lora.checkBuild();
      kernel = kernelOptions.addWeight("kernel", Shape.of(a.kernelShape), kernelInitializer(a));
    }
    if (a.biasShape != null) {
      bias = biasOptions.addWeight("bias", Shape.of(a.biasShape));
    }
    lora.build();
  }

  /** Keras's {@code save_own_variables}: {@code kernel, bias} and, when quantized, {@code kernel_scale}. */
  @Override
  public List<Variable> savedVariables() {
    return plain() ? super.savedVariables() : LoraOptions.saved(kernel, bias, kernelScale);
  }

  /**
   * Keras's {@code _get_kernel_with_merged_lora}: the kernel with LoRA's update merged into it; an int8 kernel
   * is dequantized, merged and quantized again (a new {@code kernel_scale}).
   */
  @Override
  public List<NdArray<?>> savedValues() {
    LoraAdapter adapter = lora.adapter();
    if (adapter == null) {
      return super.savedValues();
    }
    NdArray<?> biasValue = bias == null ? null : bias.read();
    if (kernelScale == null) {
      return LoraOptions.saved(adapter.mergedValue(kernel.read()), biasValue, null);
    }
    List<NdArray<?>> q = quantizeKernel(adapter.mergedValue(dequantizedKernel()));
    return LoraOptions.saved(q.get(0), biasValue, q.get(1));
  }

  /** The float32 kernel the int8 one stands for: {@code kernel / scale}, the scale laid out as the kernel again. */
  private NdArray<?> dequantizedKernel() {
    NdArray<?> values = Int8Layers.ints((org.tensorflow.ndarray.ByteNdArray) kernel.read());
    NdArray<?> scale = kernelScale.read();
    return dev.jkeras.backend.Backends.get().eager(() -> List.of(Ops.divide(
        Ops.cast(Ops.convertToTensor(values), DType.FLOAT32), EinsumQuantization.unadjust(Ops.convertToTensor(scale),
            quantization.kernelTransposeAxes(), quantization.kernelExpandAxes(), quantization.kernelSqueezeAxes()))))
        .get(0);
  }

  /** Neither quantized nor with LoRA (or not built): the variables are saved as the layer lists them. */
  private boolean plain() {
    return !isBuilt() || kernelScale == null && !lora.enabled();
  }

  @Override
  public void afterLoad() {
    lora.afterLoad();
  }

  /** Keras's {@code _get_kernel_scale_shape}: the kernel's shape, reduced axes 1, laid out as the output. */
  private Shape kernelScaleShape(long[] kernelShape) {
    long[] reduced = kernelShape.clone();
    quantization.kernelReducedAxes().forEach(axis -> reduced[axis] = 1);
    List<Long> shape = new ArrayList<>();
    quantization.kernelTransposeAxes().forEach(axis -> shape.add(reduced[axis]));
    quantization.kernelExpandAxes().stream().sorted().forEach(axis -> shape.add(axis, 1L));
    quantization.kernelSqueezeAxes().stream().sorted(java.util.Comparator.reverseOrder())
        .forEach(axis -> shape.remove((int) axis));
    return Shape.of(shape.stream().mapToLong(Long::longValue).toArray());
  }

  @Override
  public boolean supportsQuantization(String mode) {
    return "int8".equals(mode) && getClass() == EinsumDense.class;
  }

  @Override
  public void checkQuantizable(String mode) {
    EinsumQuantization.of(equation, builtInputShape().rank());
  }

  /**
   * Keras's int8 {@code quantize}: abs-max over the kernel's contracted axes (the letters the
   * output lacks), the scale laid out as the output; computed with the backend's float32 kernels.
   */
  @Override
  protected List<NdArray<?>> quantizedValues(String mode) {
    List<NdArray<?>> q = quantizeKernel(kernel.read());
    return lora.withAdapterValues(LoraOptions.saved(q.get(0), bias == null ? null : bias.read(), q.get(1)));
  }

  /** The int8 values and the scale (laid out as the output) of a float kernel. */
  private List<NdArray<?>> quantizeKernel(NdArray<?> floats) {
    EinsumQuantization layout = EinsumQuantization.of(equation, builtInputShape().rank());
    int[] axes = layout.kernelReducedAxes().stream().mapToInt(Integer::intValue).toArray();
    List<NdArray<?>> computed = dev.jkeras.backend.Backends.get().eager(() -> {
      List<KerasTensor> q = Ops.absMaxQuantize(Ops.convertToTensor(floats), axes, -127, 127, 1e-7);
      return List.of(Ops.cast(q.get(0), DType.INT32), EinsumQuantization.adjust(q.get(1),
          layout.kernelTransposeAxes(), layout.kernelExpandAxes(), layout.kernelSqueezeAxes()));
    });
    return List.of(Int8Layers.bytes((org.tensorflow.ndarray.IntNdArray) computed.get(0)), computed.get(1));
  }

  /** Keras's saving order ({@code kernel, bias}, when quantized {@code kernel_scale} after them), then LoRA's. */
  @Override
  public List<Variable> ownVariables() {
    return plain() ? super.ownVariables() : lora.withAdapter(LoraOptions.saved(kernel, bias, kernelScale));
  }

  @Override
  public void resetBuild() {
    super.resetBuild();
    lora.reset();
    kernel = null;
    bias = null;
    kernelScale = null;
    quantization = null;
  }

  /** Keras fills in a VarianceScaling initializer's {@code input_axes} and {@code output_axes} from the equation. */
  private Initializer kernelInitializer(Analysis a) {
    Initializer init = kernelOptions.initializer();
    if (!(init instanceof VarianceScaling)) {
      return init;
    }
    Map<String, Object> serialized = new LinkedHashMap<>(Serialization.serialize(init));
    @SuppressWarnings("unchecked")
    Map<String, Object> config = new LinkedHashMap<>((Map<String, Object>) serialized.get("config"));
    if (config.get("input_axes") != null && config.get("output_axes") != null) {
      return init;
    }
    config.put("input_axes", a.inputAxes);
    config.put("output_axes", a.outputAxes);
    serialized.put("config", config);
    return Initializers.deserialize(serialized);
  }

  @Override
  public boolean supportsMasking() {
    return false;
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    KerasTensor floats = Ops.cast(inputs, DType.FLOAT32);
    KerasTensor x;
    if (kernelScale == null) {
      x = Ops.einsum(equation, floats, lora.merged(kernel.value()));
    } else {
      x = int8Einsum(floats);
      if (lora.enabled()) {
        // Keras's int8 call adds the LoRA term computed in float32.
        x = Ops.add(x, Ops.einsum(equation, floats, lora.adapter().delta()));
      }
    }
    if (bias != null) {
      x = Ops.add(x, bias.value());
    }
    return activation.apply(x);
  }

  /**
   * Keras's {@code _int8_call}: the inputs quantized over their contracted axes, the exact integer
   * einsum (summed in float64, exact for int8 products, then rounded once to float32 as Keras's int32
   * result is), divided by {@code inputs_scale * kernel_scale}; weight-only without an inputs quantizer.
   */
  private KerasTensor int8Einsum(KerasTensor x) {
    KerasTensor scale = kernelScale.value();
    KerasTensor kernelValues = Ops.cast(kernel.value(), DType.FLOAT64);
    if (inputsQuantizer == null) {
      KerasTensor product = Ops.einsum(equation, Ops.cast(x, DType.FLOAT64), kernelValues);
      return Ops.divide(Ops.cast(product, DType.FLOAT32), scale);
    }
    int[] axes = quantization.inputReducedAxes().stream().mapToInt(Integer::intValue).toArray();
    List<KerasTensor> q = Ops.absMaxQuantize(x, axes, inputsQuantizer.min(), inputsQuantizer.max(),
        inputsQuantizer.epsilon());
    KerasTensor inputsScale = EinsumQuantization.adjust(q.get(1), quantization.inputTransposeAxes(),
        quantization.inputExpandAxes(), quantization.inputSqueezeAxes());
    KerasTensor product = Ops.einsum(equation, Ops.cast(q.get(0), DType.FLOAT64), kernelValues);
    return Ops.divide(Ops.cast(product, DType.FLOAT32), Ops.multiply(inputsScale, scale));
  }

  // ------------------------------------------------------------------ the equation

  private record Analysis(long[] kernelShape, long[] biasShape, Shape outputShape, List<Integer> inputAxes,
      List<Integer> outputAxes) {}

  private Analysis analyze(Shape inputShape) {
    String dots = equation.replace("...", "0");
    Matcher m = PLAIN.matcher(dots);
    if (m.matches()) {
      return analyze(m, inputShape, false);
    }
    m = LEFT.matcher(dots);
    if (m.matches()) {
      return analyze(m, inputShape, true);
    }
    m = RIGHT.matcher(dots);
    if (m.matches()) {
      return analyze(m, inputShape, false);
    }
    throw new IllegalArgumentException("Invalid einsum equation '" + equation + "'. Equations must be in the form "
        + "[X],[Y]->[Z], ...[X],[Y]->...[Z], or [X]...,[Y]->[Z]....");
  }

  private Analysis analyze(Matcher m, Shape inputShape, boolean leftElided) {
    String inputSpec = m.group(1);
    String weightSpec = m.group(2);
    String outputSpec = m.group(3);
    int rank = inputShape.rank();
    int elided = rank - inputSpec.length();
    if (elided < 0) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (EinsumDense): equation '" + equation
          + "' names " + inputSpec.length() + " input axes but the input has shape " + inputShape);
    }
    List<Long> out = new ArrayList<>();
    for (long d : partialOutputShape) {
      out.add(d);
    }
    out.add(0, inputShape.get(0));
    if (elided > 0 && leftElided) {
      for (int i = 1; i < elided; i++) {
        out.add(1, inputShape.get(i));
      }
    } else if (elided > 0) {
      for (int i = rank - elided; i < rank; i++) {
        out.add(inputShape.get(i));
      }
    }
    Map<Character, Integer> inputDim = new LinkedHashMap<>();
    Map<Character, Integer> outputDim = new LinkedHashMap<>();
    for (int i = 0; i < inputSpec.length(); i++) {
      inputDim.put(inputSpec.charAt(i), leftElided ? i + elided : i);
    }
    for (int i = 0; i < outputSpec.length(); i++) {
      outputDim.put(outputSpec.charAt(i), leftElided ? i + elided : i);
    }
    if (out.size() != (leftElided ? elided : 0) + outputSpec.length() + (leftElided ? 0 : elided)) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (EinsumDense): output_shape "
          + shapeText(partialOutputShape) + " does not fit equation '" + equation + "' on input shape " + inputShape
          + ": give one size per output letter after the batch letter");
    }
    for (char c : inputSpec.toCharArray()) {
      long in = inputShape.get(inputDim.get(c));
      Integer o = outputDim.get(c);
      if (o != null && out.get(o) != Shape.UNKNOWN && out.get(o) != in) {
        throw new IllegalArgumentException("Input shape and output shape do not match at shared dimension '" + c
            + "'. Input shape is " + dim(in) + ", and output shape is " + dim(out.get(o)) + ".");
      }
    }
    for (char c : outputSpec.toCharArray()) {
      if (inputSpec.indexOf(c) < 0 && weightSpec.indexOf(c) < 0) {
        throw new IllegalArgumentException("Dimension '" + c + "' was specified in the output '" + outputSpec
            + "' but has no corresponding dim in the input spec '" + inputSpec + "' or weight spec '" + weightSpec
            + "'");
      }
    }
    long[] kernelShape = new long[weightSpec.length()];
    List<Integer> inputAxes = new ArrayList<>();
    List<Integer> outputAxes = new ArrayList<>();
    for (int i = 0; i < weightSpec.length(); i++) {
      char c = weightSpec.charAt(i);
      if (outputDim.containsKey(c)) {
        kernelShape[i] = out.get(outputDim.get(c));
        outputAxes.add(i);
      } else if (inputDim.containsKey(c)) {
        kernelShape[i] = inputShape.get(inputDim.get(c));
        inputAxes.add(i);
      } else {
        throw new IllegalArgumentException("Weight dimension '" + c + "' did not have a match in either the input "
            + "spec '" + inputSpec + "' or the output spec '" + outputSpec + "'. For this layer, the weight must be "
            + "fully specified.");
      }
    }
    long[] biasShape = null;
    if (biasAxes != null) {
      int leftOffset = leftElided ? elided : 0;
      int first = Integer.MAX_VALUE;
      for (char c : biasAxes.toCharArray()) {
        if (outputSpec.indexOf(c) < 0) {
          throw new IllegalArgumentException("Bias dimension '" + c + "' was requested, but is not part of the "
              + "output spec '" + outputSpec + "'");
        }
        first = Math.min(first, outputSpec.indexOf(c));
      }
      List<Long> b = new ArrayList<>();
      for (int i = first; i < outputSpec.length(); i++) {
        b.add(biasAxes.indexOf(outputSpec.charAt(i)) >= 0 ? out.get(i + leftOffset) : 1L);
      }
      if (!leftElided) {
        for (int i = 0; i < elided; i++) {
          b.add(1L);
        }
      }
      biasShape = b.stream().mapToLong(Long::longValue).toArray();
    }
    return new Analysis(kernelShape, biasShape, Shape.of(out.stream().mapToLong(Long::longValue).toArray()),
        inputAxes, outputAxes);
  }

  private static String dim(long d) {
    return d == Shape.UNKNOWN ? "None" : Long.toString(d);
  }

  private static String shapeText(long[] dims) {
    StringBuilder s = new StringBuilder("(");
    for (int i = 0; i < dims.length; i++) {
      s.append(i > 0 ? ", " : "").append(dim(dims[i]));
    }
    return s.append(dims.length == 1 ? ",)" : ")").toString();
  }

  // ------------------------------------------------------------------ serialization

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    List<Long> shape = new ArrayList<>();
    for (long d : partialOutputShape) {
      shape.add(d == Shape.UNKNOWN ? null : d);
    }
    config.put("output_shape", shape);
    config.put("equation", equation);
    config.put("activation", Activations.serialize(activationName, this));
    config.put("bias_axes", biasAxes);
    WeightOptions.putInitializers(config, kernelOptions, biasOptions);
    WeightOptions.putRegularizers(config, kernelOptions, biasOptions);
    config.put("activity_regularizer", null);
    WeightOptions.putConstraints(config, kernelOptions, biasOptions);
    config.put("quantization_config", quantizationMode() == null ? null : QuantizedPolicies.int8Config(inputsQuantizer));
    lora.putConfig(config);
    return config;
  }

  public static EinsumDense fromConfig(Config config) {
    Object saved = config.get("output_shape");
    long[] shape;
    if (saved instanceof Number n) {
      shape = new long[] {n.longValue()};
    } else if (saved instanceof List<?> list) {
      shape = list.stream().mapToLong(d -> d == null ? Shape.UNKNOWN : ((Number) d).longValue()).toArray();
    } else {
      throw new IllegalArgumentException("The saved config of EinsumDense needs 'output_shape' (an int or a list), "
          + "got " + saved);
    }
    EinsumDense layer = new EinsumDense(config.getString("equation", null), shape);
    Object axes = config.get("bias_axes");
    layer.biasAxes(axes == null ? null : String.valueOf(axes));
    layer.activation(config.getString("activation", "linear"));
    WeightOptions.readAll(config, layer.kernelOptions, layer.biasOptions);
    layer.lora.readConfig(config);
    layer.inputsQuantizer = QuantizedPolicies.inputQuantizerOf(config, config.getString("name", layer.name()));
    return layer;
  }
}
