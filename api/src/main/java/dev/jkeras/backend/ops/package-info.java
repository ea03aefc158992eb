/**
 * The tensor-operation part of the {@link dev.jkeras.backend.Backend} contract, one interface per op
 * family as Keras 3 splits its backends ({@code core}, {@code math}, {@code nn}, {@code numpy},
 * {@code linalg}, {@code random}); each backend implements every family, file for file. Operations
 * build in the backend's current context (a traced graph or an eager session); axes may be negative.
 */
package dev.jkeras.backend.ops;
