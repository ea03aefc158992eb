package dev.jkeras.distribution;

/**
 * TensorFlow's name for {@link DataParallel} across workers
 * ({@code tf.distribute.MultiWorkerMirroredStrategy}): the cluster comes from {@code TF_CONFIG}
 * unless given. Install it with {@link Distribution#setDistribution} before building the model.
 */
public final class MultiWorkerMirroredStrategy extends DataParallel {

  /** The cluster of the {@code TF_CONFIG} environment variable. */
  public MultiWorkerMirroredStrategy() {
    this(TfConfig.fromEnvironment());
  }

  public MultiWorkerMirroredStrategy(TfConfig config) {
    super(config);
  }
}
