package dev.valence.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import dev.valence.runtime.spi.execution.RemoteTask;
import dev.valence.runtime.spi.execution.TaskResult;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The calls a coordinator sends to a worker member through Hazelcast's executor service. Each
 * finds the member's {@link WorkerService} in its user context; a member without one (not started
 * by {@link WorkerMain}) answers with an error naming the fix.
 */
final class WorkerCalls {
    private WorkerCalls() {}

    /** Base of the calls: the member's worker service. */
    abstract static class Call<T> implements Callable<T>, HazelcastInstanceAware, Serializable {
        private static final long serialVersionUID = 1L;
        final String coordinator;
        private transient HazelcastInstance instance;

        Call(String coordinator) {
            this.coordinator = coordinator;
        }

        @Override
        public void setHazelcastInstance(HazelcastInstance instance) {
            this.instance = instance;
        }

        WorkerService service() {
            Object service = instance == null ? null : instance.getUserContext().get(WorkerService.KEY);
            if (!(service instanceof WorkerService)) {
                throw new IllegalStateException("the member " + (instance == null ? "?" : instance.getName())
                        + " runs no Valence worker; start workers with dev.valence.hazelcast.WorkerMain");
            }
            return (WorkerService) service;
        }
    }

    /** A batch of tasks for the member's pool; answers with how many were queued. */
    static final class Submit extends Call<Integer> {
        private static final long serialVersionUID = 1L;
        private final ArrayList<RemoteTask> tasks;

        Submit(String coordinator, List<RemoteTask> tasks) {
            super(coordinator);
            this.tasks = new ArrayList<>(tasks);
        }

        @Override
        public Integer call() {
            service().submit(coordinator, tasks);
            return tasks.size();
        }
    }

    /** A long poll: the answers ready for the coordinator, waiting up to the given time for one. */
    static final class Collect extends Call<ArrayList<TaskResult>> {
        private static final long serialVersionUID = 1L;
        private final long waitMillis;

        Collect(String coordinator, Duration wait) {
            super(coordinator);
            this.waitMillis = wait.toMillis();
        }

        @Override
        public ArrayList<TaskResult> call() throws InterruptedException {
            return service().collect(coordinator, Duration.ofMillis(waitMillis));
        }
    }

    /** Interrupts tasks whose nodes were cancelled. */
    static final class Cancel extends Call<Integer> {
        private static final long serialVersionUID = 1L;
        private final ArrayList<String> taskIds;

        Cancel(String coordinator, List<String> taskIds) {
            super(coordinator);
            this.taskIds = new ArrayList<>(taskIds);
        }

        @Override
        public Integer call() {
            service().cancel(taskIds);
            return taskIds.size();
        }
    }
}
