package dev.jkeras.models;

import dev.jkeras.backend.Feed;
import dev.jkeras.backend.ModelGraph;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.ndarray.NdArray;

/** The native copies of a data set's arrays (inputs then targets), fed to every step. */
final class DataFeeds implements AutoCloseable {
  private final List<Feed> feeds;

  private DataFeeds(List<Feed> feeds) {
    this.feeds = feeds;
  }

  static DataFeeds of(ModelGraph graph, List<NdArray<?>> arrays) {
    List<Feed> feeds = new ArrayList<>();
    try {
      for (NdArray<?> array : arrays) {
        feeds.add(graph.feed(array));
      }
    } catch (RuntimeException e) {
      feeds.forEach(Feed::close);
      throw e;
    }
    return new DataFeeds(feeds);
  }

  /** The feeds followed by {@code last} (the batch indices). */
  List<Feed> with(Feed last) {
    List<Feed> all = new ArrayList<>(feeds);
    all.add(last);
    return all;
  }

  @Override
  public void close() {
    feeds.forEach(Feed::close);
  }
}
