package dev.dst.leak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which classes the agent rewrites, and the options that change it. */
final class AgentOptionsTest {
    private final AgentOptions defaults = AgentOptions.defaults();

    @Test
    void byDefaultAUsersClassesAndTheirLibrariesAreRewritten() {
        assertTrue(defaults.rewrites("com/acme/raft/Node"));
        assertTrue(defaults.rewrites("io/netty/util/HashedWheelTimer"));
        assertTrue(defaults.rewrites("Main"));
        assertTrue(defaults.rewrites("dev/dst/examples/raft/RaftNode"));
    }

    @Test
    void byDefaultTheJdkDstsKernelLoggingAndTestFrameworksAreNot() {
        for (String name : new String[] {"java/util/HashMap", "javax/net/ssl/SSLContext", "jdk/internal/misc/Unsafe",
                "sun/nio/ch/Net", "com/sun/net/httpserver/HttpServer", "dev/dst/sim/Simulation", "dev/dst/net/Network",
                "org/slf4j/Logger", "ch/qos/logback/classic/Logger", "org/apache/logging/log4j/Logger",
                "org/junit/jupiter/engine/JupiterTestEngine", "junit/framework/TestCase",
                "org/apache/maven/surefire/booter/ForkedBooter", "org/opentest4j/AssertionFailedError"}) {
            assertFalse(defaults.rewrites(name), name);
        }
    }

    @Test
    void theGuardsOwnClassesAreNeverRewritten() {
        AgentOptions all = AgentOptions.parse("include=dev/dst/,include=dev/dst/leak/");
        assertFalse(all.rewrites("dev/dst/leak/Traps"));
        assertTrue(all.rewrites("dev/dst/leak/fixtures/Leaky"));
        assertTrue(all.rewrites("dev/dst/sim/Simulation"));
    }

    @Test
    void theLongestPrefixDecidesAndDotsMeanSlashes() {
        AgentOptions o = AgentOptions.parse("exclude=com.acme.generated, include=com.acme.generated.Keep");
        assertTrue(o.rewrites("com/acme/Node"));
        assertFalse(o.rewrites("com/acme/generated/Proto"));
        assertTrue(o.rewrites("com/acme/generated/Keep"));
    }

    @Test
    void aGivenPrefixBeatsABuiltInOneOfTheSameLengthAndExcludeBeatsInclude() {
        assertTrue(AgentOptions.parse("include=org/slf4j/").rewrites("org/slf4j/Logger"));
        assertFalse(AgentOptions.parse("include=com/acme/,exclude=com/acme/").rewrites("com/acme/Node"));
        assertFalse(AgentOptions.parse("exclude=dev/dst/examples/").rewrites("dev/dst/examples/raft/RaftNode"));
    }

    @Test
    void debugIsAnOption() {
        assertTrue(AgentOptions.parse("debug").debug());
        assertFalse(defaults.debug());
    }

    @Test
    void anUnknownOptionIsNamedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("include=com/acme/,verbose"));
        assertEquals("dst leak guard: unknown option 'verbose' in 'include=com/acme/,verbose'; "
                + "known options, separated by commas: include=PREFIX, exclude=PREFIX, debug", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("include="));
    }
}
