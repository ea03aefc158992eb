package dev.jkeras.models;

import dev.jkeras.KerasTensor;
import dev.jkeras.layers.Layer;
import dev.jkeras.saving.Config;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A Keras operation node of a Functional model ({@code x + 1}, {@code ops.concatenate}, ...): called
 * like a layer in the rebuilt graph, it computes the operation {@link KerasOperations} maps its Keras
 * class to. It keeps the call's arguments as saved, with its input tensors in the places of the
 * saved tensors, so that the model saves it back as Keras wrote it. It has no weights and, as in
 * Keras, is not among the model's {@link Model#layers()}.
 */
final class OperationNode extends Layer {
  private static final String TENSOR = "__keras_tensor__";
  private final String module;
  private final String className;
  private final Map<String, Object> config;
  private final List<?> args;
  private final KerasOperations.Operation operation;

  private OperationNode(String module, String className, Map<String, Object> config, List<?> args) {
    this.module = module;
    this.className = className;
    this.config = config;
    this.args = args;
    this.operation = KerasOperations.get(module, className);
  }

  /** The node of saved layer entry {@code entry} for its one call, whose saved arguments are {@code args}. */
  @SuppressWarnings("unchecked")
  static OperationNode fromSaved(Map<?, ?> entry, List<?> args) {
    Map<String, Object> config = entry.get("config") instanceof Map<?, ?> map
        ? new LinkedHashMap<>((Map<String, Object>) map) : new LinkedHashMap<>();
    OperationNode node = new OperationNode((String) entry.get("module"), (String) entry.get("class_name"), config,
        args);
    node.rename(String.valueOf(entry.get("name")));
    return node;
  }

  /** The saved tensors among {@code args}, depth first, as the order of this node's inputs. */
  static List<Map<?, ?>> savedTensors(Object args) {
    List<Map<?, ?>> found = new ArrayList<>();
    collect(args, found);
    return found;
  }

  private static void collect(Object value, List<Map<?, ?>> found) {
    if (value instanceof Map<?, ?> map && TENSOR.equals(map.get("class_name"))) {
      found.add(map);
    } else if (value instanceof List<?> list) {
      list.forEach(item -> collect(item, found));
    }
  }

  /** The saved arguments with each saved tensor replaced, in order, by {@code replace} of the next input. */
  private static Object fill(Object value, Iterator<KerasTensor> inputs, Function<KerasTensor, Object> replace) {
    if (value instanceof Map<?, ?> map && TENSOR.equals(map.get("class_name"))) {
      return replace.apply(inputs.next());
    }
    if (value instanceof List<?> list) {
      List<Object> filled = new ArrayList<>(list.size());
      list.forEach(item -> filled.add(fill(item, inputs, replace)));
      return filled;
    }
    return value;
  }

  @Override
  protected List<KerasTensor> call(List<KerasTensor> inputs, boolean training) {
    @SuppressWarnings("unchecked")
    List<Object> arguments = (List<Object>) fill(args, inputs.iterator(), t -> t);
    return List.of(operation.apply(arguments, new Config(className, config)));
  }

  @Override
  public String kerasClassName() {
    return className;
  }

  /** The saved form Keras writes for an operation: its module, class and config. */
  Map<String, Object> serialized() {
    Map<String, Object> serialized = new LinkedHashMap<>();
    serialized.put("module", module);
    serialized.put("class_name", className);
    serialized.put("config", new LinkedHashMap<>(config));
    serialized.put("registered_name", null);
    return serialized;
  }

  /** The call's saved arguments for {@code inputs}, each tensor written by {@code writeTensor}. */
  Object savedArgs(List<KerasTensor> inputs, Function<KerasTensor, Object> writeTensor) {
    return fill(args, inputs.iterator(), writeTensor);
  }

  @Override
  public Map<String, Object> getConfig() {
    return new LinkedHashMap<>(config);
  }
}
