package dev.jkeras.serving;

import dev.jkeras.serving.VersionStatus.State;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * One model and its versions, as TF Serving manages them: {@link #poll} looks at the numbered subfolders
 * of the base path, loads the versions the policy asks for, and retires the others once a wanted version
 * is available (so a model never goes unserved while a new version loads); a retired version unloads
 * when the last request on it finishes. Every version seen keeps its {@link VersionStatus}.
 */
final class ServedModel implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ServedModel.class.getName());

  final ModelConfig config;
  private final VersionLoader loader;
  private final NavigableMap<Long, LoadedVersion> loaded = new TreeMap<>();
  private final NavigableMap<Long, VersionStatus> states = new TreeMap<>(Comparator.reverseOrder());
  private final Set<Long> failed = new TreeSet<>();
  private boolean closed;
  private boolean warnedEmpty;

  ServedModel(ModelConfig config, VersionLoader loader) {
    this.config = config;
    this.loader = loader;
  }

  String name() {
    return config.name();
  }

  /**
   * Loads and retires versions to match what is on disk now; one poll at a time. When nothing on disk
   * matches the policy (a base path emptied or unreadable for a moment) the loaded versions stay.
   */
  synchronized void poll() {
    if (closed) {
      return;
    }
    NavigableSet<Long> onDisk = versionsOnDisk();
    if (onDisk == null) {
      return; // the base path could not be listed: keep serving what is loaded, look again next time
    }
    NavigableSet<Long> wanted = config.versionPolicy().select(onDisk);
    if (wanted.isEmpty()) {
      if (!loaded.isEmpty() && !warnedEmpty) {
        LOG.log(System.Logger.Level.WARNING, "No version of model " + config.name() + " under " + config.basePath()
            + " matches its policy " + config.versionPolicy() + "; still serving versions " + loaded.keySet());
        warnedEmpty = true;
      }
      return;
    }
    warnedEmpty = false;
    for (Long version : wanted.descendingSet()) {
      if (!loaded.containsKey(version) && !failed.contains(version)) {
        load(version);
      }
    }
    boolean anyWantedAvailable = wanted.stream().anyMatch(loaded::containsKey);
    if (anyWantedAvailable) {
      for (Long version : new ArrayList<>(loaded.keySet())) {
        if (!wanted.contains(version)) {
          retire(version);
        }
      }
    }
  }

  private void load(long version) {
    setState(VersionStatus.ok(version, State.LOADING));
    Path dir = config.basePath().resolve(Long.toString(version));
    try {
      LoadedVersion version1 = loader.load(config.name(), version, dir);
      version1.onUnloaded(v -> setState(VersionStatus.ok(v.version, State.END)));
      synchronized (states) {
        loaded.put(version, version1);
      }
      setState(VersionStatus.ok(version, State.AVAILABLE));
      LOG.log(System.Logger.Level.INFO, "Serving model " + config.name() + " version " + version + " from " + dir);
    } catch (RuntimeException e) {
      failed.add(version);
      ServingException.Code code = e instanceof IllegalArgumentException ? ServingException.Code.INVALID_ARGUMENT
          : ServingException.Code.UNKNOWN;
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      setState(new VersionStatus(version, State.END, code, message));
      LOG.log(System.Logger.Level.WARNING, "Could not load model " + config.name() + " version " + version + ": "
          + message);
    }
  }

  private void retire(long version) {
    LoadedVersion old;
    synchronized (states) {
      old = loaded.remove(version);
    }
    if (old != null) {
      setState(VersionStatus.ok(version, State.UNLOADING));
      LOG.log(System.Logger.Level.INFO, "Unloading model " + config.name() + " version " + version
          + (old.inFlight() > 0 ? " after its " + old.inFlight() + " requests in flight" : ""));
      old.retire();
    }
  }

  private NavigableSet<Long> versionsOnDisk() {
    NavigableSet<Long> versions = new TreeSet<>();
    try (Stream<Path> children = Files.list(config.basePath())) {
      children.filter(Files::isDirectory).forEach(child -> {
        String name = child.getFileName().toString();
        if (name.matches("\\d{1,18}") && VersionLoader.isComplete(child)) {
          versions.add(Long.parseLong(name));
        }
      });
    } catch (IOException | java.io.UncheckedIOException e) {
      LOG.log(System.Logger.Level.WARNING, "Could not list the versions of model " + config.name() + " in "
          + config.basePath() + ": " + e);
      return null;
    }
    return versions;
  }

  private void setState(VersionStatus status) {
    synchronized (states) {
      states.put(status.version(), status);
    }
  }

  /**
   * A handle on the version a request names: the newest loaded one ({@code version} and {@code label}
   * null), a specific one, or the one a label points at.
   */
  ServableHandle acquire(Long version, String label) {
    if (label != null) {
      Long labelled = config.versionLabels().get(label);
      if (labelled == null) {
        throw ServingException.invalid("Unrecognized servable version label: " + label);
      }
      version = labelled;
    }
    synchronized (states) {
      LoadedVersion chosen = version == null ? lastValue() : loaded.get(version);
      ServableHandle handle = chosen == null ? null : chosen.acquire();
      if (handle == null) {
        throw notFound(config.name(), version);
      }
      return handle;
    }
  }

  private LoadedVersion lastValue() {
    Map.Entry<Long, LoadedVersion> last = loaded.lastEntry();
    return last == null ? null : last.getValue();
  }

  static ServingException notFound(String model, Long version) {
    return ServingException.notFound("Servable not found for request: "
        + (version == null ? "Latest(" + model + ")" : "Specific(" + model + ", " + version + ")"));
  }

  /** The status of every version seen, newest first, or of one. */
  List<VersionStatus> status(Long version, String label) {
    if (label != null) {
      version = config.versionLabels().get(label);
      if (version == null) {
        throw ServingException.invalid("Unrecognized servable version label: " + label);
      }
    }
    synchronized (states) {
      if (version != null) {
        VersionStatus status = states.get(version);
        if (status == null) {
          throw ServingException.notFound("Could not find version " + version + " of model " + config.name());
        }
        return List.of(status);
      }
      if (states.isEmpty()) {
        throw ServingException.notFound("Could not find any versions of model " + config.name());
      }
      return List.copyOf(states.values());
    }
  }

  /** Retires every version; each unloads when its requests finish. */
  @Override
  public synchronized void close() {
    closed = true;
    for (Long version : new ArrayList<>(loaded.keySet())) {
      retire(version);
    }
  }
}
