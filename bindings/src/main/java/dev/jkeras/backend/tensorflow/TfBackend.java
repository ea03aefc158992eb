package dev.jkeras.backend.tensorflow;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Backend;
import dev.jkeras.backend.DeviceBackend;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.SavedModelBackend;
import dev.jkeras.backend.SummaryBackend;
import dev.jkeras.backend.ops.CoreBackend;
import dev.jkeras.backend.ops.ImageBackend;
import dev.jkeras.backend.ops.IoBackend;
import dev.jkeras.backend.ops.LinalgBackend;
import dev.jkeras.backend.ops.MathBackend;
import dev.jkeras.backend.ops.NnBackend;
import dev.jkeras.backend.ops.NumpyBackend;
import dev.jkeras.backend.ops.RandomBackend;
import dev.jkeras.backend.ops.StringsBackend;
import dev.jkeras.backend.tensorflow.device.TfDevices;
import dev.jkeras.backend.tensorflow.ops.TfCore;
import dev.jkeras.backend.tensorflow.ops.TfImage;
import dev.jkeras.backend.tensorflow.ops.TfIo;
import dev.jkeras.backend.tensorflow.ops.TfLinalg;
import dev.jkeras.backend.tensorflow.ops.TfMath;
import dev.jkeras.backend.tensorflow.ops.TfNn;
import dev.jkeras.backend.tensorflow.ops.TfNumpy;
import dev.jkeras.backend.tensorflow.ops.TfRandom;
import dev.jkeras.backend.tensorflow.ops.TfStrings;
import dev.jkeras.backend.tensorflow.savedmodel.TfSavedModels;
import dev.jkeras.backend.tensorflow.summary.TfSummaries;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.tensorflow.EagerSession;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.op.Ops;

/**
 * The TensorFlow backend: contexts (a model's graph while tracing, an eager session for {@code Ops}
 * on arrays), the op families of {@code dev.jkeras.backend.tensorflow.ops}, each turning tensor
 * operations into TensorFlow ops in the current context, and the SavedModel, summary and device
 * services of their own packages.
 */
public final class TfBackend implements Backend {
  private final CoreBackend core = new TfCore();
  private final MathBackend math = new TfMath();
  private final NnBackend nn = new TfNn();
  private final NumpyBackend numpy = new TfNumpy();
  private final LinalgBackend linalg = new TfLinalg();
  private final RandomBackend random = new TfRandom();
  private final ImageBackend image = new TfImage();
  private final IoBackend io = new TfIo();
  private final StringsBackend strings = new TfStrings();
  private final dev.jkeras.backend.ops.ControlFlowBackend controlFlow = new dev.jkeras.backend.tensorflow.ops.TfControlFlow();
  private final SavedModelBackend savedModels = new TfSavedModels();
  private final SummaryBackend summaries = new TfSummaries();
  private final DeviceBackend devices = new TfDevices();
  private final dev.jkeras.backend.ClusterBackend cluster = new dev.jkeras.backend.tensorflow.cluster.TfCluster();
  private final dev.jkeras.backend.data.DatasetBackend datasets = new dev.jkeras.backend.tensorflow.data.TfDatasets();

  /** Loads TensorFlow; instantiated by {@link java.util.ServiceLoader}. */
  public TfBackend() {
    NativeLibrary.ensureLoaded();
  }

  @Override
  public String name() {
    return "tensorflow";
  }

  @Override
  public String version() {
    return NativeLibrary.ensureLoaded();
  }

  @Override
  public List<NdArray<?>> eager(Supplier<List<KerasTensor>> body) {
    try (EagerSession session = EagerSession.create()) {
      return Context.with(Ops.create(session), null, () -> {
        List<NdArray<?>> values = new ArrayList<>();
        for (KerasTensor result : body.get()) {
          values.add(Tensors.toNdArray(TfOperands.operand(result).asTensor()));
        }
        return values;
      });
    } catch (TensorFlowException e) {
      throw new IllegalArgumentException(ErrorMessages.clean(e), e);
    }
  }

  @Override
  public ModelGraph newGraph(String name) {
    return new TfModelGraph(name);
  }

  @Override
  public Optional<ModelGraph> currentGraph() {
    return Optional.ofNullable(Context.currentGraph());
  }

  @Override
  public Optional<ModelGraph> graphOf(KerasTensor x) {
    return Optional.ofNullable(TfModelGraph.owning(TfOperands.operand(x)));
  }

  @Override
  public CoreBackend core() {
    return core;
  }

  @Override
  public MathBackend math() {
    return math;
  }

  @Override
  public dev.jkeras.backend.ops.ControlFlowBackend controlFlow() {
    return controlFlow;
  }

  @Override
  public StringsBackend strings() {
    return strings;
  }

  @Override
  public NnBackend nn() {
    return nn;
  }

  @Override
  public NumpyBackend numpy() {
    return numpy;
  }

  @Override
  public LinalgBackend linalg() {
    return linalg;
  }

  @Override
  public RandomBackend random() {
    return random;
  }

  @Override
  public ImageBackend image() {
    return image;
  }

  @Override
  public IoBackend io() {
    return io;
  }

  @Override
  public SavedModelBackend savedModels() {
    return savedModels;
  }

  @Override
  public SummaryBackend summaries() {
    return summaries;
  }

  @Override
  public dev.jkeras.backend.data.DatasetBackend datasets() {
    return datasets;
  }

  @Override
  public DeviceBackend devices() {
    return devices;
  }

  @Override
  public dev.jkeras.backend.ClusterBackend cluster() {
    return cluster;
  }
}
