package dev.jkeras.data;

import dev.jkeras.backend.data.DatasetHandle;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.ndarray.NdArrays;

/** {@code Dataset.listFiles}: the names of the files a pattern matched, as string scalars. */
record ListedFilesSource(List<Path> files) implements DatasetNode {

  ListedFilesSource {
    files = List.copyOf(files);
  }

  @Override
  public DatasetHandle build(PipelineBuild build) {
    build.readsFiles(files);
    var names = NdArrays.vectorOfObjects(files.stream().map(Path::toString).toArray(String[]::new));
    return build.datasets().tensorSlices(List.of(build.feed("filenames", names)));
  }
}
