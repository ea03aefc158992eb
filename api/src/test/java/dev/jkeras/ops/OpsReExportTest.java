package dev.jkeras.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link Ops} is the user's {@code keras.ops}: it must re-export every public function of every op
 * family with the same signature, and hold nothing of its own.
 */
class OpsReExportTest {
  private static final List<Class<?>> FAMILIES = List.of(CoreOps.class, MathOps.class, NnOps.class,
      NumpyOps.class, LinalgOps.class, RandomOps.class, ImageOps.class, IoOps.class, StringOps.class,
      ControlFlowOps.class, AttentionOps.class, CollectiveOps.class, QuantizerOps.class);

  /** {@code name(generic parameter types) -> generic return type, varargs}: what a caller's code depends on. */
  private static String signature(Method m) {
    return m.getName() + Arrays.stream(m.getGenericParameterTypes()).map(t -> t.getTypeName())
        .collect(Collectors.joining(", ", "(", ")")) + " -> " + m.getGenericReturnType().getTypeName()
        + (m.isVarArgs() ? " varargs" : "");
  }

  private static Set<String> publicFunctions(Class<?> type) {
    return Arrays.stream(type.getDeclaredMethods())
        .filter(m -> Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers()))
        .map(OpsReExportTest::signature)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void everyFamilyFunctionIsReExportedWithItsSignature() {
    Set<String> ops = publicFunctions(Ops.class);
    for (Class<?> family : FAMILIES) {
      Set<String> missing = new TreeSet<>(publicFunctions(family));
      missing.removeAll(ops);
      assertTrue(missing.isEmpty(), "Ops does not re-export these " + family.getSimpleName()
          + " functions (add a delegating method to Ops): " + missing);
    }
  }

  @Test
  void opsHoldsOnlyReExports() {
    Set<String> families = new TreeSet<>();
    FAMILIES.forEach(f -> families.addAll(publicFunctions(f)));
    Set<String> extra = new TreeSet<>(publicFunctions(Ops.class));
    extra.removeAll(families);
    assertTrue(extra.isEmpty(), "Ops functions that belong to no family (move them into the family "
        + "file Keras puts them in, and re-export them): " + extra);
  }

  @Test
  void noFunctionIsInTwoFamilies() {
    Set<String> seen = new TreeSet<>();
    int total = 0;
    for (Class<?> family : FAMILIES) {
      Set<String> functions = publicFunctions(family);
      total += functions.size();
      seen.addAll(functions);
    }
    assertEquals(total, seen.size(), "a function is defined in two op families");
  }
}
