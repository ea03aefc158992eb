package dev.jkeras.data;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.ImageOps;
import dev.jkeras.ops.StringOps;
import dev.jkeras.ops.CoreOps;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * Keras's {@code image_dataset_from_directory} and {@code text_dataset_from_directory}: a directory's
 * files, indexed and split as Keras does it, become a {@link Dataset} of file paths (and labels) that
 * TensorFlow's kernels read, decode and resize in the pipeline ({@code ReadFile}, {@code DecodeImage},
 * {@code ResizeBilinear}, ... inside a traced {@code map}), shuffled, batched and prefetched.
 * {@code Utils.imageDatasetFromDirectory} and {@code Utils.textDatasetFromDirectory} call this.
 */
public final class DirectoryDatasets {
  /** The image files Keras reads ({@code ALLOWLIST_FORMATS}). */
  public static final List<String> IMAGE_FORMATS = List.of(".bmp", ".gif", ".jpeg", ".jpg", ".png");
  /** The text files Keras reads. */
  public static final List<String> TEXT_FORMATS = List.of(".txt");
  private static final String IMAGE_FORMATS_TEXT = "('.bmp', '.gif', '.jpeg', '.jpg', '.png')";

  private DirectoryDatasets() {}

  /** One dataset of the images under {@code directory}: all of them, or the {@code subset} "training" or "validation". */
  public static Dataset images(Path directory, ImageDatasetOptions options) {
    rejectBoth(options.settings, "imageDatasetsFromDirectory");
    DirectorySplit split = DirectorySplit.of(directory, options.settings, IMAGE_FORMATS);
    DirectorySplit.Part part = split.part(options.settings, options.settings.subset());
    requireFiles(part, "No images found in directory " + directory + ". Allowed formats: " + IMAGE_FORMATS_TEXT);
    ImageFileCheck.requireImages(part.filePaths());
    return build(part, options.settings, split, options.settings.shuffle(), imageLoader(options)).decodingImages();
  }

  /** The training and the validation datasets of the images under {@code directory} ({@code subset="both"}). */
  public static DatasetPair imagesSplit(Path directory, ImageDatasetOptions options) {
    DirectorySettings settings = requireBoth(options.settings);
    DirectorySplit split = DirectorySplit.of(directory, settings, IMAGE_FORMATS);
    DirectorySplit.Part training = split.part(settings, "training");
    DirectorySplit.Part validation = split.part(settings, "validation");
    requireFiles(training, "No training images found in directory " + directory + ". Allowed formats: "
        + IMAGE_FORMATS_TEXT);
    requireFiles(validation, "No validation images found in directory " + directory + ". Allowed formats: "
        + IMAGE_FORMATS_TEXT);
    ImageFileCheck.requireImages(split.index().filePaths());
    Function<KerasTensor, KerasTensor> load = imageLoader(options);
    return new DatasetPair(build(training, settings, split, settings.shuffle(), load).decodingImages(),
        build(validation, settings, split, false, load).decodingImages());
  }

  /** One dataset of the texts ({@code .txt} files) under {@code directory}, as {@link #images}. */
  public static Dataset texts(Path directory, TextDatasetOptions options) {
    rejectBoth(options.settings, "textDatasetsFromDirectory");
    DirectorySplit split = DirectorySplit.of(directory, options.settings, TEXT_FORMATS);
    DirectorySplit.Part part = split.part(options.settings, options.settings.subset());
    requireFiles(part, "No text files found in directory " + directory + ". Allowed format: .txt");
    return build(part, options.settings, split, options.settings.shuffle(), textLoader(options.maxLength()));
  }

  /** The training and the validation datasets of the texts under {@code directory} ({@code subset="both"}). */
  public static DatasetPair textsSplit(Path directory, TextDatasetOptions options) {
    DirectorySettings settings = requireBoth(options.settings);
    DirectorySplit split = DirectorySplit.of(directory, settings, TEXT_FORMATS);
    DirectorySplit.Part training = split.part(settings, "training");
    DirectorySplit.Part validation = split.part(settings, "validation");
    requireFiles(training, "No training text files found in directory " + directory + ". Allowed format: .txt");
    requireFiles(validation, "No validation text files found in directory " + directory + ". Allowed format: .txt");
    Function<KerasTensor, KerasTensor> load = textLoader(options.maxLength());
    return new DatasetPair(build(training, settings, split, settings.shuffle(), load),
        build(validation, settings, split, false, load));
  }

  private static void rejectBoth(DirectorySettings settings, String instead) {
    if ("both".equals(settings.subset())) {
      throw new IllegalArgumentException("subset \"both\" gives two datasets, training and validation: call "
          + instead + " (it returns a DatasetPair), or ask for subset \"training\" or \"validation\"");
    }
  }

  private static DirectorySettings requireBoth(DirectorySettings settings) {
    if (settings.subset() == null && settings.validationSplit() != null) {
      settings = settings.withSubset("both");
    }
    if (!"both".equals(settings.subset())) {
      throw new IllegalArgumentException("The training and validation pair needs validationSplit(fraction) and "
          + "subset \"both\"; got validation_split=" + settings.validationSplit() + ", subset=" + settings.subset()
          + ". For one dataset, call the *DatasetFromDirectory method");
    }
    return settings;
  }

  private static void requireFiles(DirectorySplit.Part part, String message) {
    if (part.filePaths().isEmpty()) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Keras's {@code _load_image_tf}: read, decode to the color mode's channels, resize, as float32. */
  private static Function<KerasTensor, KerasTensor> imageLoader(ImageDatasetOptions o) {
    return path -> {
      KerasTensor image = ImageOps.decodeImage(ImageOps.readFile(path), o.channels());
      KerasTensor resized = ImageOps.resize(image, o.height(), o.width(), o.interpolationName(), false, o.crop(),
          o.pad(), "constant", 0);
      return CoreOps.cast(resized, "float32");
    };
  }

  /** Keras's {@code _path_to_string_content_tf}: the file's bytes, the first {@code maxLength} of them if given. */
  private static Function<KerasTensor, KerasTensor> textLoader(Integer maxLength) {
    return path -> {
      KerasTensor text = ImageOps.readFile(path);
      return maxLength == null ? text : StringOps.substr(text, 0, maxLength);
    };
  }

  /** Keras's {@code paths_and_labels_to_dataset}, then batch and prefetch. */
  private static Dataset build(DirectorySplit.Part part, DirectorySettings settings, DirectorySplit split,
      boolean shuffle, Function<KerasTensor, KerasTensor> load) {
    NdArray<String> paths = NdArrays.vectorOfObjects(part.filePaths().toArray(new String[0]));
    List<String> classNames = split.index().classNames();
    boolean labelled = settings.labelled();
    Dataset ds = labelled ? Dataset.fromTensorSlices(paths, labelArray(part.labels(), settings.labelMode(),
        classNames.size())) : Dataset.fromTensorSlices(paths);
    if (shuffle) {
      ds = ds.shuffle(settings.batchSize() != null ? settings.batchSize() * 8L : 1024, split.seed());
    }
    ds = labelled ? ds.map((x, y) -> List.of(load.apply(x), y), Dataset.AUTOTUNE)
        : ds.map(load, Dataset.AUTOTUNE);
    if (settings.batchSize() != null) {
      ds = ds.batch(settings.batchSize());
    }
    return ds.prefetch(Dataset.AUTOTUNE).withFiles(labelled ? classNames : null, part.filePaths());
  }

  /** Keras's {@code labels_to_dataset_tf}: int32 labels, float32 one-hot rows, or float32 {@code (1,)} 0/1 values. */
  static NdArray<?> labelArray(int[] labels, String labelMode, int numClasses) {
    int n = labels.length;
    return switch (labelMode) {
      case "categorical" -> {
        var oneHot = NdArrays.ofFloats(Shape.of(n, numClasses));
        for (int i = 0; i < n; i++) {
          if (labels[i] >= 0 && labels[i] < numClasses) {
            oneHot.setFloat(1f, i, labels[i]);
          }
        }
        yield oneHot;
      }
      case "binary" -> {
        var binary = NdArrays.ofFloats(Shape.of(n, 1));
        for (int i = 0; i < n; i++) {
          binary.setFloat(labels[i], i, 0);
        }
        yield binary;
      }
      default -> NdArrays.vectorOf(labels);
    };
  }
}
