package io.funccache.event;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: at most one drain of this
 * queue is scheduled on the executor at any moment. Each asynchronous registration owns one, so its
 * listener sees its events in order while different registrations proceed in parallel. The tasks
 * must not throw (they catch and log their own failures).
 */
final class SerialQueue implements Runnable {
  private static final System.Logger LOG = System.getLogger(EventDispatcher.class.getName());
  /** Tasks run per turn on the executor before the drain is rescheduled, to share its threads. */
  private static final int TURN = 64;

  private final Executor executor;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();

  SerialQueue(Executor executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  void submit(Runnable task) {
    tasks.add(Objects.requireNonNull(task, "task"));
    schedule();
  }

  private void schedule() {
    if (tasks.isEmpty() || !scheduled.compareAndSet(false, true)) {
      return;
    }
    try {
      executor.execute(this);
    } catch (RejectedExecutionException e) {
      int dropped = tasks.size();
      tasks.clear();
      scheduled.set(false);
      LOG.log(Level.WARNING, "Asynchronous cache entry listener executor rejected a task; "
          + dropped + " pending event deliveries dropped", e);
    }
  }

  @Override
  public void run() {
    try {
      Runnable task;
      for (int i = 0; i < TURN && (task = tasks.poll()) != null; i++) {
        task.run();
      }
    } finally {
      scheduled.set(false);
      schedule();
    }
  }
}
