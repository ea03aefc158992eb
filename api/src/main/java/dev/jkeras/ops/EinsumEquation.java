package dev.jkeras.ops;

import dev.jkeras.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * An einsum equation checked against its operands' shapes, as NumPy reads it: one spec per operand
 * (letters, at most one {@code ...}), an optional {@code ->} output (implicit: {@code ...} then the
 * letters used once, in alphabetical order), each letter one size wherever it is known.
 */
final class EinsumEquation {
  private static final String ELLIPSIS = "...";

  final List<String> inputs;
  final String output;

  private EinsumEquation(List<String> inputs, String output) {
    this.inputs = inputs;
    this.output = output;
  }

  /** The equation in explicit form, e.g. {@code "ij,jk->ik"}. */
  String explicit() {
    return String.join(",", inputs) + "->" + output;
  }

  static EinsumEquation parse(String subscripts, List<Shape> shapes) {
    if (subscripts == null) {
      throw new IllegalArgumentException("einsum needs subscripts such as \"ij,jk->ik\", got null");
    }
    String eq = subscripts.replace(" ", "");
    if (shapes.isEmpty()) {
      throw new IllegalArgumentException("einsum needs at least one operand, got none for subscripts \"" + subscripts
          + "\"");
    }
    int arrow = eq.indexOf("->");
    if (arrow >= 0 && eq.indexOf("->", arrow + 2) >= 0) {
      throw new IllegalArgumentException("At most one '->' is supported in einsum subscripts, got \"" + subscripts
          + "\"");
    }
    String lhs = arrow >= 0 ? eq.substring(0, arrow) : eq;
    List<String> specs = List.of(lhs.split(",", -1));
    if (specs.size() != shapes.size()) {
      throw new IllegalArgumentException("einsum: the subscripts \"" + subscripts + "\" name " + specs.size()
          + " operand(s) but " + shapes.size() + " were given; write one comma-separated spec per operand");
    }
    Map<Character, Long> sizes = new LinkedHashMap<>();
    boolean anyEllipsis = false;
    for (int i = 0; i < specs.size(); i++) {
      String spec = specs.get(i);
      checkSpec(subscripts, spec, "operand " + i);
      boolean ellipsis = spec.contains(ELLIPSIS);
      String letters = spec.replace(ELLIPSIS, "");
      Shape shape = shapes.get(i);
      if (ellipsis ? shape.rank() < letters.length() : shape.rank() != letters.length()) {
        throw new IllegalArgumentException("einsum: spec \"" + spec + "\" of operand " + i + " names "
            + letters.length() + " axes" + (ellipsis ? " (plus '...')" : "") + " but the operand has shape " + shape
            + " (rank " + shape.rank() + ")");
      }
      anyEllipsis |= ellipsis && shape.rank() > letters.length();
      int before = ellipsis ? spec.indexOf(ELLIPSIS) : letters.length();
      for (int j = 0; j < letters.length(); j++) {
        int axis = j < before ? j : shape.rank() - (letters.length() - j);
        long size = shape.get(axis);
        Long known = sizes.get(letters.charAt(j));
        if (known != null && known != Shape.UNKNOWN && size != Shape.UNKNOWN && known != size) {
          throw new IllegalArgumentException("einsum: index '" + letters.charAt(j) + "' has size " + known
              + " in one operand and " + size + " in operand " + i + " (shape " + shape + ") for subscripts \""
              + subscripts + "\"");
        }
        if (known == null || known == Shape.UNKNOWN) {
          sizes.put(letters.charAt(j), size);
        }
      }
    }
    String output = arrow >= 0 ? eq.substring(arrow + 2) : implicitOutput(specs, lhs.contains(ELLIPSIS));
    checkSpec(subscripts, output, "the output");
    for (char c : output.replace(ELLIPSIS, "").toCharArray()) {
      if (!sizes.containsKey(c)) {
        throw new IllegalArgumentException("einsum: output index '" + c + "' appears in no input of \"" + subscripts
            + "\"");
      }
      if (output.indexOf(c) != output.lastIndexOf(c)) {
        throw new IllegalArgumentException("einsum: output index '" + c + "' appears more than once in \""
            + subscripts + "\"");
      }
    }
    if (anyEllipsis && !output.contains(ELLIPSIS)) {
      throw new IllegalArgumentException("einsum: the inputs of \"" + subscripts + "\" broadcast axes through '...'"
          + " but the output has no '...' to hold them; add '...' to the output");
    }
    if (output.contains(ELLIPSIS) && !lhs.contains(ELLIPSIS)) {
      throw new IllegalArgumentException("einsum: the output of \"" + subscripts + "\" has '...' but no input has");
    }
    return new EinsumEquation(new ArrayList<>(specs), output);
  }

  private static void checkSpec(String subscripts, String spec, String what) {
    String letters = spec.replace(ELLIPSIS, "");
    if (spec.length() - letters.length() > ELLIPSIS.length()) {
      throw new IllegalArgumentException("einsum: " + what + " has more than one '...' in \"" + subscripts + "\"");
    }
    for (char c : letters.toCharArray()) {
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
        throw new IllegalArgumentException("einsum: invalid character '" + c + "' in " + what + " of \"" + subscripts
            + "\"; use letters a-z, A-Z, ',' '->' and '...'");
      }
    }
  }

  /** NumPy's implicit output: {@code ...} when used, then the letters used once, sorted. */
  private static String implicitOutput(List<String> specs, boolean ellipsis) {
    String all = String.join("", specs).replace(ELLIPSIS, "");
    TreeSet<Character> once = new TreeSet<>();
    for (char c : all.toCharArray()) {
      if (all.indexOf(c) == all.lastIndexOf(c)) {
        once.add(c);
      }
    }
    StringBuilder out = new StringBuilder(ellipsis ? ELLIPSIS : "");
    once.forEach(out::append);
    return out.toString();
  }

  /**
   * The spec of contracting {@code a} with {@code b} when {@code later} specs and the output still
   * need some of their indices: the indices of either that are still needed, in order of appearance.
   */
  static String pairOutput(String a, String b, List<String> later, String output) {
    String needed = String.join("", later) + output;
    StringBuilder out = new StringBuilder(a.contains(ELLIPSIS) || b.contains(ELLIPSIS) ? ELLIPSIS : "");
    for (char c : (a + b).replace(ELLIPSIS, "").toCharArray()) {
      if (needed.indexOf(c) >= 0 && out.indexOf(String.valueOf(c)) < 0) {
        out.append(c);
      }
    }
    return out.toString();
  }
}
