package dev.dst.junit;

import dev.dst.entropy.Seeds;
import dev.dst.shrink.Reproduction;
import dev.dst.sim.Simulation;
import dev.dst.sweep.MethodTarget;
import dev.dst.sweep.Replays;
import dev.dst.sweep.RunOutcome;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Runs a {@link Replay} test on its reproduction file; see there. */
public final class ReplayExtension implements TestTemplateInvocationContextProvider {
    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> m.isAnnotationPresent(Replay.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        Replay annotation = method.getAnnotation(Replay.class);
        Reproductions.Loaded loaded = Reproductions.load(annotation.value(), context.getRequiredTestClass());
        return Stream.of(new Invocation(method, annotation, loaded));
    }

    private static final class Invocation implements TestTemplateInvocationContext {
        private final Method method;
        private final Replay annotation;
        private final Reproductions.Loaded loaded;

        Invocation(Method method, Replay annotation, Reproductions.Loaded loaded) {
            this.method = method;
            this.annotation = annotation;
            this.loaded = loaded;
        }

        @Override
        public String getDisplayName(int invocationIndex) {
            String name = Path.of(annotation.value()).getFileName().toString();
            Reproduction rep = loaded.reproduction();
            return rep == null ? "replay " + name : "replay " + name + " (seed " + Seeds.format(rep.seed()) + ")";
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new SimulationParameters(() -> 0L, e -> Simulation.create(0)), new InvocationInterceptor() {
                @Override
                public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
                                                        ExtensionContext context) throws Throwable {
                    invocation.skip();
                    judge(run(call.getTarget().orElseThrow(), call.getArguments().toArray()));
                }
            });
        }

        private RunOutcome run(Object instance, Object[] args) {
            Reproduction rep = loaded.require();
            for (String o : Replays.overridden(rep)) {
                System.out.println("dst: " + annotation.value() + ": runs with " + o);
            }
            MethodTarget target = new MethodTarget(method, () -> instance, args, rep.options(),
                    seed -> "@Replay(\"" + annotation.value() + "\")",
                    b -> b.invariantEvery(annotation.invariantEvery()).maxSteps(annotation.maxSteps()));
            return Reproductions.replay(target, rep, "@Replay(\"" + annotation.value() + "\")", annotation.timeoutSeconds() * 1000);
        }

        private String where(Reproduction rep) {
            List<String> overridden = Replays.overridden(rep);
            return "replaying " + annotation.value() + " (seed " + Seeds.format(rep.seed()) + ", " + rep.target() + ", written by dst "
                    + rep.dstVersion() + (rep.options().isEmpty() ? "" : ", with " + properties(rep.options()))
                    + (overridden.isEmpty() ? "" : "; given instead: " + String.join(", ", overridden)) + ")";
        }

        private static String properties(Map<String, String> options) {
            StringBuilder sb = new StringBuilder();
            options.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k.startsWith("-D") ? k + "=" + v : k + " " + v));
            return sb.toString();
        }

        /** Passes when the outcome is what the annotation expects; fails saying what happened otherwise. */
        private void judge(RunOutcome o) {
            Reproduction rep = loaded.require();
            if (o.badInput() != null) {
                throw new IllegalArgumentException(where(rep) + ": " + Reproductions.badInput(annotation.value(), loaded, o), o.thrown());
            }
            if (o.passed()) {
                if (annotation.expectFailure()) {
                    throw new AssertionError(where(rep) + ": expected it to fail with " + rep.headline() + ", but the run passed");
                }
                return;
            }
            if (!annotation.expectFailure()) {
                throw new AssertionError(where(rep) + ": it still fails: " + o.violation().headline() + "\n  recorded: "
                        + rep.headline(), MethodRun.failureOf(o));
            }
            if (!Replays.sameFailure(rep, o)) {
                throw new AssertionError(where(rep) + ": it fails differently: " + o.violation().headline() + "\n  recorded: "
                        + rep.headline(), MethodRun.failureOf(o));
            }
            if (o.report().traceHash() != rep.traceHash()) {
                System.out.println("dst: " + where(rep) + " fails the same way: " + Replays.verdict(rep, o));
            }
        }
    }
}
