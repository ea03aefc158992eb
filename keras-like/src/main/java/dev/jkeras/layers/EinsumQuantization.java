package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How Keras's int8 {@code EinsumDense} lays out its scales ({@code _analyze_quantization_info}):
 * the axes the input and kernel quantizers reduce (the letters absent from the output), and the
 * transpose, expand and squeeze steps that align each per-channel scale with the einsum's output.
 */
record EinsumQuantization(List<Integer> inputReducedAxes, List<Integer> kernelReducedAxes,
    List<Integer> inputTransposeAxes, List<Integer> kernelTransposeAxes, List<Integer> inputExpandAxes,
    List<Integer> kernelExpandAxes, List<Integer> inputSqueezeAxes, List<Integer> kernelSqueezeAxes) {
  private static final Pattern PLAIN = Pattern.compile("([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)");
  private static final Pattern LEFT = Pattern.compile("0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)");
  private static final Pattern RIGHT = Pattern.compile("([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0");
  /** Keras 3.15.1 cannot quantize (nor load quantized) layers whose equation has an ellipsis; jkeras refuses them too. */
  private static final boolean KERAS_FAILS_ON_ELLIPSES = true;

  /** The layout for {@code equation} on inputs of rank {@code inputRank}, exactly as Keras derives it. */
  static EinsumQuantization of(String equation, int inputRank) {
    String[] specs = specs(equation, inputRank);
    String input = specs[0];
    String weight = specs[1];
    String output = specs[2];
    List<Integer> inputReduced = new ArrayList<>();
    List<Integer> weightReduced = new ArrayList<>();
    // Keras's `index` outlives its loops; where a squeeze happens it reuses the last value (kept here as is).
    int index = 0;
    for (int i = 0; i < input.length(); i++) {
      index = output.indexOf(input.charAt(i));
      if (index == -1) {
        inputReduced.add(i);
      }
    }
    for (int i = 0; i < weight.length(); i++) {
      index = output.indexOf(weight.charAt(i));
      if (index == -1) {
        weightReduced.add(i);
      }
    }
    List<Integer> inputExpand = new ArrayList<>();
    List<Integer> weightExpand = new ArrayList<>();
    for (int i = 0; i < output.length(); i++) {
      if (input.indexOf(output.charAt(i)) == -1) {
        inputExpand.add(i);
      }
      if (weight.indexOf(output.charAt(i)) == -1) {
        weightExpand.add(i);
      }
    }
    List<Integer> inputTranspose = new ArrayList<>();
    List<Integer> weightTranspose = new ArrayList<>();
    for (int i = 0; i < output.length(); i++) {
      int inInput = input.indexOf(output.charAt(i));
      int inWeight = weight.indexOf(output.charAt(i));
      if (inInput != -1) {
        inputTranspose.add(inInput);
      }
      if (inWeight != -1) {
        weightTranspose.add(inWeight);
      }
    }
    List<Integer> inputSqueeze = new ArrayList<>();
    List<Integer> weightSqueeze = new ArrayList<>();
    for (int original : inputReduced) {
      if (inputExpand.isEmpty()) {
        inputSqueeze.add(original);
      } else {
        index = inputExpand.remove(0);
      }
      inputTranspose.add(insertionPoint(index, inputTranspose.size()), original);
    }
    for (int original : weightReduced) {
      if (weightExpand.isEmpty()) {
        weightSqueeze.add(original);
      } else {
        index = weightExpand.remove(0);
      }
      weightTranspose.add(insertionPoint(index, weightTranspose.size()), original);
    }
    return new EinsumQuantization(List.copyOf(inputReduced), List.copyOf(weightReduced), List.copyOf(inputTranspose),
        List.copyOf(weightTranspose), List.copyOf(inputExpand), List.copyOf(weightExpand), List.copyOf(inputSqueeze),
        List.copyOf(weightSqueeze));
  }

  /** Python's {@code list.insert(index, x)}: negative indices count from the end, out-of-range ones clamp. */
  private static int insertionPoint(int index, int size) {
    int at = index < 0 ? index + size : index;
    return Math.max(0, Math.min(size, at));
  }

  private static String[] specs(String equation, int inputRank) {
    String dots = equation.replace("...", "0");
    Matcher m = PLAIN.matcher(dots);
    if (m.matches()) {
      return new String[] {m.group(1), m.group(2), m.group(3)};
    }
    boolean left = (m = LEFT.matcher(dots)).matches();
    if (!left && !(m = RIGHT.matcher(dots)).matches()) {
      throw new IllegalArgumentException("Invalid einsum equation '" + equation + "'. Equations must be in the form "
          + "[X],[Y]->[Z], ...[X],[Y]->...[Z], or [X]...,[Y]->[Z]....");
    }
    if (KERAS_FAILS_ON_ELLIPSES) {
      throw new IllegalArgumentException("An EinsumDense with the elided equation '" + equation + "' cannot be "
          + "quantized to int8: Keras 3.15.1 fails on such equations (its _analyze_quantization_info takes len() of "
          + "the input rank), so neither side could load the file. Write the equation without '...' (e.g. "
          + "'abc,cd->abd' for '...c,cd->...d' on rank-3 inputs) to quantize the layer.");
    }
    String input = m.group(1);
    String weight = m.group(2);
    String output = m.group(3);
    TreeSet<Character> free = new TreeSet<>();
    for (char c = 'A'; c <= 'Z'; c++) {
      free.add(c);
    }
    for (char c = 'a'; c <= 'z'; c++) {
      free.add(c);
    }
    for (char c : (input + weight + output).toCharArray()) {
      free.remove(c);
    }
    List<Character> labels = new ArrayList<>(free);
    int elided = inputRank - input.length();
    for (int i = 0; i < elided; i++) {
      if (left) {
        input = labels.get(i) + input;
        output = labels.get(i) + output;
      } else {
        input = input + labels.get(i);
        output = output + labels.get(i);
      }
    }
    return new String[] {input, weight, output};
  }

  /** Keras's {@code _adjust_scale_for_quant}: transpose, then expand, then squeeze. */
  static KerasTensor adjust(KerasTensor scale, List<Integer> transpose, List<Integer> expand, List<Integer> squeeze) {
    KerasTensor x = scale;
    if (!transpose.isEmpty()) {
      x = Ops.transpose(x, transpose.stream().mapToInt(Integer::intValue).toArray());
    }
    if (!expand.isEmpty()) {
      int rank = x.rank() + expand.size();
      for (int axis : expand.stream().map(a -> a < 0 ? a + rank : a).sorted().toList()) {
        x = Ops.expandDims(x, axis);
      }
    }
    if (!squeeze.isEmpty()) {
      int rank = x.rank();
      for (int axis : squeeze.stream().map(a -> a < 0 ? a + rank : a).sorted(java.util.Comparator.reverseOrder())
          .toList()) {
        x = Ops.squeeze(x, axis);
      }
    }
    return x;
  }

  /** Keras's {@code _adjust_scale_for_dequant}, the inverse of {@link #adjust}: the scale laid out as the kernel again. */
  static KerasTensor unadjust(KerasTensor scale, List<Integer> transpose, List<Integer> expand, List<Integer> squeeze) {
    KerasTensor x = scale;
    if (!squeeze.isEmpty()) {
      int rank = x.rank() + squeeze.size();
      for (int axis : squeeze.stream().map(a -> a < 0 ? a + rank : a).sorted().toList()) {
        x = Ops.expandDims(x, axis);
      }
    }
    if (!expand.isEmpty()) {
      int rank = x.rank();
      for (int axis : expand.stream().map(a -> a < 0 ? a + rank : a).sorted(java.util.Comparator.reverseOrder())
          .toList()) {
        x = Ops.squeeze(x, axis);
      }
    }
    if (!transpose.isEmpty()) {
      int[] inverse = new int[transpose.size()];
      for (int i = 0; i < inverse.length; i++) {
        inverse[transpose.get(i)] = i;
      }
      x = Ops.transpose(x, inverse);
    }
    return x;
  }
}
