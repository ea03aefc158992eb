package dev.jkeras.backend.tensorflow.cluster;

import static dev.jkeras.backend.tensorflow.TfOperands.operand;
import static dev.jkeras.backend.tensorflow.TfOperands.tf;
import static dev.jkeras.backend.tensorflow.TfOperands.wrap;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.ClusterBackend;
import dev.jkeras.backend.ClusterException;
import dev.jkeras.backend.ClusterSpec;
import dev.jkeras.backend.tensorflow.Tensors;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.OperationBuilder;
import org.tensorflow.Output;
import org.tensorflow.Server;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.internal.types.registry.TensorTypeRegistry;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ClusterDef;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.JobDef;
import org.tensorflow.proto.ServerDef;

/**
 * TensorFlow's distributed runtime for data-parallel training: this process's gRPC server (job
 * {@code worker}, one task per worker address), sessions on it, and the collectives
 * {@code CollectiveReduceV2} and {@code CollectiveBcastSendV2}/{@code RecvV2}, built by op type.
 *
 * <p>TF Java's own {@code org.tensorflow.op.collective.CollectiveReduce} class is not used: it builds
 * {@code CollectiveReduceV3}, whose communicator kernel crashes the process across processes.
 * A started server cannot be stopped (TensorFlow does not implement its clean shutdown), so a
 * process joins one cluster for its lifetime.
 */
public final class TfCluster implements ClusterBackend {
  static final String JOB = "worker";
  private static final int GROUP_KEY = 1;
  private static final Pattern PEER_FAILURE = Pattern.compile(
      "(?i)collective|deadline|unavailable|socket closed|connection (refused|reset)|failed to connect|timed out");

  private static ClusterSpec joined;
  /** Held for the process's lifetime: a started server cannot be stopped, and must not be collected. */
  private static Server server;
  private static ConfigProto sessionConfig;

  @Override
  public void join(ClusterSpec spec) {
    synchronized (TfCluster.class) {
      if (joined != null) {
        if (joined.workers().equals(spec.workers()) && joined.taskIndex() == spec.taskIndex()) {
          joined = spec;
          return;
        }
        throw new IllegalStateException("This process already joined the cluster " + joined.workers() + " as task "
            + joined.taskIndex() + "; it cannot join " + spec.workers() + " as task " + spec.taskIndex()
            + " (TensorFlow's server cannot be stopped): start a new process for another cluster.");
      }
      ConfigProto config = sessionConfig(spec);
      ServerDef def = ServerDef.newBuilder()
          .setCluster(ClusterDef.newBuilder().addJob(jobDef(spec)))
          .setJobName(JOB)
          .setTaskIndex(spec.taskIndex())
          .setProtocol("grpc")
          .setDefaultSessionConfig(config)
          .build();
      Server started;
      try {
        started = new Server(def);
        started.start();
      } catch (TensorFlowException | IllegalStateException e) {
        throw new IllegalStateException("Could not start TensorFlow's server for worker " + spec.taskIndex() + " at "
            + spec.address() + ": " + e.getMessage() + ". Check that the port is free and the host is an address of "
            + "this machine.", e);
      }
      server = started;
      sessionConfig = config;
      joined = spec;
    }
  }

  private static JobDef jobDef(ClusterSpec spec) {
    JobDef.Builder job = JobDef.newBuilder().setName(JOB);
    for (int i = 0; i < spec.numWorkers(); i++) {
      job.putTasks(i, spec.workers().get(i));
    }
    return job.build();
  }

  /**
   * The session config of every worker: the chief leads collective groups (set in the server's default
   * config; set only per session, collectives wait for a leader and time out), and a session sees only
   * its own task's devices, so ops are placed there.
   */
  private static ConfigProto sessionConfig(ClusterSpec spec) {
    return ConfigProto.newBuilder()
        .addDeviceFilters("/job:" + JOB + "/task:" + spec.taskIndex())
        .setExperimental(ConfigProto.Experimental.newBuilder()
            .setCollectiveGroupLeader("/job:" + JOB + "/replica:0/task:0"))
        .build();
  }

  @Override
  public Optional<ClusterSpec> joined() {
    synchronized (TfCluster.class) {
      return Optional.ofNullable(joined);
    }
  }

  /** A session for {@code graph}: on this process's server once it joined a cluster, else a local one. */
  public static Session newSession(Graph graph) {
    ClusterSpec spec;
    ConfigProto config;
    synchronized (TfCluster.class) {
      spec = joined;
      config = sessionConfig;
    }
    return spec == null ? new Session(graph) : GrpcSessions.open(graph, "grpc://" + spec.address(), config);
  }

  @Override
  public KerasTensor allReduce(KerasTensor x, boolean mean, int instanceKey) {
    ClusterSpec spec = require();
    Ops tf = tf();
    Operand<?> input = operand(x);
    OperationBuilder op = tf.scope().opBuilder("CollectiveReduceV2", "CollectiveReduceV2")
        .addInput(input.asOutput())
        .addInput(tf.constant(spec.numWorkers()).asOutput())
        .addInput(tf.constant(GROUP_KEY).asOutput())
        .addInput(tf.constant(instanceKey).asOutput())
        .addInputList(new Output<?>[0])
        .setAttr("T", input.asOutput().dataType())
        .setAttr("merge_op", "Add")
        .setAttr("final_op", mean ? "Div" : "Id")
        .setAttr("communication_hint", "auto")
        .setAttr("timeout_seconds", (float) spec.timeoutSeconds());
    return wrap(op.build().output(0));
  }

  @Override
  public KerasTensor broadcastSend(KerasTensor x, int instanceKey) {
    ClusterSpec spec = require();
    Ops tf = tf();
    Operand<?> input = operand(x);
    return wrap(tf.scope().opBuilder("CollectiveBcastSendV2", "CollectiveBcastSendV2")
        .addInput(input.asOutput())
        .addInput(tf.constant(spec.numWorkers()).asOutput())
        .addInput(tf.constant(GROUP_KEY).asOutput())
        .addInput(tf.constant(instanceKey).asOutput())
        .setAttr("T", input.asOutput().dataType())
        .setAttr("communication_hint", "auto")
        .setAttr("timeout_seconds", (float) spec.timeoutSeconds())
        .build().output(0));
  }

  @Override
  public KerasTensor broadcastReceive(DType dtype, Shape shape, int instanceKey) {
    ClusterSpec spec = require();
    if (!shape.isFullyDefined()) {
      throw new IllegalArgumentException("A broadcast receives a tensor of a fully known shape, got " + shape);
    }
    Ops tf = tf();
    long[] dims = new long[shape.rank()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = shape.get(i);
    }
    return wrap(tf.scope().opBuilder("CollectiveBcastRecvV2", "CollectiveBcastRecvV2")
        .addInput(tf.constant(spec.numWorkers()).asOutput())
        .addInput(tf.constant(GROUP_KEY).asOutput())
        .addInput(tf.constant(instanceKey).asOutput())
        .addInput(tf.constant(dims).asOutput())
        .setAttr("T", TensorTypeRegistry.find(Tensors.typeOf(dtype)).dataType())
        .setAttr("Tshape", org.tensorflow.proto.DataType.DT_INT64)
        .setAttr("communication_hint", "auto")
        .setAttr("timeout_seconds", (float) spec.timeoutSeconds())
        .build().output(0));
  }

  private ClusterSpec require() {
    return joined().orElseThrow(() -> new IllegalStateException("Collectives need a cluster: join one first "
        + "(dev.jkeras.distribution.Distribution.setDistribution(new MultiWorkerMirroredStrategy()) with TF_CONFIG set)"));
  }

  /**
   * {@code message} (a failed run's) as a {@link ClusterException} naming the unreachable workers when
   * this process is in a cluster and the failure is a collective's or a peer's; else null.
   */
  public static ClusterException peerFailure(String message, Throwable cause) {
    ClusterSpec spec;
    synchronized (TfCluster.class) {
      spec = joined;
    }
    if (spec == null || spec.numWorkers() < 2 || !PEER_FAILURE.matcher(message).find()) {
      return null;
    }
    List<Integer> unreachable = new ArrayList<>();
    List<String> named = new ArrayList<>();
    for (int task = 0; task < spec.numWorkers(); task++) {
      if (task != spec.taskIndex() && !accepts(spec.workers().get(task))) {
        unreachable.add(task);
        named.add("worker " + task + " (" + spec.workers().get(task) + ")");
      }
    }
    List<String> others = new ArrayList<>();
    for (int task = 0; task < spec.numWorkers(); task++) {
      if (task != spec.taskIndex()) {
        others.add("worker " + task + " (" + spec.workers().get(task) + ")");
      }
    }
    String who = named.isEmpty()
        ? "every other worker still accepts connections (" + String.join(", ", others) + "), so one of them hangs or "
            + "stopped taking part in training (it failed, or runs a different program; see its own log)"
        : String.join(", ", named) + (named.size() == 1 ? " is" : " are") + " not reachable (the process died or its "
            + "host is down)";
    return new ClusterException("Distributed training on worker " + spec.taskIndex() + " (" + spec.address()
        + ") stopped: a step needing the other workers failed, and " + who + ". Restart all workers (with "
        + "BackupAndRestore, training resumes from the last finished epoch). TensorFlow said: " + message,
        unreachable, cause);
  }

  private static boolean accepts(String address) {
    int colon = address.lastIndexOf(':');
    String host = address.substring(0, colon).replace("[", "").replace("]", "");
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, Integer.parseInt(address.substring(colon + 1))), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
