package dev.jkeras.backend.tensorflow.savedmodel;

import dev.jkeras.Shape;
import dev.jkeras.backend.ImportedModel;
import dev.jkeras.backend.SavedModelBackend;
import dev.jkeras.backend.SavedModelOptions;
import dev.jkeras.backend.SignatureSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** SavedModel loading (screened) and inspection without loading, in TensorFlow. */
public final class TfSavedModels implements SavedModelBackend {

  @Override
  public ImportedModel load(Path directory, SavedModelOptions options) {
    return TfImportedModel.load(directory, options);
  }

  @Override
  public List<Set<String>> tagSets(Path directory) {
    return SavedModelFile.read(directory).tagSets();
  }

  @Override
  public Map<String, List<String>> ops(Path directory, SavedModelOptions options) {
    return OpScreen.inventory(SavedModelFile.read(directory).metaGraph(options.effectiveTags()).getGraphDef());
  }

  @Override
  public SignatureSpec signature(Path directory, String tag, String signature) {
    return TaggedMetaGraph.read(directory, tag).spec(signature);
  }

  @Override
  public List<Shape> variableShapes(Path directory, String tag, String signature) {
    return TaggedMetaGraph.read(directory, tag).variableShapes(signature);
  }
}
