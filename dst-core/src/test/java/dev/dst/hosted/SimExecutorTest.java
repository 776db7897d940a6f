package dev.dst.hosted;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.sim.Simulation;
import dev.dst.sim.SimulationFailure;
import dev.dst.sim.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Each method of the simulated ScheduledExecutorService, run by a simulation. */
final class SimExecutorTest {
    private static final long MS = 1_000_000L;

    /** A component that records what its tasks did, with the simulated time. */
    static final class Recorder {
        final Host host;
        final List<String> events = new ArrayList<>();

        Recorder(Host host) {
            this.host = host;
        }

        void note(String what) {
            events.add(what + "@" + host.context().monotonicNanos() / MS);
        }
    }

    /** One hosted node whose onStart does {@code body}; the simulation runs for {@code ms}. */
    private static Recorder run(Simulation sim, long ms, Consumer<Recorder> body) {
        sim.addNode("n", HostedNode.of(host -> {
            Recorder r = new Recorder(host);
            host.onStart(() -> body.accept(r));
            return r;
        }));
        sim.runFor(Duration.ofMillis(ms));
        return HostedNode.component(sim, 0, Recorder.class);
    }

    private static Recorder run(long ms, Consumer<Recorder> body) {
        return run(Simulation.create(1), ms, body);
    }

    @Test
    void executedTasksRunInOrderAfterTheInputThatQueuedThemAtTheSameInstant() {
        Recorder r = run(10, rec -> {
            SimExecutor e = rec.host.executor();
            e.execute(() -> {
                rec.note("a");
                e.execute(() -> rec.note("c")); // queued by a task: runs after the ones before it
            });
            e.execute(() -> rec.note("b"));
            rec.note("input");
        });
        assertEquals(List.of("input@0", "a@0", "b@0", "c@0"), r.events);
        assertEquals(3, r.host.executor().tasksRun());
    }

    @Test
    void submitGivesAFutureThatIsDoneOnceTheTaskRan() throws Exception {
        List<Future<?>> futures = new ArrayList<>();
        Recorder r = run(10, rec -> {
            Future<String> f = rec.host.executor().submit(() -> "value");
            futures.add(f);
            futures.add(rec.host.executor().submit(() -> rec.note("ran")));
            futures.add(rec.host.executor().submit(() -> rec.note("ran2"), 7));
            IllegalStateException early = assertThrows(IllegalStateException.class, f::get);
            assertTrue(early.getMessage().contains("get() on a task that has not run"), early.getMessage());
        });
        assertEquals("value", futures.get(0).get());
        assertNull(futures.get(1).get());
        assertEquals(7, futures.get(2).get());
        assertEquals(List.of("ran@0", "ran2@0"), r.events);
    }

    @Test
    void scheduledTasksRunAfterTheirDelayInSimulatedTime() throws Exception {
        List<ScheduledFuture<?>> futures = new ArrayList<>();
        Simulation sim = Simulation.create(1);
        Recorder r = run(sim, 5, rec -> {
            futures.add(rec.host.executor().schedule(() -> rec.note("later"), 30, TimeUnit.MILLISECONDS));
            futures.add(rec.host.executor().schedule(() -> 42, 20, TimeUnit.MILLISECONDS));
            futures.add(rec.host.executor().schedule(() -> rec.note("now"), -5, TimeUnit.MILLISECONDS));
        });
        assertEquals(List.of("now@0"), r.events, "a negative delay is no delay");
        assertEquals(25, futures.get(0).getDelay(TimeUnit.MILLISECONDS));
        assertTrue(futures.get(1).compareTo(futures.get(0)) < 0, "ordered by deadline");
        sim.runFor(Duration.ofMillis(30));
        assertEquals(List.of("now@0", "later@30"), r.events);
        assertEquals(42, futures.get(1).get());
        assertEquals(0, r.host.executor().pendingScheduled());
    }

    @Test
    void fixedRateAndFixedDelayTasksRepeatUntilCancelled() {
        List<ScheduledFuture<?>> futures = new ArrayList<>();
        Simulation sim = Simulation.create(1);
        Recorder r = run(sim, 35, rec -> {
            futures.add(rec.host.executor().scheduleAtFixedRate(() -> rec.note("rate"), 5, 10, TimeUnit.MILLISECONDS));
            futures.add(rec.host.executor().scheduleWithFixedDelay(() -> rec.note("delay"), 0, 15, TimeUnit.MILLISECONDS));
        });
        assertEquals(List.of("delay@0", "rate@5", "rate@15", "delay@15", "rate@25", "delay@30", "rate@35"), sorted(r.events));
        assertTrue(((java.util.concurrent.RunnableScheduledFuture<?>) futures.get(0)).isPeriodic());
        assertTrue(futures.get(0).cancel(false));
        sim.runFor(Duration.ofMillis(20));
        assertTrue(r.events.stream().noneMatch(e -> e.equals("rate@45") || e.equals("rate@55")), r.events.toString());
        assertTrue(r.events.contains("delay@45"), r.events.toString());
        assertTrue(futures.get(0).isCancelled());
        assertEquals(1, r.host.executor().pendingScheduled());
    }

    /** Same-instant timers fire in the kernel's tie-break order: compare as sets per instant. */
    private static List<String> sorted(List<String> events) {
        List<String> s = new ArrayList<>(events);
        s.sort((a, b) -> {
            int c = Long.compare(Long.parseLong(a.substring(a.indexOf('@') + 1)), Long.parseLong(b.substring(b.indexOf('@') + 1)));
            return c != 0 ? c : b.compareTo(a);
        });
        return s;
    }

    @Test
    void aCancelledDelayedTaskNeverRuns() {
        Simulation sim = Simulation.create(1);
        Recorder r = run(sim, 1, rec -> {
            ScheduledFuture<?> f = rec.host.executor().schedule(() -> rec.note("never"), 10, TimeUnit.MILLISECONDS);
            assertTrue(f.cancel(true));
            assertFalse(f.cancel(true), "cancelled once");
        });
        sim.runFor(Duration.ofMillis(50));
        assertEquals(List.of(), r.events);
    }

    @Test
    void invokeAllAndInvokeAnyRunTheTasksAtOnce() throws Exception {
        List<Object> out = new ArrayList<>();
        run(1, rec -> {
            try {
                List<Callable<Integer>> tasks = List.of(() -> 1, () -> 2, () -> 3);
                for (Future<Integer> f : rec.host.executor().invokeAll(tasks)) {
                    out.add(f.get());
                }
                List<Callable<String>> any = List.of(() -> {
                    throw new IllegalStateException("first fails");
                }, () -> "second", () -> "third");
                out.add(rec.host.executor().invokeAny(any));
                ExecutionException none = assertThrows(ExecutionException.class, () -> rec.host.executor().invokeAny(
                        List.<Callable<String>>of(() -> {
                            throw new IllegalStateException("all fail");
                        })));
                out.add(none.getCause().getMessage());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertEquals(List.of(1, 2, 3, "second", "all fail"), out);
    }

    @Test
    void shutdownRefusesNewTasksCancelsPeriodicOnesAndLetsDelayedOnesRun() {
        Simulation sim = Simulation.create(1);
        Recorder r = run(sim, 1, rec -> {
            SimExecutor e = rec.host.executor();
            e.scheduleAtFixedRate(() -> rec.note("tick"), 10, 10, TimeUnit.MILLISECONDS);
            e.schedule(() -> rec.note("delayed"), 20, TimeUnit.MILLISECONDS);
            e.execute(() -> rec.note("queued"));
            e.shutdown();
            assertTrue(e.isShutdown());
            assertFalse(e.isTerminated());
            RejectedExecutionException refused = assertThrows(RejectedExecutionException.class, () -> e.execute(() -> {}));
            assertTrue(refused.getMessage().contains("shut down"), refused.getMessage());
        });
        sim.runFor(Duration.ofMillis(50));
        assertEquals(List.of("queued@0", "delayed@20"), r.events);
        assertTrue(r.host.executor().isTerminated());
        assertTrue(r.host.executor().awaitTermination(1, TimeUnit.SECONDS));
    }

    @Test
    void shutdownNowReturnsTheTasksThatNeverRan() {
        List<Runnable> never = new ArrayList<>();
        Simulation sim = Simulation.create(1);
        Recorder r = run(sim, 1, rec -> {
            SimExecutor e = rec.host.executor();
            e.execute(() -> rec.note("a"));
            e.execute(() -> rec.note("b"));
            e.schedule(() -> rec.note("delayed"), 5, TimeUnit.MILLISECONDS);
            never.addAll(e.shutdownNow());
        });
        sim.runFor(Duration.ofMillis(20));
        assertEquals(2, never.size());
        assertEquals(List.of(), r.events);
        assertTrue(r.host.executor().isTerminated());
    }

    @Test
    void aTaskThatThrowsFailsTheRunNamingTheNode() {
        for (Consumer<SimExecutor> throwing : List.<Consumer<SimExecutor>>of(
                e -> e.execute(() -> {
                    throw new IllegalStateException("boom");
                }),
                e -> e.submit(() -> {
                    throw new IllegalStateException("boom");
                }),
                e -> e.schedule(() -> {
                    throw new IllegalStateException("boom");
                }, 3, TimeUnit.MILLISECONDS),
                e -> e.scheduleAtFixedRate(() -> {
                    throw new IllegalStateException("boom");
                }, 3, 3, TimeUnit.MILLISECONDS))) {
            SimulationFailure f = assertThrows(SimulationFailure.class, () -> run(10, rec -> throwing.accept(rec.host.executor())));
            assertEquals(Violation.Kind.NODE_THREW, f.violation().kind());
            assertInstanceOf(TaskFailedException.class, f.getCause(), String.valueOf(f.getCause()));
            assertTrue(f.getCause().getMessage().contains("a task on n's executor threw java.lang.IllegalStateException: boom"),
                    f.getCause().getMessage());
        }
    }

    @Test
    void capturedFailuresCompleteTheFutureAsTheJdkDoes() {
        List<Future<?>> futures = new ArrayList<>();
        Simulation sim = Simulation.create(1);
        run(sim, 20, rec -> {
            SimExecutor e = rec.host.executor().captureFailures();
            futures.add(e.submit(() -> {
                throw new IllegalStateException("kept");
            }));
            futures.add(e.scheduleAtFixedRate(() -> {
                throw new IllegalStateException("stops");
            }, 1, 1, TimeUnit.MILLISECONDS));
        });
        ExecutionException kept = assertThrows(ExecutionException.class, () -> futures.get(0).get());
        assertEquals("kept", kept.getCause().getMessage());
        assertTrue(futures.get(1).isDone(), "a periodic task that threw stops");
    }

    @Test
    void aTaskThatResubmitsItselfForEverFailsTheRun() {
        SimulationFailure f = assertThrows(SimulationFailure.class, () -> run(1, rec -> {
            SimExecutor e = rec.host.executor();
            Runnable[] again = new Runnable[1];
            again[0] = () -> e.execute(again[0]);
            e.execute(again[0]);
        }));
        assertTrue(f.getCause().getMessage().contains("without running dry"), f.getCause().getMessage());
    }

    @Test
    void aTaskQueuedFromOutsideTheNodeRunsAsAnInputOfItsOwn() {
        Simulation sim = Simulation.create(1);
        Recorder r = run(sim, 1, rec -> {});
        sim.schedule(Duration.ofMillis(4), "the test calls the component", () -> r.host.executor().execute(() -> r.note("from outside")));
        sim.runFor(Duration.ofMillis(10));
        assertEquals(List.of("from outside@5"), r.events);
    }

    @Test
    void theExecutorDiesWithItsIncarnation() {
        Simulation sim = Simulation.create(1);
        Recorder first = run(sim, 1, rec -> rec.host.executor().schedule(() -> rec.note("before the crash"), 10, TimeUnit.MILLISECONDS));
        sim.crash(0);
        sim.runFor(Duration.ofMillis(20));
        assertEquals(List.of(), first.events, "its timers died with it");
        RejectedExecutionException dead = assertThrows(RejectedExecutionException.class, () -> first.host.executor().execute(() -> {}));
        assertTrue(dead.getMessage().contains("n has crashed"), dead.getMessage());
        sim.restart(0);
        sim.runFor(Duration.ofMillis(15));
        Recorder second = HostedNode.component(sim, 0, Recorder.class);
        assertTrue(second != first);
        assertEquals(List.of("before the crash@31"), second.events, "the new incarnation ran its setup again");
    }

    @Test
    void asyncStagesOfItsFuturesRunOnTheExecutorNotTheCommonPool() throws Exception {
        List<String> threads = new ArrayList<>();
        List<CompletableFuture<String>> out = new ArrayList<>();
        run(1, rec -> {
            CompletableFuture<String> f = rec.host.executor().newFuture();
            out.add(f.thenApplyAsync(v -> {
                threads.add(Thread.currentThread().getName());
                rec.note("stage");
                return v + "!";
            }));
            f.complete("done");
            rec.note("completed");
        });
        assertEquals("done!", out.get(0).get());
        assertEquals(List.of(Thread.currentThread().getName()), threads);
    }
}
