package dev.valence.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.LifecycleEvent;
import dev.valence.runtime.spi.execution.RemoteExecutor;
import dev.valence.runtime.spi.execution.RemoteTask;
import dev.valence.runtime.spi.execution.TaskResult;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs electron calls on the worker members of a Hazelcast cluster ({@link WorkerMain}). Ready tasks
 * go in one batch per member (what became ready while the previous batch was being sent goes
 * together: no window is waited for, which would add its length to every step of a chain), to the members with the most
 * free threads; each member holds at most about 50 ms of work per thread (2 to 16 tasks, by the
 * time tasks have been taking), so the rest wait here and go to whichever member frees up first. Answers come back through one long poll per member.
 *
 * <p>When a member leaves (it was killed, or its machine died), the tasks it had not answered are
 * sent to another member, once; a task whose second member leaves too fails. An answer from a
 * member after its task was sent elsewhere is ignored. The coordinator is a Hazelcast client (see
 * {@link #connect}), so it never gets tasks itself, and its failure is not the cluster's.
 *
 * <pre>{@code
 * try (HazelcastExecutor cluster = HazelcastExecutor.connect("valence", List.of("worker1:5701"));
 *         Valence valence = Valence.builder().store(Stores.open(url)).defaultExecutor(cluster).open()) {
 *     valence.dispatch(MyLattices.sweep(0, 8, 100)).await();
 * }
 * }</pre>
 */
public final class HazelcastExecutor implements RemoteExecutor, AutoCloseable {
    /** The name of the executor service the workers run the protocol's calls on. */
    public static final String SERVICE = "valence";

    static final String WORKER_ATTRIBUTE = "valence.worker";
    static final String THREADS_ATTRIBUTE = "valence.threads";

    private static final Logger LOG = LoggerFactory.getLogger(HazelcastExecutor.class);
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final int COLLECT_FAILURES_TOLERATED = 5;

    private final HazelcastInstance hazelcast;
    private final boolean owned;
    private final IExecutorService service;
    private final String coordinator = UUID.randomUUID().toString();
    /** How many tasks each worker may hold per thread; guarded by {@link #lock}. */
    private final QueueDepth depth = new QueueDepth();

    private final Duration noWorkerPatience;
    private final Object lock = new Object();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final Map<String, Pending> inFlight = new HashMap<>();
    private final Map<UUID, Worker> workers = new LinkedHashMap<>();
    private final UUID listener;
    private final UUID lifecycle;
    private final Thread scheduler;
    private long noWorkerSince = -1;
    private volatile boolean closed;

    /**
     * Uses a Hazelcast instance the caller owns (a client, or a lite member, so that the
     * coordinator gets no tasks of its own) and keeps it open at {@link #close()}.
     *
     * @param hazelcast a client or member of the workers' cluster
     */
    public HazelcastExecutor(HazelcastInstance hazelcast) {
        this(hazelcast, false, Duration.ofSeconds(30));
    }

    private HazelcastExecutor(HazelcastInstance hazelcast, boolean owned, Duration patience) {
        this.hazelcast = Objects.requireNonNull(hazelcast, "hazelcast");
        this.owned = owned;
        this.noWorkerPatience = patience;
        this.service = hazelcast.getExecutorService(SERVICE);
        this.listener = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                added(event.getMember());
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                left(event.getMember().getUuid(), "it left the cluster");
            }
        });
        // A client cut off from the whole cluster hears of no member leaving: it hears it is cut off.
        this.lifecycle = hazelcast.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.CLIENT_DISCONNECTED) {
                List<UUID> all;
                synchronized (lock) {
                    all = List.copyOf(workers.keySet());
                }
                all.forEach(uuid -> left(uuid, "the coordinator lost its connection to the cluster"));
            } else if (event.getState() == LifecycleEvent.LifecycleState.CLIENT_CONNECTED) {
                hazelcast.getCluster().getMembers().forEach(this::added);
            }
        });
        for (Member member : hazelcast.getCluster().getMembers()) {
            added(member);
        }
        this.scheduler = new Thread(this::schedule, "valence-hazelcast-scheduler");
        scheduler.setDaemon(true);
        scheduler.start();
    }

    /**
     * Connects to the workers' cluster as a Hazelcast client, which {@link #close()} shuts down.
     *
     * @param cluster the cluster's name, as given to the workers' {@code --cluster}
     * @param addresses {@code host:port} of one or more workers
     * @return the executor
     * @throws IllegalStateException when no member could be reached within 30 seconds
     */
    public static HazelcastExecutor connect(String cluster, List<String> addresses) {
        return connect(cluster, addresses, Duration.ofSeconds(30));
    }

    /**
     * As {@link #connect(String, List)}, giving up connecting after {@code patience}, and failing
     * tasks after as long without any worker.
     */
    static HazelcastExecutor connect(String cluster, List<String> addresses, Duration patience) {
        HazelcastInstance client;
        try {
            client = HazelcastClient.newHazelcastClient(ClusterConfigs.client(cluster, addresses, patience));
        } catch (IllegalStateException e) {
            throw new IllegalStateException(
                    "cannot reach the Valence cluster '" + cluster + "' at " + addresses
                            + " (" + e.getMessage() + "); start workers with WorkerMain --cluster " + cluster
                            + " or fix the addresses",
                    e);
        }
        return new HazelcastExecutor(client, true, patience);
    }

    @Override
    public CompletableFuture<TaskResult> submit(RemoteTask task) {
        CompletableFuture<TaskResult> answer = new CompletableFuture<>();
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(
                        new IllegalStateException("the HazelcastExecutor is closed; close Valence before it"));
            }
            pending.add(new Pending(task, answer));
            lock.notifyAll();
        }
        return answer;
    }

    @Override
    public void cancel(RemoteTask task) {
        Worker holder = null;
        Pending cancelled;
        synchronized (lock) {
            cancelled = inFlight.remove(task.taskId());
            if (cancelled != null) {
                holder = workers.get(cancelled.member);
                if (holder != null) {
                    holder.inFlight--;
                }
                lock.notifyAll();
            } else {
                cancelled = pending.stream()
                        .filter(p -> p.task.taskId().equals(task.taskId()))
                        .findFirst()
                        .orElse(null);
                pending.remove(cancelled);
            }
        }
        if (cancelled == null) {
            return;
        }
        cancelled.answer.completeExceptionally(new CancellationException("task " + task.taskId() + " was cancelled"));
        if (holder != null) {
            service.submitToMember(new WorkerCalls.Cancel(coordinator, List.of(task.taskId())), holder.member, null);
        }
    }

    /** @return the worker members known now, by their workers' ids */
    public List<String> workers() {
        synchronized (lock) {
            return workers.values().stream().map(w -> w.id).toList();
        }
    }

    /** @return the id of the worker holding the unanswered task of a node, if one does (for tests) */
    Optional<String> holder(String nodeName) {
        synchronized (lock) {
            for (Pending task : inFlight.values()) {
                Worker worker = workers.get(task.member);
                if (task.task.nodeName().equals(nodeName) && worker != null) {
                    return Optional.of(worker.id);
                }
            }
            return Optional.empty();
        }
    }

    private void added(Member member) {
        String id = member.getAttribute(WORKER_ATTRIBUTE);
        if (id == null) {
            return;
        }
        int threads;
        try {
            threads = Integer.parseInt(member.getAttribute(THREADS_ATTRIBUTE));
        } catch (NumberFormatException e) {
            threads = 1;
        }
        synchronized (lock) {
            workers.putIfAbsent(member.getUuid(), new Worker(member, id, Math.max(1, threads)));
            lock.notifyAll();
        }
    }

    /**
     * A member is gone: the tasks it had not answered are sent elsewhere, once; answers it may
     * still send are ignored, since its tasks no longer name it.
     */
    private void left(UUID uuid, String why) {
        List<Pending> lost = new ArrayList<>();
        Worker gone;
        synchronized (lock) {
            gone = workers.remove(uuid);
            if (gone == null) {
                return;
            }
            for (Pending task : List.copyOf(inFlight.values())) {
                if (uuid.equals(task.member)) {
                    inFlight.remove(task.task.taskId());
                    if (task.sends >= 2) {
                        lost.add(task);
                    } else {
                        task.member = null;
                        pending.addFirst(task);
                    }
                }
            }
            lock.notifyAll();
        }
        LOG.warn("worker {} is gone ({}); its unanswered tasks go to other workers", gone.id, why);
        for (Pending task : lost) {
            task.answer.completeExceptionally(new IllegalStateException("task " + task.task.taskId() + " (node "
                    + task.task.nodeName() + ") was lost twice: worker " + gone.id
                    + " left too after the task had been resubmitted to it"));
        }
    }

    /** Sends pending tasks in batches, one per member, while members have room for them. */
    private void schedule() {
        while (!closed) {
            try {
                Map<Worker, List<Pending>> batches = nextBatches();
                for (Map.Entry<Worker, List<Pending>> batch : batches.entrySet()) {
                    send(batch.getKey(), batch.getValue());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("the Hazelcast scheduler failed; it goes on", e);
            }
        }
    }

    private Map<Worker, List<Pending>> nextBatches() throws InterruptedException {
        synchronized (lock) {
            while (!closed && (pending.isEmpty() || leastLoaded() == null)) {
                failIfNoWorkers();
                lock.wait(POLL.toMillis());
            }
        }
        Map<Worker, List<Pending>> batches = new LinkedHashMap<>();
        synchronized (lock) {
            Worker target;
            while (!pending.isEmpty() && (target = leastLoaded()) != null) {
                Pending task = pending.poll();
                task.member = target.member.getUuid();
                task.sends++;
                target.inFlight++;
                inFlight.put(task.task.taskId(), task);
                batches.computeIfAbsent(target, w -> new ArrayList<>()).add(task);
            }
        }
        return batches;
    }

    /** The worker with the most room relative to its threads, or null when all are full. */
    private Worker leastLoaded() {
        Worker best = null;
        int perThread = depth.perThread();
        for (Worker worker : workers.values()) {
            if (worker.inFlight < worker.threads * perThread
                    && (best == null || worker.inFlight * best.threads < best.inFlight * worker.threads)) {
                best = worker;
            }
        }
        return best;
    }

    /** Tasks waiting while no worker is in the cluster fail after a while, naming the fix. */
    private void failIfNoWorkers() {
        if (!workers.isEmpty() || pending.isEmpty()) {
            noWorkerSince = -1;
            return;
        }
        long now = System.nanoTime();
        if (noWorkerSince < 0) {
            noWorkerSince = now;
            return;
        }
        if (now - noWorkerSince < noWorkerPatience.toNanos()) {
            return;
        }
        IllegalStateException none = new IllegalStateException("no Valence worker has been in the cluster for "
                + noWorkerPatience.toSeconds() + " s; start workers with dev.valence.hazelcast.WorkerMain");
        while (!pending.isEmpty()) {
            pending.poll().answer.completeExceptionally(none);
        }
        noWorkerSince = -1;
    }

    private void send(Worker worker, List<Pending> batch) {
        List<RemoteTask> tasks = batch.stream().map(p -> p.task).toList();
        service.submitToMember(new WorkerCalls.Submit(coordinator, tasks), worker.member, new ExecutionCallback<>() {
            @Override
            public void onResponse(Integer queued) {
                collect(worker);
            }

            @Override
            public void onFailure(Throwable error) {
                if (!closed) {
                    left(worker.member.getUuid(), "a batch could not be sent to it: " + error);
                }
            }
        });
    }

    /** Starts the member's long poll unless it runs already. */
    private void collect(Worker worker) {
        synchronized (lock) {
            if (worker.collecting || closed || !workers.containsKey(worker.member.getUuid())) {
                return;
            }
            worker.collecting = true;
        }
        poll(worker);
    }

    private void poll(Worker worker) {
        service.submitToMember(
                new WorkerCalls.Collect(coordinator, POLL),
                worker.member,
                new ExecutionCallback<WorkerCalls.Answers>() {
                    @Override
                    public void onResponse(WorkerCalls.Answers answers) {
                        answered(worker, answers.results());
                    }

                    @Override
                    public void onFailure(Throwable error) {
                        collectFailed(worker, error);
                    }
                });
    }

    private void answered(Worker worker, List<TaskResult> answers) {
        List<Pending> done = new ArrayList<>(answers.size());
        boolean again;
        synchronized (lock) {
            worker.collectFailures = 0;
            for (TaskResult answer : answers) {
                depth.finished(answer);
                Pending task = inFlight.get(answer.taskId());
                // An answer for a task sent elsewhere since (or cancelled) is late: ignored.
                if (task != null && worker.member.getUuid().equals(task.member)) {
                    inFlight.remove(answer.taskId());
                    worker.inFlight--;
                    task.result = answer;
                    done.add(task);
                }
            }
            again = !closed && worker.inFlight > 0 && workers.containsKey(worker.member.getUuid());
            worker.collecting = again;
            lock.notifyAll();
        }
        for (Pending task : done) {
            task.answer.complete(task.result);
        }
        if (again) {
            poll(worker);
        }
    }

    private void collectFailed(Worker worker, Throwable error) {
        boolean member = hazelcast.getCluster().getMembers().stream()
                .anyMatch(m -> m.getUuid().equals(worker.member.getUuid()));
        boolean givingUp;
        synchronized (lock) {
            if (closed) {
                return;
            }
            givingUp = !member || ++worker.collectFailures > COLLECT_FAILURES_TOLERATED;
            if (givingUp) {
                worker.collecting = false;
            }
        }
        if (givingUp) {
            left(worker.member.getUuid(), "its answers could not be collected: " + error);
            return;
        }
        LOG.debug("collecting from worker {} failed, trying again: {}", worker.id, error.toString());
        poll(worker);
    }

    /** Fails the tasks not answered yet, and shuts the client down if {@link #connect} made it. */
    @Override
    public void close() {
        List<Pending> open = new ArrayList<>();
        synchronized (lock) {
            closed = true;
            open.addAll(pending);
            open.addAll(inFlight.values());
            pending.clear();
            inFlight.clear();
            lock.notifyAll();
        }
        scheduler.interrupt();
        IllegalStateException closing = new IllegalStateException("the HazelcastExecutor was closed");
        open.forEach(task -> task.answer.completeExceptionally(closing));
        try {
            hazelcast.getCluster().removeMembershipListener(listener);
            hazelcast.getLifecycleService().removeLifecycleListener(lifecycle);
        } catch (RuntimeException e) {
            LOG.debug("could not remove the membership listener: {}", e.toString());
        }
        if (owned) {
            hazelcast.shutdown();
        }
    }

    /** A task on its way: the member it was last sent to, and how often it was sent. */
    private static final class Pending {
        final RemoteTask task;
        final CompletableFuture<TaskResult> answer;
        UUID member;
        int sends;
        TaskResult result;

        Pending(RemoteTask task, CompletableFuture<TaskResult> answer) {
            this.task = task;
            this.answer = answer;
        }
    }

    /** A worker member and the tasks it holds. */
    private static final class Worker {
        final Member member;
        final String id;
        final int threads;
        int inFlight;
        boolean collecting;
        int collectFailures;

        Worker(Member member, String id, int threads) {
            this.member = member;
            this.id = id;
            this.threads = threads;
        }
    }
}
