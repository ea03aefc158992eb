package dev.jkeras.backend.tensorflow.cluster;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.global.tensorflow;
import org.tensorflow.proto.ConfigProto;

/**
 * Sessions on a TensorFlow server ({@code grpc://host:port}), which TF Java 1.1.0's public API
 * cannot open: the native session is made with the C API ({@code TF_SetTarget} on the session
 * options), then wrapped in a {@link Session} through its package-private constructor
 * {@code Session(Graph, TF_Session)}. The graph's native handle is read through the package-private
 * {@code Graph.ref()}. This class is the only place that reaches into TF Java's internals.
 */
final class GrpcSessions {
  private GrpcSessions() {}

  /** A session running {@code graph} on the server at {@code target}, configured by {@code config}. */
  static Session open(Graph graph, String target, ConfigProto config) {
    Internals internals = Internals.get();
    try (AutoCloseable ref = internals.ref(graph); PointerScope scope = new PointerScope()) {
      TF_Graph nativeGraph = internals.nativeHandle(ref);
      TF_Status status = TF_Status.newStatus();
      TF_SessionOptions options = TF_SessionOptions.newSessionOptions();
      tensorflow.TF_SetTarget(options, target);
      byte[] bytes = config.toByteArray();
      BytePointer serialized = new BytePointer(bytes);
      tensorflow.TF_SetConfig(options, serialized, bytes.length, status);
      status.throwExceptionIfNotOK();
      TF_Session session = TF_Session.newSession(nativeGraph, options, status);
      status.throwExceptionIfNotOK();
      session.retainReference();
      return internals.session(graph, session);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("Could not open a session on " + target + ": " + e, e);
    }
  }

  /** The reflective handles, looked up once; a clear error names what this TF Java lacks. */
  private record Internals(Method ref, Method nativeHandle, Constructor<Session> constructor) {
    private static Internals instance;

    static synchronized Internals get() {
      if (instance == null) {
        try {
          Method ref = Graph.class.getDeclaredMethod("ref");
          ref.setAccessible(true);
          Method nativeHandle = ref.getReturnType().getDeclaredMethod("nativeHandle");
          nativeHandle.setAccessible(true);
          Constructor<Session> constructor = Session.class.getDeclaredConstructor(Graph.class, TF_Session.class);
          constructor.setAccessible(true);
          instance = new Internals(ref, nativeHandle, constructor);
        } catch (ReflectiveOperationException | RuntimeException e) {
          throw new IllegalStateException("This TensorFlow Java (" + Session.class.getPackage().getImplementationVersion()
              + ") does not have the internals jkeras opens a session on a TensorFlow server with "
              + "(Graph.ref(), Graph.Reference.nativeHandle(), Session(Graph, TF_Session); found in TF Java 1.1.0): " + e
              + ". Use TensorFlow Java 1.1.0, or train in one process.", e);
        }
      }
      return instance;
    }

    AutoCloseable ref(Graph graph) throws ReflectiveOperationException {
      return (AutoCloseable) ref.invoke(graph);
    }

    TF_Graph nativeHandle(AutoCloseable ref) throws ReflectiveOperationException {
      TF_Graph handle = (TF_Graph) nativeHandle.invoke(ref);
      if (handle == null || handle.isNull()) {
        throw new IllegalStateException("The graph is closed");
      }
      return handle;
    }

    Session session(Graph graph, TF_Session session) throws ReflectiveOperationException {
      return constructor.newInstance(graph, session);
    }
  }
}
