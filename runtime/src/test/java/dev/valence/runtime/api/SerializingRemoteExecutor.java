package dev.valence.runtime.api;

import dev.valence.runtime.ValenceWorker;
import dev.valence.runtime.spi.execution.RemoteExecutor;
import dev.valence.runtime.spi.execution.RemoteTask;
import dev.valence.runtime.spi.execution.TaskResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A remote executor in this JVM that goes through Java serialization both ways, as a network
 * transport would: the worker sees only the bytes of a task, and the coordinator only the bytes of
 * the answer. The worker has its own store, opened on the coordinator's folder as another process
 * would open it.
 */
final class SerializingRemoteExecutor implements RemoteExecutor, AutoCloseable {
    private final ValenceWorker worker;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    final List<RemoteTask> submitted = new CopyOnWriteArrayList<>();
    final List<String> cancelled = new CopyOnWriteArrayList<>();

    SerializingRemoteExecutor(ValenceWorker worker) {
        this.worker = worker;
    }

    @Override
    public CompletableFuture<TaskResult> submit(RemoteTask task) {
        submitted.add(task);
        byte[] sent = bytes(task);
        return CompletableFuture.supplyAsync(
                () -> {
                    TaskResult answer = worker.run((RemoteTask) object(sent));
                    return (TaskResult) object(bytes(answer));
                },
                pool);
    }

    @Override
    public void cancel(RemoteTask task) {
        cancelled.add(task.taskId());
        worker.cancel((String) object(bytes(task.taskId())));
    }

    static byte[] bytes(Object value) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    static Object object(byte[] bytes) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        worker.close();
    }
}
