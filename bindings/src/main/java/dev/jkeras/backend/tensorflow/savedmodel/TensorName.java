package dev.jkeras.backend.tensorflow.savedmodel;

/** A tensor's name in a GraphDef, {@code "node:index"} (index 0 when omitted). */
record TensorName(String node, int index) {

  static TensorName parse(String name) {
    int colon = name.lastIndexOf(':');
    if (colon < 0) {
      return new TensorName(name, 0);
    }
    return new TensorName(name.substring(0, colon), Integer.parseInt(name.substring(colon + 1)));
  }

  /** The node a NodeDef input ({@code "node"}, {@code "node:1"} or {@code "^node"}) refers to. */
  static String nodeOfInput(String input) {
    String name = input.startsWith("^") ? input.substring(1) : input;
    int colon = name.indexOf(':');
    return colon < 0 ? name : name.substring(0, colon);
  }

  @Override
  public String toString() {
    return node + ":" + index;
  }
}
