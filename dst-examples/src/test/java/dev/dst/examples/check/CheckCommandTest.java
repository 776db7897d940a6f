package dev.dst.examples.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dst.examples.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String VALID_LOG = "INFO  jepsen.util - 0\t:invoke\t:write\t1\n"
            + "INFO  jepsen.util - 0\t:ok\t:write\t1\n"
            + "INFO  jepsen.util - 1\t:invoke\t:cas\t[1 2]\n"
            + "INFO  jepsen.util - 1\t:ok\t:cas\t[1 2]\n"
            + "INFO  jepsen.util - 0\t:invoke\t:read\tnil\n"
            + "INFO  jepsen.util - 0\t:ok\t:read\t2\n";
    static final String STALE_EDN = "[{:process 0 :type :invoke :f :write :value 1}\n{:process 0 :type :ok :f :write :value 1}\n"
            + "{:process 1 :type :invoke :f :read :value nil}\n{:process 1 :type :ok :f :read :value 0}]\n";

    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {}

    static synchronized Result dst(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int code = Main.execute(args);
            return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private String file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p.toString();
    }

    @Test
    void aLinearizableJepsenLogExitsZero() throws IOException {
        Result r = dst("check", "--model", "cas-register", file("etcd.log", VALID_LOG));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("linearizable: true"), r.out());
    }

    @Test
    void aStaleReadExitsOneWithAnExplanation() throws IOException {
        Result r = dst("check", "--model", "register", "--initial", "0", file("stale.edn", STALE_EDN));
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("linearizable: false") && r.out().contains("cannot be placed"), r.out());
    }

    @Test
    void theInitialValueIsTheModelsStart() throws IOException {
        String f = file("initial.edn", "{:process 0 :type :invoke :f :read :value nil}\n{:process 0 :type :ok :f :read :value 5}\n");
        assertEquals(0, dst("check", "--model", "register", "--initial", "5", f).exit());
        assertEquals(1, dst("check", "--model", "register", "--initial", "0", f).exit());
    }

    @Test
    void jsonPrintsOneObjectPerFileWithTheAgreedFields() throws Exception {
        Result r = dst("check", "--model", "cas-register", "--initial", "0", "--json", file("a.log", VALID_LOG), file("b.edn", STALE_EDN));
        assertEquals(1, r.exit());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size());
        JsonNode a = JSON.readTree(lines.get(0));
        for (String field : List.of("file", "verdict", "operations", "processes", "checkMillis")) {
            assertTrue(a.has(field), field);
        }
        assertEquals("valid", a.get("verdict").asText());
        assertEquals(3, a.get("operations").asInt());
        assertEquals(2, a.get("processes").asInt());
        assertEquals("invalid", JSON.readTree(lines.get(1)).get("verdict").asText());
    }

    @Test
    void truncatedEdnExitsTwoWithTheLineOnOneStderrLine() throws IOException {
        Result r = dst("check", "--model", "register", file("cut.edn", STALE_EDN.substring(0, 60)));
        assertEquals(2, r.exit());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("line 2") && r.err().contains("end of input"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace");
    }

    @Test
    void anUnknownOpTypeExitsTwo() throws IOException {
        Result r = dst("check", "--model", "register", file("t.edn", "{:process 0 :type :begun :f :read}"));
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown op type :begun"), r.err());
    }

    @Test
    void aCompletionWithNoInvocationExitsTwo() throws IOException {
        Result r = dst("check", "--model", "register", file("c.edn", "{:process 0 :type :ok :f :read :value 1}"));
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("line 1") && r.err().contains("no outstanding invocation"), r.err());
    }

    @Test
    void aFunctionTheModelDoesNotKnowExitsTwo() throws IOException {
        Result r = dst("check", "--model", "register", file("cas.log", VALID_LOG));
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown function :cas"), r.err());
    }

    @Test
    void anUnknownModelExitsTwoListingTheModels() throws IOException {
        Result r = dst("check", "--model", "paxos", file("x.log", VALID_LOG));
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown model 'paxos'") && r.err().contains("multi-register"), r.err());
    }

    @Test
    void aMissingFileExitsTwo() {
        Result r = dst("check", "--model", "register", dir.resolve("absent.edn").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("no history file") && r.err().contains("no such file"), r.err());
    }

    @Test
    void htmlWritesASelfContainedTimeline() throws IOException {
        Path html = dir.resolve("t.html");
        Result r = dst("check", "--model", "register", "--initial", "0", "--html", html.toString(), file("s.edn", STALE_EDN));
        assertEquals(1, r.exit());
        String page = Files.readString(html);
        assertTrue(page.contains("<svg") && page.contains("class='op bad'"));
    }

    @Test
    void textThatIsNotAHistoryIsExitTwoNeverAVerdict() throws IOException {
        String[][] cases = {{"random.txt", "lorem ipsum dolor\nsit amet\n"}, {"hello.txt", "hello world"}, {"empty.edn", ""},
                {"blank.log", "   \n\n  "}, {"x.log", "x".repeat(100_000)}};
        for (String[] c : cases) {
            Result r = dst("check", "--model", "register", file(c[0], c[1]));
            assertEquals(2, r.exit(), c[0] + ": " + r.out());
            assertTrue(r.err().contains("no operations: this is not a history"), c[0] + ": " + r.err());
            assertFalse(r.out().contains("linearizable: true"), c[0] + ": " + r.out());
        }
    }

    @Test
    void ednReadAsAJepsenLogIsExitTwo() throws IOException {
        Result r = dst("check", "--model", "register", "--format", "jepsen-log", file("h.edn", STALE_EDN));
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.err().contains("an EDN or JSON operation in a Jepsen text log"), r.err());
    }

    @Test
    void aJepsenLogWithEdnAfterItIsExitTwoNotTheLogAlone() throws IOException {
        Result r = dst("check", "--model", "cas-register", file("mixed.log", VALID_LOG + "\n" + STALE_EDN));
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.err().contains("line "), r.err());
    }

    static final String WRITE_SKEW = "{:process 0, :type :invoke, :f :txn, :value [[:append :a 1] [:r :b nil]]}\n"
            + "{:process 1, :type :invoke, :f :txn, :value [[:append :b 1] [:r :a nil]]}\n"
            + "{:process 0, :type :ok, :f :txn, :value [[:append :a 1] [:r :b []]]}\n"
            + "{:process 1, :type :ok, :f :txn, :value [[:append :b 1] [:r :a []]]}\n"
            + "{:process 0, :type :invoke, :f :txn, :value [[:r :a nil] [:r :b nil]]}\n"
            + "{:process 0, :type :ok, :f :txn, :value [[:r :a [1]] [:r :b [1]]]}\n";

    @Test
    void writeSkewRulesOutSerializabilityButNotSnapshotIsolation() throws IOException {
        String f = file("skew.edn", WRITE_SKEW);
        Result strict = dst("check", "--workload", "list-append", f);
        assertEquals(1, strict.exit(), strict.out() + strict.err());
        assertTrue(strict.out().contains("strict-serializable ruled-out") && strict.out().contains("G2-item: T0 --rw(b empty)--> T1"),
                strict.out());
        Result si = dst("check", "--workload", "list-append", "--consistency", "snapshot-isolation", f);
        assertEquals(0, si.exit(), si.out() + si.err());
        assertTrue(si.out().contains("snapshot-isolation allowed"), si.out());
        Result json = dst("check", "--workload", "list-append", "--consistency", "serializable", "--json", f);
        assertEquals(1, json.exit());
        JsonNode j = JSON.readTree(json.out());
        assertEquals("ruled-out", j.get("verdict").asText());
        assertEquals("G2-item", j.get("anomalies").get(0).get("type").asText());
        assertEquals(3, j.get("transactions").asInt());
    }

    /** T1 and T2 both read x 1 and overwrite it; T0 wrote 1. */
    static final String LOST_UPDATE = "{:process 0, :type :invoke, :f :txn, :value [[:w :x 1]]}\n"
            + "{:process 0, :type :ok, :f :txn, :value [[:w :x 1]]}\n"
            + "{:process 1, :type :invoke, :f :txn, :value [[:r :x nil] [:w :x 2]]}\n"
            + "{:process 2, :type :invoke, :f :txn, :value [[:r :x nil] [:w :x 3]]}\n"
            + "{:process 1, :type :ok, :f :txn, :value [[:r :x 1] [:w :x 2]]}\n"
            + "{:process 2, :type :ok, :f :txn, :value [[:r :x 1] [:w :x 3]]}\n";

    @Test
    void aLostUpdateOnRegistersRulesOutSnapshotIsolationButNotReadCommitted() throws IOException {
        String f = file("lost.edn", LOST_UPDATE);
        Result si = dst("check", "--workload", "rw-register", "--consistency", "snapshot-isolation", f);
        assertEquals(1, si.exit(), si.out() + si.err());
        assertTrue(si.out().contains("snapshot-isolation ruled-out — rw-register: anomalies (3 transactions, 3 committed; lost-update 1)"),
                si.out());
        assertTrue(si.out().contains("lost-update: 2 committed transactions read x = 1 and then wrote it (T1 2, T2 3)"), si.out());
        Result rc = dst("check", "--workload", "rw-register", "--consistency", "read-committed", f);
        assertEquals(0, rc.exit(), rc.out() + rc.err());
        Result wfr = dst("check", "--workload", "rw-register", "--writes-follow-reads", "--json", f);
        assertEquals(1, wfr.exit(), wfr.out() + wfr.err());
        JsonNode j = JSON.readTree(wfr.out());
        assertEquals("rw-register", j.get("workload").asText());
        List<String> types = new ArrayList<>();
        j.get("anomalies").forEach(a -> types.add(a.get("type").asText()));
        assertEquals(List.of("lost-update", "G2-item"), types);
    }

    @Test
    void editedTransactionFilesAreExitZeroOneOrTwoAndTwoSaysTheLine() throws IOException {
        dev.dst.entropy.Entropy e = dev.dst.entropy.EntropySource.seeded(0xf00dL).stream("cli-txn-fuzz");
        String alphabet = "[]{}:,\" \n0123456789nilrwxappendtxnokfailinfo";
        int refused = 0;
        for (int i = 0; i < 120; i++) {
            boolean lists = i % 2 == 0;
            StringBuilder sb = new StringBuilder(lists ? WRITE_SKEW : LOST_UPDATE);
            for (int k = 1 + e.below(3); k > 0; k--) {
                int at = e.below(sb.length());
                switch (e.below(3)) {
                    case 0 -> sb.deleteCharAt(at);
                    case 1 -> sb.insert(at, alphabet.charAt(e.below(alphabet.length())));
                    default -> sb.setCharAt(at, alphabet.charAt(e.below(alphabet.length())));
                }
            }
            Result r = dst("check", "--workload", lists ? "list-append" : "rw-register", file("fuzz" + i + ".edn", sb.toString()));
            assertTrue(r.exit() == 0 || r.exit() == 1 || r.exit() == 2, r.exit() + ": " + r.err());
            if (r.exit() == 2) {
                refused++;
                assertTrue(r.err().matches("(?s)dst: .*fuzz" + i + "\\.edn: line [1-9][0-9]*: .+"), r.err());
                assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r.err());
            } else {
                assertTrue(r.out().contains(" — " + (lists ? "list-append" : "rw-register") + ": "), r.out());
            }
        }
        assertTrue(refused > 20, "the edits break files: " + refused + " of 120 refused");
    }

    @Test
    void aBadWorkloadOrModelIsExitTwoWithOneLine() throws IOException {
        String f = file("skew.edn", WRITE_SKEW);
        Result unknown = dst("check", "--workload", "bank", f);
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("unknown workload 'bank': dst checks list-append, rw-register"), unknown.err());
        Result wfr = dst("check", "--workload", "list-append", "--writes-follow-reads", f);
        assertEquals(2, wfr.exit());
        assertTrue(wfr.err().contains("--writes-follow-reads goes with --workload rw-register"), wfr.err());
        Result appendAsRegister = dst("check", "--workload", "rw-register", f);
        assertEquals(2, appendAsRegister.exit(), appendAsRegister.out());
        assertTrue(appendAsRegister.err().contains("a micro-op's f must be :w or :r"), appendAsRegister.err());
        Result both = dst("check", "--workload", "list-append", "--model", "kv", f);
        assertEquals(2, both.exit());
        assertTrue(both.err().contains("give --model (linearizability) or --workload (transactions), one of them"), both.err());
        Result model = dst("check", "--workload", "list-append", "--consistency", "linearizable", f);
        assertEquals(2, model.exit());
        Result notTxn = dst("check", "--workload", "list-append", file("bad.edn",
                "{:process 0, :type :invoke, :f :txn, :value [[:write :a 1]]}\n{:process 0, :type :ok, :f :txn, :value [[:write :a 1]]}\n"));
        assertEquals(2, notTxn.exit(), notTxn.out() + notTxn.err());
        assertTrue(notTxn.err().contains("line 2: list-append: operation T0") && notTxn.err().contains("a micro-op's f must be"),
                notTxn.err());
        assertFalse(notTxn.err().contains("Exception") || notTxn.err().contains("\tat "), notTxn.err());
    }

    @Test
    void listAppendHtmlWritesTheCycleAndTheModelsWhateverTheVerdict() throws IOException {
        String f = file("skew.edn", WRITE_SKEW);
        Path html = dir.resolve("skew.html");
        Result strict = dst("check", "--workload", "list-append", "--html", html.toString(), f);
        assertEquals(1, strict.exit(), strict.out() + strict.err());
        assertTrue(strict.out().contains("  report: " + html), strict.out());
        String page = Files.readString(html);
        assertTrue(page.contains("<title>skew.edn — list-append: strict-serializable ruled-out</title>"), page);
        assertTrue(page.contains("T0 --rw(b empty)--&gt; T1 --rw(a empty)--&gt; T0") && page.contains("class='cycle'"), page);
        assertTrue(page.contains("<td><code>serializable</code></td><td class='out'>ruled out</td><td>G2-item (1)</td>"), page);
        assertTrue(page.contains("<td><code>snapshot-isolation</code></td><td class='allowed'>allowed</td>"), page);
        Files.delete(html);
        Result si = dst("check", "--workload", "list-append", "--consistency", "snapshot-isolation", "--html", html.toString(), f);
        assertEquals(0, si.exit(), si.out() + si.err());
        assertTrue(Files.readString(html).contains("G2-item: 1 anomaly"));
    }

    @Test
    void listAppendHtmlOfAValidHistorySaysNoAnomaly() throws IOException {
        Path html = dir.resolve("ok.html");
        Result r = dst("check", "--workload", "list-append", "--json", "--html", html.toString(), file("ok.edn",
                "{:process 0, :type :invoke, :f :txn, :value [[:append :a 1]]}\n{:process 0, :type :ok, :f :txn, :value [[:append :a 1]]}\n"
                        + "{:process 1, :type :invoke, :f :txn, :value [[:r :a nil]]}\n{:process 1, :type :ok, :f :txn, :value [[:r :a [1]]]}\n"));
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals("allowed", JSON.readTree(r.out()).get("verdict").asText(), "--json stays one object");
        assertTrue(Files.readString(html).contains("No anomaly found"));
    }

    @Test
    void listAppendHtmlWithSeveralFilesWritesOnePageEach() throws IOException {
        String a = file("a.edn", WRITE_SKEW);
        String b = file("b.edn", WRITE_SKEW.replace(":a 1", ":c 1").replace(":a nil", ":c nil").replace(":a [", ":c ["));
        Result r = dst("check", "--workload", "list-append", "--html", dir.resolve("r.html").toString(), a, b);
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(Files.readString(dir.resolve("r-a.edn.html")).contains("rw(a empty)"));
        assertTrue(Files.readString(dir.resolve("r-b.edn.html")).contains("rw(c empty)"));
    }

    @Test
    void listAppendHtmlToAMissingDirectoryIsExitTwoWithOneLine() throws IOException {
        Path html = dir.resolve("no/such/dir/x.html");
        Result r = dst("check", "--workload", "list-append", "--html", html.toString(), file("skew.edn", WRITE_SKEW));
        assertEquals(2, r.exit(), r.out() + r.err());
        assertEquals("dst: cannot write --html file '" + html + "': no such directory", r.err().strip());
    }
}
