package dev.jkeras.data;

import java.util.List;
import org.tensorflow.ndarray.NdArray;

/** The elements of a generator dataset read from Java, from its producer thread; closing stops it. */
final class GeneratedElements extends ReadAheadElements {
  private final GeneratorProducer producer;

  GeneratedElements(GeneratorProducer producer) {
    this.producer = producer;
  }

  @Override
  List<NdArray<?>> read() {
    return producer.next();
  }

  @Override
  void release() {
    producer.close();
  }
}
