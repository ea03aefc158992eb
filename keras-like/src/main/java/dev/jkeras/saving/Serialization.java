package dev.jkeras.saving;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Turns objects into Keras 3's serialized form ({@code module}, {@code class_name}, {@code config},
 * {@code registered_name}) and back.
 *
 * <p>jkeras's own classes are saved under Keras's module names ({@code keras.layers},
 * {@code keras.optimizers}, ...) so files read like Keras's. Custom classes are saved under their Java
 * package and rebuilt only when registered: annotated with {@link RegisterSerializable} or passed to
 * {@link #register}. Nothing else named in a file is ever instantiated.
 */
public final class Serialization {
  private static final String JKERAS = "dev.jkeras.";
  /** jkeras packages below the first level that mirror a Keras module. */
  private static final java.util.Set<String> NESTED_PACKAGES = java.util.Set.of("dev.jkeras.optimizers.schedules");
  private static final Map<String, String> KERAS_MODULE_TO_PACKAGE = Map.ofEntries(
      Map.entry("keras", "models"),
      Map.entry("keras.models", "models"),
      Map.entry("keras.src.models.functional", "models"),
      Map.entry("keras.layers", "layers"),
      Map.entry("keras.initializers", "initializers"),
      Map.entry("keras.regularizers", "regularizers"),
      Map.entry("keras.optimizers", "optimizers"),
      Map.entry("keras.losses", "losses"),
      Map.entry("keras.metrics", "metrics"),
      Map.entry("keras.optimizers.schedules", "optimizers.schedules"),
      Map.entry("keras.constraints", "constraints"));
  /** Keras class names that jkeras implements under another class. */
  private static final Map<String, String> ALIASES = Map.of(
      "Functional", "Model",
      "L1", "L1L2",
      "L2", "L1L2",
      "GroupQueryAttention", "GroupedQueryAttention");
  /** Built-in classes Keras saves under their source module rather than the public one (and registered name). */
  private static final Map<String, String> SOURCE_MODULES = Map.of("Functional", "keras.src.models.functional");
  private static final Map<String, Class<?>> REGISTERED = new ConcurrentHashMap<>();
  private static final Map<String, Object> REGISTERED_OBJECTS = new ConcurrentHashMap<>();

  private Serialization() {}

  /**
   * Registers a custom class so files naming it can be loaded, as Keras's
   * {@code custom_objects} or {@code register_keras_serializable}.
   */
  public static void register(Class<?> type) {
    REGISTERED.put(registeredName(type), type);
  }

  /**
   * Registers an object saved by name, as Keras's {@code register_keras_serializable} on a function:
   * a {@code Loss.of} lambda, a metric, an {@code ActivationFunction}. A file naming {@code name}
   * (a loss or metric function, an activation) gets this object back.
   */
  public static void register(String name, Object object) {
    if (name == null || name.isEmpty() || object == null) {
      throw new IllegalArgumentException("register needs a name and an object, got " + name + " and " + object);
    }
    REGISTERED_OBJECTS.put(name, object);
  }

  /**
   * The object saved under {@code name}: from the {@link CustomObjects} in scope first, then the
   * registered ones; as Keras for functions saved before 3.7, a name without a package also finds
   * {@code package>name}. Null when there is none.
   */
  public static Object registeredObject(String name) {
    if (name == null) {
      return null;
    }
    Object custom = CustomObjects.lookup(name);
    if (custom != null) {
      return custom;
    }
    Object registered = REGISTERED_OBJECTS.get(name);
    if (registered != null || name.contains(">")) {
      return registered;
    }
    for (Map.Entry<String, Object> entry : REGISTERED_OBJECTS.entrySet()) {
      if (entry.getKey().endsWith(">" + name)) {
        return entry.getValue();
      }
    }
    return null;
  }

  /**
   * A function saved by name, as Keras saves a registered function ({@code module} {@code builtins},
   * {@code class_name} {@code function}, the registered name as {@code config}).
   */
  public static Map<String, Object> serializeFunction(String name) {
    Map<String, Object> serialized = new LinkedHashMap<>();
    serialized.put("module", "builtins");
    serialized.put("class_name", "function");
    serialized.put("config", name);
    serialized.put("registered_name", "function");
    return serialized;
  }

  /** True when {@code saved} is a function saved by name ({@link #serializeFunction}). */
  public static boolean isFunction(Object saved) {
    return saved instanceof Map<?, ?> map && "function".equals(map.get("class_name"))
        && "builtins".equals(map.get("module")) && map.get("config") instanceof String;
  }

  /**
   * A custom object of a named class that is not {@link KerasSerializable} (a {@code Loss} or
   * {@code Metric} subclass), saved with {@code config}; rebuilt like any registered class.
   */
  public static Map<String, Object> serializeCustom(Object object, Map<String, Object> config) {
    Class<?> type = object.getClass();
    if (type.isAnonymousClass() || type.isLocalClass()) {
      throw new IllegalArgumentException("Cannot save " + object + ": it is an instance of an anonymous or local "
          + "class. Make it a named class annotated with @RegisterSerializable.");
    }
    Map<String, Object> serialized = new LinkedHashMap<>();
    String binary = type.getName();
    serialized.put("module", binary.substring(0, binary.length() - type.getSimpleName().length()));
    serialized.put("class_name", type.getSimpleName());
    serialized.put("config", config);
    String registered = registeredName(type);
    if (type.isAnnotationPresent(RegisterSerializable.class)) {
      REGISTERED.putIfAbsent(registered, type);
    }
    serialized.put("registered_name", registered);
    return serialized;
  }

  /** {@code package>name} for custom classes, null for jkeras's own (as Keras's built-ins). */
  static String registeredName(Class<?> type) {
    if (isBuiltIn(type)) {
      return null;
    }
    RegisterSerializable annotation = type.getAnnotation(RegisterSerializable.class);
    String pkg = annotation == null ? "Custom" : annotation.packageName();
    String name = annotation == null || annotation.name().isEmpty() ? type.getSimpleName() : annotation.name();
    return pkg + ">" + name;
  }

  private static boolean isBuiltIn(Class<?> type) {
    return type.getName().startsWith(JKERAS) && !type.isAnonymousClass() && !type.isMemberClass()
        && (type.getPackageName().chars().filter(c -> c == '.').count() == 2
            || NESTED_PACKAGES.contains(type.getPackageName()));
  }

  /**
   * The object as {@code {module, class_name, config, registered_name}}; null for null, as Keras's
   * {@code serialize_keras_object(None)} (an absent regularizer or constraint).
   */
  public static Map<String, Object> serialize(KerasSerializable object) {
    if (object == null) {
      return null;
    }
    Class<?> type = object.getClass();
    if (type.isAnonymousClass() || type.isLocalClass()) {
      throw new IllegalArgumentException("Cannot save " + object + ": it is an instance of an anonymous or local "
          + "class. Make it a named class annotated with @RegisterSerializable.");
    }
    Map<String, Object> serialized = new LinkedHashMap<>();
    String registered = registeredName(type);
    if (registered == null) {
      String pkg = type.getPackageName().substring(JKERAS.length());
      serialized.put("module", pkg.equals("models") ? "keras" : "keras." + pkg);
    } else {
      String binary = type.getName();
      serialized.put("module", binary.substring(0, binary.length() - type.getSimpleName().length()));
      if (type.isAnnotationPresent(RegisterSerializable.class)) {
        REGISTERED.putIfAbsent(registered, type);
      }
    }
    String className = object.kerasClassName();
    if (registered == null && SOURCE_MODULES.containsKey(className)) {
      serialized.put("module", SOURCE_MODULES.get(className));
      registered = className;
    }
    serialized.put("class_name", className);
    serialized.put("config", object.getConfig());
    serialized.put("registered_name", registered);
    return serialized;
  }

  /** Rebuilds the object {@code serialized} describes, which must be a {@code expected}. */
  public static <T> T deserialize(Map<String, ?> serialized, Class<T> expected) {
    Object className = serialized.get("class_name");
    if (!(className instanceof String name)) {
      throw new IllegalArgumentException("A saved object has no class_name: " + serialized);
    }
    Class<?> type = resolve(name, (String) serialized.get("module"), (String) serialized.get("registered_name"));
    if (!expected.isAssignableFrom(type)) {
      throw new IllegalArgumentException("The saved " + name + " is not a " + expected.getSimpleName());
    }
    @SuppressWarnings("unchecked")
    Map<String, ?> config = serialized.get("config") instanceof Map<?, ?> m ? (Map<String, ?>) m : Map.of();
    return expected.cast(instantiate(type, new Config(name, config)));
  }

  private static Class<?> resolve(String className, String module, String registeredName) {
    for (String name : new String[] {registeredName, className}) {
      if (CustomObjects.lookup(name) instanceof Class<?> custom) {
        return custom;
      }
    }
    if (registeredName != null && REGISTERED.containsKey(registeredName)) {
      return REGISTERED.get(registeredName);
    }
    String jkerasPackage = module == null ? null : KERAS_MODULE_TO_PACKAGE.get(module);
    if (jkerasPackage != null) {
      try {
        Class<?> type = loadWithoutInitializing(JKERAS + jkerasPackage + "." + ALIASES.getOrDefault(className, className));
        if (KerasSerializable.class.isAssignableFrom(type) && isBuiltIn(type)) {
          return type;
        }
      } catch (ClassNotFoundException | LinkageError e) {
        // reported below
      }
      throw new IllegalArgumentException("jkeras has no " + module + "." + className
          + " (the file was probably saved by Keras with a class jkeras does not implement yet)");
    }
    if (module != null) {
      String binaryName = module.endsWith("$") ? module + className : module + "." + className;
      try {
        Class<?> type = loadWithoutInitializing(binaryName);
        if (type.isAnnotationPresent(RegisterSerializable.class)) {
          return type;
        }
      } catch (ClassNotFoundException | LinkageError e) {
        // reported below
      }
    }
    throw new UnknownObjectException("Could not locate class '" + className + "' (registered name "
        + registeredName + ", module " + module + "). Annotate it with @RegisterSerializable and make sure it is on "
        + "the class path, call Serialization.register(" + className + ".class) before loading, or pass it in "
        + "customObjects: Models.loadModel(path, Map.of(\"" + className + "\", " + className + ".class)).");
  }

  /**
   * The class named {@code binaryName}, loaded but not initialized: a file can name any class on
   * the class path, and none may run its static initializer before it is known to be registered.
   */
  private static Class<?> loadWithoutInitializing(String binaryName) throws ClassNotFoundException {
    return Class.forName(binaryName, false, Serialization.class.getClassLoader());
  }

  private static Object instantiate(Class<?> type, Config config) {
    try {
      Method factory = fromConfigMethod(type);
      if (factory != null) {
        return factory.invoke(null, config);
      }
      Constructor<?> constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      return constructor.newInstance();
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException("Cannot rebuild " + type.getName() + ": give it a static fromConfig(Config) "
          + "method or a no-argument constructor", e);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalArgumentException("Rebuilding " + type.getName() + " failed: " + cause, cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("Cannot rebuild " + type.getName() + ": " + e, e);
    }
  }

  private static Method fromConfigMethod(Class<?> type) {
    try {
      Method method = type.getDeclaredMethod("fromConfig", Config.class);
      if (Modifier.isStatic(method.getModifiers())) {
        method.setAccessible(true);
        return method;
      }
    } catch (NoSuchMethodException e) {
      // falls back to the constructor
    }
    return null;
  }

  /** A list of serialized objects rebuilt one by one. */
  public static <T> List<T> deserializeAll(List<?> serialized, Class<T> expected) {
    return serialized.stream().map(item -> {
      if (!(item instanceof Map<?, ?> map)) {
        throw new IllegalArgumentException("Expected a saved " + expected.getSimpleName() + ", got " + item);
      }
      @SuppressWarnings("unchecked")
      Map<String, ?> typed = (Map<String, ?>) map;
      return deserialize(typed, expected);
    }).toList();
  }

  /**
   * An object from a file where Keras accepts a name or a serialized object (an initializer, an
   * optimizer, ...): {@code byName} resolves names, {@code null} stays null.
   */
  @SuppressWarnings("unchecked")
  public static <T> T deserialize(Object saved, Class<T> expected, Function<String, T> byName) {
    if (saved == null) {
      return null;
    }
    if (saved instanceof String name) {
      return byName.apply(name);
    }
    if (saved instanceof Map<?, ?> map) {
      return deserialize((Map<String, ?>) map, expected);
    }
    throw new IllegalArgumentException("Expected a saved " + expected.getSimpleName()
        + " (a name or a saved object), got " + saved);
  }
}
