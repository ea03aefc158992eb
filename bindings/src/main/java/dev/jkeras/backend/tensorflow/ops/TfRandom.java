package dev.jkeras.backend.tensorflow.ops;

import static dev.jkeras.backend.tensorflow.TfOperands.operand;
import static dev.jkeras.backend.tensorflow.TfOperands.tf;
import static dev.jkeras.backend.tensorflow.TfOperands.wrap;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.backend.RandomDistribution;
import dev.jkeras.backend.RandomSeeds;
import dev.jkeras.backend.ops.RandomBackend;
import dev.jkeras.backend.tensorflow.Tensors;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.random.RandomShuffle;
import org.tensorflow.op.random.RandomStandardNormal;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.op.random.TruncatedNormal;

/** The random family in TensorFlow (Keras's {@code backend/tensorflow/random.py}). */
@SuppressWarnings({"rawtypes", "unchecked"})
public final class TfRandom implements RandomBackend {

  @Override
  public KerasTensor random(RandomDistribution distribution, KerasTensor shape, DType dtype, long opSeed) {
    long seed = RandomSeeds.resolve(opSeed);
    Ops tf = tf();
    Operand shapeOperand = operand(shape);
    Class type = Tensors.typeOf(dtype);
    Operand result = switch (distribution) {
      case UNIFORM -> seed == 0
          ? tf.random.randomUniform(shapeOperand, type)
          : tf.random.randomUniform(shapeOperand, type, RandomUniform.seed(seed), RandomUniform.seed2(seed));
      case NORMAL -> seed == 0
          ? tf.random.randomStandardNormal(shapeOperand, type)
          : tf.random.randomStandardNormal(shapeOperand, type, RandomStandardNormal.seed(seed), RandomStandardNormal.seed2(seed));
      case TRUNCATED_NORMAL -> seed == 0
          ? tf.random.truncatedNormal(shapeOperand, type)
          : tf.random.truncatedNormal(shapeOperand, type, TruncatedNormal.seed(seed), TruncatedNormal.seed2(seed));
    };
    return wrap(result);
  }

  @Override
  public KerasTensor shuffle(KerasTensor x, long opSeed) {
    long seed = RandomSeeds.resolve(opSeed);
    Ops tf = tf();
    return wrap(seed == 0
        ? tf.random.randomShuffle(operand(x))
        : tf.random.randomShuffle(operand(x), RandomShuffle.seed(seed), RandomShuffle.seed2(seed)));
  }
}
