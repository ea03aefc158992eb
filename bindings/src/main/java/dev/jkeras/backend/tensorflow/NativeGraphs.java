package dev.jkeras.backend.tensorflow;

import java.lang.reflect.Field;
import org.tensorflow.Graph;
import org.tensorflow.internal.c_api.TF_Graph;

/**
 * The native {@code TF_Graph} behind a TF Java {@link Graph}, for the C API calls TF Java 1.1.0 does not
 * wrap (graph functions with {@code DT_VARIANT} arguments, dataset-returning functions).
 */
public final class NativeGraphs {
  private static final Field GRAPH_HANDLE = graphHandleField();

  private NativeGraphs() {}

  /** {@code graph}'s native handle; the caller holds the graph open while it uses it. */
  public static TF_Graph handle(Graph graph) {
    try {
      return (TF_Graph) GRAPH_HANDLE.get(graph);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("Cannot reach the native graph of TF Java's Graph", e);
    }
  }

  private static Field graphHandleField() {
    try {
      Field field = Graph.class.getDeclaredField("nativeHandle");
      field.setAccessible(true);
      return field;
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError("This TF Java has no Graph.nativeHandle (written for TF Java 1.1.0): " + e);
    }
  }
}
