package dev.dst.io;

import dev.dst.sim.BadInputException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reading the text files users give dst (plans, reproductions, histories, sweep results) with
 * errors that name the file, say what is wrong and what was expected: a missing file, a
 * directory, unreadable bytes that are not UTF-8, a file too large to be what it claims.
 */
public final class TextFile {
    private TextFile() {}

    /** The whole file as UTF-8 text; {@code what} names it in messages ("plan file", "reproduction"). */
    public static String read(Path file, String what, long maxBytes) {
        check(file, what);
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new BadInputException(what + " '" + file + "' is " + size + " bytes; a " + what + " is at most " + maxBytes
                        + " bytes: is it the right file?");
            }
            return decode(Files.readAllBytes(file), file, what);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + what + " '" + file + "': " + reason(e), e);
        }
    }

    /** A reader of the file as UTF-8 text that reports bytes that are not UTF-8 as a {@link BadInputException}. */
    public static BufferedReader reader(Path file, String what) {
        check(file, what);
        try {
            InputStream in = Files.newInputStream(file);
            CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            return new BufferedReader(new InputStreamReader(in, decoder), 1 << 16);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + what + " '" + file + "': " + reason(e), e);
        }
    }

    /** A message for an I/O error on {@code file}, for reading or writing ({@code what}: "--out file"). */
    public static String describe(IOException e, Path file, String what) {
        if (e instanceof CharacterCodingException) {
            return what + " '" + file + "' is not UTF-8 text (binary data, or another encoding)";
        }
        return what + " '" + file + "': " + reason(e);
    }

    /** Why an I/O operation failed, in words: "no such file or directory", "permission denied", ... */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof CharacterCodingException) {
            return "not UTF-8 text";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static void check(Path file, String what) {
        if (Files.isDirectory(file)) {
            throw new BadInputException(what + " '" + file + "' is a directory, not a file");
        }
        if (!Files.exists(file)) {
            throw new BadInputException("no " + what + " '" + file + "': no such file");
        }
        if (!Files.isReadable(file)) {
            throw new BadInputException("cannot read " + what + " '" + file + "': permission denied");
        }
    }

    private static String decode(byte[] bytes, Path file, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadInputException(what + " '" + file + "' is not UTF-8 text (binary data, or another encoding)");
        }
    }
}
