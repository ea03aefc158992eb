package dev.jkeras.backend;

/** A native copy of an array, ready to feed to a {@link GraphFunction}. Close it when done. */
public interface Feed extends AutoCloseable {
  @Override
  void close();
}
