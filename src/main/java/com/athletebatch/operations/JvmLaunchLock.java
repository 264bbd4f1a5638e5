package com.athletebatch.operations;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The launch lock on H2: the database is embedded in this JVM, so one JVM lock serialises its
 * launches.
 */
final class JvmLaunchLock implements LaunchLock {

  private static final ReentrantLock LOCK = new ReentrantLock();
  private static final JvmLaunchLock HELD = new JvmLaunchLock();

  private JvmLaunchLock() {}

  static LaunchLock acquire(String jobName) {
    LOCK.lock();
    return HELD;
  }

  @Override
  public void close() {
    LOCK.unlock();
  }
}
