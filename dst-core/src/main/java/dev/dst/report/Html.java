package dev.dst.report;

/** Text for dst's self-contained HTML pages (the Lamport diagram, the linearizability timeline, Elle's anomalies). */
public final class Html {
    private Html() {}

    /** {@code s} with {@code < > & ' "} escaped, safe in element text and in quoted attributes. */
    public static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '\'' -> sb.append("&#39;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
