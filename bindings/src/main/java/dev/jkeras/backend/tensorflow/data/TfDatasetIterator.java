package dev.jkeras.backend.tensorflow.data;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Update;
import dev.jkeras.backend.data.DatasetHandle;
import dev.jkeras.backend.data.DatasetIterator;
import dev.jkeras.backend.tensorflow.TfOperands;
import dev.jkeras.backend.tensorflow.TfUpdate;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.data.Iterator;
import org.tensorflow.op.data.IteratorGetNext;
import org.tensorflow.op.data.MakeIterator;
import org.tensorflow.types.family.TType;

/**
 * A tf.data iterator resource (IteratorV2, named uniquely, so it lives in the session as long as the
 * graph), its MakeIterator initializer and IteratorGetNext reads.
 */
final class TfDatasetIterator implements DatasetIterator {
  private final TfDatasetHandle dataset;
  private final Operand<? extends TType> resource;
  private final Update initialize;
  private final Update release;

  private TfDatasetIterator(TfDatasetHandle dataset, Operand<? extends TType> resource, Update initialize,
      Update release) {
    this.dataset = dataset;
    this.resource = resource;
    this.initialize = initialize;
    this.release = release;
  }

  static TfDatasetIterator create(TfDatasetHandle dataset) {
    Ops tf = TfOperands.tf();
    String sharedName = tf.scope().makeOpName("dataset_iterator");
    Operand<? extends TType> resource = Iterator.create(tf.withName(sharedName).scope(), sharedName, "",
        dataset.outputTypes(), dataset.outputShapes()).handle();
    MakeIterator make = MakeIterator.create(tf.scope(), dataset.variant(), resource);
    var destroy = org.tensorflow.op.core.DestroyResourceOp.create(tf.scope(), resource,
        org.tensorflow.op.core.DestroyResourceOp.ignoreLookupError(true));
    return new TfDatasetIterator(dataset, resource, new TfUpdate(make), new TfUpdate(destroy));
  }

  @Override
  public Update initialize() {
    return initialize;
  }

  @Override
  public List<KerasTensor> next(List<KerasTensor> after) {
    Ops tf = TfOperands.tf();
    if (!after.isEmpty()) {
      tf = tf.withControlDependencyOps(after.stream().map(t -> TfOperands.operand(t).op()).distinct().toList());
    }
    IteratorGetNext next = IteratorGetNext.create(tf.scope(), resource, dataset.outputTypes(), dataset.outputShapes());
    return next.components().stream().map(c -> TfOperands.wrap(c)).toList();
  }

  @Override
  public Update release() {
    return release;
  }

  @Override
  public DatasetHandle dataset() {
    return dataset;
  }
}
