package dev.jkeras.backend.tensorflow.data;

import dev.jkeras.backend.TensorSpec;
import dev.jkeras.backend.data.DatasetHandle;
import dev.jkeras.backend.tensorflow.Tensors;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.family.TType;

/** A tf.data variant tensor and the spec of its elements' components. */
record TfDatasetHandle(Operand<? extends TType> variant, List<TensorSpec> componentSpecs) implements DatasetHandle {

  TfDatasetHandle {
    componentSpecs = List.copyOf(componentSpecs);
  }

  /** The {@code output_types} attribute of a dataset op with these components. */
  List<Class<? extends TType>> outputTypes() {
    return componentSpecs.stream().<Class<? extends TType>>map(s -> Tensors.typeOf(s.dtype())).toList();
  }

  /** The {@code output_shapes} attribute of a dataset op with these components. */
  List<Shape> outputShapes() {
    return componentSpecs.stream().map(s -> Tensors.toTf(s.shape())).toList();
  }

  /** The same components on another variant (a transformation that keeps the element spec). */
  TfDatasetHandle withVariant(Operand<? extends TType> next) {
    return new TfDatasetHandle(next, componentSpecs);
  }
}
