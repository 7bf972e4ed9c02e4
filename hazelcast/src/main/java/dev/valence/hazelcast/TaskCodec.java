package dev.valence.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import dev.valence.runtime.spi.execution.RemoteTask;
import dev.valence.runtime.spi.execution.TaskResult;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tasks and answers written field by field to Hazelcast's streams. Java serialization of the two
 * records wrote their class descriptions with every message and read them back by reflection: a
 * profile of a 10,000-task fan-out showed it on both ends' I/O threads. Coordinator and workers run
 * the same jars, so the layout needs no version of its own.
 */
final class TaskCodec {
    private TaskCodec() {}

    static void writeTasks(ObjectDataOutput out, List<RemoteTask> tasks) throws IOException {
        out.writeInt(tasks.size());
        for (RemoteTask task : tasks) {
            out.writeString(task.taskId());
            out.writeString(task.dispatchId());
            out.writeInt(task.nodeIndex());
            out.writeString(task.nodeName());
            out.writeString(task.electronId());
            out.writeString(task.catalog());
            out.writeString(task.codeFingerprint());
            writeStrings(out, task.argumentFingerprints());
            writeStrings(out, task.argumentTypes());
            out.writeString(task.resultType());
            out.writeString(task.replaces());
            out.writeInt(task.inlined().size());
            for (Map.Entry<Integer, RemoteTask.Inline> inline : task.inlined().entrySet()) {
                out.writeInt(inline.getKey());
                out.writeString(inline.getValue().codec());
                out.writeString(inline.getValue().type());
                out.writeByteArray(inline.getValue().data());
            }
        }
    }

    static ArrayList<RemoteTask> readTasks(ObjectDataInput in) throws IOException {
        int size = in.readInt();
        ArrayList<RemoteTask> tasks = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            tasks.add(new RemoteTask(
                    in.readString(),
                    in.readString(),
                    in.readInt(),
                    in.readString(),
                    in.readString(),
                    in.readString(),
                    in.readString(),
                    readStrings(in),
                    readStrings(in),
                    in.readString(),
                    in.readString(),
                    readInlined(in)));
        }
        return tasks;
    }

    private static Map<Integer, RemoteTask.Inline> readInlined(ObjectDataInput in) throws IOException {
        int size = in.readInt();
        Map<Integer, RemoteTask.Inline> inlined = new HashMap<>();
        for (int i = 0; i < size; i++) {
            inlined.put(in.readInt(), new RemoteTask.Inline(in.readString(), in.readString(), in.readByteArray()));
        }
        return inlined;
    }

    static void writeResults(ObjectDataOutput out, List<TaskResult> results) throws IOException {
        out.writeInt(results.size());
        for (TaskResult result : results) {
            out.writeString(result.taskId());
            out.writeInt(result.outcome().ordinal());
            out.writeString(result.valueFingerprint());
            out.writeString(result.workerId());
            out.writeInt(result.attempts());
            writeInstant(out, result.startedAt());
            writeInstant(out, result.endedAt());
            writeOutput(out, result.stdout());
            writeOutput(out, result.stderr());
            out.writeString(result.errorClass());
            out.writeString(result.errorMessage());
            out.writeString(result.stackTrace());
        }
    }

    static ArrayList<TaskResult> readResults(ObjectDataInput in) throws IOException {
        int size = in.readInt();
        ArrayList<TaskResult> results = new ArrayList<>(size);
        TaskResult.Outcome[] outcomes = TaskResult.Outcome.values();
        for (int i = 0; i < size; i++) {
            results.add(new TaskResult(
                    in.readString(),
                    outcomes[in.readInt()],
                    in.readString(),
                    in.readString(),
                    in.readInt(),
                    readInstant(in),
                    readInstant(in),
                    readOutput(in),
                    readOutput(in),
                    in.readString(),
                    in.readString(),
                    in.readString()));
        }
        return results;
    }

    static void writeStrings(ObjectDataOutput out, List<String> strings) throws IOException {
        out.writeInt(strings.size());
        for (String string : strings) {
            out.writeString(string);
        }
    }

    static List<String> readStrings(ObjectDataInput in) throws IOException {
        int size = in.readInt();
        List<String> strings = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            strings.add(in.readString());
        }
        return strings;
    }

    private static void writeInstant(ObjectDataOutput out, Instant instant) throws IOException {
        out.writeBoolean(instant != null);
        if (instant != null) {
            out.writeLong(instant.getEpochSecond());
            out.writeInt(instant.getNano());
        }
    }

    private static Instant readInstant(ObjectDataInput in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }

    private static void writeOutput(ObjectDataOutput out, TaskResult.Output output) throws IOException {
        out.writeBoolean(output != null);
        if (output != null) {
            out.writeString(output.text());
            out.writeLong(output.bytes());
            out.writeBoolean(output.truncated());
        }
    }

    private static TaskResult.Output readOutput(ObjectDataInput in) throws IOException {
        return in.readBoolean() ? new TaskResult.Output(in.readString(), in.readLong(), in.readBoolean()) : null;
    }
}
