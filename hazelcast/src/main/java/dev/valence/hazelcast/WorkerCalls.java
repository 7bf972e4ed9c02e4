package dev.valence.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import dev.valence.runtime.spi.execution.RemoteTask;
import dev.valence.runtime.spi.execution.TaskResult;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The calls a coordinator sends to a worker member through Hazelcast's executor service. Each
 * finds the member's {@link WorkerService} in its user context; a member without one (not started
 * by {@link WorkerMain}) answers with an error naming the fix.
 *
 * <p>Calls and answers are {@link DataSerializable}, written field by field ({@link TaskCodec}):
 * Hazelcast instantiates them through their no-argument constructors, so they need no factory in
 * the members' configuration, and a user's own Hazelcast instance carries them as well.
 */
final class WorkerCalls {
    private WorkerCalls() {}

    /** Base of the calls: the member's worker service. */
    abstract static class Call<T> implements Callable<T>, HazelcastInstanceAware, DataSerializable {
        String coordinator;
        private transient HazelcastInstance instance;

        Call() {}

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

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeString(coordinator);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            coordinator = in.readString();
        }
    }

    /** A batch of tasks for the member's pool; answers with how many were queued. */
    static final class Submit extends Call<Integer> {
        private List<RemoteTask> tasks;

        /** For Hazelcast, which fills the fields with {@link #readData}. */
        Submit() {}

        Submit(String coordinator, List<RemoteTask> tasks) {
            super(coordinator);
            this.tasks = List.copyOf(tasks);
        }

        @Override
        public Integer call() {
            service().submit(coordinator, tasks);
            return tasks.size();
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            super.writeData(out);
            TaskCodec.writeTasks(out, tasks);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            super.readData(in);
            tasks = TaskCodec.readTasks(in);
        }
    }

    /** A long poll: the answers ready for the coordinator, waiting up to the given time for one. */
    static final class Collect extends Call<Answers> {
        private long waitMillis;

        /** For Hazelcast, which fills the fields with {@link #readData}. */
        Collect() {}

        Collect(String coordinator, Duration wait) {
            super(coordinator);
            this.waitMillis = wait.toMillis();
        }

        @Override
        public Answers call() throws InterruptedException {
            return new Answers(service().collect(coordinator, Duration.ofMillis(waitMillis)));
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            super.writeData(out);
            out.writeLong(waitMillis);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            super.readData(in);
            waitMillis = in.readLong();
        }
    }

    /** What a {@link Collect} brings back: the answers, possibly none. */
    static final class Answers implements DataSerializable {
        private List<TaskResult> results;

        /** For Hazelcast, which fills the fields with {@link #readData}. */
        Answers() {}

        Answers(List<TaskResult> results) {
            this.results = results;
        }

        List<TaskResult> results() {
            return results;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            TaskCodec.writeResults(out, results);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            results = TaskCodec.readResults(in);
        }
    }

    /** Interrupts tasks whose nodes were cancelled. */
    static final class Cancel extends Call<Integer> {
        private List<String> taskIds;

        /** For Hazelcast, which fills the fields with {@link #readData}. */
        Cancel() {}

        Cancel(String coordinator, List<String> taskIds) {
            super(coordinator);
            this.taskIds = List.copyOf(taskIds);
        }

        @Override
        public Integer call() {
            service().cancel(taskIds);
            return taskIds.size();
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            super.writeData(out);
            TaskCodec.writeStrings(out, taskIds);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            super.readData(in);
            taskIds = TaskCodec.readStrings(in);
        }
    }
}
