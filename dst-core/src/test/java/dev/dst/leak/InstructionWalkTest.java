package dev.dst.leak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import javax.tools.JavaCompiler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The instruction walker against javap, on a class generated and compiled here to hold what
 * hand-written fixtures rarely do: tableswitch and lookupswitch at every padding, wide loads,
 * stores and iinc, and a method past 32 KB (goto_w); then the same class rewritten, loaded and
 * run, its leaks found at their lines.
 */
final class InstructionWalkTest {
    @TempDir
    static Path dir;
    /** Generated method → the line of its leak. */
    private static final Map<String, Integer> LEAK_LINES = new LinkedHashMap<>();

    @BeforeAll
    static void compile() throws IOException {
        Path source = dir.resolve("walk/Walk.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, generate());
        JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "a JDK with javac runs these tests");
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, null, errors, "--release", "17", "-d", dir.resolve("classes").toString(), source.toString());
        assertEquals(0, status, errors.toString());
    }

    /** Methods whose leak follows a switch at each padding, wide instructions, and a long jump. */
    private static String generate() {
        List<String> lines = new ArrayList<>(List.of("package walk;", "", "public final class Walk {"));
        for (int k = 0; k < 8; k++) { // k iincs of 3 bytes before the switch: every alignment twice
            method(lines, "table" + k, k, "switch (x) { case 0: x += 3; break; case 1: x += 5; break; case 2: x += 7; break; "
                    + "case 3: x -= 2; break; default: x--; }");
            method(lines, "lookup" + k, k, "switch (x) { case 1: x += 3; break; case 1000: x += 5; break; "
                    + "case 1000000: x -= 7; break; default: x--; }");
        }
        List<String> locals = new ArrayList<>();
        locals.add("int v0 = x;");
        for (int i = 1; i < 300; i++) {
            locals.add("int v" + i + " = v" + (i - 1) + " + 1;");
        }
        locals.add("v299 += 1000; x = v299;");
        method(lines, "wide", 0, String.join(" ", locals));
        lines.add("    public static int far(int x) {");
        lines.add("        int s = 0;");
        lines.add("        for (int i = 0; i < x; i++) {");
        for (int row = 0; row < 100; row++) {
            lines.add("            " + "s += i ^ 7; ".repeat(50));
        }
        lines.add("        }");
        lines.add("        return s + (int) (System.nanoTime() & 1);");
        LEAK_LINES.put("far", lines.size());
        lines.add("    }");
        lines.add("}");
        return String.join("\n", lines) + "\n";
    }

    private static void method(List<String> lines, String name, int iincs, String body) {
        lines.add("    public static int " + name + "(int x) {");
        for (int i = 0; i < iincs; i++) {
            lines.add("        x++;");
        }
        lines.add("        " + body);
        lines.add("        return x + (int) (System.nanoTime() & 1);");
        LEAK_LINES.put(name, lines.size());
        lines.add("    }");
    }

    @Test
    void theGeneratedClassHoldsSwitchesWideInstructionsAndLongJumps() throws IOException {
        Set<Integer> opcodes = new HashSet<>();
        ClassFile cf = new ClassFile(Files.readAllBytes(walkClass()));
        for (ClassFile.Method m : cf.methods()) {
            for (int pc : instructionStarts(cf, m)) {
                opcodes.add(cf.bytes[m.codeStart() + pc] & 0xFF);
            }
        }
        assertTrue(opcodes.containsAll(Set.of(Bytecode.TABLESWITCH, Bytecode.LOOKUPSWITCH, Bytecode.WIDE, Bytecode.GOTO_W)),
                "opcodes " + opcodes);
    }

    @Test
    void theWalkerFindsTheInstructionsJavapFindsInTheGeneratedClass() throws IOException {
        Path file = walkClass();
        assertEquals(javapInstructionStarts(file.toString()), walkerInstructionStarts(Files.readAllBytes(file)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"java.util.regex.Pattern", "java.lang.Character", "java.util.Formatter", "java.math.BigDecimal",
            "java.lang.invoke.MethodHandles$Lookup"})
    void theWalkerFindsTheInstructionsJavapFindsInJdkClasses(String className) throws IOException {
        byte[] bytes;
        try (var in = Object.class.getResourceAsStream("/" + className.replace('.', '/') + ".class")) {
            bytes = in.readAllBytes();
        }
        assertEquals(javapInstructionStarts(className), walkerInstructionStarts(bytes));
    }

    @Test
    void theRewrittenClassVerifiesAndReportsEachLeakAtItsLine() throws Exception {
        RewritingLoader loader = new RewritingLoader(AgentOptions.defaults(), name -> name.startsWith("walk."), dir.resolve("classes"));
        Class<?> walk = loader.loadClass("walk.Walk");
        assertEquals(1, loader.rewritten);
        for (Map.Entry<String, Integer> e : LEAK_LINES.entrySet()) {
            Method m = walk.getMethod(e.getKey(), int.class);
            LeakGuard.enter();
            try {
                m.invoke(null, 2);
            } finally {
                LeakGuard.exit();
            }
            assertEquals(new Leak("wall clock read: System.nanoTime()", "walk.Walk." + e.getKey() + "(Walk.java:" + e.getValue() + ")"),
                    LeakGuard.poll());
        }
    }

    @Test
    void rewritingMovesNoInstruction() throws IOException {
        byte[] original = Files.readAllBytes(walkClass());
        Rewriter.Result r = Rewriter.rewrite(original, name -> false);
        assertEquals(LEAK_LINES.size(), r.sites());
        assertEquals(walkerInstructionStarts(original), walkerInstructionStarts(r.bytes()));
    }

    /**
     * What a rewrite must keep, in every method: the code's length, and its frames, handlers and
     * branch targets at the same offsets, each still the start of an instruction. (A no-arg
     * {@code new X()} becomes a call and four nops, so instructions inside those 7 bytes change.)
     */
    static void assertSameShape(byte[] original, byte[] rewritten, String what) {
        List<List<Integer>> before = labels(original);
        assertEquals(before, labels(rewritten), what);
        List<List<Integer>> starts = walkerInstructionStarts(rewritten);
        ClassFile a = new ClassFile(original);
        ClassFile b = new ClassFile(rewritten);
        for (int i = 0; i < before.size(); i++) {
            assertEquals(a.methods().get(i).codeLength(), b.methods().get(i).codeLength(), what);
            assertTrue(starts.get(i).containsAll(before.get(i)), what + ": a label is not an instruction start");
        }
    }

    /** Per method: frame, handler and branch-target offsets, sorted. */
    private static List<List<Integer>> labels(byte[] bytes) {
        ClassFile cf = new ClassFile(bytes);
        List<List<Integer>> result = new ArrayList<>();
        for (ClassFile.Method m : cf.methods()) {
            java.util.BitSet labels = new java.util.BitSet();
            for (int label : m.labels()) {
                labels.set(label);
            }
            for (int pc : instructionStarts(cf, m)) {
                Bytecode.branchTargets(cf.bytes, m.codeStart(), pc, labels);
            }
            result.add(labels.stream().boxed().toList());
        }
        return result;
    }

    private static Path walkClass() {
        return dir.resolve("classes/walk/Walk.class");
    }

    /** Per method with code, in file order: the offsets where instructions start. */
    static List<List<Integer>> walkerInstructionStarts(byte[] bytes) {
        ClassFile cf = new ClassFile(bytes);
        List<List<Integer>> result = new ArrayList<>();
        for (ClassFile.Method m : cf.methods()) {
            result.add(instructionStarts(cf, m));
        }
        return result;
    }

    private static List<Integer> instructionStarts(ClassFile cf, ClassFile.Method m) {
        List<Integer> starts = new ArrayList<>();
        for (int pc = 0; pc < m.codeLength(); pc += Bytecode.length(cf.bytes, m.codeStart(), pc)) {
            starts.add(pc);
        }
        return starts;
    }

    private static final Pattern INSTRUCTION = Pattern.compile("^\\s+(\\d+): [a-z][a-z0-9_]*");

    /** The same, from {@code javap -c -p}: one list per {@code Code:} block. */
    static List<List<Integer>> javapInstructionStarts(String classOrFile) {
        ToolProvider javap = ToolProvider.findFirst("javap").orElseThrow();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = javap.run(new PrintWriter(out, true), new PrintWriter(System.err, true), "-c", "-p", classOrFile);
        assertEquals(0, status);
        List<List<Integer>> result = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            if (line.trim().equals("Code:")) {
                result.add(new ArrayList<>());
            } else {
                Matcher m = INSTRUCTION.matcher(line);
                if (m.find() && !result.isEmpty()) {
                    result.get(result.size() - 1).add(Integer.parseInt(m.group(1)));
                }
            }
        }
        return result;
    }
}
