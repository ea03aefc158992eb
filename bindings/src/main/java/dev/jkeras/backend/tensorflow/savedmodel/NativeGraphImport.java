package dev.jkeras.backend.tensorflow.savedmodel;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteBuffer;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteImportGraphDefOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GetCode;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GraphImportGraphDef;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_ImportGraphDefOptionsAddInputMapping;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_ImportGraphDefOptionsSetPrefix;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_Message;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewBufferFromString;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewImportGraphDefOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewStatus;

import java.lang.reflect.Method;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.internal.c_api.TF_Buffer;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_ImportGraphDefOptions;
import org.tensorflow.internal.c_api.TF_Output;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.proto.GraphDef;

/**
 * Imports a GraphDef into an existing graph with some of its tensors replaced by tensors of that
 * graph: TensorFlow's importer does this ({@code TF_ImportGraphDefOptionsAddInputMapping}), but
 * TensorFlow Java's {@link Graph#importGraphDef} does not expose it, so this calls the C API.
 *
 * <p>The C API needs the graph's native handle, which TensorFlow Java keeps package-private. It is
 * taken through {@code Graph.ref()} by reflection, the way TensorFlow Java itself holds a graph
 * while it uses the handle (the reference keeps the graph open until it is closed). A class placed
 * in package {@code org.tensorflow} would avoid reflection but split that package across jars,
 * which the Java module system forbids; reflection works on the class path and, on the module path,
 * with {@code --add-opens tensorflow/org.tensorflow=ALL-UNNAMED} (or the jkeras module).
 *
 * <p>The import runs on a {@link NativeThreads} thread, whose stack holds TensorFlow's recursion.
 */
final class NativeGraphImport {
  private static final Method REF = refMethod();
  private static final Method NATIVE_HANDLE = handleMethod();

  private NativeGraphImport() {}

  /**
   * Imports {@code definition} into {@code graph}, every node named {@code prefix/...}; each key of
   * {@code inputMap} ({@code "node:index"} in the definition) is replaced by the mapped output.
   */
  static void importInto(Graph graph, GraphDef definition, String prefix, Map<String, Output<?>> inputMap) {
    NativeThreads.call(() -> {
      importOnThisThread(graph, definition, prefix, inputMap);
      return null;
    });
  }

  private static void importOnThisThread(Graph graph, GraphDef definition, String prefix,
      Map<String, Output<?>> inputMap) {
    byte[] bytes = definition.toByteArray();
    try (AutoCloseable reference = (AutoCloseable) invoke(REF, graph);
        BytePointer data = new BytePointer(bytes)) {
      TF_Graph handle = (TF_Graph) invoke(NATIVE_HANDLE, reference);
      TF_Status status = TF_NewStatus();
      TF_ImportGraphDefOptions options = TF_NewImportGraphDefOptions();
      TF_Buffer buffer = TF_NewBufferFromString(data, bytes.length);
      try {
        TF_ImportGraphDefOptionsSetPrefix(options, prefix);
        for (Map.Entry<String, Output<?>> mapping : inputMap.entrySet()) {
          TensorName source = TensorName.parse(mapping.getKey());
          Output<?> target = mapping.getValue();
          try (TF_Output destination = new TF_Output()) {
            destination.oper(((GraphOperation) target.op()).getUnsafeNativeHandle()).index(target.index());
            TF_ImportGraphDefOptionsAddInputMapping(options, source.node(), source.index(), destination);
          }
        }
        TF_GraphImportGraphDef(handle, buffer, options, status);
        if (TF_GetCode(status) != 0) {
          throw new IllegalArgumentException(TF_Message(status).getString());
        }
      } finally {
        TF_DeleteBuffer(buffer);
        TF_DeleteImportGraphDefOptions(options);
        TF_DeleteStatus(status);
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("Could not import a graph: " + e, e);
    }
  }

  private static Object invoke(Method method, Object target) {
    try {
      return method.invoke(target);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Could not reach TensorFlow Java's native graph (" + method + "): " + e, e);
    }
  }

  private static Method refMethod() {
    try {
      Method ref = Graph.class.getDeclaredMethod("ref");
      ref.setAccessible(true);
      return ref;
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("This TensorFlow Java version has no Graph.ref(), which importing a SavedModel "
          + "into a model needs; on the module path, open package org.tensorflow to jkeras: " + e, e);
    }
  }

  private static Method handleMethod() {
    try {
      Method handle = REF.getReturnType().getDeclaredMethod("nativeHandle");
      handle.setAccessible(true);
      return handle;
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("This TensorFlow Java version has no Graph.Reference.nativeHandle(): " + e, e);
    }
  }
}
