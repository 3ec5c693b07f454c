package dev.manifestguard.admission;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * Links, without initialising them, the classes a class loader has defined so far: what a JDK 17
 * dynamic CDS archive needs to hold a custom loader's class (see {@link CdsTrainingLinker}). Plain
 * Java, no framework, so a test can run it in a JVM of its own that writes an archive.
 */
final class LoadedClassLinker {
  /** How many classes were linked, how many could not be, and why listing failed (or null). */
  record Result(int linked, int failed, String unavailable) {}

  private LoadedClassLinker() {}

  /**
   * Links the classes {@code loader} has defined, once each. Classes that linking loads in turn
   * (for verification) are left as they are: chasing them grew the image's archive from 39 to 95
   * MB, most of it classes no start uses.
   */
  static Result link(ClassLoader loader) {
    List<Class<?>> todo = new ArrayList<>();
    try {
      // A VarHandle: core reflection hides ClassLoader's fields even where java.lang is open.
      VarHandle classes =
          MethodHandles.privateLookupIn(ClassLoader.class, MethodHandles.lookup())
              .findVarHandle(ClassLoader.class, "classes", ArrayList.class);
      List<?> defined = (List<?>) classes.get(loader);
      synchronized (defined) {
        for (Object c : defined) {
          todo.add((Class<?>) c);
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      return new Result(0, 0, e.toString());
    }
    int linked = 0;
    int failed = 0;
    for (Class<?> c : todo) {
      try {
        // HotSpot links a class to list its methods (JVM_GetClassDeclaredMethods), without
        // initialising it.
        c.getDeclaredMethods();
        linked++;
      } catch (Throwable e) { // a class that cannot link stays out of the archive, as without this
        failed++;
      }
    }
    return new Result(linked, failed, null);
  }
}
