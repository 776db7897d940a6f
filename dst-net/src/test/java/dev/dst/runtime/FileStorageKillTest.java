package dev.dst.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dst.storage.RecordLog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a process appending to a {@link FileStorage}, again and again: after each
 * kill the file holds every record the process reported fsynced (and maybe a few it had not
 * reported yet), each whole, and nothing else: a torn tail is dropped by the checksummed reader.
 * The moments come from a fixed-seed generator of the test's own: how many fsynced records to
 * wait for before killing.
 */
final class FileStorageKillTest {
    private static final int KILLS = 8;

    @TempDir
    Path tmp;

    private Process start(Path storage) throws IOException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), AppendUntilKilled.class.getName(), storage.toString());
        return new ProcessBuilder(cmd).redirectError(tmp.resolve("child.err").toFile()).start();
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void everyRecordReportedFsyncedSurvivesAKillNineAndNothingElse() throws Exception {
        Path storage = tmp.resolve("storage");
        SplittableRandom moments = new SplittableRandom(20261202);
        long reported = -1; // the highest record number a killed process reported fsynced
        long tornBytes = 0;
        for (int k = 0; k < KILLS; k++) {
            Process p = start(storage);
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                String ready = out.readLine();
                if (ready == null || !ready.startsWith("ready ")) {
                    fail("kill " + k + ": the process said '" + ready + "'; stderr: " + Files.readString(tmp.resolve("child.err")));
                }
                assertTrue(Long.parseLong(ready.split(" ")[1]) > reported, "kill " + k + ": it starts after every reported record: " + ready);
                for (int wait = 1 + moments.nextInt(400); wait > 0; wait--) {
                    String line = out.readLine();
                    if (line == null) {
                        fail("kill " + k + ": the process ended by itself; stderr: " + Files.readString(tmp.resolve("child.err")));
                    }
                    reported = Long.parseLong(line);
                }
            } finally {
                p.destroyForcibly(); // SIGKILL: no shutdown hook, no close, maybe in the middle of a write
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the killed process ended");
            }
            if (!System.getProperty("os.name").startsWith("Windows")) {
                assertEquals(137, p.exitValue(), "killed by SIGKILL (128 + 9), not ended by itself");
            }
            try (FileStorage s = FileStorage.open(storage)) {
                RecordLog log = RecordLog.open(s, "records");
                List<byte[]> records = log.records();
                assertTrue(records.size() > reported, "kill " + k + ": " + records.size() + " records, but record " + reported + " was reported fsynced");
                for (int i = 0; i < records.size(); i++) {
                    assertTrue(AppendUntilKilled.isRecord(i, records.get(i)), "kill " + k + ": record " + i + " is not the one written");
                }
                tornBytes += log.droppedBytes();
            }
        }
        System.out.println("kill -9 x" + KILLS + ": " + (reported + 1) + " records reported fsynced, all kept; " + tornBytes + " bytes of torn tail dropped");
        assertEquals(List.of(), ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList(), "no process left behind");
    }
}
