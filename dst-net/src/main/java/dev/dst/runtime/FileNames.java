package dev.dst.runtime;

import java.nio.charset.StandardCharsets;

/**
 * How {@link FileStorage} names files: a storage file name (any non-empty string) is one
 * entry of the directory, percent-encoded where it is not a letter, digit, {@code -},
 * {@code _} or a {@code .} after the first character, so that {@code log/k1} is a file and not
 * a subdirectory, and entries starting with {@code .} stay the storage's own.
 */
final class FileNames {
    /** The longest encoded name, leaving room for the temporary file's prefix within 255 bytes. */
    static final int MAX_NAME_BYTES = 255 - FileStorage.TEMP_PREFIX.length();

    private FileNames() {}

    /** The directory entry of a storage file name: letters, digits, '-', '_' and a '.' after the first character kept, every other byte of its UTF-8 as %XX. */
    static String encode(String file) {
        if (file == null || file.isEmpty()) {
            throw new IllegalArgumentException("a storage file name must not be empty");
        }
        byte[] utf8 = file.getBytes(StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder(utf8.length + 8);
        for (int i = 0; i < utf8.length; i++) {
            int c = utf8[i] & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' && i > 0) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        if (b.length() > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("storage file name '" + file + "' is too long: " + b.length()
                    + " characters once encoded as a file name, at most " + MAX_NAME_BYTES);
        }
        return b.toString();
    }

    /** The storage file name of a directory entry, or {@code null} when the entry is not one (the storage's own, or a stranger's). */
    static String decode(String entry) {
        if (entry.isEmpty() || entry.charAt(0) == '.') {
            return null;
        }
        byte[] out = new byte[entry.length()];
        int n = 0;
        for (int i = 0; i < entry.length(); i++) {
            char c = entry.charAt(i);
            if (c == '%') {
                if (i + 2 >= entry.length()) {
                    return null;
                }
                int hi = Character.digit(entry.charAt(i + 1), 16);
                int lo = Character.digit(entry.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else {
                out[n++] = (byte) c;
            }
        }
        String name = new String(out, 0, n, StandardCharsets.UTF_8);
        try {
            return encode(name).equals(entry) ? name : null; // only the one spelling encode makes
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

}
